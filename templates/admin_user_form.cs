<?cs if:Edit.id ?><?cs set:Page.Title = Lang.Admin.EditUser ?><?cs else ?><?cs set:Page.Title = Lang.Admin.NewUser ?><?cs /if ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<p class="crumbs"><a href="/admin/users"><?cs var:Lang.Admin.Users ?></a> ›</p>
<h1><?cs var:Page.Title ?><?cs if:Edit.id ?> · <?cs var:Edit.login ?> <?cs call:status_badge(Edit.status) ?><?cs /if ?></h1>
<?cs if:subcount(Form.Errors) > 0 ?><p class="flash error" role="alert"><?cs var:Lang.Form.FixBelow ?></p><?cs /if ?>
<section class="card">
<form method="post" action="/admin/users<?cs if:Edit.id ?>/<?cs var:Edit.id ?><?cs /if ?>" class="form grid-form">
  <?cs call:csrf_field() ?>
  <?cs if:!Edit.id ?>
    <?cs call:field("login", Lang.User.Login, "text", Edit.login, "off") ?>
    <?cs call:field("password", Lang.Admin.InitialPassword, "password", "", "new-password") ?>
  <?cs /if ?>
  <?cs call:field("display_name", Lang.User.Name, "text", Edit.display_name, "off") ?>
  <div class="field<?cs if:Form.Errors.role ?> has-error<?cs /if ?>">
    <label for="f-role"><?cs var:Lang.User.Role ?></label>
    <select id="f-role" name="role">
      <?cs each:o = Options.Roles ?><option value="<?cs var:o.Id ?>"<?cs if:o.Id == Edit.role ?> selected<?cs /if ?>><?cs var:Lang.Role[o.Name] ?></option><?cs /each ?>
    </select>
    <?cs call:field_error("role") ?>
  </div>
  <?cs call:select_field("team", Lang.User.Team, Options.Teams, Edit.team, Lang.Form.None) ?>
  <?cs call:select_field("region", Lang.User.Region, Options.Regions, Edit.region, Lang.Form.None) ?>
  <?cs call:select_field("manager", Lang.User.Manager, Options.Managers, Edit.manager, Lang.Form.None) ?>
  <?cs call:field("cert_no", Lang.User.CertNo, "text", Edit.cert_no, "off") ?>
  <?cs call:field("cert_expires", Lang.User.CertExpires, "date", Edit.cert_expires, "off") ?>
  <?cs call:field("hire_date", Lang.User.HireDate, "date", Edit.hire_date, "off") ?>
  <?cs call:field("load_cap", Lang.User.LoadCap, "number", Edit.load_cap, "off") ?>
  <?cs call:field("email", Lang.User.Email, "email", Edit.email, "off") ?>
  <?cs call:field("phone", Lang.User.Phone, "tel", Edit.phone, "off") ?>
  <div class="actions"><button type="submit" class="primary"><?cs var:Lang.Form.Save ?></button></div>
</form>
</section>
<?cs if:Edit.id ?>
<section class="card actions-card">
  <h2><?cs var:Lang.Admin.Actions ?></h2>
  <?cs if:Edit.status == "active" ?>
  <form method="post" action="/admin/users/<?cs var:Edit.id ?>/freeze"><?cs call:csrf_field() ?><button type="submit" class="danger"><?cs var:Lang.Admin.Freeze ?></button> <span class="muted small"><?cs var:Lang.Admin.FreezeHint ?></span></form>
  <?cs else ?>
  <form method="post" action="/admin/users/<?cs var:Edit.id ?>/unfreeze"><?cs call:csrf_field() ?><button type="submit"><?cs var:Lang.Admin.Unfreeze ?></button></form>
  <?cs /if ?>
  <form method="post" action="/admin/users/<?cs var:Edit.id ?>/password"><?cs call:csrf_field() ?><button type="submit"><?cs var:Lang.Admin.ResetPassword ?></button> <span class="muted small"><?cs var:Lang.Admin.ResetHint ?></span></form>
  <?cs if:User.Can.AdminViewAs && Edit.id != User.Id ?>
  <form method="post" action="/admin/users/<?cs var:Edit.id ?>/view-as"><?cs call:csrf_field() ?><button type="submit"><?cs var:Lang.Admin.ViewAs ?></button> <span class="muted small"><?cs var:Lang.Admin.ViewAsHint ?></span></form>
  <?cs /if ?>
</section>
<?cs /if ?>
<?cs include:"footer.cs" ?>
