<?cs set:Page.Title = Lang.Profile.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1><?cs var:Lang.Profile.Title ?></h1>
<div class="grid2">
<section class="card">
  <h2><?cs var:Lang.Profile.Prefs ?></h2>
  <form method="post" action="/profile" class="form">
    <?cs call:csrf_field() ?>
    <div class="field">
      <label for="f-lang"><?cs var:Lang.Profile.Language ?></label>
      <select id="f-lang" name="lang">
        <option value="zh-CN"<?cs if:Profile.Lang == "zh-CN" ?> selected<?cs /if ?>>简体中文</option>
        <option value="en"<?cs if:Profile.Lang == "en" ?> selected<?cs /if ?>>English</option>
      </select>
      <?cs call:field_error("lang") ?>
    </div>
    <div class="field<?cs if:Form.Errors.time_zone ?> has-error<?cs /if ?>">
      <label for="f-tz"><?cs var:Lang.Profile.TimeZone ?></label>
      <select id="f-tz" name="time_zone">
        <?cs each:z = Profile.Zones ?><option value="<?cs var:z.Name ?>"<?cs if:z.Name == Profile.TimeZone ?> selected<?cs /if ?>><?cs var:z.Name ?></option><?cs /each ?>
      </select>
      <?cs call:field_error("time_zone") ?>
    </div>
    <button type="submit" class="primary"><?cs var:Lang.Form.Save ?></button>
  </form>
</section>
<section class="card">
  <h2><?cs var:Lang.Profile.Password ?></h2>
  <form method="post" action="/profile/password" class="form">
    <?cs call:csrf_field() ?>
    <?cs call:field("current", Lang.Profile.Current, "password", "", "current-password") ?>
    <?cs call:field("new_password", Lang.Profile.New, "password", "", "new-password") ?>
    <?cs call:field("confirm", Lang.Profile.Confirm, "password", "", "new-password") ?>
    <p class="muted small"><?cs var:Lang.Profile.PasswordRule ?></p>
    <button type="submit" class="primary"><?cs var:Lang.Profile.ChangePassword ?></button>
  </form>
</section>
</div>
<?cs include:"footer.cs" ?>
