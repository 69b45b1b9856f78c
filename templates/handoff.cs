<?cs set:Page.Title = Lang.Handoff.One ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<?cs include:"handoff_macros.cs" ?>
<?cs with:h = Handoffs.0 ?>
<div class="titlebar"><h1><?cs var:h.Type ?> #<?cs var:h.Id ?></h1><a href="/handoffs"><?cs var:Lang.Handoff.Title ?></a></div>
<section class="card" id="package">
  <p><?cs call:handoff_status(h) ?> <?cs call:handoff_clock(h) ?></p>
  <dl class="facts">
    <dt><?cs var:Lang.Handoff.Deal ?></dt><dd><a href="/deals/<?cs var:h.DealId ?>"><?cs var:h.Deal ?></a></dd>
    <dt><?cs var:Lang.Handoff.From ?></dt><dd><?cs var:h.From ?></dd>
    <dt><?cs var:Lang.Handoff.To ?></dt><dd><?cs var:h.To ?> (<?cs var:Lang.Role[h.Role] ?>)</dd>
    <dt><?cs var:Lang.Handoff.Sent ?></dt><dd><?cs var:h.Sent ?></dd>
    <dt><?cs var:Lang.Handoff.Due ?></dt><dd><?cs var:h.Due ?> (<?cs var:h.Hours ?> <?cs var:Lang.Handoff.WorkHours ?>)</dd>
    <?cs if:h.Acked ?><dt><?cs var:Lang.Handoff.Acked ?></dt><dd><?cs var:h.Acked ?></dd><?cs /if ?>
    <?cs if:h.Closed ?><dt><?cs var:Lang.Handoff.Closed ?></dt><dd><?cs var:h.Closed ?></dd><?cs /if ?>
    <?cs if:h.Outcome ?><dt><?cs if:h.Status == "returned" ?><?cs var:Lang.Handoff.ReturnReason ?><?cs else ?><?cs var:Lang.Handoff.Outcome ?><?cs /if ?></dt><dd><?cs var:h.Outcome ?></dd><?cs /if ?>
  </dl>
  <h2><?cs var:Lang.Handoff.Items ?></h2>
  <dl class="parts"><?cs each:p = Handoff.Parts ?><dt><?cs var:p.Label ?></dt><dd class="prewrap"><?cs var:p.Content ?></dd><?cs /each ?></dl>
  <?cs if:h.Note ?><h2><?cs var:Lang.Handoff.Note ?></h2><p class="prewrap"><?cs var:h.Note ?></p><?cs /if ?>
</section>
<?cs if:Handoff.MayClose ?>
<section class="card" id="act">
  <h2><?cs var:Lang.Handoff.Act ?></h2>
  <?cs if:Handoff.MayAck ?><form method="post" action="/handoffs/<?cs var:h.Id ?>/ack" class="form inline"><?cs call:csrf_field() ?><button type="submit" class="primary"><?cs var:Lang.Handoff.Ack ?></button></form><?cs /if ?>
  <form method="post" action="/handoffs/<?cs var:h.Id ?>/complete" class="form">
    <?cs call:csrf_field() ?>
    <div class="field"><label for="f-done-note"><?cs var:Lang.Handoff.Outcome ?></label><input id="f-done-note" name="reason" type="text" maxlength="200"></div>
    <button type="submit"><?cs var:Lang.Handoff.Complete ?></button>
  </form>
  <form method="post" action="/handoffs/<?cs var:h.Id ?>/return" class="form">
    <?cs call:csrf_field() ?>
    <?cs call:field("reason", Lang.Handoff.ReturnReason, "text", Form.Typed.reason, "off") ?>
    <button type="submit"><?cs var:Lang.Handoff.Return ?></button>
  </form>
</section>
<?cs /if ?>
<?cs /with ?>
<?cs include:"footer.cs" ?>
