<?cs set:Page.Title = Lang.ApiKeys.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1><?cs var:Lang.ApiKeys.Title ?></h1>
<p class="muted"><?cs var:Lang.ApiKeys.Intro ?></p>
<section class="card">
  <h2><?cs var:Lang.ApiKeys.List ?></h2>
  <?cs if:subcount(ApiKeys.Items) ?>
  <div class="scroll-x">
  <table class="list compact">
    <thead><tr><th><?cs var:Lang.ApiKeys.Name ?></th><th><?cs var:Lang.ApiKeys.Prefix ?></th><th><?cs var:Lang.ApiKeys.Channel ?></th><th><?cs var:Lang.ApiKeys.Created ?></th><th><?cs var:Lang.ApiKeys.LastUsed ?></th><th><?cs var:Lang.ApiKeys.Status ?></th></tr></thead>
    <tbody>
    <?cs each:k = ApiKeys.Items ?>
    <tr id="key-<?cs var:k.Id ?>">
      <td data-label="<?cs var:Lang.ApiKeys.Name ?>"><?cs var:k.Name ?></td>
      <td data-label="<?cs var:Lang.ApiKeys.Prefix ?>"><code class="prefix"><?cs var:k.Prefix ?></code>…</td>
      <td data-label="<?cs var:Lang.ApiKeys.Channel ?>"><?cs var:k.Channel ?></td>
      <td data-label="<?cs var:Lang.ApiKeys.Created ?>"><?cs var:k.Created ?><?cs if:k.CreatedBy ?> <span class="muted small"><?cs var:k.CreatedBy ?></span><?cs /if ?></td>
      <td data-label="<?cs var:Lang.ApiKeys.LastUsed ?>" class="last-used"><?cs if:k.LastUsed ?><?cs var:k.LastUsed ?><?cs else ?><span class="muted"><?cs var:Lang.ApiKeys.Never ?></span><?cs /if ?></td>
      <td data-label="<?cs var:Lang.ApiKeys.Status ?>"><?cs if:k.Revoked ?><span class="badge bad"><?cs var:Lang.ApiKeys.Revoked ?></span> <span class="muted small"><?cs var:k.Revoked ?></span><?cs else ?><span class="badge status-active"><?cs var:Lang.ApiKeys.Active ?></span>
        <form method="post" action="/admin/api-keys/<?cs var:k.Id ?>/revoke" class="inline">
          <?cs call:csrf_field() ?>
          <button type="submit" class="danger" title="<?cs var:Lang.ApiKeys.RevokeHint ?>"><?cs var:Lang.ApiKeys.Revoke ?></button>
        </form><?cs /if ?></td>
    </tr>
    <?cs /each ?>
    </tbody>
  </table>
  </div>
  <p class="muted small"><?cs var:Lang.ApiKeys.RevokeHint ?></p>
  <?cs else ?>
  <p class="empty"><?cs var:Lang.ApiKeys.Empty ?></p>
  <?cs /if ?>
</section>
<section class="card">
  <h2><?cs var:Lang.ApiKeys.New ?></h2>
  <?cs if:subcount(Form.Errors) ?><p class="flash error" role="alert"><?cs var:Lang.Form.FixBelow ?></p><?cs /if ?>
  <form method="post" action="/admin/api-keys" class="form">
    <?cs call:csrf_field() ?>
    <?cs call:field("name", Lang.ApiKeys.Name, "text", Form.Typed.name, "off") ?>
    <p class="hint"><?cs var:Lang.ApiKeys.NameHint ?></p>
    <?cs call:select_field("channel", Lang.ApiKeys.Channel, ApiKeys.Channels, Form.Typed.channel, Lang.ApiKeys.ChooseChannel) ?>
    <p class="hint"><?cs var:Lang.ApiKeys.NewHint ?></p>
    <button type="submit" class="primary"><?cs var:Lang.ApiKeys.Create ?></button>
  </form>
</section>
<?cs include:"footer.cs" ?>
