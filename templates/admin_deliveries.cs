<?cs set:Page.Title = Lang.Nav.Notifications ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1><?cs var:Lang.Nav.Notifications ?></h1>
<p class="muted"><?cs var:Lang.Notify.Intro ?></p>
<section class="card">
  <h2><?cs var:Lang.Notify.Webhooks ?></h2>
  <?cs if:subcount(Webhooks) == 0 ?><p class="empty"><?cs var:Lang.Notify.NoWebhooks ?></p><?cs else ?>
  <table class="list"><thead><tr><th><?cs var:Lang.Notify.Name ?></th><th><?cs var:Lang.Notify.Kind ?></th><th><?cs var:Lang.Notify.Kinds ?></th><th></th></tr></thead><tbody>
  <?cs each:w = Webhooks ?><tr<?cs if:w.Active == "0" ?> class="muted"<?cs /if ?>><td data-label="<?cs var:Lang.Notify.Name ?>"><?cs var:w.Name ?></td><td data-label="<?cs var:Lang.Notify.Kind ?>"><?cs var:Lang.Notify.Channel[w.Kind] ?></td><td data-label="<?cs var:Lang.Notify.Kinds ?>"><?cs if:w.Kinds ?><?cs var:w.Kinds ?><?cs else ?><?cs var:Lang.Routing.Any ?><?cs /if ?></td>
    <td><form method="post" action="/admin/notifications/<?cs var:w.Id ?>/toggle"><?cs call:csrf_field() ?><button type="submit"><?cs if:w.Active == "1" ?><?cs var:Lang.Notify.Disable ?><?cs else ?><?cs var:Lang.Notify.Enable ?><?cs /if ?></button></form></td></tr><?cs /each ?>
  </tbody></table>
  <?cs /if ?>
  <?cs if:subcount(Form.Errors) > 0 ?><p class="flash error" role="alert"><?cs var:Lang.Form.FixBelow ?></p><?cs /if ?>
  <form method="post" action="/admin/notifications" class="form grid-form">
    <?cs call:csrf_field() ?>
    <?cs call:field("name", Lang.Notify.Name, "text", Edit.name, "off") ?>
    <div class="field<?cs if:Form.Errors.kind ?> has-error<?cs /if ?>"><label for="f-kind"><?cs var:Lang.Notify.Kind ?></label>
      <select id="f-kind" name="kind"><option value="wecom"<?cs if:Edit.kind == "wecom" ?> selected<?cs /if ?>><?cs var:Lang.Notify.Channel.wecom ?></option><option value="dingtalk"<?cs if:Edit.kind == "dingtalk" ?> selected<?cs /if ?>><?cs var:Lang.Notify.Channel.dingtalk ?></option></select><?cs call:field_error("kind") ?></div>
    <?cs call:field("url", Lang.Notify.Url, "url", Edit.url, "off") ?>
    <?cs call:field("kinds", Lang.Notify.KindsHint, "text", Edit.kinds, "off") ?>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.Form.Save ?></button></div>
  </form>
</section>
<section class="card">
  <h2><?cs var:Lang.Notify.Log ?></h2>
  <?cs if:subcount(Deliveries) == 0 ?><p class="empty"><?cs var:Lang.Notify.NoDeliveries ?></p><?cs else ?>
  <table class="list deliveries"><thead><tr><th><?cs var:Lang.Notify.What ?></th><th><?cs var:Lang.Notify.Kind ?></th><th><?cs var:Lang.Notify.Status ?></th><th><?cs var:Lang.Routing.Attempts ?></th></tr></thead><tbody>
  <?cs each:d = Deliveries ?><tr data-status="<?cs var:d.Status ?>"><td data-label="<?cs var:Lang.Notify.What ?>"><?cs var:Lang.Notify.Kind[d.Kind] ?> → <?cs var:d.Person ?><br><small><?cs var:d.Created ?></small></td>
    <td data-label="<?cs var:Lang.Notify.Kind ?>"><?cs var:Lang.Notify.Channel[d.Channel] ?></td>
    <td data-label="<?cs var:Lang.Notify.Status ?>"><?cs var:Lang.Notify.St[d.Status] ?><?cs if:d.Sent ?> · <?cs var:d.Sent ?><?cs /if ?><?cs if:d.Status == "pending" && d.Attempts > 0 ?> · <?cs var:Lang.Notify.NextTry ?> <?cs var:d.Next ?><?cs /if ?><?cs if:d.Error ?><br><small class="error wrap"><?cs var:d.Error ?></small><?cs /if ?></td>
    <td data-label="<?cs var:Lang.Routing.Attempts ?>"><?cs var:d.Attempts ?></td></tr><?cs /each ?>
  </tbody></table>
  <?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
