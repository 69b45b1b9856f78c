<?cs set:Page.Title = Lang.ApiKeys.Shown ?>
<?cs include:"header.cs" ?>
<section class="card">
  <h1><?cs var:Lang.ApiKeys.Shown ?></h1>
  <dl class="facts">
    <dt><?cs var:Lang.ApiKeys.Name ?></dt><dd><strong><?cs var:NewKey.Name ?></strong></dd>
    <dt><?cs var:Lang.ApiKeys.Channel ?></dt><dd><?cs var:NewKey.Channel ?></dd>
  </dl>
  <div class="scroll-x"><p class="secret"><code id="new-api-key"><?cs var:NewKey.Value ?></code></p></div>
  <p class="muted"><?cs var:Lang.ApiKeys.Once ?></p>
  <p><?cs var:Lang.ApiKeys.Usage ?> <code>Authorization: Bearer &lt;<?cs var:Lang.ApiKeys.KeyWord ?>&gt;</code></p>
  <p><a class="button" href="/admin/api-keys"><?cs var:Lang.ApiKeys.Back ?></a></p>
</section>
<?cs include:"footer.cs" ?>
