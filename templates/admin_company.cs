<?cs set:Page.Title = Lang.Company.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1><?cs var:Lang.Company.Title ?></h1>
<section class="card">
  <p class="muted"><?cs var:Lang.Company.Intro ?></p>
  <form method="post" action="/admin/company" enctype="multipart/form-data" class="form">
    <?cs call:csrf_field() ?>
    <?cs call:field("company_name", Lang.Company.Name, "text", Form.Typed.company_name, "organization") ?>
    <div class="field<?cs if:Form.Errors.logo ?> has-error<?cs /if ?>">
      <label for="f-logo"><?cs var:Lang.Company.Logo ?></label>
      <?cs if:Company.HasLogo ?><p><img src="/company/logo" alt="<?cs var:Lang.Company.Current ?>" class="company-logo"></p><?cs /if ?>
      <input id="f-logo" name="logo" type="file" accept="image/png,image/jpeg"<?cs if:Form.Errors.logo ?> aria-invalid="true" aria-describedby="e-logo"<?cs /if ?>>
      <p class="muted small"><?cs var:Lang.Company.LogoHint ?> <?cs var:Company.LogoMaxKB ?> KB</p>
      <?cs call:field_error("logo") ?>
    </div>
    <button type="submit" class="primary"><?cs var:Lang.Company.Save ?></button>
  </form>
</section>
<?cs include:"footer.cs" ?>
