<?cs # Handoff packages (R6.1/R6.2): the countdown and the status badge. ?>
<?cs def:handoff_clock(h) ?><?cs if:h.Overdue ?><span class="badge bad"><?cs var:Lang.Handoff.Late ?> <?cs var:h.LateH ?><?cs var:Lang.Handoff.H ?><?cs var:h.LateM ?><?cs var:Lang.Handoff.M ?></span><?cs elif:h.LeftH || h.LeftM ?><span class="badge"><?cs var:Lang.Handoff.Left ?> <?cs var:h.LeftH ?><?cs var:Lang.Handoff.H ?><?cs var:h.LeftM ?><?cs var:Lang.Handoff.M ?></span><?cs elif:h.ClosedLate ?><span class="badge warn"><?cs var:Lang.Handoff.ClosedLate ?></span><?cs /if ?><?cs /def ?>
<?cs def:handoff_status(h) ?><span class="badge handoff-<?cs var:h.Status ?>"><?cs var:Lang.Handoff.St[h.Status] ?></span><?cs /def ?>
<?cs def:handoff_list(list, who) ?>
<ul class="plain handoffs">
<?cs each:h = list ?>
  <li data-handoff="<?cs var:h.Id ?>"><a href="/handoffs/<?cs var:h.Id ?>"><?cs var:h.Type ?> #<?cs var:h.Id ?></a>
    · <?cs if:who == "to" ?><?cs var:Lang.Handoff.To ?> <?cs var:h.To ?> (<?cs var:Lang.Role[h.Role] ?>)<?cs else ?><?cs var:Lang.Handoff.From ?> <?cs var:h.From ?><?cs /if ?>
    <?cs if:who != "deal" ?> · <a href="/deals/<?cs var:h.DealId ?>"><?cs var:h.Deal ?></a><?cs /if ?>
    <br><?cs call:handoff_status(h) ?> <?cs call:handoff_clock(h) ?>
    <span class="muted small"><?cs var:Lang.Handoff.Sent ?> <?cs var:h.Sent ?> · <?cs var:Lang.Handoff.Due ?> <?cs var:h.Due ?> (<?cs var:h.Hours ?> <?cs var:Lang.Handoff.WorkHours ?>)</span></li>
<?cs /each ?>
</ul>
<?cs /def ?>
