<?cs set:Page.Title = Lang.Health.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<div class="titlebar"><h1><?cs var:Lang.Health.Title ?></h1></div>
<section class="card" id="unused">
  <h2><?cs var:Lang.Health.Unused ?></h2>
  <p class="muted small"><?cs var:Lang.Health.UnusedHint ?></p>
  <?cs if:subcount(Health.Unused) == 0 ?><p class="empty"><?cs var:Lang.Health.None ?></p><?cs else ?>
  <table class="list"><thead><tr><th><?cs var:Lang.Health.Cap ?></th><th><?cs var:Lang.Health.Holders ?></th></tr></thead><tbody>
  <?cs each:c = Health.Unused ?><tr><td data-label="<?cs var:Lang.Health.Cap ?>"><code><?cs var:c.Cap ?></code></td>
    <td data-label="<?cs var:Lang.Health.Holders ?>"><?cs each:p = c.People ?><span class="unused-holder"><?cs var:p.Name ?>（<?cs var:p.Login ?>）</span> <?cs /each ?></td></tr><?cs /each ?>
  </tbody></table><?cs /if ?>
  <p class="muted small"><?cs var:Lang.Health.ReadOnly ?> <?cs each:c = Health.ReadOnly ?><code><?cs var:c.Cap ?></code> <?cs /each ?></p>
</section>
<section class="card" id="escalations">
  <h2><?cs var:Lang.Health.Escalations ?></h2>
  <?cs if:subcount(Health.Escalations) == 0 ?><p class="empty"><?cs var:Lang.Health.None ?></p><?cs else ?>
  <table class="list"><thead><tr><th><?cs var:Lang.Health.Person ?></th><th><?cs var:Lang.Health.Requests ?></th><th><?cs var:Lang.Health.Trips ?></th></tr></thead><tbody>
  <?cs each:p = Health.Escalations ?><tr><td data-label="<?cs var:Lang.Health.Person ?>"><?cs var:p.Name ?>（<?cs var:p.Login ?>）</td><td data-label="<?cs var:Lang.Health.Requests ?>"><?cs var:p.Requests ?></td><td data-label="<?cs var:Lang.Health.Trips ?>"><?cs var:p.Trips ?></td></tr><?cs /each ?>
  </tbody></table><?cs /if ?>
</section>
<section class="card" id="oddhours">
  <h2><?cs var:Lang.Health.OddHours ?></h2>
  <p class="muted small"><?cs var:Lang.Health.OddHoursHint ?> <?cs var:Health.WorkStart ?>:00–<?cs var:Health.WorkEnd ?>:00（<?cs var:Health.Zone ?>）</p>
  <?cs if:subcount(Health.OddHours) == 0 ?><p class="empty"><?cs var:Lang.Health.None ?></p><?cs else ?>
  <table class="list"><thead><tr><th><?cs var:Lang.Health.When ?></th><th><?cs var:Lang.Health.Person ?></th><th><?cs var:Lang.Health.Action ?></th></tr></thead><tbody>
  <?cs each:a = Health.OddHours ?><tr><td data-label="<?cs var:Lang.Health.When ?>"><a href="/audit/<?cs var:a.Id ?>"><?cs var:a.At ?></a></td><td data-label="<?cs var:Lang.Health.Person ?>"><?cs var:a.Login ?></td><td data-label="<?cs var:Lang.Health.Action ?>"><code><?cs var:a.Action ?></code> <?cs var:a.Object ?> <?cs var:a.ObjectId ?> <?cs var:a.Field ?></td></tr><?cs /each ?>
  </tbody></table><?cs /if ?>
</section>
<section class="card" id="frozen">
  <h2><?cs var:Lang.Health.Frozen ?></h2>
  <?cs if:subcount(Health.Frozen) == 0 ?><p class="empty"><?cs var:Lang.Health.None ?></p><?cs else ?>
  <table class="list"><thead><tr><th><?cs var:Lang.Health.Person ?></th><th><?cs var:Lang.Health.Grants ?></th><th><?cs var:Lang.Health.Exports ?></th></tr></thead><tbody>
  <?cs each:p = Health.Frozen ?><tr><td data-label="<?cs var:Lang.Health.Person ?>"><?cs var:p.Name ?>（<?cs var:p.Login ?>） <span class="badge bad"><?cs var:Lang.Health.State[p.Status] ?></span></td><td data-label="<?cs var:Lang.Health.Grants ?>"><?cs var:p.Grants ?></td><td data-label="<?cs var:Lang.Health.Exports ?>"><?cs var:p.Exports ?></td></tr><?cs /each ?>
  </tbody></table><?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
