<?cs set:Page.Title = Lang.Deals.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<div class="titlebar">
  <h1><?cs var:Lang.Deals.Title ?></h1>
  <a class="button" href="/board<?cs if:Query.pipeline ?>?pipeline=<?cs var:Query.pipeline ?><?cs /if ?>"><?cs var:Lang.Deals.Board ?></a>
</div>
<details class="filters-box"<?cs if:Query.owner || Query.team || Query.region || Query.pipeline || Query.stage ?> open<?cs /if ?>>
  <summary><?cs var:Lang.Deals.Filter ?></summary>
  <form method="get" action="/deals" class="form filter-form">
    <div class="field"><label for="f-owner"><?cs var:Lang.Deals.Owner ?></label><select id="f-owner" name="owner"><option value=""><?cs var:Lang.Admin.All ?></option>
      <option value="me"<?cs if:Query.owner == "me" ?> selected<?cs /if ?>><?cs var:Lang.Deals.Mine ?></option></select></div>
    <div class="field"><label for="f-team"><?cs var:Lang.Deals.Team ?></label><select id="f-team" name="team"><option value=""><?cs var:Lang.Admin.All ?></option>
      <?cs each:t = Choices.Teams ?><option value="<?cs var:t.Id ?>"<?cs if:t.Id == Query.team ?> selected<?cs /if ?>><?cs var:t.Name ?></option><?cs /each ?></select></div>
    <div class="field"><label for="f-region"><?cs var:Lang.User.Region ?></label><select id="f-region" name="region"><option value=""><?cs var:Lang.Admin.All ?></option>
      <?cs each:g = Choices.Regions ?><option value="<?cs var:g.Id ?>"<?cs if:g.Id == Query.region ?> selected<?cs /if ?>><?cs var:g.Name ?></option><?cs /each ?></select></div>
    <div class="field"><label for="f-pipeline"><?cs var:Lang.Deals.Pipeline ?></label><select id="f-pipeline" name="pipeline"><option value=""><?cs var:Lang.Admin.All ?></option>
      <?cs each:p = Choices.Pipelines ?><option value="<?cs var:p.Id ?>"<?cs if:p.Id == Query.pipeline ?> selected<?cs /if ?>><?cs var:p.Name ?></option><?cs /each ?></select></div>
    <div class="field"><label for="f-stage"><?cs var:Lang.Deals.Stage ?></label><select id="f-stage" name="stage"><option value=""><?cs var:Lang.Admin.All ?></option>
      <?cs each:s = Choices.Stages ?><option value="<?cs var:s.Id ?>"<?cs if:s.Id == Query.stage ?> selected<?cs /if ?>><?cs var:s.Name ?></option><?cs /each ?></select></div>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.Leads.Apply ?></button> <a href="/deals"><?cs var:Lang.Leads.Clear ?></a></div>
  </form>
</details>
<?cs if:Deals.Count == 0 ?>
<p class="empty"><?cs var:Lang.Deals.Empty ?></p>
<?cs else ?>
<table class="list">
  <thead><tr><th><?cs var:Lang.Deals.Deal ?></th><th><?cs var:Lang.Deals.Stage ?></th><th><?cs var:Lang.Deals.Amount ?></th><th class="opt"><?cs var:Lang.Deals.Owner ?></th><th class="opt"><?cs var:Lang.Deals.Days ?></th></tr></thead>
  <tbody>
  <?cs each:d = Deals.Items ?>
  <tr<?cs if:d.Stale == "1" && d.Status == "open" ?> class="overdue"<?cs /if ?>>
    <td data-label="<?cs var:Lang.Deals.Deal ?>"><a href="/deals/<?cs var:d.Id ?>"><?cs var:d.Name ?></a> <span class="muted small"><?cs var:d.Customer ?></span>
      <?cs if:d.Stale == "1" && d.Status == "open" ?> <span class="badge bad"><?cs var:Lang.Deals.Stale ?></span><?cs /if ?><?cs if:d.Flagged == "1" ?> <span class="badge bad"><?cs var:Lang.Deals.Flagged ?></span><?cs /if ?><?cs if:d.Pending == "1" ?> <span class="badge pending"><?cs var:Lang.Deals.Pending ?></span><?cs /if ?><?cs if:d.Status == "won" ?> <span class="badge ok"><?cs var:Lang.Deals.Won ?></span><?cs /if ?></td>
    <td data-label="<?cs var:Lang.Deals.Stage ?>"><?cs var:d.Stage ?> <span class="muted small"><?cs var:d.Pipeline ?></span></td>
    <td data-label="<?cs var:Lang.Deals.Amount ?>" class="amount"><?cs if:d.Amount ?><?cs var:d.Amount ?><?cs else ?>—<?cs /if ?><?cs if:d.Amount.Masked ?> <span class="badge"><?cs var:Lang.Mask.Badge ?></span><?cs /if ?></td>
    <td class="opt" data-label="<?cs var:Lang.Deals.Owner ?>"><?cs var:d.Owner ?></td>
    <td class="opt" data-label="<?cs var:Lang.Deals.Days ?>"><?cs var:d.Days ?></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
<?cs if:Pager.After ?>
<nav class="pager" aria-label="<?cs var:Lang.Pager.Label ?>"><a href="/deals?after=<?cs var:Pager.After ?><?cs
  if:Query.owner ?>&owner=<?cs var:url_escape(Query.owner) ?><?cs /if ?><?cs
  if:Query.team ?>&team=<?cs var:Query.team ?><?cs /if ?><?cs
  if:Query.region ?>&region=<?cs var:Query.region ?><?cs /if ?><?cs
  if:Query.pipeline ?>&pipeline=<?cs var:Query.pipeline ?><?cs /if ?><?cs
  if:Query.stage ?>&stage=<?cs var:Query.stage ?><?cs /if ?>"><?cs var:Lang.Pager.Next ?> ›</a></nav>
<?cs /if ?>
<?cs /if ?>
<?cs include:"footer.cs" ?>
