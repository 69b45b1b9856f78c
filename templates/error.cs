<?cs set:Page.Title = Lang.Error[Page.Status] ?>
<?cs include:"header.cs" ?>
<section class="card narrow error-page">
  <h1><?cs var:Page.Status ?> · <?cs var:Lang.Error[Page.Status] ?></h1>
  <?cs if:Page.ErrorReason ?><p class="flash error" role="alert"><?cs var:Lang.Refusal[Page.ErrorReason] ?></p><?cs /if ?>
  <p><?cs var:Lang.ErrorHelp[Page.Status] ?></p>
  <p><a href="/"><?cs var:Lang.Error.Home ?></a></p>
</section>
<?cs include:"footer.cs" ?>
