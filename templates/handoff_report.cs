<?cs set:Page.Title = Lang.Handoff.Report ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<div class="titlebar"><h1><?cs var:Lang.Handoff.Report ?></h1></div>
<form method="get" action="/handoffs/report" class="form inline">
  <label for="f-days"><?cs var:Lang.Handoff.Period ?></label>
  <select id="f-days" name="days"><?cs each:d = Lang.Handoff.Days ?><option value="<?cs name:d ?>"<?cs if:Report.Days == name(d) ?> selected<?cs /if ?>><?cs var:d ?></option><?cs /each ?></select>
  <button type="submit"><?cs var:Lang.Handoff.Show ?></button>
</form>
<p class="muted"><?cs var:Lang.Handoff.ReportIntro ?></p>
<?cs def:agg_table(list, first, id) ?>
<table class="list" id="<?cs var:id ?>">
  <thead><tr><th><?cs var:first ?></th><th><?cs var:Lang.Handoff.Count ?></th><th><?cs var:Lang.Handoff.MeanResponse ?></th><th><?cs var:Lang.Handoff.OverdueShare ?></th><th><?cs var:Lang.Handoff.ReturnRate ?></th></tr></thead>
  <tbody>
  <?cs each:r = list ?>
  <tr><td data-label="<?cs var:first ?>"><?cs if:id == "by-role" ?><?cs var:Lang.Role[r.Role] ?><?cs else ?><?cs var:r.Name ?> <span class="muted small"><?cs var:Lang.Role[r.Role] ?></span><?cs /if ?></td>
      <td data-label="<?cs var:Lang.Handoff.Count ?>"><?cs var:r.Sent ?></td>
      <td data-label="<?cs var:Lang.Handoff.MeanResponse ?>"><?cs if:r.MeanHours ?><?cs var:r.MeanHours ?> <?cs var:Lang.Handoff.H ?><?cs elif:r.MeanMin ?><?cs var:r.MeanMin ?> <?cs var:Lang.Leads.WorkMinutes ?><?cs else ?>—<?cs /if ?></td>
      <td data-label="<?cs var:Lang.Handoff.OverdueShare ?>"><?cs var:r.OverduePct ?>% (<?cs var:r.Overdue ?>/<?cs var:r.Sent ?>)</td>
      <td data-label="<?cs var:Lang.Handoff.ReturnRate ?>"><?cs var:r.ReturnPct ?>% (<?cs var:r.Returned ?>/<?cs var:r.Closed ?>)</td></tr>
  <?cs /each ?>
  </tbody>
</table>
<?cs /def ?>
<section class="card"><h2><?cs var:Lang.Handoff.ByRole ?></h2>
<?cs if:subcount(Report.Roles) == 0 ?><p class="empty"><?cs var:Lang.Handoff.None ?></p><?cs else ?><?cs call:agg_table(Report.Roles, Lang.Handoff.Role, "by-role") ?><?cs /if ?></section>
<section class="card"><h2><?cs var:Lang.Handoff.ByPerson ?></h2>
<?cs if:subcount(Report.People) == 0 ?><p class="empty"><?cs var:Lang.Handoff.None ?></p><?cs else ?><?cs call:agg_table(Report.People, Lang.Handoff.Person, "by-person") ?><?cs /if ?></section>
<?cs include:"footer.cs" ?>
