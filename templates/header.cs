<?cs # The page frame, Trac-style: every page includes header.cs and footer.cs.
     Variables are HTML-escaped by default (Config.VarEscapeMode=html). ?><!DOCTYPE html>
<html lang="<?cs var:Lang.Code ?>">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><?cs if:Page.Title ?><?cs var:Page.Title ?> · <?cs /if ?><?cs var:Lang.Site.Name ?></title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/css/app.css">
</head>
<body class="page-<?cs var:Page.Name ?>">
<?cs if:ViewAs.Active ?>
<div class="viewas" role="status">
  <span><?cs var:Lang.ViewAs.Banner ?> <strong><?cs var:User.Name ?></strong>（<?cs var:User.Login ?>）<?cs var:Lang.ViewAs.ReadOnly ?></span>
  <form method="post" action="/view-as/exit"><input type="hidden" name="_csrf" value="<?cs var:CSRF.Token ?>"><button type="submit"><?cs var:Lang.ViewAs.Exit ?></button></form>
</div>
<?cs /if ?>
<header class="topbar">
  <a class="brand" href="/"><?cs var:Lang.Site.Name ?></a>
  <?cs if:User.Id ?>
  <nav class="mainnav" aria-label="<?cs var:Lang.Nav.Main ?>">
    <?cs # the daily items stay in the bar; the rest folds into "更多/More" (no JS) ?>
    <?cs if:User.Can.LeadRead || User.Can.ContractEdit ?><a href="/today"<?cs if:Page.Name == "today" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Today.Title ?></a><?cs /if ?>
    <?cs if:User.Can.LeadRead ?><a href="/leads"<?cs if:Page.Name == "leads" || Page.Name == "lead" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Leads ?></a><?cs /if ?>
    <?cs if:User.Can.CustomerRead ?><a href="/customers"<?cs if:Page.Name == "customers" || Page.Name == "customer" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Customers ?></a><?cs /if ?>
    <?cs if:User.Can.DealRead ?><a href="/deals"<?cs if:Page.Name == "deals" || Page.Name == "deal" || Page.Name == "compliance" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Deals ?></a><a href="/board"<?cs if:Page.Name == "board" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Board ?></a><?cs /if ?>
    <a href="/tasks"<?cs if:Page.Name == "tasks" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Tasks ?></a>
    <?cs set:more_current = Page.Name == "dashboard" || Page.Name == "dashboard-me" || Page.Name == "reviews" || Page.Name == "exports" || Page.Name == "escalations" || Page.Name == "takeover" || Page.Name == "health" || Page.Name == "alerts" || Page.Name == "people" || Page.Name == "admin-users" || Page.Name == "admin-org" || Page.Name == "admin-channels" || Page.Name == "admin-company" || Page.Name == "admin-pipelines" || Page.Name == "admin-roles" || Page.Name == "audit" || Page.Name == "audit-row" || Page.Name == "profile" || Page.Name == "inbox" || Page.Name == "routing-queue" || Page.Name == "admin-routing" || Page.Name == "admin-jobs" || Page.Name == "success-gaps" || Page.Name == "handoffs" || Page.Name == "handoff-report" || Page.Name == "admin-handoffs" || Page.Name == "credibility" || Page.Name == "admin-grading" || Page.Name == "admin-complaints" ?>
    <details class="more">
      <summary<?cs if:more_current ?> class="current"<?cs /if ?>><?cs var:Lang.Nav.More ?><?cs if:User.Unread ?> <span class="count" title="<?cs var:Lang.Nav.Inbox ?>"><?cs var:User.Unread ?></span><?cs /if ?></summary>
      <div class="more-menu">
    <?cs if:User.Can.DealRead || User.Can.SuccessScan ?>
    <div class="more-group" role="group" aria-labelledby="more-insight">
      <p class="more-head" id="more-insight"><?cs var:Lang.Nav.Group.Insight ?></p>
      <?cs if:User.Can.DealRead ?><a href="/dashboard"<?cs if:Page.Name == "dashboard" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Dashboard ?></a><?cs /if ?>
      <?cs if:User.Can.DealRead ?><a href="/dashboard/me"<?cs if:Page.Name == "dashboard-me" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.MyDashboard ?></a><?cs /if ?>
      <?cs if:User.Can.DealRead ?><a href="/reviews"<?cs if:Page.Name == "reviews" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Reviews ?></a><?cs /if ?>
      <?cs if:User.Can.SuccessScan ?><a href="/success/gaps"<?cs if:Page.Name == "success-gaps" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.SuccessGaps ?></a><?cs /if ?>
    </div>
    <?cs /if ?>
    <div class="more-group" role="group" aria-labelledby="more-work">
      <p class="more-head" id="more-work"><?cs var:Lang.Nav.Group.Work ?></p>
      <a href="/handoffs"<?cs if:Page.Name == "handoffs" || Page.Name == "handoff-report" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Handoffs ?></a>
      <a href="/escalations"<?cs if:Page.Name == "escalations" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Escalations ?></a>
      <?cs if:User.Can.ExportRequest || User.Can.ExportApprove ?><a href="/exports"<?cs if:Page.Name == "exports" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Exports ?></a><?cs /if ?>
      <?cs if:User.Can.LeadAssign ?><a href="/routing/queue"<?cs if:Page.Name == "routing-queue" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Queue ?></a><?cs /if ?>
      <?cs if:User.Can.CredibilityReview ?><a href="/credibility"<?cs if:Page.Name == "credibility" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Credibility ?></a><?cs /if ?>
      <?cs if:User.Can.PeopleRead ?><a href="/people"<?cs if:Page.Name == "people" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.People ?></a><?cs /if ?>
    </div>
    <?cs if:User.Can.AdminUsers || User.Can.AdminOrg || User.Can.AdminConfig || User.Can.AdminRoles || User.Can.TakeoverRun ?>
    <div class="more-group" role="group" aria-labelledby="more-admin">
      <p class="more-head" id="more-admin"><?cs var:Lang.Nav.Group.Admin ?></p>
      <?cs if:User.Can.AdminUsers ?><a href="/admin/users"<?cs if:Page.Name == "admin-users" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Users ?></a><?cs /if ?>
      <?cs if:User.Can.AdminOrg ?><a href="/admin/org"<?cs if:Page.Name == "admin-org" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Org ?></a><?cs /if ?>
      <?cs if:User.Can.AdminRoles ?><a href="/admin/roles"<?cs if:Page.Name == "admin-roles" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Roles ?></a><?cs /if ?>
      <?cs if:User.Can.AdminConfig ?><a href="/admin/channels"<?cs if:Page.Name == "admin-channels" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Channels ?></a><?cs /if ?>
      <?cs if:User.Can.AdminConfig ?><a href="/admin/company"<?cs if:Page.Name == "admin-company" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Company ?></a><?cs /if ?>
      <?cs if:User.Can.AdminConfig ?><a href="/admin/pipelines"<?cs if:Page.Name == "admin-pipelines" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Pipelines ?></a><?cs /if ?>
      <?cs if:User.Can.AdminConfig ?><a href="/admin/handoffs"<?cs if:Page.Name == "admin-handoffs" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.HandoffTypes ?></a><?cs /if ?>
      <?cs if:User.Can.AdminConfig ?><a href="/admin/grading"<?cs if:Page.Name == "admin-grading" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Grading ?></a><?cs /if ?>
      <?cs if:User.Can.AdminConfig ?><a href="/admin/complaints"<?cs if:Page.Name == "admin-complaints" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Complaints ?></a><?cs /if ?>
      <?cs if:User.Can.AdminConfig ?><a href="/admin/routing"<?cs if:Page.Name == "admin-routing" || Page.Name == "admin-jobs" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Routing ?></a><?cs /if ?>
      <?cs if:User.Can.TakeoverRun ?><a href="/takeover"<?cs if:Page.Name == "takeover" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Takeover ?></a><?cs /if ?>
    </div>
    <?cs /if ?>
    <?cs if:User.Can.HealthRead || User.Can.SecurityAlerts || User.Can.AuditRead ?>
    <div class="more-group" role="group" aria-labelledby="more-security">
      <p class="more-head" id="more-security"><?cs var:Lang.Nav.Group.Security ?></p>
      <?cs if:User.Can.HealthRead ?><a href="/admin/permission-health"<?cs if:Page.Name == "health" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Health ?></a><?cs /if ?>
      <?cs if:User.Can.SecurityAlerts ?><a href="/security/alerts"<?cs if:Page.Name == "alerts" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Alerts ?></a><?cs /if ?>
      <?cs if:User.Can.AuditRead ?><a href="/audit"<?cs if:Page.Name == "audit" || Page.Name == "audit-row" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Audit ?></a><?cs /if ?>
    </div>
    <?cs /if ?>
    <div class="more-group" role="group" aria-labelledby="more-me">
      <p class="more-head" id="more-me"><?cs var:Lang.Nav.Group.Me ?></p>
      <a href="/inbox" class="inbox-link"<?cs if:Page.Name == "inbox" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav.Inbox ?><?cs if:User.Unread ?> <span class="count" id="unread"><?cs var:User.Unread ?></span><?cs /if ?></a>
      <a href="/profile"<?cs if:Page.Name == "profile" ?> aria-current="page"<?cs /if ?>><?cs var:User.Name ?></a>
      <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="<?cs var:CSRF.Token ?>"><button type="submit" class="link"><?cs var:Lang.Nav.Logout ?></button></form>
    </div>
      </div>
    </details>
  </nav>
  <?cs else ?>
  <nav class="langs" aria-label="<?cs var:Lang.Nav.Language ?>">
    <a href="?lang=zh-CN"<?cs if:Lang.Code == "zh-CN" ?> aria-current="true"<?cs /if ?>>中文</a>
    <a href="?lang=en"<?cs if:Lang.Code == "en" ?> aria-current="true"<?cs /if ?>>English</a>
  </nav>
  <?cs /if ?>
</header>
<main id="main">
<?cs if:Page.Flash ?><p class="flash ok" role="status"><?cs var:Lang.Flash[Page.Flash] ?></p><?cs /if ?>
