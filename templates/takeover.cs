<?cs set:Page.Title = Lang.Takeover.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<div class="titlebar"><h1><?cs var:Lang.Takeover.Title ?> · <?cs var:Takeover.From.Name ?></h1> <a href="/takeover"><?cs var:Lang.Takeover.Back ?></a></div>
<?cs if:subcount(Form.Errors) > 0 ?><p class="flash error" role="alert"><?cs var:Lang[Form.Errors.to] ?></p><?cs /if ?>
<section class="card" id="preview">
  <h2><?cs var:Lang.Takeover.Preview ?></h2>
  <dl class="facts">
    <dt><?cs var:Lang.Takeover.Person ?></dt><dd><?cs var:Takeover.From.Name ?>（<?cs var:Takeover.From.Login ?>） <?cs call:status_badge(Takeover.From.Status) ?><?cs if:Takeover.From.Frozen == "1" ?> <span class="badge bad"><?cs var:Lang.Takeover.OpsFrozen ?></span><?cs /if ?></dd>
    <dt><?cs var:Lang.Takeover.Customers ?></dt><dd><strong><?cs var:Takeover.From.Customers ?></strong></dd>
    <dt><?cs var:Lang.Takeover.Deals ?></dt><dd><strong><?cs var:Takeover.From.Deals ?></strong></dd>
    <dt><?cs var:Lang.Takeover.Leads ?></dt><dd><strong><?cs var:Takeover.From.Leads ?></strong></dd>
    <dt><?cs var:Lang.Takeover.Tasks ?></dt><dd><strong><?cs var:Takeover.From.Tasks ?></strong></dd>
    <dt><?cs var:Lang.Takeover.Freeze ?></dt><dd><?cs var:Lang.Takeover.FreezeWhat ?></dd>
  </dl>
  <p class="muted small"><?cs var:Lang.Takeover.AllOrNothing ?></p>
</section>
<section class="card">
  <h2><?cs var:Lang.Takeover.Run ?></h2>
  <form method="post" action="/takeover/<?cs var:Takeover.From.Id ?>" class="form">
    <?cs call:csrf_field() ?>
    <input type="hidden" name="expect_customers" value="<?cs var:Takeover.From.Customers ?>">
    <input type="hidden" name="expect_deals" value="<?cs var:Takeover.From.Deals ?>">
    <input type="hidden" name="expect_leads" value="<?cs var:Takeover.From.Leads ?>">
    <input type="hidden" name="expect_tasks" value="<?cs var:Takeover.From.Tasks ?>">
    <fieldset class="field checks<?cs if:Form.Errors.to ?> has-error<?cs /if ?>">
      <legend><?cs var:Lang.Takeover.Receivers ?></legend>
      <?cs each:r = Takeover.Receivers ?><label class="check"><input type="checkbox" name="to" value="<?cs var:r.Id ?>"<?cs if:r.Checked ?> checked<?cs /if ?>> <?cs var:r.Name ?> <span class="muted small"><?cs var:r.Login ?></span></label><?cs /each ?>
      <?cs call:field_error("to") ?>
    </fieldset>
    <p class="muted small"><?cs var:Lang.Takeover.RoundRobin ?></p>
    <div class="actions"><button type="submit" class="danger"><?cs var:Lang.Takeover.Confirm ?></button></div>
  </form>
</section>
<section class="card" id="rules">
  <h2><?cs var:Lang.Takeover.ByRules ?></h2>
  <p class="muted small"><?cs var:Lang.Takeover.ByRulesHelp ?></p>
  <?cs if:Takeover.Mode != "rules" ?>
  <form method="get" action="/takeover/<?cs var:Takeover.From.Id ?>#rules" class="form">
    <input type="hidden" name="mode" value="rules">
    <div class="actions"><button type="submit"><?cs var:Lang.Takeover.PreviewRules ?></button></div>
  </form>
  <?cs else ?>
  <?cs if:subcount(Takeover.Unplaced) > 0 ?>
  <div class="flash error" role="alert" id="unplaced"><p><?cs var:Lang.Takeover.UnplacedIntro ?></p>
    <ul><?cs each:u = Takeover.Unplaced ?><li><?cs var:Lang.Takeover.Kind[u.Kind] ?> #<?cs var:u.Id ?></li><?cs /each ?></ul></div>
  <?cs /if ?>
  <?cs if:subcount(Takeover.PlanBy) > 0 ?>
  <h3><?cs var:Lang.Takeover.PlanBy ?></h3>
  <table class="list" id="plan-by">
    <thead><tr><th scope="col"><?cs var:Lang.Takeover.Receiver ?></th><th scope="col"><?cs var:Lang.Takeover.Customers ?></th><th scope="col"><?cs var:Lang.Takeover.Deals ?></th><th scope="col"><?cs var:Lang.Takeover.Leads ?></th><th scope="col"><?cs var:Lang.Takeover.Tasks ?></th></tr></thead>
    <tbody><?cs each:b = Takeover.PlanBy ?><tr><td data-label="<?cs var:Lang.Takeover.Receiver ?>"><strong><?cs var:b.Name ?></strong></td><td data-label="<?cs var:Lang.Takeover.Customers ?>"><?cs var:b.Customers ?></td><td data-label="<?cs var:Lang.Takeover.Deals ?>"><?cs var:b.Deals ?></td><td data-label="<?cs var:Lang.Takeover.Leads ?>"><?cs var:b.Leads ?></td><td data-label="<?cs var:Lang.Takeover.Tasks ?>"><?cs var:b.Tasks ?></td></tr><?cs /each ?></tbody>
  </table>
  <details class="plan"><summary><?cs var:Lang.Takeover.PlanDetail ?> (<?cs var:Takeover.PlanShown ?>)</summary>
  <table class="list" id="plan">
    <thead><tr><th scope="col"><?cs var:Lang.Takeover.Record ?></th><th scope="col"><?cs var:Lang.Takeover.Receiver ?></th><th scope="col"><?cs var:Lang.Takeover.Why ?></th></tr></thead>
    <tbody><?cs each:p = Takeover.Plan ?><tr data-kind="<?cs var:p.Kind ?>" data-id="<?cs var:p.Id ?>"><td><?cs var:Lang.Takeover.Kind[p.Kind] ?> #<?cs var:p.Id ?></td><td data-label="<?cs var:Lang.Takeover.Receiver ?>"><?cs var:p.To ?></td><td data-label="<?cs var:Lang.Takeover.Why ?>"><?cs if:p.Follows ?><?cs var:Lang.Takeover.Follows[p.Kind] ?><?cs else ?><?cs var:p.Rule ?><?cs /if ?></td></tr><?cs /each ?></tbody>
  </table></details>
  <?cs /if ?>
  <?cs if:subcount(Takeover.Unplaced) == 0 ?>
  <form method="post" action="/takeover/<?cs var:Takeover.From.Id ?>" class="form">
    <?cs call:csrf_field() ?>
    <input type="hidden" name="mode" value="rules">
    <input type="hidden" name="plan" value="<?cs var:Takeover.PlanHash ?>">
    <input type="hidden" name="expect_customers" value="<?cs var:Takeover.From.Customers ?>">
    <input type="hidden" name="expect_deals" value="<?cs var:Takeover.From.Deals ?>">
    <input type="hidden" name="expect_leads" value="<?cs var:Takeover.From.Leads ?>">
    <input type="hidden" name="expect_tasks" value="<?cs var:Takeover.From.Tasks ?>">
    <div class="actions"><button type="submit" class="danger"><?cs var:Lang.Takeover.ConfirmRules ?></button></div>
  </form>
  <?cs /if ?>
  <?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
