<?cs set:Page.Title = Lang.Success.Title + " · " + Success.CustomerName ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<p class="crumbs"><a href="/customers"><?cs var:Lang.Customers.Title ?></a> › <a href="/customers/<?cs var:Success.CustomerId ?>"><?cs var:Success.CustomerName ?></a> ›</p>
<h1><?cs var:Lang.Success.Title ?></h1>
<p class="muted"><?cs var:Lang.Success.Intro ?></p>
<?cs if:subcount(Form.Errors) > 0 ?><p class="flash error" role="alert"><?cs var:Lang.Form.FixBelow ?></p><?cs /if ?>
<section class="card">
  <h2><?cs var:Lang.Success.Csm ?></h2>
  <p><?cs if:Success.Csm ?><strong id="csm-name"><?cs var:Success.Csm ?></strong><?cs else ?><span class="badge"><?cs var:Lang.Success.NoCsm ?></span><?cs /if ?></p>
  <?cs if:Success.MayEditContract ?>
  <form method="post" action="/customers/<?cs var:Success.CustomerId ?>/csm" class="form">
    <?cs call:csrf_field() ?>
    <?cs call:select_field("csm", Lang.Success.ChooseCsm, CsmOptions, Success.CsmId, "") ?>
    <div class="actions"><button type="submit"><?cs var:Lang.Success.SetCsm ?></button></div>
  </form>
  <?cs /if ?>
</section>
<?cs each:k = Success.Contracts ?>
<section class="card contract" id="contract-<?cs var:k.Id ?>">
  <h2><?cs var:Lang.Success.Contract ?> <?cs var:k.Start ?> – <?cs var:k.End ?></h2>
  <dl class="facts">
    <dt><?cs var:Lang.Success.Expires ?></dt><dd><?cs if:k.DaysLeft < 0 ?><?cs var:Lang.Success.Expired ?><?cs else ?><?cs var:k.DaysLeft ?> <?cs var:Lang.Success.Days ?><?cs /if ?></dd>
    <?cs if:k.Amount ?><dt><?cs var:Lang.Success.Amount ?></dt><dd><?cs if:k.Amount.Masked ?><span class="masked"><?cs var:k.Amount ?></span> <span class="badge" title="<?cs var:Lang.Mask.Why ?>"><?cs var:Lang.Mask.Badge ?></span><?cs else ?><?cs var:k.Amount ?><?cs /if ?></dd><?cs /if ?>
    <?cs if:k.DealId ?><dt><?cs var:Lang.Success.FromDeal ?></dt><dd><a href="/deals/<?cs var:k.DealId ?>"><?cs var:k.Deal ?></a></dd><?cs /if ?>
  </dl>
  <h3><?cs var:Lang.Success.Tasks ?></h3>
  <ul class="plain">
  <?cs set:nt = 0 ?><?cs each:t = Success.Tasks ?><?cs if:t.Contract == k.Id ?><?cs set:nt = nt + 1 ?><li><?cs var:Lang.Success.Kind[t.Kind] ?> · <?cs var:t.Assignee ?> · <?cs var:Lang.Success.Due ?> <?cs var:t.Due ?> <span class="badge"><?cs var:Lang.Success.TaskStatus[t.Status] ?></span></li><?cs /if ?><?cs /each ?>
  <?cs if:nt == 0 ?><li class="muted"><?cs var:Lang.Success.NoTasks ?></li><?cs /if ?>
  </ul>
  <h3><?cs var:Lang.Success.Renewal ?></h3>
  <?cs if:!k.Package ?><p class="muted"><?cs var:Lang.Success.NoPackage ?></p>
  <?cs elif:Success.MayEditRenewal ?>
  <form method="post" action="/renewals/<?cs var:k.Id ?>" class="form renewal">
    <?cs call:csrf_field() ?>
    <div class="field"><label for="f-history-<?cs var:k.Id ?>"><?cs var:Lang.Success.History ?></label><textarea id="f-history-<?cs var:k.Id ?>" name="history" rows="6"><?cs if:Form.Typed.history ?><?cs var:Form.Typed.history ?><?cs else ?><?cs var:k.History ?><?cs /if ?></textarea><?cs call:field_error("history") ?></div>
    <div class="field"><label for="f-satisfaction-<?cs var:k.Id ?>"><?cs var:Lang.Success.Satisfaction ?></label><textarea id="f-satisfaction-<?cs var:k.Id ?>" name="satisfaction" rows="5"><?cs if:Form.Typed.satisfaction ?><?cs var:Form.Typed.satisfaction ?><?cs else ?><?cs var:k.Satisfaction ?><?cs /if ?></textarea><?cs call:field_error("satisfaction") ?></div>
    <div class="field"><label for="f-competitors-<?cs var:k.Id ?>"><?cs var:Lang.Success.Competitors ?></label><textarea id="f-competitors-<?cs var:k.Id ?>" name="competitors" rows="4"><?cs if:Form.Typed.competitors ?><?cs var:Form.Typed.competitors ?><?cs else ?><?cs var:k.Competitors ?><?cs /if ?></textarea><?cs call:field_error("competitors") ?></div>
    <div class="field"><label for="f-talking_points-<?cs var:k.Id ?>"><?cs var:Lang.Success.TalkingPoints ?></label><textarea id="f-talking_points-<?cs var:k.Id ?>" name="talking_points" rows="5"><?cs if:Form.Typed.talking_points ?><?cs var:Form.Typed.talking_points ?><?cs else ?><?cs var:k.TalkingPoints ?><?cs /if ?></textarea><?cs call:field_error("talking_points") ?></div>
    <?cs if:k.UpdatedBy ?><p class="muted small"><?cs var:Lang.Success.UpdatedBy ?> <?cs var:k.UpdatedBy ?> · <?cs var:k.Updated ?></p><?cs /if ?>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.Form.Save ?></button></div>
  </form>
  <?cs else ?>
  <div class="renewal readonly">
    <p class="muted small"><?cs var:Lang.Success.ReadOnly ?></p>
    <h4><?cs var:Lang.Success.History ?></h4><p class="pre"><?cs var:k.History ?></p>
    <h4><?cs var:Lang.Success.Satisfaction ?></h4><p class="pre"><?cs var:k.Satisfaction ?></p>
    <h4><?cs var:Lang.Success.Competitors ?></h4><p class="pre"><?cs var:k.Competitors ?></p>
    <h4><?cs var:Lang.Success.TalkingPoints ?></h4><p class="pre"><?cs var:k.TalkingPoints ?></p>
  </div>
  <?cs /if ?>
</section>
<?cs /each ?>
<?cs if:subcount(Success.Contracts) == 0 ?><p class="muted"><?cs var:Lang.Success.NoContracts ?></p><?cs /if ?>
<?cs if:Success.MayEditContract ?>
<section class="card">
  <h2><?cs var:Lang.Success.NewContract ?></h2>
  <form method="post" action="/customers/<?cs var:Success.CustomerId ?>/contracts" class="form grid-form">
    <?cs call:csrf_field() ?>
    <?cs call:field("start_date", Lang.Success.Start, "date", Form.Typed.start_date, "off") ?>
    <?cs call:field("end_date", Lang.Success.End, "date", Form.Typed.end_date, "off") ?>
    <?cs call:field("amount", Lang.Success.Amount, "text", Form.Typed.amount, "off") ?>
    <?cs # the CSM form above has its own select "csm": this one needs another id ?>
    <div class="field<?cs if:Form.Errors.csm ?> has-error<?cs /if ?>">
      <label for="f-contract-csm"><?cs var:Lang.Success.ChooseCsm ?></label>
      <select id="f-contract-csm" name="csm"<?cs if:Form.Errors.csm ?> aria-invalid="true"<?cs /if ?>>
        <option value=""><?cs var:Lang.Success.KeepCsm ?></option>
        <?cs each:o = CsmOptions ?><option value="<?cs var:o.Id ?>"<?cs if:o.Id == Success.CsmId ?> selected<?cs /if ?>><?cs var:o.Name ?></option><?cs /each ?>
      </select>
      <?cs call:field_error("csm") ?>
    </div>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.Success.AddContract ?></button></div>
  </form>
</section>
<?cs /if ?>
<?cs include:"footer.cs" ?>
