<?cs set:Page.Title = Lang.Export.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<?cs include:"export_macros.cs" ?>
<div class="titlebar"><h1><?cs var:Lang.Export.Title ?></h1>
  <?cs if:User.Can.ExportRequest ?><a class="button" href="/exports/new"><?cs var:Lang.Export.New ?></a><?cs /if ?></div>
<?cs def:export_table(list) ?>
<table class="list">
  <thead><tr><th>#</th><th><?cs var:Lang.Export.What ?></th><th><?cs var:Lang.Export.Rows ?></th><th><?cs var:Lang.Export.StatusLabel ?></th><th class="opt"><?cs var:Lang.Export.Requester ?></th><th class="opt"><?cs var:Lang.Export.Created ?></th></tr></thead>
  <tbody>
  <?cs each:e = list ?>
  <tr><td data-label="#"><a href="/exports/<?cs var:e.Id ?>"><?cs var:e.Id ?></a></td>
      <td data-label="<?cs var:Lang.Export.What ?>"><a href="/exports/<?cs var:e.Id ?>"><?cs var:Lang.Export.Kind[e.Kind] ?></a></td>
      <td data-label="<?cs var:Lang.Export.Rows ?>"><?cs var:e.Rows ?><?cs each:s = e.Sensitive ?> · <?cs var:Lang.Export.Col[s.Column] ?> <?cs var:s.Count ?><?cs /each ?></td>
      <td data-label="<?cs var:Lang.Export.StatusLabel ?>"><?cs call:export_status(e.Status) ?></td>
      <td class="opt" data-label="<?cs var:Lang.Export.Requester ?>"><?cs var:e.Requester ?></td>
      <td class="opt" data-label="<?cs var:Lang.Export.Created ?>"><?cs var:e.Created ?></td></tr>
  <?cs /each ?>
  </tbody>
</table>
<?cs /def ?>
<?cs if:User.Can.ExportApprove ?>
<section class="card" id="inbox">
  <h2><?cs var:Lang.Export.Inbox ?> <span class="badge"><?cs var:subcount(Exports.Inbox) ?></span></h2>
  <?cs if:subcount(Exports.Inbox) == 0 ?><p class="empty"><?cs var:Lang.Export.InboxEmpty ?></p><?cs else ?><?cs call:export_table(Exports.Inbox) ?><?cs /if ?>
</section>
<?cs /if ?>
<?cs if:User.Can.ExportRequest ?>
<section class="card" id="mine">
  <h2><?cs var:Lang.Export.Mine ?></h2>
  <?cs if:subcount(Exports.Mine) == 0 ?><p class="empty"><?cs var:Lang.Export.MineEmpty ?></p><?cs else ?><?cs call:export_table(Exports.Mine) ?><?cs /if ?>
</section>
<?cs /if ?>
<?cs if:subcount(Exports.Decided) > 0 ?>
<section class="card" id="decided">
  <h2><?cs var:Lang.Export.Decided ?></h2>
  <?cs call:export_table(Exports.Decided) ?>
</section>
<?cs /if ?>
<?cs if:!User.Can.ExportRequest && !User.Can.ExportApprove ?><p class="empty"><?cs var:Lang.Export.Nothing ?></p><?cs /if ?>
<?cs include:"footer.cs" ?>
