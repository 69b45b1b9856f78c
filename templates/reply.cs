<?cs set:Page.Title = Lang.Reply.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<p><a class="tap-link" href="<?cs if:Reply.Deal ?>/deals/<?cs var:Reply.Deal ?>#timeline<?cs else ?><?cs var:Reply.Back ?><?cs /if ?>">← <?cs var:Lang.Reply.Back ?></a></p>
<h1><?cs var:Lang.Reply.Title ?></h1>
<section class="card" id="entry">
  <h2><?cs var:Lang.Reply.Entry ?></h2>
  <p><span class="when"><?cs var:Reply.Activity.At ?></span> <strong><?cs var:Lang.Activity[Reply.Activity.Kind] ?></strong> · <?cs var:Reply.Activity.User ?><?cs if:Reply.Activity.Duration ?> · <?cs var:Reply.Activity.Duration ?>s<?cs /if ?></p>
  <?cs if:Reply.Activity.CoreNeed ?><p><span class="muted"><?cs var:Lang.Activity.CoreNeed ?>：</span><?cs var:Reply.Activity.CoreNeed ?></p><?cs /if ?>
  <?cs if:Reply.Activity.Detail ?><p class="muted"><?cs var:Reply.Activity.Detail ?></p><?cs /if ?>
</section>
<section class="card" id="replies">
  <h2><?cs var:Lang.Reply.List ?> <span class="badge"><?cs var:subcount(Reply.Items) ?></span></h2>
  <?cs if:subcount(Reply.Items) == 0 ?><p class="empty"><?cs var:Lang.Reply.None ?></p><?cs else ?>
  <ol class="timeline">
  <?cs each:r = Reply.Items ?><li><span class="when"><?cs var:r.At ?></span> <strong><?cs var:r.By ?></strong>：<?cs var:r.Body ?>
    <div class="muted small"><?cs var:Lang.Reply.RecordedBy ?> <?cs var:r.RecordedBy ?> · <?cs var:r.RecordedAt ?></div></li><?cs /each ?>
  </ol>
  <?cs /if ?>
</section>
<?cs if:Reply.MayRecord ?>
<section class="card" id="new-reply">
  <h2><?cs var:Lang.Reply.New ?></h2>
  <p class="muted small"><?cs var:Lang.Reply.Why ?></p>
  <form method="post" action="/activities/<?cs var:Reply.Activity.Id ?>/reply" class="form">
    <?cs call:csrf_field() ?>
    <?cs if:Reply.Deal ?><input type="hidden" name="deal" value="<?cs var:Reply.Deal ?>"><?cs /if ?>
    <?cs call:field("replied_by", Lang.Reply.By, "text", Form.Typed.replied_by, "off") ?>
    <?cs call:field("replied_at", Lang.Reply.At, "datetime-local", Form.Typed.replied_at, "off") ?>
    <div class="field<?cs if:Form.Errors.body ?> has-error<?cs /if ?>"><label for="f-body"><?cs var:Lang.Reply.Body ?></label>
      <textarea id="f-body" name="body" rows="4"<?cs if:Form.Errors.body ?> aria-invalid="true" aria-describedby="e-body"<?cs /if ?>><?cs var:Form.Typed.body ?></textarea><?cs call:field_error("body") ?></div>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.Reply.Save ?></button></div>
  </form>
</section>
<?cs /if ?>
<?cs include:"footer.cs" ?>
