<?cs # The deal page's handoff section (included by deal.cs). ?>
<section class="card" id="handoffs">
  <h2><?cs var:Lang.Handoff.Title ?></h2>
  <?cs if:subcount(Deal.Handoffs) == 0 ?><p class="empty"><?cs var:Lang.Handoff.None ?></p><?cs else ?><?cs call:handoff_list(Deal.Handoffs, "to") ?><?cs /if ?>
  <?cs if:Deal.CanHandoff ?>
  <?cs if:subcount(HandoffForm.Missing) > 0 || Form.Errors.to ?><div class="flash error" role="alert"><p><?cs var:Lang.Handoff.Incomplete ?></p>
    <ul><?cs each:m = HandoffForm.Missing ?><li><?cs var:m.Label ?></li><?cs /each ?><?cs if:Form.Errors.to ?><li><?cs var:Lang.Handoff.PickReceiver ?></li><?cs /if ?></ul></div><?cs /if ?>
  <?cs each:t = HandoffTypes ?>
  <details class="handoff-form"<?cs if:HandoffForm.Type == t.Id ?> open<?cs /if ?>>
    <summary><?cs var:Lang.Handoff.Send ?>: <?cs var:t.Name ?> → <?cs var:Lang.Role[t.Role] ?> (≤ <?cs var:t.Hours ?> <?cs var:Lang.Handoff.WorkHours ?>)</summary>
    <form method="post" action="/deals/<?cs var:Deal.Id ?>/handoffs#handoffs" class="form">
      <?cs call:csrf_field() ?><input type="hidden" name="type" value="<?cs var:t.Id ?>">
      <div class="field<?cs if:HandoffForm.Type == t.Id && Form.Errors.to ?> has-error<?cs /if ?>">
        <label for="h<?cs var:t.Id ?>-to"><?cs var:Lang.Handoff.Receiver ?></label>
        <select id="h<?cs var:t.Id ?>-to" name="to"><option value=""><?cs var:Lang.Handoff.Choose ?></option>
        <?cs each:p = t.People ?><option value="<?cs var:p.Id ?>"<?cs if:HandoffForm.Type == t.Id && Form.Typed.to == p.Id ?> selected<?cs /if ?>><?cs var:p.Name ?></option><?cs /each ?></select>
      </div>
      <?cs each:i = t.Items ?>
      <?cs set:iname = "item" + i.N ?>
      <div class="field">
        <label for="h<?cs var:t.Id ?>-<?cs var:iname ?>"><?cs var:i.Label ?><?cs if:i.Required == "1" ?> <span class="req">*</span><?cs else ?> <span class="muted small">(<?cs var:Lang.Handoff.Optional ?>)</span><?cs /if ?></label>
        <textarea id="h<?cs var:t.Id ?>-<?cs var:iname ?>" name="<?cs var:iname ?>" rows="2" maxlength="4000"><?cs if:HandoffForm.Type == t.Id ?><?cs var:Form.Typed[iname] ?><?cs /if ?></textarea>
      </div>
      <?cs /each ?>
      <div class="field"><label for="h<?cs var:t.Id ?>-note"><?cs var:Lang.Handoff.Note ?></label>
        <textarea id="h<?cs var:t.Id ?>-note" name="note" rows="2" maxlength="2000"><?cs if:HandoffForm.Type == t.Id ?><?cs var:Form.Typed.note ?><?cs /if ?></textarea></div>
      <div class="actions"><button type="submit" class="primary"><?cs var:Lang.Handoff.SendNow ?></button></div>
    </form>
  </details>
  <?cs /each ?>
  <?cs /if ?>
</section>
