<?cs set:Page.Title = Lang.Tokens.Shown ?>
<?cs include:"header.cs" ?>
<section class="card">
  <h1><?cs var:Lang.Tokens.Shown ?></h1>
  <dl class="facts">
    <dt><?cs var:Lang.Tokens.Name ?></dt><dd><strong><?cs var:NewToken.Name ?></strong></dd>
    <dt><?cs var:Lang.Tokens.Expires ?></dt><dd><?cs if:NewToken.Days ?><?cs var:NewToken.Days ?> <?cs var:Lang.Tokens.DaysUnit ?><?cs else ?><?cs var:Lang.Tokens.NoExpiry ?><?cs /if ?></dd>
  </dl>
  <div class="scroll-x"><p class="secret"><code id="new-token"><?cs var:NewToken.Value ?></code></p></div>
  <p class="muted"><?cs var:Lang.Tokens.Once ?></p>
  <p><?cs var:Lang.Tokens.Usage ?> <code>Authorization: Bearer sgp_…</code></p>
  <p><a class="button" href="/profile#tokens"><?cs var:Lang.Tokens.Back ?></a></p>
</section>
<?cs include:"footer.cs" ?>
