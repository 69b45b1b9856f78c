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
