<?cs set:Page.Title = Lang.Home.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<section class="card">
  <h1><?cs var:User.Name ?></h1>
  <dl class="facts">
    <dt><?cs var:Lang.User.Role ?></dt><dd><?cs var:Lang.Role[User.Role] ?></dd>
    <?cs if:Me.Team ?><dt><?cs var:Lang.User.Team ?></dt><dd><?cs var:Me.Team ?></dd><?cs /if ?>
    <?cs if:Me.Region ?><dt><?cs var:Lang.User.Region ?></dt><dd><?cs var:Me.Region ?></dd><?cs /if ?>
    <?cs if:Me.Manager ?><dt><?cs var:Lang.User.Manager ?></dt><dd><?cs var:Me.Manager ?></dd><?cs /if ?>
    <?cs if:Me.CertNo ?><dt><?cs var:Lang.User.Cert ?></dt>
      <dd><?cs var:Me.CertNo ?> · <?cs var:Me.CertExpires ?><?cs if:Me.CertExpired == "1" ?> <span class="badge bad"><?cs var:Lang.User.CertExpired ?></span><?cs /if ?></dd><?cs /if ?>
  </dl>
</section>
<section class="card">
  <h2><?cs var:Lang.Home.YouCan ?></h2>
  <ul class="tiles">
    <?cs if:User.Can.PeopleRead ?><li><a href="/people"><?cs var:Lang.Nav.People ?></a><span><?cs var:Lang.Home.PeopleHint ?></span></li><?cs /if ?>
    <?cs if:User.Can.AdminUsers ?><li><a href="/admin/users"><?cs var:Lang.Nav.Users ?></a><span><?cs var:Lang.Home.UsersHint ?></span></li><?cs /if ?>
    <?cs if:User.Can.AdminOrg ?><li><a href="/admin/org"><?cs var:Lang.Nav.Org ?></a><span><?cs var:Lang.Home.OrgHint ?></span></li><?cs /if ?>
    <?cs if:User.Can.AdminRoles ?><li><a href="/admin/roles"><?cs var:Lang.Nav.Roles ?></a><span><?cs var:Lang.Home.RolesHint ?></span></li><?cs /if ?>
    <li><a href="/profile"><?cs var:Lang.Nav.Profile ?></a><span><?cs var:Lang.Home.ProfileHint ?></span></li>
  </ul>
</section>
<?cs include:"footer.cs" ?>
