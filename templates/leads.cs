<?cs set:Page.Title = Lang.Leads.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<div class="titlebar">
  <h1><?cs var:Lang.Leads.Title ?></h1>
  <?cs if:User.Can.LeadEdit ?><a class="button" href="/leads/import"><?cs var:Lang.Leads.Import ?></a><?cs /if ?>
</div>
<details class="filters-box"<?cs if:Query.channel || Query.tier || Query.status || Query.owner || Query.region || Query.from || Query.to || Query.q ?> open<?cs /if ?>>
  <summary><?cs var:Lang.Leads.Filter ?></summary>
  <form method="get" action="/leads" class="form filter-form">
    <div class="field"><label for="f-q"><?cs var:Lang.Form.Search ?></label><input id="f-q" type="search" name="q" value="<?cs var:Query.q ?>" placeholder="<?cs var:Lang.Leads.SearchHint ?>"></div>
    <div class="field"><label for="f-channel"><?cs var:Lang.Leads.Channel ?></label><select id="f-channel" name="channel"><option value=""><?cs var:Lang.Admin.All ?></option>
      <?cs each:c = Choices.Channels ?><option value="<?cs var:c.Id ?>"<?cs if:c.Id == Query.channel ?> selected<?cs /if ?>><?cs var:c.Name ?></option><?cs /each ?></select></div>
    <div class="field"><label for="f-tier"><?cs var:Lang.Leads.Tier ?></label><select id="f-tier" name="tier"><option value=""><?cs var:Lang.Admin.All ?></option>
      <option value="high"<?cs if:Query.tier == "high" ?> selected<?cs /if ?>><?cs var:Lang.Tier.high ?></option>
      <option value="medium"<?cs if:Query.tier == "medium" ?> selected<?cs /if ?>><?cs var:Lang.Tier.medium ?></option>
      <option value="low"<?cs if:Query.tier == "low" ?> selected<?cs /if ?>><?cs var:Lang.Tier.low ?></option></select></div>
    <div class="field"><label for="f-status"><?cs var:Lang.Leads.Status ?></label><select id="f-status" name="status"><option value=""><?cs var:Lang.Admin.All ?></option>
      <?cs each:s = Lang.LeadStatus ?><option value="<?cs name:s ?>"<?cs if:name(s) == Query.status ?> selected<?cs /if ?>><?cs var:s ?></option><?cs /each ?></select></div>
    <div class="field"><label for="f-owner"><?cs var:Lang.Leads.Owner ?></label><select id="f-owner" name="owner"><option value=""><?cs var:Lang.Admin.All ?></option>
      <option value="me"<?cs if:Query.owner == "me" ?> selected<?cs /if ?>><?cs var:Lang.Leads.Mine ?></option>
      <option value="none"<?cs if:Query.owner == "none" ?> selected<?cs /if ?>><?cs var:Lang.Leads.Unassigned ?></option></select></div>
    <div class="field"><label for="f-region"><?cs var:Lang.User.Region ?></label><select id="f-region" name="region"><option value=""><?cs var:Lang.Admin.All ?></option>
      <?cs each:g = Choices.Regions ?><option value="<?cs var:g.Id ?>"<?cs if:g.Id == Query.region ?> selected<?cs /if ?>><?cs var:g.Name ?></option><?cs /each ?></select></div>
    <div class="field"><label for="f-from"><?cs var:Lang.Leads.From ?></label><input id="f-from" type="date" name="from" value="<?cs var:Query.from ?>"></div>
    <div class="field"><label for="f-to"><?cs var:Lang.Leads.To ?></label><input id="f-to" type="date" name="to" value="<?cs var:Query.to ?>"></div>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.Leads.Apply ?></button> <a href="/leads"><?cs var:Lang.Leads.Clear ?></a></div>
  </form>
</details>
<?cs if:Leads.Count == 0 ?>
<p class="empty"><?cs var:Lang.Leads.Empty ?></p>
<?cs else ?>
<table class="list">
  <thead><tr><th><?cs var:Lang.Leads.Lead ?></th><th><?cs var:Lang.Leads.Tier ?></th><th><?cs var:Lang.Leads.Status ?></th><th><?cs var:Lang.User.Phone ?></th><th class="opt"><?cs var:Lang.Leads.Channel ?></th><th class="opt"><?cs var:Lang.Leads.Owner ?></th><th class="opt"><?cs var:Lang.Leads.Created ?></th></tr></thead>
  <tbody>
  <?cs # The row loop is the page's cost (docs/ARCHITECTURE.md, "The lead
       list's cost"): no macro calls in it, and every language table it reads
       is a local (L, T, S), so a lookup starts at that node rather than
       failing through the request's data first. ?>
  <?cs with:L = Lang.Leads ?><?cs with:T = Lang.Tier ?><?cs with:S = Lang.LeadStatus ?>
  <?cs each:l = Leads.Items ?>
  <tr<?cs if:l.Overdue == "1" ?> class="overdue"<?cs /if ?>>
    <td data-label="<?cs var:L.Lead ?>"><a href="/leads/<?cs var:l.Id ?>"><?cs var:l.Name ?></a><?cs if:l.Company ?> <span class="muted small"><?cs var:l.Company ?></span><?cs /if ?><?cs if:l.Overdue == "1" ?> <span class="badge bad"><?cs var:L.Overdue ?></span><?cs /if ?></td>
    <td data-label="<?cs var:L.Tier ?>"><span class="badge tier-<?cs var:l.Tier ?>"><?cs var:T[l.Tier] ?></span></td>
    <td data-label="<?cs var:L.Status ?>"><?cs var:S[l.Status] ?></td>
    <td data-label="<?cs var:Lang.User.Phone ?>"><?cs if:l.Phone.Masked ?><span class="masked"><?cs var:l.Phone ?></span><?cs elif:l.Phone ?><a href="tel:<?cs var:l.Phone ?>"><?cs var:l.Phone ?></a><?cs /if ?></td>
    <td class="opt" data-label="<?cs var:L.Channel ?>"><?cs var:l.Channel ?></td>
    <td class="opt" data-label="<?cs var:L.Owner ?>"><?cs if:l.Owner ?><?cs var:l.Owner ?><?cs else ?><span class="muted"><?cs var:L.Unassigned ?></span><?cs /if ?></td>
    <td class="opt" data-label="<?cs var:L.Created ?>"><?cs var:l.Created ?></td>
  </tr>
  <?cs /each ?>
  <?cs /with ?><?cs /with ?><?cs /with ?>
  </tbody>
</table>
<?cs if:Pager.After ?>
<nav class="pager" aria-label="<?cs var:Lang.Pager.Label ?>"><a href="/leads?after=<?cs var:Pager.After ?><?cs
  if:Query.q ?>&q=<?cs var:url_escape(Query.q) ?><?cs /if ?><?cs
  if:Query.channel ?>&channel=<?cs var:Query.channel ?><?cs /if ?><?cs
  if:Query.tier ?>&tier=<?cs var:Query.tier ?><?cs /if ?><?cs
  if:Query.status ?>&status=<?cs var:Query.status ?><?cs /if ?><?cs
  if:Query.owner ?>&owner=<?cs var:Query.owner ?><?cs /if ?><?cs
  if:Query.region ?>&region=<?cs var:Query.region ?><?cs /if ?><?cs
  if:Query.from ?>&from=<?cs var:Query.from ?><?cs /if ?><?cs
  if:Query.to ?>&to=<?cs var:Query.to ?><?cs /if ?>"><?cs var:Lang.Pager.Next ?> ›</a></nav>
<?cs /if ?>
<?cs /if ?>
<?cs include:"footer.cs" ?>
