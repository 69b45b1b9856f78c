<?cs set:Page.Title = Lang.Esc.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<div class="titlebar"><h1><?cs var:Lang.Esc.Title ?></h1></div>
<?cs def:esc_what(p) ?><?cs if:p.Kind == "cap" ?><?cs var:Lang.Esc.Cap ?> <code><?cs var:p.Cap ?></code><?cs elif:p.Kind == "scope" ?><?cs var:Lang.Esc.Scope ?> <?cs var:Lang.Scope[p.Scope] ?><?cs else ?><?cs var:Lang.Esc.ReadRegion ?> <?cs var:p.Region ?><?cs /if ?> · <?cs var:p.Days ?> <?cs var:Lang.Esc.DaysUnit ?><?cs /def ?>
<?cs if:subcount(Esc.Inbox) > 0 ?>
<section class="card" id="inbox">
  <h2><?cs var:Lang.Esc.Inbox ?> <span class="badge"><?cs var:subcount(Esc.Inbox) ?></span></h2>
  <?cs each:p = Esc.Inbox ?>
  <div class="esc-item">
    <p><strong><?cs var:p.Name ?></strong>（<?cs var:p.Login ?>）<?cs call:esc_what(p) ?> · <?cs var:p.Created ?></p>
    <p class="muted"><?cs var:Lang.Esc.Reason ?>：<?cs var:p.Reason ?></p>
    <form method="post" action="/escalations/<?cs var:p.Id ?>/grant" class="form inline-form">
      <?cs call:csrf_field() ?>
      <label for="r-<?cs var:p.Id ?>" class="sr-only"><?cs var:Lang.Esc.DecisionReason ?></label>
      <input id="r-<?cs var:p.Id ?>" name="reason" type="text" maxlength="200" placeholder="<?cs var:Lang.Esc.DecisionReason ?>">
      <button type="submit" class="primary"><?cs var:Lang.Esc.Grant ?></button>
      <button type="submit" formaction="/escalations/<?cs var:p.Id ?>/refuse"><?cs var:Lang.Esc.Refuse ?></button>
    </form>
  </div>
  <?cs /each ?>
</section>
<?cs /if ?>
<section class="card" id="new">
  <h2><?cs var:Lang.Esc.New ?></h2>
  <p class="muted"><?cs var:Lang.Esc.Intro ?></p>
  <?cs if:Esc.Paused ?><p class="flash error" role="alert"><?cs var:Lang.Esc.PausedNow ?></p><?cs /if ?>
  <?cs if:subcount(Form.Errors) > 0 ?><p class="flash error" role="alert"><?cs var:Lang.Form.FixBelow ?></p><?cs /if ?>
  <form method="post" action="/escalations" class="form">
    <?cs call:csrf_field() ?>
    <fieldset class="field<?cs if:Form.Errors.kind ?> has-error<?cs /if ?>">
      <legend><?cs var:Lang.Esc.Kind ?></legend>
      <label class="check"><input type="radio" name="kind" value="region"<?cs if:Esc.Form.kind == "region" || !Esc.Form.kind ?> checked<?cs /if ?>> <?cs var:Lang.Esc.ReadRegion ?></label>
      <label class="check"><input type="radio" name="kind" value="scope"<?cs if:Esc.Form.kind == "scope" ?> checked<?cs /if ?>> <?cs var:Lang.Esc.Scope ?></label>
      <label class="check"><input type="radio" name="kind" value="cap"<?cs if:Esc.Form.kind == "cap" ?> checked<?cs /if ?>> <?cs var:Lang.Esc.Cap ?></label>
      <?cs call:field_error("kind") ?>
    </fieldset>
    <?cs call:select_field("region", Lang.Esc.Region, Esc.Regions, Esc.Form.region, "—") ?>
    <div class="field<?cs if:Form.Errors.scope ?> has-error<?cs /if ?>"><label for="f-scope"><?cs var:Lang.Esc.Scope ?></label>
      <select id="f-scope" name="scope"><option value="">—</option><?cs each:s = Esc.Scopes ?><option value="<?cs var:s.Code ?>"<?cs if:s.Code == Esc.Form.scope ?> selected<?cs /if ?>><?cs var:Lang.Scope[s.Code] ?></option><?cs /each ?></select>
      <?cs call:field_error("scope") ?></div>
    <div class="field<?cs if:Form.Errors.cap ?> has-error<?cs /if ?>"><label for="f-cap"><?cs var:Lang.Esc.Cap ?></label>
      <select id="f-cap" name="cap"><option value="">—</option><?cs each:c = Esc.Caps ?><?cs if:!c.Held ?><option value="<?cs var:c.Code ?>"<?cs if:c.Code == Esc.Form.cap ?> selected<?cs /if ?>><?cs var:c.Code ?></option><?cs /if ?><?cs /each ?></select>
      <?cs call:field_error("cap") ?></div>
    <?cs call:field("days", Lang.Esc.Days, "number", Esc.Form.days, "off") ?>
    <?cs call:field("reason", Lang.Esc.Reason, "text", Esc.Form.reason, "off") ?>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.Esc.Submit ?></button></div>
  </form>
</section>
<section class="card" id="mine">
  <h2><?cs var:Lang.Esc.Mine ?></h2>
  <?cs if:subcount(Esc.Mine) == 0 ?><p class="empty"><?cs var:Lang.Esc.MineEmpty ?></p><?cs else ?>
  <table class="list">
    <thead><tr><th><?cs var:Lang.Esc.What ?></th><th><?cs var:Lang.Export.StatusLabel ?></th><th class="opt"><?cs var:Lang.Esc.Expires ?></th></tr></thead>
    <tbody><?cs each:p = Esc.Mine ?>
    <tr><td data-label="<?cs var:Lang.Esc.What ?>"><?cs call:esc_what(p) ?><br><span class="muted small"><?cs var:p.Created ?></span></td>
        <td data-label="<?cs var:Lang.Export.StatusLabel ?>"><span class="badge esc-<?cs var:p.Status ?>"><?cs if:p.Status == "approved" && p.Live != "1" ?><?cs var:Lang.Esc.Status.expired ?><?cs else ?><?cs var:Lang.Esc.Status[p.Status] ?><?cs /if ?></span><?cs if:p.DecisionReason ?> <span class="muted small"><?cs var:p.DecisionReason ?></span><?cs /if ?></td>
        <td class="opt" data-label="<?cs var:Lang.Esc.Expires ?>"><?cs var:p.Expires ?></td></tr>
    <?cs /each ?></tbody>
  </table>
  <?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
