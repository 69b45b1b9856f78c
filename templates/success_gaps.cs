<?cs set:Page.Title = Lang.Success.GapsTitle ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1><?cs var:Lang.Success.GapsTitle ?></h1>
<p class="muted"><?cs var:Lang.Success.GapsIntro ?></p>
<?cs if:GapCount == 0 ?><p class="flash ok" role="status"><?cs var:Lang.Success.GapsNone ?></p><?cs else ?>
<table class="list gaps">
  <caption><?cs var:GapCount ?> <?cs var:Lang.Success.GapsCount ?></caption>
  <thead><tr><th scope="col"><?cs var:Lang.Success.Customer ?></th><th scope="col"><?cs var:Lang.Leads.Owner ?></th><th scope="col"><?cs var:Lang.Success.WonDeal ?></th><th scope="col"><?cs var:Lang.Success.WonAt ?></th><th scope="col"><?cs var:Lang.Success.Missing ?></th></tr></thead>
  <tbody>
  <?cs each:g = Gaps ?>
  <tr><td data-label="<?cs var:Lang.Success.Customer ?>"><a href="/customers/<?cs var:g.Id ?>/success"><?cs var:g.Name ?></a></td>
      <td data-label="<?cs var:Lang.Leads.Owner ?>"><?cs if:g.Owner ?><?cs var:g.Owner ?><?cs else ?>—<?cs /if ?></td>
      <td data-label="<?cs var:Lang.Success.WonDeal ?>"><?cs var:g.Deal ?></td>
      <td data-label="<?cs var:Lang.Success.WonAt ?>"><?cs var:g.WonAt ?></td>
      <td data-label="<?cs var:Lang.Success.Missing ?>"><span class="badge warn"><?cs var:Lang.Success.Reason[g.Reason] ?></span></td></tr>
  <?cs /each ?>
  </tbody>
</table>
<?cs /if ?>
<?cs include:"footer.cs" ?>
