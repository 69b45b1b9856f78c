<?cs set:Page.Title = Lead.Name ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<?cs include:"activity_macros.cs" ?>
<p class="crumbs"><a href="/leads"><?cs var:Lang.Leads.Title ?></a> ›</p>
<div class="titlebar">
  <h1><?cs var:Lead.Name ?> <span class="badge tier-<?cs var:Lead.Tier ?>"><?cs var:Lang.Tier[Lead.Tier] ?></span></h1>
  <?cs if:Lead.CanEdit && Lead.Status != "converted" ?>
  <form method="post" action="/leads/<?cs var:Lead.Id ?>/convert"><?cs call:csrf_field() ?><button type="submit" class="primary"><?cs var:Lang.Leads.Convert ?></button></form>
  <?cs /if ?>
</div>
<?cs if:Lead.Overdue == "1" ?><p class="flash error"><?cs var:Lang.Leads.OverdueSince ?> <?cs var:Lead.Due ?></p><?cs /if ?>
<div class="grid2">
<section class="card">
  <dl class="facts">
    <dt><?cs var:Lang.Leads.Status ?></dt><dd><?cs var:Lang.LeadStatus[Lead.Status] ?><?cs if:Lead.CustomerId ?> · <a href="/customers/<?cs var:Lead.CustomerId ?>"><?cs var:Lang.Leads.ToCustomer ?></a><?cs /if ?><?cs if:Lead.DealId ?> · <a href="/deals/<?cs var:Lead.DealId ?>"><?cs var:Lang.Nav.Deals ?></a><?cs /if ?></dd>
    <?cs if:Lead.Company ?><dt><?cs var:Lang.PublicForm.Company ?></dt><dd><?cs var:Lead.Company ?></dd><?cs /if ?>
    <?cs if:Form.Errors.reason ?><dt></dt><dd><p class="error"><?cs var:Lang[Form.Errors.reason] ?></p></dd><?cs /if ?>
    <?cs if:Lead.Phone ?><dt><?cs var:Lang.User.Phone ?></dt><dd><?cs call:sensitive(Lead.Phone, "/leads/" + Lead.Id, "phone", 1) ?></dd><?cs /if ?>
    <?cs if:Lead.Email ?><dt><?cs var:Lang.User.Email ?></dt><dd><?cs call:sensitive(Lead.Email, "/leads/" + Lead.Id, "email", 0) ?></dd><?cs /if ?>
    <?cs if:Lead.Region ?><dt><?cs var:Lang.User.Region ?></dt><dd><?cs var:Lead.Region ?> (<?cs var:Lead.RegionCode ?>)</dd><?cs /if ?>
    <?cs if:Lead.Industry ?><dt><?cs var:Lang.PublicForm.Industry ?></dt><dd><?cs var:Lang.Industry[Lead.Industry] ?></dd><?cs /if ?>
    <?cs if:Lead.Need ?><dt><?cs var:Lang.PublicForm.Need ?></dt><dd><?cs var:Lead.Need ?></dd><?cs /if ?>
    <?cs if:subcount(Lead.Signals) > 0 ?><dt><?cs var:Lang.Leads.Signals ?></dt><dd><?cs each:s = Lead.Signals ?><span class="badge"><?cs var:Lang.Intent[s.Code] ?></span> <?cs /each ?></dd><?cs /if ?>
    <dt><?cs var:Lang.Leads.Owner ?></dt><dd><?cs if:Lead.Owner ?><?cs var:Lead.Owner ?><?cs else ?><?cs var:Lang.Leads.Unassigned ?><?cs /if ?></dd>
  </dl>
</section>
<section class="card">
  <h2><?cs var:Lang.Leads.Source ?></h2>
  <dl class="facts">
    <dt><?cs var:Lang.Leads.Channel ?></dt><dd><?cs var:Lead.Channel ?> · <code><?cs var:Lead.Source ?></code></dd>
    <dt><?cs var:Lang.Leads.Created ?></dt><dd><?cs var:Lead.Created ?></dd>
    <dt><?cs var:Lang.Leads.Due ?></dt><dd><?cs var:Lead.Due ?><?cs if:Lead.WorkHours ?> <span class="muted small" id="due-work"><?cs var:Lang.Leads.DueWork ?> <?cs var:Lead.WorkHours ?><?cs if:Lead.LeftMin ?> · <?cs var:Lang.Leads.WorkLeft ?> <?cs var:Lead.LeftMin ?> <?cs var:Lang.Leads.WorkMinutes ?><?cs /if ?></span><?cs /if ?></dd>
    <dt><?cs var:Lang.Leads.FirstResponse ?></dt><dd><?cs if:Lead.FirstResponse ?><?cs var:Lead.FirstResponse ?><?cs else ?>—<?cs /if ?></dd>
    <?cs if:Lead.Ip ?><dt><?cs var:Lang.Leads.Ip ?></dt><dd><?cs var:Lead.Ip ?></dd><?cs /if ?>
    <?cs if:Lead.Referrer ?><dt><?cs var:Lang.Leads.Referrer ?></dt><dd class="wrap"><?cs var:Lead.Referrer ?></dd><?cs /if ?>
    <?cs if:Lead.UserAgent ?><dt><?cs var:Lang.Leads.UserAgent ?></dt><dd class="wrap small"><?cs var:Lead.UserAgent ?></dd><?cs /if ?>
  </dl>
</section>
</div>
<?cs if:(Lead.CanEdit && Lead.Status != "converted") || subcount(Lead.Assignable) > 0 ?>
<section class="card">
  <h2><?cs var:Lang.Leads.Manage ?></h2>
  <div class="inline-forms">
  <?cs if:Lead.CanEdit && Lead.Status != "converted" ?>
  <form method="post" action="/leads/<?cs var:Lead.Id ?>/status" class="form">
    <?cs call:csrf_field() ?>
    <label for="f-status"><?cs var:Lang.Leads.Status ?></label>
    <select id="f-status" name="status" required>
      <?cs if:Lead.Status == "new" ?><option value="" selected disabled><?cs var:Lang.Leads.ChooseStatus ?></option><?cs /if ?>
      <option value="contacted"<?cs if:Lead.Status == "contacted" ?> selected<?cs /if ?>><?cs var:Lang.LeadStatus.contacted ?></option>
      <option value="qualified"<?cs if:Lead.Status == "qualified" ?> selected<?cs /if ?>><?cs var:Lang.LeadStatus.qualified ?></option>
      <option value="disqualified"<?cs if:Lead.Status == "disqualified" ?> selected<?cs /if ?>><?cs var:Lang.LeadStatus.disqualified ?></option>
    </select>
    <button type="submit"><?cs var:Lang.Form.Save ?></button>
  </form>
  <?cs /if ?>
  <?cs if:subcount(Lead.Assignable) > 0 ?>
  <form method="post" action="/leads/<?cs var:Lead.Id ?>/assign" class="form">
    <?cs call:csrf_field() ?>
    <label for="f-owner"><?cs var:Lang.Leads.AssignTo ?></label>
    <select id="f-owner" name="owner">
      <?cs each:a = Lead.Assignable ?><option value="<?cs var:a.Id ?>"<?cs if:a.Name == Lead.Owner ?> selected<?cs /if ?>><?cs var:a.Name ?></option><?cs /each ?>
    </select>
    <button type="submit"><?cs var:Lang.Leads.Assign ?></button>
  </form>
  <?cs /if ?>
  </div>
</section>
<?cs /if ?>
<?cs if:Lead.Why.Id ?>
<section class="card why" id="why">
  <h2><?cs var:Lang.Routing.WhyTitle ?></h2>
  <p><?cs if:Lead.Why.Outcome == "assigned" ?><?cs var:Lang.Routing.PlacedBy ?> <strong><?cs var:Lead.Why.Rule ?></strong> (<?cs var:Lang.Routing.S[Lead.Why.Strategy] ?>) → <strong class="owner"><?cs var:Lead.Why.Owner ?></strong><?cs else ?><span class="error"><?cs var:Lang.Routing.NotPlaced ?>: <?cs var:Lang.Routing.Why[Lead.Why.Reason] ?></span><?cs /if ?>
   <small class="muted">· <?cs var:Lead.Why.At ?> · <?cs var:Lang.Routing.Via[Lead.Why.Via] ?></small></p>
  <?cs if:Lead.Why.Waiting ?><p class="muted"><?cs var:Lang.Routing.StillWaiting ?>: <?cs var:Lang.Routing.Why[Lead.Why.Waiting] ?></p><?cs /if ?>
  <?cs if:Lead.Why.Strategy == "weighted" ?><p class="muted small"><?cs var:Lang.Routing.Formula ?>: <?cs var:Lead.Why.WSpeed ?> × <?cs var:Lang.Routing.Speed ?> + <?cs var:Lead.Why.WConv ?> × <?cs var:Lang.Routing.Conv ?> + <?cs var:Lead.Why.WLoad ?> × <?cs var:Lang.Routing.LoadHealth ?></p><?cs /if ?>
  <?cs if:subcount(Lead.Why.Candidates) > 0 ?>
  <table class="list candidates">
    <thead><tr><th><?cs var:Lang.Routing.Candidate ?></th><th><?cs var:Lang.Routing.Rule ?></th><th><?cs var:Lang.Routing.Load ?></th><th><?cs var:Lang.Routing.Scores ?></th><th><?cs var:Lang.Routing.Verdict ?></th></tr></thead>
    <tbody>
    <?cs each:c = Lead.Why.Candidates ?>
    <tr<?cs if:c.Chosen == "1" ?> class="chosen"<?cs /if ?>><td data-label="<?cs var:Lang.Routing.Candidate ?>"><?cs var:c.Name ?></td>
      <td data-label="<?cs var:Lang.Routing.Rule ?>"><?cs var:c.Rule ?></td>
      <td data-label="<?cs var:Lang.Routing.Load ?>"><?cs var:c.Load ?> / <?cs var:c.Cap ?></td>
      <td data-label="<?cs var:Lang.Routing.Scores ?>"><?cs var:c.Total ?> <small>(<?cs var:c.Speed ?> · <?cs var:c.Conv ?> · <?cs var:c.LoadScore ?>)</small></td>
      <td data-label="<?cs var:Lang.Routing.Verdict ?>" class="verdict"><?cs if:c.Chosen == "1" ?><strong><?cs var:Lang.Routing.Chosen ?></strong><?cs elif:c.Skip ?><?cs var:Lang.Routing.Skip[c.Skip] ?><?cs else ?><?cs var:Lang.Routing.Eligible ?><?cs /if ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs /if ?>
</section>
<?cs /if ?>
<?cs if:Lead.CanEdit ?><?cs call:quick_actions("/leads/" + Lead.Id) ?><?cs /if ?>
<?cs call:timeline(Lead.Activities, Lead.History) ?>
<?cs include:"footer.cs" ?>
