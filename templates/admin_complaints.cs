<?cs set:Page.Title = Lang.Nav.Complaints ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1><?cs var:Lang.Nav.Complaints ?></h1>
<p class="muted"><?cs var:Lang.Complaint.Intro ?></p>
<?cs if:subcount(Patterns) == 0 ?><p class="empty"><?cs var:Lang.Complaint.None ?></p><?cs else ?>
<table class="list">
  <thead><tr><th><?cs var:Lang.Complaint.Pattern ?></th><th><?cs var:Lang.Complaint.Label ?></th><th><?cs var:Lang.Complaint.Customers ?></th><th></th></tr></thead>
  <tbody>
  <?cs each:p = Patterns ?>
  <tr id="pattern-<?cs var:p.Id ?>"><td data-label="<?cs var:Lang.Complaint.Pattern ?>"><code><?cs var:p.Pattern ?></code></td>
    <td data-label="<?cs var:Lang.Complaint.Label ?>"><?cs var:p.Label ?></td>
    <td data-label="<?cs var:Lang.Complaint.Customers ?>"><?cs var:p.Customers ?></td>
    <td><form method="post" action="/admin/complaints/<?cs var:p.Id ?>/toggle"><?cs call:csrf_field() ?><button type="submit"><?cs if:p.Active == "1" ?><?cs var:Lang.Complaint.Disable ?><?cs else ?><?cs var:Lang.Complaint.Enable ?><?cs /if ?></button></form><?cs if:p.Active != "1" ?> <span class="badge"><?cs var:Lang.Complaint.Off ?></span><?cs /if ?></td></tr>
  <?cs /each ?>
  </tbody>
</table>
<?cs /if ?>
<section class="card">
  <h2><?cs var:Lang.Complaint.Add ?></h2>
  <form method="post" action="/admin/complaints" class="form">
    <?cs call:csrf_field() ?>
    <?cs call:field("pattern", Lang.Complaint.Pattern, "text", Form.Typed.pattern, "off") ?>
    <?cs if:Complaint.Why ?><p class="error"><?cs var:Complaint.Why ?></p><?cs /if ?>
    <?cs call:field("label", Lang.Complaint.Label, "text", Form.Typed.label, "off") ?>
    <button type="submit" class="primary"><?cs var:Lang.Complaint.Save ?></button>
  </form>
</section>
<?cs include:"footer.cs" ?>
