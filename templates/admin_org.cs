<?cs set:Page.Title = Lang.Admin.Org ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1><?cs var:Lang.Admin.Org ?></h1>
<div class="grid2">
<section class="card">
  <h2><?cs var:Lang.Admin.Teams ?></h2>
  <table class="list compact">
    <thead><tr><th><?cs var:Lang.User.Team ?></th><th><?cs var:Lang.User.Region ?></th><th><?cs var:Lang.Admin.Members ?></th></tr></thead>
    <tbody><?cs each:t = Org.Teams ?><tr><td><?cs var:t.Name ?></td><td><?cs var:t.Region ?></td><td><?cs var:t.Members ?></td></tr><?cs /each ?></tbody>
  </table>
  <form method="post" action="/admin/teams" class="form">
    <?cs call:csrf_field() ?>
    <?cs call:field("team_name", Lang.Admin.TeamName, "text", Form.Typed.team_name, "off") ?>
    <div class="field">
      <label for="f-region"><?cs var:Lang.User.Region ?></label>
      <select id="f-region" name="region"><option value=""><?cs var:Lang.Form.None ?></option>
      <?cs each:g = Org.Regions ?><option value="<?cs var:g.Id ?>"<?cs if:g.Id == Form.Typed.region ?> selected<?cs /if ?>><?cs var:g.Name ?></option><?cs /each ?></select>
      <?cs call:field_error("region") ?>
    </div>
    <button type="submit"><?cs var:Lang.Admin.AddTeam ?></button>
  </form>
</section>
<section class="card">
  <h2><?cs var:Lang.Admin.Regions ?></h2>
  <table class="list compact">
    <thead><tr><th><?cs var:Lang.Admin.Code ?></th><th><?cs var:Lang.User.Region ?></th><th><?cs var:Lang.Admin.Members ?></th></tr></thead>
    <tbody><?cs each:g = Org.Regions ?><tr><td><?cs var:g.Code ?></td><td><?cs var:g.Name ?></td><td><?cs var:g.Members ?></td></tr><?cs /each ?></tbody>
  </table>
  <form method="post" action="/admin/regions" class="form">
    <?cs call:csrf_field() ?>
    <?cs call:field("region_code", Lang.Admin.Code, "text", Form.Typed.region_code, "off") ?>
    <?cs call:field("region_name", Lang.Admin.RegionName, "text", Form.Typed.region_name, "off") ?>
    <button type="submit"><?cs var:Lang.Admin.AddRegion ?></button>
  </form>
</section>
</div>
<?cs include:"footer.cs" ?>
