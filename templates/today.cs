<?cs set:Page.Title = Lang.Today.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<?cs include:"handoff_macros.cs" ?>
<?cs # Sections come in the order today.c lists them; each key has a branch. ?>
<div class="titlebar today-head">
  <h1><?cs var:User.Name ?></h1>
  <span class="muted"><?cs var:Lang.Today.Title ?> · <?cs var:Lang.Role[User.Role] ?></span>
  <?cs if:User.Can.DealRead ?><a href="/dashboard/me" class="small-button"><?cs var:Lang.Nav.MyDashboard ?></a><?cs /if ?>
</div>
<?cs each:s = Today.Sections ?>
<?cs if:s.Key == "Tasks" ?>
<section class="card today-section" id="tasks">
  <h2><?cs var:Lang.Today.Tasks ?> <span class="badge"><?cs var:Today.Tasks.Count ?><?cs if:Today.Tasks.More ?>+<?cs /if ?></span><?cs
    if:Today.Tasks.Overdue > 0 ?> <span class="badge bad"><?cs var:Today.Tasks.Overdue ?> <?cs var:Lang.Today.OverdueCount ?></span><?cs /if ?></h2>
  <?cs if:Today.Tasks.Count == 0 ?>
  <p class="empty"><?cs var:Lang.Today.NoTasks ?></p>
  <?cs else ?>
  <ul class="today-list">
    <?cs each:t = Today.Tasks.Items ?>
    <li class="<?cs if:t.Overdue ?>overdue<?cs /if ?>">
      <a class="row-link" href="<?cs call:task_href(t) ?>"><strong><?cs var:t.Title ?></strong> <span class="muted"><?cs if:t.DealId ?><?cs var:t.Deal ?><?cs else ?><?cs var:t.Customer ?><?cs /if ?></span></a>
      <div class="meta">
        <span class="badge"><?cs if:t.DealId ?><?cs var:t.Stage ?><?cs else ?><?cs var:Lang.TaskKind[t.Kind] ?><?cs /if ?></span>
        <span class="sla<?cs if:t.Overdue ?> late<?cs /if ?>"><?cs if:t.Overdue ?><?cs var:Lang.Tasks.Overdue ?> · <?cs /if ?><?cs var:Lang.Tasks.Due ?> <?cs var:t.Due ?></span>
      </div>
      <form method="post" action="/tasks/<?cs var:t.Id ?>/done" class="today-tap">
        <?cs call:csrf_field() ?><input type="hidden" name="from" value="today">
        <button type="submit"><?cs var:Lang.Tasks.Done ?></button>
      </form>
    </li>
    <?cs /each ?>
  </ul>
  <p><a href="/tasks"><?cs var:Lang.Today.AllTasks ?></a></p>
  <?cs /if ?>
</section>
<?cs elif:s.Key == "Handoffs" ?>
<section class="card today-section" id="today-handoffs">
  <h2><?cs var:Lang.Handoff.Title ?> <span class="badge"><?cs var:Today.Handoffs.Count ?></span><?cs
    if:Today.Handoffs.Overdue > 0 ?> <span class="badge bad"><?cs var:Today.Handoffs.Overdue ?> <?cs var:Lang.Today.OverdueCount ?></span><?cs /if ?></h2>
  <?cs if:Today.Handoffs.Count == 0 ?>
  <p class="empty"><?cs var:Lang.Handoff.None ?></p>
  <?cs else ?>
  <ul class="today-list">
    <?cs each:h = Today.Handoffs.Items ?>
    <li class="<?cs if:h.Overdue ?>overdue<?cs /if ?>" data-handoff="<?cs var:h.Id ?>">
      <a class="row-link" href="/handoffs/<?cs var:h.Id ?>"><strong><?cs var:h.Type ?></strong> <span class="muted"><?cs var:h.Deal ?></span></a>
      <div class="meta">
        <span class="badge"><?cs if:h.Mine == "1" ?><?cs var:Lang.Handoff.From ?> <?cs var:h.From ?><?cs else ?><?cs var:Lang.Handoff.To ?> <?cs var:h.To ?><?cs /if ?></span>
        <?cs call:handoff_status(h) ?> <?cs call:handoff_clock(h) ?>
      </div>
    </li>
    <?cs /each ?>
  </ul>
  <?cs /if ?>
  <p><a href="/handoffs"><?cs var:Lang.Handoff.All ?></a></p>
</section>
<?cs elif:s.Key == "StaleDeals" ?>
<section class="card today-section" id="stale-deals">
  <h2><?cs var:Lang.Today.StaleDeals ?> <span class="badge<?cs if:Today.StaleDeals.Count > 0 ?> bad<?cs /if ?>"><?cs var:Today.StaleDeals.Count ?><?cs if:Today.StaleDeals.More ?>+<?cs /if ?></span></h2>
  <?cs if:Today.StaleDeals.Count == 0 ?>
  <p class="empty"><?cs var:Lang.Today.NoStaleDeals ?></p>
  <?cs else ?>
  <ul class="today-list">
    <?cs each:d = Today.StaleDeals.Items ?>
    <li class="overdue">
      <a class="row-link" href="/deals/<?cs var:d.Id ?>"><strong><?cs var:d.Name ?></strong> <span class="muted"><?cs var:d.Customer ?></span></a>
      <div class="meta">
        <span class="badge"><?cs var:d.Stage ?></span>
        <span class="sla late"><?cs var:d.Days ?> <?cs var:Lang.Today.Days ?> · <?cs var:Lang.Today.StaleLimit ?> <?cs var:d.LimitDays ?> <?cs var:Lang.Today.Days ?></span>
        <?cs if:d.Flagged == "1" ?><span class="badge bad"><?cs var:Lang.Today.Flagged ?></span><?cs /if ?>
      </div>
    </li>
    <?cs /each ?>
  </ul>
  <p><a href="/board"><?cs var:Lang.Today.Board ?></a></p>
  <?cs /if ?>
</section>
<?cs elif:s.Key == "Waiting" ?>
<section class="card today-section" id="waiting">
  <h2><?cs var:Lang.Today.Waiting ?> <span class="badge"><?cs var:Today.Waiting.Count ?><?cs if:Today.Waiting.More ?>+<?cs /if ?></span><?cs
    if:Today.Waiting.Overdue > 0 ?> <span class="badge bad"><?cs var:Today.Waiting.Overdue ?> <?cs var:Lang.Today.OverdueCount ?></span><?cs /if ?></h2>
  <?cs if:Today.Waiting.Count == 0 ?>
  <p class="empty"><?cs var:Lang.Today.NothingWaiting ?></p>
  <?cs else ?>
  <ul class="today-list">
    <?cs each:l = Today.Waiting.Items ?>
    <li class="<?cs if:l.Overdue ?>overdue<?cs /if ?>">
      <a class="row-link" href="/leads/<?cs var:l.Id ?>"><strong><?cs var:l.Name ?></strong><?cs if:l.Company ?> <span class="muted"><?cs var:l.Company ?></span><?cs /if ?></a>
      <div class="meta">
        <span class="badge tier-<?cs var:l.Tier ?>"><?cs var:Lang.Tier[l.Tier] ?></span>
        <span class="sla<?cs if:l.Overdue ?> late<?cs /if ?>" title="<?cs var:Lang.Today.DueAt ?> <?cs var:l.Due ?>"><?cs
          if:l.Overdue ?><?cs var:Lang.Today.Late ?><?cs else ?><?cs var:Lang.Today.Left ?><?cs /if ?> <?cs
          if:l.Clock.Days > 0 ?><?cs var:l.Clock.Days ?> <?cs var:Lang.Today.Days ?> <?cs /if ?><?cs
          if:l.Clock.Hours > 0 ?><?cs var:l.Clock.Hours ?> <?cs var:Lang.Today.Hours ?> <?cs /if ?><?cs
          if:l.Clock.Days == 0 ?><?cs var:l.Clock.Minutes ?> <?cs var:Lang.Today.Minutes ?><?cs /if ?></span>
        <span class="muted small"><?cs var:l.Channel ?><?cs if:l.Owner && l.Owner != User.Name ?> · <?cs var:l.Owner ?><?cs /if ?></span>
      </div>
      <?cs if:User.Can.LeadEdit ?>
      <form method="post" action="/leads/<?cs var:l.Id ?>/action" class="today-tap">
        <?cs call:csrf_field() ?><input type="hidden" name="kind" value="called">
        <button type="submit"><?cs var:Lang.Activity.called ?></button>
      </form>
      <?cs /if ?>
    </li>
    <?cs /each ?>
  </ul>
  <?cs if:Today.Waiting.More ?><p><a href="/leads?status=new&amp;owner=me"><?cs var:Lang.Today.MoreWaiting ?></a></p><?cs /if ?>
  <?cs /if ?>
</section>
<?cs elif:s.Key == "RecentLeads" ?>
<section class="card today-section" id="recent-leads">
  <h2><?cs var:Lang.Today.RecentLeads ?></h2>
  <?cs if:Today.RecentLeads.Count == 0 ?><p class="empty"><?cs var:Lang.Today.NoLeads ?></p><?cs else ?>
  <ul class="today-list">
    <?cs each:l = Today.RecentLeads.Items ?>
    <li><a class="row-link" href="/leads/<?cs var:l.Id ?>"><strong><?cs var:l.Name ?></strong><?cs if:l.Detail ?> <span class="muted"><?cs var:l.Detail ?></span><?cs /if ?></a>
      <div class="meta"><span class="badge"><?cs var:Lang.LeadStatus[l.Status] ?></span> <span class="muted small"><?cs var:l.When ?></span></div></li>
    <?cs /each ?>
  </ul>
  <p><a href="/leads?owner=me"><?cs var:Lang.Today.AllMyLeads ?></a></p>
  <?cs /if ?>
</section>
<?cs elif:s.Key == "RecentCustomers" ?>
<section class="card today-section" id="recent-customers">
  <h2><?cs var:Lang.Today.RecentCustomers ?></h2>
  <?cs if:Today.RecentCustomers.Count == 0 ?><p class="empty"><?cs var:Lang.Today.NoCustomers ?></p><?cs else ?>
  <ul class="today-list">
    <?cs each:c = Today.RecentCustomers.Items ?>
    <li><a class="row-link" href="/customers/<?cs var:c.Id ?>"><strong><?cs var:c.Name ?></strong><?cs if:c.Detail ?> <span class="muted"><?cs var:Lang.Industry[c.Detail] ?></span><?cs /if ?></a>
      <div class="meta"><?cs if:c.Status ?><span class="badge"><?cs var:c.Status ?></span> <?cs /if ?><span class="muted small"><?cs var:c.When ?></span>
        <a class="button small-button" href="/customers/<?cs var:c.Id ?>/sidebar"><?cs var:Lang.Today.Sidebar ?></a></div></li>
    <?cs /each ?>
  </ul>
  <?cs /if ?>
</section>
<?cs /if ?>
<?cs /each ?>
<?cs # What the start page offered before "today" (people, admin, profile). ?>
<nav class="card today-more" aria-label="<?cs var:Lang.Home.YouCan ?>">
  <ul class="tiles">
    <?cs if:User.Can.PeopleRead ?><li><a href="/people"><?cs var:Lang.Nav.People ?></a><span><?cs var:Lang.Home.PeopleHint ?></span></li><?cs /if ?>
    <?cs if:User.Can.AdminUsers ?><li><a href="/admin/users"><?cs var:Lang.Nav.Users ?></a><span><?cs var:Lang.Home.UsersHint ?></span></li><?cs /if ?>
    <?cs if:User.Can.AdminOrg ?><li><a href="/admin/org"><?cs var:Lang.Nav.Org ?></a><span><?cs var:Lang.Home.OrgHint ?></span></li><?cs /if ?>
    <?cs if:User.Can.AdminRoles ?><li><a href="/admin/roles"><?cs var:Lang.Nav.Roles ?></a><span><?cs var:Lang.Home.RolesHint ?></span></li><?cs /if ?>
    <li><a href="/profile"><?cs var:Lang.Nav.Profile ?></a><span><?cs var:Lang.Home.ProfileHint ?></span></li>
  </ul>
</nav>
<?cs include:"footer.cs" ?>
