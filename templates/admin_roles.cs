<?cs set:Page.Title = Lang.Admin.Roles ?>
<?cs include:"header.cs" ?>
<h1><?cs var:Lang.Admin.Roles ?></h1>
<p class="muted"><?cs var:Lang.Admin.RolesIntro ?></p>
<div class="scroll-x">
<table class="grid">
  <thead><tr><th scope="col"><?cs var:Lang.User.Role ?></th><th scope="col"><?cs var:Lang.Admin.ReadScope ?></th><th scope="col"><?cs var:Lang.Admin.EditScope ?></th><th scope="col"><?cs var:Lang.Admin.UserCount ?></th>
  <?cs each:c = Caps ?><th scope="col" class="cap" title="<?cs var:c.Code ?>"><?cs var:Lang.Cap[c.Name] ?></th><?cs /each ?></tr></thead>
  <tbody>
  <?cs each:r = Roles ?>
  <tr><th scope="row"><?cs var:Lang.Role[r.Code] ?></th><td class="scope"><?cs var:Lang.Scope[r.ReadScope] ?></td><td class="scope"><?cs var:Lang.Scope[r.EditScope] ?></td><td><?cs var:r.Users ?></td>
  <?cs each:c = Caps ?><td class="cap"><?cs if:r.Has[name(c)] ?><span aria-label="<?cs var:Lang.Admin.Yes ?>">✔</span><?cs /if ?></td><?cs /each ?></tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<?cs include:"footer.cs" ?>
