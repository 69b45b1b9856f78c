<?cs set:Page.Title = Lang.Login.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<section class="card narrow">
  <h1><?cs var:Lang.Login.Title ?></h1>
  <p class="muted"><?cs var:Lang.Login.Intro ?></p>
  <?cs if:Page.Message ?><p class="flash error" role="alert"><?cs var:Lang.Login[Page.Message] ?></p><?cs /if ?>
  <form method="post" action="/login" class="form">
    <div class="field">
      <label for="f-login"><?cs var:Lang.Login.Login ?></label>
      <input id="f-login" name="login" type="text" value="<?cs var:Form.Typed.login ?>"
             autocomplete="username" autocapitalize="none" spellcheck="false" required>
    </div>
    <div class="field">
      <label for="f-password"><?cs var:Lang.Login.Password ?></label>
      <input id="f-password" name="password" type="password" autocomplete="current-password" required>
    </div>
    <?cs if:Query.next ?><input type="hidden" name="next" value="<?cs var:Query.next ?>"><?cs /if ?>
    <button type="submit" class="primary"><?cs var:Lang.Login.Submit ?></button>
  </form>
</section>
<?cs include:"footer.cs" ?>
