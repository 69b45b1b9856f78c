<?cs if:Page.ErrorReason ?><?cs set:Page.Title = Lang.RefusalTitle[Page.ErrorReason] ?><?cs else ?><?cs set:Page.Title = Lang.Error[Page.Status] ?><?cs /if ?>
<?cs include:"header.cs" ?>
<section class="card narrow error-page">
  <?cs if:Page.ErrorReason ?>
  <h1><?cs var:Page.Status ?> · <?cs var:Lang.RefusalTitle[Page.ErrorReason] ?></h1>
  <p class="flash error" role="alert"><?cs var:Lang.Refusal[Page.ErrorReason] ?></p>
  <?cs else ?>
  <h1><?cs var:Page.Status ?> · <?cs var:Lang.Error[Page.Status] ?></h1>
  <p><?cs var:Lang.ErrorHelp[Page.Status] ?></p>
  <?cs /if ?>
  <p><a href="/"><?cs var:Lang.Error.Home ?></a></p>
</section>
<?cs include:"footer.cs" ?>
