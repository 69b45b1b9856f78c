<?cs set:Page.Title = Lang.PublicForm.ThanksTitle ?>
<?cs include:"header.cs" ?>
<section class="card narrow">
  <h1><?cs var:Lang.PublicForm.ThanksTitle ?></h1>
  <p><?cs var:Lang.PublicForm.Thanks ?></p>
</section>
<?cs include:"footer.cs" ?>
