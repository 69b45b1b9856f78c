<?cs set:Page.Title = Lang.Dash.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<?cs include:"review_form.cs" ?>
<div class="titlebar">
  <h1><?cs var:Lang.Dash.Title ?></h1>
  <nav class="tabs"><?cs each:p = Choices.Pipelines ?><a href="/dashboard?pipeline=<?cs var:p.Id ?>"<?cs if:p.Id == Dash.Pipeline ?> aria-current="page"<?cs /if ?>><?cs var:p.Name ?></a> <?cs /each ?></nav>
</div>
<details class="filters-box"<?cs if:Query.team || Query.region || Query.period ?> open<?cs /if ?>>
  <summary><?cs var:Lang.Deals.Filter ?></summary>
  <form method="get" action="/dashboard" class="form filter-form">
    <input type="hidden" name="pipeline" value="<?cs var:Dash.Pipeline ?>">
    <div class="field"><label for="f-team"><?cs var:Lang.Deals.Team ?></label><select id="f-team" name="team"><option value=""><?cs var:Lang.Admin.All ?></option>
      <?cs each:t = Choices.Teams ?><option value="<?cs var:t.Id ?>"<?cs if:t.Id == Query.team ?> selected<?cs /if ?>><?cs var:t.Name ?></option><?cs /each ?></select></div>
    <div class="field"><label for="f-region"><?cs var:Lang.User.Region ?></label><select id="f-region" name="region"><option value=""><?cs var:Lang.Admin.All ?></option>
      <?cs each:g = Choices.Regions ?><option value="<?cs var:g.Id ?>"<?cs if:g.Id == Query.region ?> selected<?cs /if ?>><?cs var:g.Name ?></option><?cs /each ?></select></div>
    <div class="field"><label for="f-period"><?cs var:Lang.Dash.Period ?></label><select id="f-period" name="period">
      <option value=""><?cs var:Lang.Dash.PeriodAll ?></option>
      <option value="30"<?cs if:Dash.Period == 30 ?> selected<?cs /if ?>><?cs var:Lang.Dash.Period30 ?></option>
      <option value="90"<?cs if:Dash.Period == 90 ?> selected<?cs /if ?>><?cs var:Lang.Dash.Period90 ?></option>
      <option value="365"<?cs if:Dash.Period == 365 ?> selected<?cs /if ?>><?cs var:Lang.Dash.Period365 ?></option></select></div>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.Leads.Apply ?></button></div>
  </form>
</details>
<section aria-labelledby="funnel-h">
<h2 id="funnel-h"><?cs var:Lang.Dash.Funnel ?></h2>
<p class="muted small"><?cs var:Lang.Dash.FunnelHint ?></p>
<svg class="chart" viewBox="0 0 600 <?cs var:Dash.Height ?>" width="100%" role="img" aria-labelledby="funnel-t funnel-d" preserveAspectRatio="xMinYMin meet">
  <title id="funnel-t"><?cs var:Lang.Dash.ChartTitle ?></title>
  <desc id="funnel-d"><?cs each:s = Dash.Stages ?><?cs var:s.Name ?>: <?cs var:s.Reached ?>; <?cs /each ?></desc>
  <?cs each:s = Dash.Stages ?>
  <text x="0" y="<?cs var:s.TextY ?>" font-size="14" fill="#333"><?cs var:s.Name ?></text>
  <rect x="150" y="<?cs var:s.Y ?>" width="<?cs var:s.Bar ?>" height="28" rx="3" fill="#2f6fb3"></rect>
  <text x="<?cs var:s.LabelX ?>" y="<?cs var:s.TextY ?>" font-size="14" fill="#333"><?cs var:s.Reached ?><?cs if:?s.Conversion ?> · <?cs var:s.Conversion ?>% →<?cs /if ?></text>
  <?cs /each ?>
</svg>
<table class="list" id="funnel-table" aria-label="<?cs var:Lang.Dash.TableCaption ?>">
  <thead><tr><th scope="col"><?cs var:Lang.Deals.Stage ?></th><th scope="col"><?cs var:Lang.Dash.Reached ?></th><th scope="col"><?cs var:Lang.Dash.Open ?></th>
    <th scope="col"><?cs var:Lang.Dash.Conversion ?></th><th scope="col"><?cs var:Lang.Dash.Median ?></th><th scope="col"><?cs var:Lang.Dash.Amount ?></th></tr></thead>
  <tbody>
  <?cs each:s = Dash.Stages ?>
  <tr>
    <th scope="row"><?cs var:s.Name ?></th>
    <td data-label="<?cs var:Lang.Dash.Reached ?>" class="reached"><?cs var:s.Reached ?></td>
    <td data-label="<?cs var:Lang.Dash.Open ?>" class="open"><?cs var:s.Count ?></td>
    <td data-label="<?cs var:Lang.Dash.Conversion ?>" class="conv"><?cs if:?s.Conversion ?><?cs var:s.Conversion ?>%<?cs else ?>—<?cs /if ?></td>
    <td data-label="<?cs var:Lang.Dash.Median ?>" class="median"><?cs if:s.MedianDays ?><?cs var:s.MedianDays ?> <?cs var:Lang.Deals.DaysUnit ?><?cs else ?>—<?cs /if ?></td>
    <td data-label="<?cs var:Lang.Dash.Amount ?>" class="amount"><?cs if:s.Total ?>¥<?cs var:s.Total ?><?cs else ?>—<?cs /if ?><?cs if:s.Hidden > 0 ?> <span class="muted">(<?cs var:s.Hidden ?> <?cs var:Lang.Board.HiddenAmounts ?>)</span><?cs /if ?></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
</section>
<section aria-labelledby="health-h" id="process-health">
<h2 id="health-h"><?cs var:Lang.Health2.Title ?></h2>
<p class="muted small"><?cs var:Lang.Health2.Hint ?></p>
<table class="list" id="health-sd">
  <caption class="muted small"><?cs var:Lang.Health2.SdCaption ?></caption>
  <thead><tr><th scope="col"><?cs var:Lang.Deals.Stage ?></th><th scope="col"><?cs var:Lang.Health2.Stays ?></th><th scope="col"><?cs var:Lang.Health2.Sd ?></th></tr></thead>
  <tbody>
  <?cs each:s = Dash.Stages ?><tr><th scope="row"><?cs var:s.Name ?></th>
    <td data-label="<?cs var:Lang.Health2.Stays ?>"><?cs var:s.Stays ?></td>
    <td data-label="<?cs var:Lang.Health2.Sd ?>"><?cs if:s.StdDays ?><?cs var:s.StdDays ?> <?cs var:Lang.Deals.DaysUnit ?><?cs if:s.StdFlag == 1 ?> <span class="badge bad"><?cs var:Lang.Health2.OverTarget ?></span><?cs /if ?><?cs else ?>—<?cs /if ?></td></tr>
  <?cs /each ?>
  </tbody>
</table>
<table class="list" id="health-actions">
  <caption class="muted small"><?cs var:Lang.Health2.ActCaption ?></caption>
  <thead><tr><th scope="col"><?cs var:Lang.Health2.Action ?></th><th scope="col"><?cs var:Lang.Deals.Stage ?></th><th scope="col"><?cs var:Lang.Health2.DonePast ?></th><th scope="col"><?cs var:Lang.Health2.Rate ?></th></tr></thead>
  <tbody>
  <?cs each:a = Health.Actions ?><tr><th scope="row"><?cs var:a.Label ?></th>
    <td data-label="<?cs var:Lang.Deals.Stage ?>"><?cs var:a.Stage ?></td>
    <td data-label="<?cs var:Lang.Health2.DonePast ?>"><?cs var:a.Done ?> / <?cs if:a.Past ?><?cs var:a.Past ?><?cs else ?>0<?cs /if ?></td>
    <td data-label="<?cs var:Lang.Health2.Rate ?>"><?cs if:?a.Rate ?><?cs var:a.Rate ?>%<?cs if:a.Flag == 1 ?> <span class="badge bad"><?cs var:Lang.Health2.Below92 ?></span><?cs /if ?><?cs else ?>—<?cs /if ?></td></tr>
  <?cs /each ?>
  <?cs if:subcount(Health.Actions) == 0 ?><tr><td colspan="4" class="empty"><?cs var:Lang.Health2.NoActions ?></td></tr><?cs /if ?>
  </tbody>
</table>
<table class="list" id="health-roles">
  <caption class="muted small"><?cs var:Lang.Health2.RoleCaption ?></caption>
  <thead><tr><th scope="col"><?cs var:Lang.Health2.Role ?></th><th scope="col"><?cs var:Lang.Health2.Tasks ?></th><th scope="col"><?cs var:Lang.Health2.AvgHours ?></th><th scope="col"><?cs var:Lang.Health2.OnTime ?></th></tr></thead>
  <tbody>
  <?cs each:r = Health.Roles ?><tr><th scope="row"><?cs if:Lang.Role[r.Role] ?><?cs var:Lang.Role[r.Role] ?><?cs else ?><?cs var:r.Role ?><?cs /if ?></th>
    <td data-label="<?cs var:Lang.Health2.Tasks ?>"><?cs var:r.Tasks ?></td>
    <td data-label="<?cs var:Lang.Health2.AvgHours ?>"><?cs var:r.Hours ?> h<?cs if:r.Flag == 1 ?> <span class="badge bad"><?cs var:Lang.Health2.Slow ?></span><?cs /if ?></td>
    <td data-label="<?cs var:Lang.Health2.OnTime ?>"><?cs var:r.OnTime ?>%</td></tr>
  <?cs /each ?>
  <?cs if:subcount(Health.Roles) == 0 ?><tr><td colspan="4" class="empty"><?cs var:Lang.Health2.NoRoles ?></td></tr><?cs /if ?>
  </tbody>
</table>
</section>
<?cs # One rep × week heat map: SVG with a title, and the same numbers in a table. ?>
<?cs def:heatmap(h, id, heading, hint, title, caption, empty, unit) ?>
<section aria-labelledby="<?cs var:id ?>-h">
<h2 id="<?cs var:id ?>-h"><?cs var:heading ?></h2>
<p class="muted small"><?cs var:hint ?></p>
<?cs if:subcount(h.Reps) == 0 ?><p class="empty"><?cs var:empty ?></p><?cs else ?>
<svg class="chart" viewBox="0 0 600 <?cs var:h.Height ?>" width="100%" role="img" aria-labelledby="<?cs var:id ?>-t" preserveAspectRatio="xMinYMin meet">
  <title id="<?cs var:id ?>-t"><?cs var:title ?></title>
  <?cs each:w = h.Weeks ?><text x="<?cs var:w.TextX ?>" y="20" font-size="12" text-anchor="middle" fill="#333"><?cs var:w.Label ?></text><?cs /each ?>
  <?cs each:r = h.Reps ?>
  <text x="0" y="<?cs var:r.TextY ?>" font-size="14" fill="#333"><?cs var:r.Name ?></text>
  <?cs each:c = r.Cells ?><rect x="<?cs var:c.X ?>" y="<?cs var:r.Y ?>" width="50" height="30" rx="3" fill="<?cs if:c.Fill ?><?cs var:c.Fill ?><?cs else ?>#e8e8e8<?cs /if ?>"><title><?cs var:r.Name ?> <?cs var:h.Weeks[name(c)].Label ?>: <?cs if:c.Hours ?><?cs var:c.Hours ?><?cs else ?>—<?cs /if ?></title></rect><?cs if:c.Hours ?><text x="<?cs var:c.TextX ?>" y="<?cs var:r.TextY ?>" font-size="12" text-anchor="middle" fill="#fff"><?cs var:c.Hours ?></text><?cs /if ?><?cs /each ?>
  <?cs /each ?>
</svg>
<div class="table-scroll">
<table class="grid" id="<?cs var:id ?>-table">
  <caption class="muted small"><?cs var:caption ?></caption>
  <thead><tr><th scope="col"><?cs var:Lang.Dash.Rep ?></th><?cs each:w = h.Weeks ?><th scope="col"><?cs var:w.Label ?></th><?cs /each ?></tr></thead>
  <tbody>
  <?cs each:r = h.Reps ?><tr><th scope="row"><a href="/dashboard/me?user=<?cs var:r.Id ?>"><?cs var:r.Name ?></a></th><?cs each:c = r.Cells ?><td<?cs if:c.Hours ?> class="heat-<?cs var:c.Level ?>"<?cs /if ?>><?cs if:c.Hours ?><?cs var:c.Hours ?><?cs if:unit ?> <?cs var:unit ?><?cs /if ?><?cs if:c.Level == 2 ?> <span class="badge bad"><?cs var:Lang.Dash.Slow ?></span><?cs /if ?><?cs else ?>—<?cs /if ?></td><?cs /each ?></tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<?cs /if ?>
</section>
<?cs /def ?>
<?cs call:heatmap(Heat, "heat", Lang.Dash.Heat, Lang.Dash.HeatHint, Lang.Dash.HeatTitle, Lang.Dash.HeatCaption, Lang.Dash.HeatEmpty, "h") ?>
<?cs call:heatmap(HeatProp, "heat-prop", Lang.Dash.HeatProp, Lang.Dash.HeatPropHint, Lang.Dash.HeatPropTitle, Lang.Dash.HeatPropCaption, Lang.Dash.HeatPropEmpty, Lang.Deals.DaysUnit) ?>
<?cs call:heatmap(HeatObj, "heat-obj", Lang.Dash.HeatObj, Lang.Dash.HeatObjHint, Lang.Dash.HeatObjTitle, Lang.Dash.HeatObjCaption, Lang.Dash.HeatObjEmpty, "") ?>
<?cs call:review_form("/dashboard") ?>
<?cs include:"footer.cs" ?>
