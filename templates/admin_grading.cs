<?cs set:Page.Title = Lang.Nav.Grading ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1><?cs var:Lang.Nav.Grading ?></h1>
<p class="muted"><?cs var:Lang.Grade.Intro ?></p>
<section class="card">
  <form method="post" action="/admin/grading" class="form">
    <?cs call:csrf_field() ?>
    <h2><?cs var:Lang.Grade.Weights ?></h2>
    <?cs call:field("w_base", Lang.Grade.Base, "text", Grading.w_base, "off") ?>
    <?cs call:field("w_activity", Lang.Grade.Activity, "text", Grading.w_activity, "off") ?>
    <?cs call:field("w_potential", Lang.Grade.Potential, "text", Grading.w_potential, "off") ?>
    <h2><?cs var:Lang.Grade.Thresholds ?></h2>
    <?cs call:field("a_min", Lang.Grade.AMin, "text", Grading.a_min, "off") ?>
    <?cs call:field("b_min", Lang.Grade.BMin, "text", Grading.b_min, "off") ?>
    <?cs call:field("c_min", Lang.Grade.CMin, "text", Grading.c_min, "off") ?>
    <button type="submit" class="primary"><?cs var:Lang.Grade.Save ?></button>
  </form>
</section>
<section class="card" id="potential-import">
  <h2><?cs var:Lang.Grade.Import ?></h2>
  <p class="muted small"><?cs var:Lang.Grade.ImportHelp ?></p>
  <?cs if:subcount(Grading.ImportErrors) > 0 ?>
  <div class="flash error" role="alert"><p><?cs var:Lang.Grade.ImportErrors ?></p>
    <ul id="import-errors"><?cs each:e = Grading.ImportErrors ?><li><?cs var:Lang.Grade.ImportRow ?> <?cs var:e.Row ?> <?cs var:Lang.Grade.ImportRowEnd ?><?cs if:e.Column ?> · <?cs var:e.Column ?><?cs /if ?>：<?cs var:Lang[e.Reason] ?></li><?cs /each ?></ul></div>
  <?cs /if ?>
  <form method="post" action="/admin/grading/potential" enctype="multipart/form-data" class="form">
    <?cs call:csrf_field() ?>
    <div class="field<?cs if:Form.Errors.file ?> has-error<?cs /if ?>"><label for="f-file"><?cs var:Lang.Grade.ImportFile ?></label>
      <input id="f-file" name="file" type="file" accept=".csv,text/csv"<?cs if:Form.Errors.file ?> aria-invalid="true" aria-describedby="e-file"<?cs /if ?>><?cs call:field_error("file") ?></div>
    <input type="hidden" name="encoding" value="auto">
    <button type="submit"><?cs var:Lang.Grade.ImportGo ?></button>
  </form>
</section>
<?cs if:subcount(Grading.Runs) > 0 ?>
<section class="card">
  <h2><?cs var:Lang.Grade.Runs ?></h2>
  <table class="list">
    <thead><tr><th><?cs var:Lang.Grade.RunAt ?></th><th><?cs var:Lang.Grade.Customers ?></th><th><?cs var:Lang.Grade.Changed ?></th><th><?cs var:Lang.Grade.Tasks ?></th><th>ms</th></tr></thead>
    <tbody><?cs each:r = Grading.Runs ?><tr><td data-label="<?cs var:Lang.Grade.RunAt ?>"><?cs var:r.At ?></td><td data-label="<?cs var:Lang.Grade.Customers ?>"><?cs var:r.Customers ?></td><td data-label="<?cs var:Lang.Grade.Changed ?>"><?cs var:r.Changed ?></td><td data-label="<?cs var:Lang.Grade.Tasks ?>"><?cs var:r.Tasks ?></td><td data-label="ms"><?cs var:r.Ms ?></td></tr><?cs /each ?></tbody>
  </table>
</section>
<?cs /if ?>
<?cs include:"footer.cs" ?>
