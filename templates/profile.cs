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
<section class="card" id="tokens">
  <h2><?cs var:Lang.Tokens.Title ?></h2>
  <p class="muted small"><?cs var:Lang.Tokens.Intro ?></p>
  <?cs if:subcount(Profile.Tokens) ?>
  <ul class="rows tokens">
    <?cs each:t = Profile.Tokens ?>
    <li id="token-<?cs var:t.Id ?>">
      <div><strong><?cs var:t.Name ?></strong> <code class="prefix">sgp_<?cs var:t.Prefix ?>…</code>
        <?cs if:t.Expired ?><span class="badge bad"><?cs var:Lang.Tokens.Expired ?></span><?cs /if ?></div>
      <div class="muted small"><?cs var:Lang.Tokens.Created ?> <?cs var:t.Created ?>
        · <?cs var:Lang.Tokens.Expires ?> <?cs if:t.Expires ?><?cs var:t.Expires ?><?cs else ?><?cs var:Lang.Tokens.NoExpiry ?><?cs /if ?>
        · <?cs var:Lang.Tokens.LastUsed ?> <?cs if:t.LastUsed ?><?cs var:t.LastUsed ?> <?cs var:t.LastIp ?><?cs else ?><?cs var:Lang.Tokens.Never ?><?cs /if ?></div>
      <form method="post" action="/profile/tokens/<?cs var:t.Id ?>/revoke" class="inline">
        <?cs call:csrf_field() ?>
        <button type="submit" class="danger"><?cs var:Lang.Tokens.Revoke ?></button>
      </form>
    </li>
    <?cs /each ?>
  </ul>
  <?cs else ?>
  <p class="empty"><?cs var:Lang.Tokens.Empty ?></p>
  <?cs /if ?>
  <form method="post" action="/profile/tokens" class="form">
    <?cs call:csrf_field() ?>
    <?cs call:field("name", Lang.Tokens.Name, "text", Form.Typed.name, "off") ?>
    <div class="field<?cs if:Form.Errors.expires_days ?> has-error<?cs /if ?>">
      <label for="f-expires_days"><?cs var:Lang.Tokens.Days ?></label>
      <input id="f-expires_days" name="expires_days" type="number" min="1" max="366" inputmode="numeric" value="<?cs var:Form.Typed.expires_days ?>">
      <?cs call:field_error("expires_days") ?>
    </div>
    <p class="hint"><?cs var:Lang.Tokens.NewHint ?></p>
    <button type="submit" class="primary"><?cs var:Lang.Tokens.Create ?></button>
  </form>
</section>
<?cs include:"footer.cs" ?>
