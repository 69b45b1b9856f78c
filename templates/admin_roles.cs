<?cs set:Page.Title = Lang.Admin.Roles ?>
<?cs include:"header.cs" ?>
<h1><?cs var:Lang.Admin.Roles ?></h1>
<p class="muted"><?cs var:Lang.Admin.RolesIntro ?></p>
<div class="scroll-x">
<table class="grid roles">
  <thead><tr><td></td><?cs each:r = Roles ?><th scope="col" class="role"><?cs var:Lang.Role[r.Code] ?></th><?cs /each ?></tr></thead>
  <tbody>
  <tr><th scope="row"><?cs var:Lang.Admin.ReadScope ?></th><?cs each:r = Roles ?><td class="scope"><?cs var:Lang.Scope[r.ReadScope] ?></td><?cs /each ?></tr>
  <tr><th scope="row"><?cs var:Lang.Admin.EditScope ?></th><?cs each:r = Roles ?><td class="scope"><?cs var:Lang.Scope[r.EditScope] ?></td><?cs /each ?></tr>
  <tr class="sep"><th scope="row"><?cs var:Lang.Admin.UserCount ?></th><?cs each:r = Roles ?><td class="num"><?cs var:r.Users ?></td><?cs /each ?></tr>
  <?cs each:c = Caps ?>
  <tr><th scope="row" title="<?cs var:c.Code ?>"><?cs var:Lang.Cap[c.Name] ?></th>
  <?cs each:r = Roles ?><td class="cap"><?cs if:r.Has[name(c)] ?><span role="img" aria-label="<?cs var:Lang.Admin.Yes ?>">✔</span><?cs /if ?></td><?cs /each ?></tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<?cs include:"footer.cs" ?>
