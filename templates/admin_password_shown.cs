<?cs set:Page.Title = Lang.Admin.PasswordShown ?>
<?cs include:"header.cs" ?>
<section class="card narrow">
  <h1><?cs var:Lang.Admin.PasswordShown ?></h1>
  <p><?cs var:Lang.Admin.PasswordFor ?> <strong><?cs var:NewPassword.Login ?></strong>:</p>
  <p class="secret"><code id="new-password"><?cs var:NewPassword.Value ?></code></p>
  <p class="muted"><?cs var:Lang.Admin.PasswordOnce ?></p>
  <p><a class="button" href="/admin/users/<?cs var:NewPassword.UserId ?>"><?cs var:Lang.Admin.BackToUser ?></a></p>
</section>
<?cs include:"footer.cs" ?>
