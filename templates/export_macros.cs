<?cs # Export approval (issue 6): the preview of a request (e is a node with
     Kind, Rows, Latest and Sensitive.N.{Column,Count}). ?>
<?cs def:export_preview(e) ?>
<dl class="facts export-preview">
  <dt><?cs var:Lang.Export.What ?></dt><dd><?cs var:Lang.Export.Kind[e.Kind] ?></dd>
  <dt><?cs var:Lang.Export.Rows ?></dt><dd><strong><?cs var:e.Rows ?></strong> <?cs var:Lang.Export.RowsUnit ?></dd>
  <?cs each:s = e.Sensitive ?><dt><?cs var:Lang.Export.Col[s.Column] ?></dt><dd><span class="badge"><?cs var:Lang.Export.SensitiveBadge ?></span> <?cs var:s.Count ?> <?cs var:Lang.Export.ValuesUnit ?></dd><?cs /each ?>
  <dt><?cs var:Lang.Export.Latest ?></dt><dd><?cs if:e.Latest ?><?cs var:e.Latest ?><?cs else ?>—<?cs /if ?></dd>
</dl>
<?cs /def ?>
<?cs def:export_status(s) ?><span class="badge export-<?cs var:s ?>"><?cs var:Lang.Export.Status[s] ?></span><?cs /def ?>
