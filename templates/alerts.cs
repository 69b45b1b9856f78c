<?cs set:Page.Title = Lang.Alerts.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<div class="titlebar"><h1><?cs var:Lang.Alerts.Title ?></h1></div>
<p class="muted"><?cs var:Lang.Alerts.Intro ?></p>
<?cs if:subcount(Alerts) == 0 ?><p class="empty"><?cs var:Lang.Alerts.Empty ?></p><?cs else ?>
<table class="list">
  <thead><tr><th><?cs var:Lang.Alerts.Who ?></th><th><?cs var:Lang.Alerts.What ?></th><th><?cs var:Lang.Alerts.When ?></th><th><?cs var:Lang.Export.StatusLabel ?></th></tr></thead>
  <tbody><?cs each:a = Alerts ?>
  <tr<?cs if:a.Open == "1" ?> class="overdue"<?cs /if ?>>
    <td data-label="<?cs var:Lang.Alerts.Who ?>"><?cs var:a.Name ?>（<?cs var:a.Login ?>）</td>
    <td data-label="<?cs var:Lang.Alerts.What ?>"><?cs var:Lang.Alerts.Kind[a.Kind] ?> <span class="muted small"><?cs var:a.Detail ?></span></td>
    <td data-label="<?cs var:Lang.Alerts.When ?>"><?cs var:a.Created ?></td>
    <td data-label="<?cs var:Lang.Export.StatusLabel ?>"><?cs if:a.Open == "1" ?>
      <form method="post" action="/security/alerts/<?cs var:a.Id ?>/resolve" class="inline"><?cs call:csrf_field() ?><button type="submit"><?cs var:Lang.Alerts.Resolve ?></button></form>
      <?cs else ?><?cs var:Lang.Alerts.ResolvedBy ?> <?cs var:a.Resolver ?> · <?cs var:a.Resolved ?><?cs /if ?></td></tr>
  <?cs /each ?></tbody>
</table>
<?cs /if ?>
<?cs include:"footer.cs" ?>
