<?cs set:Page.Title = Lang.Handoff.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<?cs include:"handoff_macros.cs" ?>
<div class="titlebar"><h1><?cs var:Lang.Handoff.Title ?></h1><?cs if:User.Can.ReportRead ?><a href="/handoffs/report"><?cs var:Lang.Handoff.Report ?></a><?cs /if ?></div>
<section class="card" id="received">
  <h2><?cs var:Lang.Handoff.Received ?></h2>
  <?cs if:subcount(Received) == 0 ?><p class="empty"><?cs var:Lang.Handoff.None ?></p><?cs else ?><?cs call:handoff_list(Received, "from") ?><?cs /if ?>
</section>
<section class="card" id="sent">
  <h2><?cs var:Lang.Handoff.SentByMe ?></h2>
  <?cs if:subcount(Sent) == 0 ?><p class="empty"><?cs var:Lang.Handoff.None ?></p><?cs else ?><?cs call:handoff_list(Sent, "to") ?><?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
