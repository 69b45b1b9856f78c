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
<?cs include:"footer.cs" ?>
