<?cs set:Page.Title = Lang.Admin.Users ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<div class="titlebar">
  <h1><?cs var:Lang.Admin.Users ?></h1>
  <a class="button primary" href="/admin/users/new"><?cs var:Lang.Admin.NewUser ?></a>
</div>
<nav class="filters" aria-label="<?cs var:Lang.User.Status ?>">
  <a href="/admin/users"<?cs if:!Query.status ?> aria-current="true"<?cs /if ?>><?cs var:Lang.Admin.All ?></a>
  <a href="/admin/users?status=active"<?cs if:Query.status == "active" ?> aria-current="true"<?cs /if ?>><?cs var:Lang.Status.active ?></a>
  <a href="/admin/users?status=frozen"<?cs if:Query.status == "frozen" ?> aria-current="true"<?cs /if ?>><?cs var:Lang.Status.frozen ?></a>
  <a href="/admin/users?status=departed"<?cs if:Query.status == "departed" ?> aria-current="true"<?cs /if ?>><?cs var:Lang.Status.departed ?></a>
</nav>
<table class="list">
  <thead><tr><th><?cs var:Lang.User.Name ?></th><th><?cs var:Lang.User.Role ?></th><th class="opt"><?cs var:Lang.User.Team ?></th><th class="opt"><?cs var:Lang.User.Manager ?></th><th class="opt"><?cs var:Lang.User.Cert ?></th><th><?cs var:Lang.User.Status ?></th></tr></thead>
  <tbody>
  <?cs each:u = Users.Items ?>
  <tr><td data-label="<?cs var:Lang.User.Name ?>"><a href="/admin/users/<?cs var:u.Id ?>"><?cs var:u.Name ?></a> <span class="muted small"><?cs var:u.Login ?></span></td>
      <td data-label="<?cs var:Lang.User.Role ?>"><?cs var:Lang.Role[u.Role] ?></td>
      <td class="opt" data-label="<?cs var:Lang.User.Team ?>"><?cs var:u.Team ?></td>
      <td class="opt" data-label="<?cs var:Lang.User.Manager ?>"><?cs var:u.Manager ?></td>
      <td class="opt" data-label="<?cs var:Lang.User.Cert ?>"><?cs var:u.CertExpires ?><?cs if:u.CertExpired == "1" ?> <span class="badge bad"><?cs var:Lang.User.CertExpired ?></span><?cs /if ?></td>
      <td data-label="<?cs var:Lang.User.Status ?>"><?cs call:status_badge(u.Status) ?></td></tr>
  <?cs /each ?>
  </tbody>
</table>
<?cs include:"footer.cs" ?>
