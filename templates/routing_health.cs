<?cs set:Page.Title = Lang.Nav.RoutingHealth ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1><?cs var:Lang.Nav.RoutingHealth ?></h1>
<section class="card">
  <dl class="facts">
    <dt><?cs var:Lang.Routing.SuccessRate ?></dt><dd id="success"><?cs var:Health.SuccessPct ?>% (<?cs var:Health.Placed ?> / <?cs var:Health.Routed ?>)</dd>
    <dt><?cs var:Lang.Routing.PlacedLater ?></dt><dd><?cs var:Health.PlacedLater ?></dd>
    <dt><?cs var:Lang.Nav.Queue ?></dt><dd><a href="/routing/queue"><?cs var:Health.Waiting ?></a></dd>
  </dl>
</section>
<section class="card">
  <h2><?cs var:Lang.Routing.ByRule ?></h2>
  <table class="list"><thead><tr><th><?cs var:Lang.Routing.Rule ?></th><th><?cs var:Lang.Routing.PlacedN ?></th><th><?cs var:Lang.Routing.FailedN ?></th></tr></thead><tbody>
  <?cs each:r = Health.Rules ?><tr><td data-label="<?cs var:Lang.Routing.Rule ?>"><?cs var:r.Name ?></td><td data-label="<?cs var:Lang.Routing.PlacedN ?>"><?cs var:r.Placed ?></td><td data-label="<?cs var:Lang.Routing.FailedN ?>"<?cs if:r.Failed > 0 ?> class="error"<?cs /if ?>><?cs var:r.Failed ?></td></tr><?cs /each ?>
  </tbody></table>
</section>
<section class="card heat">
  <h2><?cs var:Lang.Routing.HeatMap ?></h2>
  <div class="scroll-x">
  <svg class="heatmap" role="img" aria-label="<?cs var:Lang.Routing.HeatMap ?>" viewBox="0 0 340 <?cs var:Heat.Height ?>" width="340" height="<?cs var:Heat.Height ?>" xmlns="http://www.w3.org/2000/svg">
    <?cs each:p = Heat.People ?><text x="0" y="<?cs var:p.Y ?>" font-size="11"><?cs var:p.Name ?></text><?cs /each ?>
    <?cs each:c = Heat.Cells ?><rect x="<?cs var:c.X ?>" y="<?cs var:c.Y ?>" width="14" height="18" rx="2" class="h<?cs var:c.Level ?>"><title><?cs var:c.N ?></title></rect><?cs /each ?>
  </svg>
  </div>
  <p class="muted small"><?cs var:Lang.Routing.HeatHint ?> <?cs var:Heat.Max ?></p>
</section>
<section class="card">
  <h2><?cs var:Lang.Routing.Fairness ?></h2>
  <table class="list"><thead><tr><th><?cs var:Lang.Routing.Rep ?></th><th><?cs var:Lang.User.Team ?></th><th><?cs var:Lang.Routing.HighLeads ?></th><th><?cs var:Lang.Routing.Share ?></th><th><?cs var:Lang.Routing.FirstWeek ?></th></tr></thead><tbody>
  <?cs each:f = Fair ?><tr<?cs if:f.Flag ?> class="flagged"<?cs /if ?>><td data-label="<?cs var:Lang.Routing.Rep ?>"><?cs var:f.Name ?><?cs if:f.NewHire ?> <span class="badge"><?cs var:Lang.Routing.NewHire ?></span><?cs /if ?></td><td data-label="<?cs var:Lang.User.Team ?>"><?cs var:f.Team ?></td><td data-label="<?cs var:Lang.Routing.HighLeads ?>"><?cs var:f.High ?></td><td data-label="<?cs var:Lang.Routing.Share ?>"><?cs var:f.SharePct ?>%</td>
    <td data-label="<?cs var:Lang.Routing.FirstWeek ?>"><?cs if:f.NewHire ?><?cs var:f.FirstWeek ?> (<?cs var:f.Ratio ?> × <?cs var:Lang.Routing.TeamAvg ?>)<?cs if:f.Flag ?> <span class="badge warn" data-flag="fairness"><?cs var:Lang.Routing.FlagFair ?></span><?cs /if ?><?cs else ?>—<?cs /if ?></td></tr><?cs /each ?>
  </tbody></table>
</section>
<?cs include:"footer.cs" ?>
