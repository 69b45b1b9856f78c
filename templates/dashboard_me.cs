<?cs set:Page.Title = Lang.Me.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<?cs include:"review_form.cs" ?>
<div class="titlebar">
  <h1><?cs if:Me.Viewing.Id ?><?cs var:Me.Viewing.Name ?> · <?cs var:Lang.Me.TheirTitle ?><?cs else ?><?cs var:Lang.Me.Title ?><?cs /if ?></h1>
  <nav class="tabs"><?cs each:p = Choices.Pipelines ?><a href="/dashboard/me?pipeline=<?cs var:p.Id ?><?cs if:Me.Viewing.Id ?>&amp;user=<?cs var:Me.Viewing.Id ?><?cs /if ?>"<?cs if:p.Id == Me.Pipeline ?> aria-current="page"<?cs /if ?>><?cs var:p.Name ?></a> <?cs /each ?></nav>
</div>
<?cs if:Query.done && Lang.Me.Done[Query.done] ?><p class="notice" role="status"><?cs var:Lang.Me.Done[Query.done] ?></p><?cs /if ?>

<section class="card" aria-labelledby="hints-h" id="hints">
  <h2 id="hints-h"><?cs var:Lang.Me.Hints ?></h2>
  <?cs if:subcount(Me.Hints) == 0 ?><p class="empty"><?cs var:Lang.Me.AllGood ?></p><?cs else ?>
  <ul class="hints">
  <?cs each:h = Me.Hints ?>
    <li data-kind="<?cs var:h.Kind ?>"><?cs if:h.Kind == "proposal" ?><?cs var:Lang.Me.HintProposal1 ?> <strong><?cs var:h.Hours ?></strong> <?cs var:Lang.Me.HintProposal2 ?> <?cs var:h.N ?> <?cs var:Lang.Me.HintProposal3 ?><?cs
      elif:h.Kind == "slow_stage" ?><?cs var:Lang.Me.HintStage1 ?> <q><?cs var:h.Stage ?></q> <?cs var:Lang.Me.HintStage2 ?> <strong><?cs var:h.Mine ?></strong> <?cs var:Lang.Me.HintStage3 ?> <?cs var:h.Team ?> <?cs var:Lang.Me.HintStage4 ?><?cs
      elif:h.Kind == "response" ?><?cs var:Lang.Me.HintResponse1 ?> <strong><?cs var:h.Mine ?></strong> <?cs var:Lang.Me.HintResponse2 ?> <?cs var:h.Team ?> <?cs var:Lang.Me.HintResponse3 ?><?cs
      elif:h.Kind == "overdue" ?><?cs var:Lang.Me.HintOverdue1 ?> <strong><?cs var:h.N ?></strong> <?cs var:Lang.Me.HintOverdue2 ?> <a href="/tasks"><?cs var:Lang.Nav.Tasks ?></a><?cs
      elif:h.Kind == "sla" ?><?cs var:Lang.Me.HintSla1 ?> <strong><?cs var:h.N ?></strong> <?cs var:Lang.Me.HintSla2 ?><?cs
      elif:h.Kind == "health" ?><?cs var:Lang.Me.HintHealth1 ?> <strong><?cs var:h.N ?></strong> <?cs var:Lang.Me.HintHealth2 ?><?cs /if ?></li>
  <?cs /each ?>
  </ul>
  <?cs /if ?>
</section>

<section class="card" aria-labelledby="health-h" id="health">
  <h2 id="health-h"><?cs var:Lang.Me.Health ?></h2>
  <?cs if:Me.Health.Score ?>
  <p class="health-score"><span class="score<?cs if:Me.Health.Low == 1 ?> bad<?cs /if ?>" id="health-score"><?cs var:Me.Health.Score ?></span> / 100
    <?cs if:Me.Health.Low == 1 ?><span class="badge bad"><?cs var:Lang.Me.HealthLow ?></span><?cs /if ?>
    <span class="muted small"><?cs var:Me.Health.Period ?></span></p>
  <table class="list" id="health-table">
    <thead><tr><th scope="col"><?cs var:Lang.Me.Part ?></th><th scope="col"><?cs var:Lang.Me.PartScore ?></th></tr></thead>
    <tbody>
      <tr><th scope="row"><?cs var:Lang.Me.StagePart ?></th><td data-label="<?cs var:Lang.Me.PartScore ?>"><?cs var:Me.Health.StagePart ?></td></tr>
      <tr><th scope="row"><?cs var:Lang.Me.TaskPart ?></th><td data-label="<?cs var:Lang.Me.PartScore ?>"><?cs var:Me.Health.TaskPart ?></td></tr>
      <tr><th scope="row"><?cs var:Lang.Me.ContactPart ?></th><td data-label="<?cs var:Lang.Me.PartScore ?>"><?cs var:Me.Health.ContactPart ?></td></tr>
    </tbody>
  </table>
  <p class="muted small"><?cs var:Lang.Me.HealthHint ?> <?cs var:Lang.Me.Paused ?>: <?cs var:Me.Health.PausedDeals ?> / <?cs var:Me.Health.OpenDeals ?></p>
  <?cs else ?><p class="empty"><?cs var:Lang.Me.HealthNone ?></p><?cs /if ?>
  <?cs if:!Me.Viewing.Id ?>
  <h3><?cs var:Lang.Me.Unreachable ?></h3>
  <p class="muted small"><?cs var:Lang.Me.UnreachableHint ?></p>
  <?cs if:subcount(Me.Pauses) > 0 ?>
  <ul class="pauses">
  <?cs each:p = Me.Pauses ?><li><a href="/deals/<?cs var:p.DealId ?>"><?cs var:p.DealName ?></a> · <?cs var:p.Reason ?> · <span class="muted small"><?cs var:Lang.Me.RemindOn ?> <?cs var:string.slice(p.Remind, 0, 10) ?></span>
    <form method="post" action="/dashboard/me/unreachable/<?cs var:p.Id ?>/end" class="inline"><?cs call:csrf_field() ?><button type="submit"><?cs var:Lang.Me.Reachable ?></button></form></li><?cs /each ?>
  </ul>
  <?cs /if ?>
  <?cs if:subcount(Me.OpenDeals) > 0 ?>
  <form method="post" action="/dashboard/me/unreachable" class="form">
    <?cs call:csrf_field() ?>
    <?cs call:select_field("deal", Lang.Me.Deal, Me.OpenDeals, "", "") ?>
    <div class="field"><label for="f-pause-reason"><?cs var:Lang.Me.Reason ?></label><input id="f-pause-reason" name="reason" type="text" required maxlength="200"></div>
    <div class="actions"><button type="submit"><?cs var:Lang.Me.MarkUnreachable ?></button></div>
  </form>
  <?cs /if ?>
  <?cs /if ?>
</section>

<section aria-labelledby="stage-h">
<h2 id="stage-h"><?cs var:Lang.Me.Stages ?></h2>
<p class="muted small"><?cs var:Lang.Me.StagesHint ?></p>
<svg class="chart" viewBox="0 0 400 <?cs var:Me.ChartHeight ?>" width="100%" role="img" aria-labelledby="me-t" preserveAspectRatio="xMinYMin meet">
  <title id="me-t"><?cs var:Lang.Me.ChartTitle ?></title>
  <?cs each:s = Me.Stages ?><?cs if:s.Y ?>
  <text x="0" y="<?cs var:s.TextY ?>" font-size="13" fill="#333"><?cs var:s.Name ?></text>
  <rect x="120" y="<?cs var:s.Y ?>" width="<?cs var:s.MineBar ?>" height="16" rx="2" fill="#2f6fb3"><title><?cs var:Lang.Me.Mine ?> <?cs var:s.Mine ?></title></rect>
  <text x="<?cs var:s.MineX ?>" y="<?cs var:s.TextY ?>" font-size="12" fill="#333"><?cs var:s.Mine ?></text>
  <rect x="120" y="<?cs var:s.Y2 ?>" width="<?cs var:s.TeamBar ?>" height="16" rx="2" fill="#9aa5b1"><title><?cs var:Lang.Me.Team ?> <?cs var:s.Team ?></title></rect>
  <text x="<?cs var:s.TeamX ?>" y="<?cs var:s.TextY2 ?>" font-size="12" fill="#333"><?cs var:s.Team ?></text>
  <?cs /if ?><?cs /each ?>
</svg>
<table class="list" id="me-table" aria-label="<?cs var:Lang.Dash.TableCaption ?>">
  <thead><tr><th scope="col"><?cs var:Lang.Deals.Stage ?></th><th scope="col"><?cs var:Lang.Me.OpenNow ?></th><th scope="col"><?cs var:Lang.Me.Mine ?></th><th scope="col"><?cs var:Lang.Me.Team ?></th></tr></thead>
  <tbody>
  <?cs each:s = Me.Stages ?><tr><th scope="row"><?cs var:s.Name ?></th>
    <td data-label="<?cs var:Lang.Me.OpenNow ?>"><?cs var:s.Open ?></td>
    <td data-label="<?cs var:Lang.Me.Mine ?>"><?cs if:s.Mine ?><?cs var:s.Mine ?> <?cs var:Lang.Deals.DaysUnit ?><?cs else ?>—<?cs /if ?></td>
    <td data-label="<?cs var:Lang.Me.Team ?>"><?cs if:s.Team ?><?cs var:s.Team ?> <?cs var:Lang.Deals.DaysUnit ?><?cs else ?>—<?cs /if ?></td></tr>
  <?cs /each ?>
  </tbody>
</table>
</section>

<section class="card" aria-labelledby="tasks-h" id="my-tasks">
  <h2 id="tasks-h"><?cs var:Lang.Me.Tasks ?> <span class="badge" id="tasks-open"><?cs var:Me.Tasks.Open ?></span><?cs if:Me.Tasks.Overdue > 0 ?> <span class="badge bad" id="tasks-overdue"><?cs var:Me.Tasks.Overdue ?> <?cs var:Lang.Today.OverdueCount ?></span><?cs /if ?></h2>
  <?cs if:subcount(Me.Tasks.List) == 0 ?><p class="empty"><?cs var:Lang.Me.NoTasks ?></p><?cs else ?>
  <ul class="tasks">
  <?cs each:t = Me.Tasks.List ?><li><a href="<?cs call:task_href(t) ?>"><?cs var:t.Title ?></a> · <?cs if:t.DealId ?><?cs var:t.DealName ?><?cs else ?><?cs var:t.Customer ?><?cs /if ?> · <span class="<?cs if:t.Overdue == 1 ?>bad<?cs else ?>muted<?cs /if ?> small"><?cs var:t.Due ?></span></li><?cs /each ?>
  </ul>
  <?cs /if ?>
</section>

<section class="card" aria-labelledby="sla-h" id="sla">
  <h2 id="sla-h"><?cs var:Lang.Me.Sla ?></h2>
  <dl class="facts">
    <dt><?cs var:Lang.Me.SlaLeads ?></dt><dd id="sla-leads"><?cs var:Me.Sla.Leads ?></dd>
    <dt><?cs var:Lang.Me.SlaLate ?></dt><dd id="sla-late"><?cs var:Me.Sla.Late ?></dd>
    <dt><?cs var:Lang.Me.SlaWaiting ?></dt><dd id="sla-waiting"><?cs var:Me.Sla.Waiting ?></dd>
    <dt><?cs var:Lang.Me.Response ?></dt><dd id="sla-hours"><?cs if:Me.Sla.MineHours ?><?cs var:Me.Sla.MineHours ?><?cs else ?>—<?cs /if ?> h <span class="muted">(<?cs var:Lang.Me.Team ?> <?cs if:Me.Sla.TeamHours ?><?cs var:Me.Sla.TeamHours ?><?cs else ?>—<?cs /if ?> h)</span></dd>
  </dl>
</section>
<?cs call:review_form("/dashboard/me") ?>
<?cs include:"footer.cs" ?>
