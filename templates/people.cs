<?cs set:Page.Title = Lang.People.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1><?cs var:Lang.People.Title ?></h1>
<p class="muted"><?cs var:Lang.People.ScopeIs ?> <strong><?cs var:Lang.Scope[People.Scope] ?></strong></p>
<form method="get" action="/people" class="search">
  <label for="f-q" class="sr-only"><?cs var:Lang.Form.Search ?></label>
  <input id="f-q" name="q" type="search" value="<?cs var:Query.q ?>" placeholder="<?cs var:Lang.People.SearchHint ?>">
  <button type="submit"><?cs var:Lang.Form.Search ?></button>
</form>
<?cs if:People.Count == 0 ?>
<p class="empty"><?cs var:Lang.People.Empty ?></p>
<?cs else ?>
<table class="list">
  <thead><tr><th><?cs var:Lang.User.Name ?></th><th><?cs var:Lang.User.Role ?></th><th class="opt"><?cs var:Lang.User.Team ?></th><th class="opt"><?cs var:Lang.User.Region ?></th><th class="opt"><?cs var:Lang.User.Manager ?></th><th><?cs var:Lang.User.Status ?></th></tr></thead>
  <tbody>
  <?cs each:p = People.Items ?>
  <tr><td data-label="<?cs var:Lang.User.Name ?>"><?cs var:p.Name ?> <span class="muted small"><?cs var:p.Login ?></span></td>
      <td data-label="<?cs var:Lang.User.Role ?>"><?cs var:Lang.Role[p.Role] ?></td>
      <td class="opt" data-label="<?cs var:Lang.User.Team ?>"><?cs var:p.Team ?></td>
      <td class="opt" data-label="<?cs var:Lang.User.Region ?>"><?cs var:p.Region ?></td>
      <td class="opt" data-label="<?cs var:Lang.User.Manager ?>"><?cs var:p.Manager ?></td>
      <td data-label="<?cs var:Lang.User.Status ?>"><?cs call:status_badge(p.Status) ?></td></tr>
  <?cs /each ?>
  </tbody>
</table>
<?cs if:Query.q ?><?cs call:pager("/people?q=" + url_escape(Query.q) + "&") ?><?cs else ?><?cs call:pager("/people?") ?><?cs /if ?>
<?cs /if ?>
<?cs include:"footer.cs" ?>
