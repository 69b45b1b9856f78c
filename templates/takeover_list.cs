<?cs set:Page.Title = Lang.Takeover.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<div class="titlebar"><h1><?cs var:Lang.Takeover.Title ?></h1></div>
<p class="muted"><?cs var:Lang.Takeover.Intro ?></p>
<?cs if:subcount(Takeover.People) == 0 ?><p class="empty"><?cs var:Lang.Takeover.Nobody ?></p><?cs else ?>
<table class="list">
  <thead><tr><th><?cs var:Lang.Takeover.Person ?></th><th><?cs var:Lang.Takeover.Customers ?></th><th><?cs var:Lang.Takeover.Deals ?></th><th><?cs var:Lang.Takeover.Leads ?></th><th><?cs var:Lang.Takeover.Tasks ?></th></tr></thead>
  <tbody><?cs each:p = Takeover.People ?>
  <tr><td data-label="<?cs var:Lang.Takeover.Person ?>"><a href="/takeover/<?cs var:p.Id ?>"><?cs var:p.Name ?></a> <span class="muted small"><?cs var:p.Login ?></span> <?cs call:status_badge(p.Status) ?><?cs if:p.Frozen == "1" ?> <span class="badge bad"><?cs var:Lang.Takeover.OpsFrozen ?></span><?cs /if ?></td>
      <td data-label="<?cs var:Lang.Takeover.Customers ?>"><?cs var:p.Customers ?></td>
      <td data-label="<?cs var:Lang.Takeover.Deals ?>"><?cs var:p.Deals ?></td>
      <td data-label="<?cs var:Lang.Takeover.Leads ?>"><?cs var:p.Leads ?></td>
      <td data-label="<?cs var:Lang.Takeover.Tasks ?>"><?cs var:p.Tasks ?></td></tr>
  <?cs /each ?></tbody>
</table>
<?cs /if ?>
<?cs include:"footer.cs" ?>
