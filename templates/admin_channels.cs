<?cs set:Page.Title = Lang.Channel.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1><?cs var:Lang.Channel.Title ?></h1>
<p class="muted"><?cs var:Lang.Channel.Intro ?> <a href="/admin/api-keys"><?cs var:Lang.Nav.ApiKeys ?></a> · <a href="/admin/policies"><?cs var:Lang.Nav.Policies ?></a></p>
<table class="list">
  <thead><tr><th><?cs var:Lang.Channel.Name ?></th><th><?cs var:Lang.Channel.Weight ?></th><th><?cs var:Lang.Channel.Sla ?></th><th><?cs var:Lang.Channel.Form ?></th><th><?cs var:Lang.Channel.Leads ?></th><th><?cs var:Lang.Channel.Refused ?></th></tr></thead>
  <tbody>
  <?cs each:c = Channels ?>
  <tr><td data-label="<?cs var:Lang.Channel.Name ?>"><a href="/admin/channels/<?cs var:c.Id ?>"><?cs var:c.Name ?></a><?cs if:c.Active == "0" ?> <span class="badge"><?cs var:Lang.Channel.Inactive ?></span><?cs /if ?></td>
      <td data-label="<?cs var:Lang.Channel.Weight ?>"><?cs var:c.Weight ?></td>
      <td data-label="<?cs var:Lang.Channel.Sla ?>"><?cs var:c.Sla ?> <?cs var:Lang.Channel.Minutes ?></td>
      <td data-label="<?cs var:Lang.Channel.Form ?>"><a href="/f/<?cs var:c.Code ?>">/f/<?cs var:c.Code ?></a></td>
      <td data-label="<?cs var:Lang.Channel.Leads ?>"><?cs var:c.Leads ?></td>
      <td data-label="<?cs var:Lang.Channel.Refused ?>"><?cs var:c.Refused ?></td></tr>
  <?cs /each ?>
  </tbody>
</table>
<section class="card">
  <h2><?cs if:Edit.id ?><?cs var:Lang.Channel.Edit ?> · <?cs var:Edit.code ?><?cs else ?><?cs var:Lang.Channel.New ?><?cs /if ?></h2>
  <?cs if:subcount(Form.Errors) > 0 ?><p class="flash error" role="alert"><?cs var:Lang.Form.FixBelow ?></p><?cs /if ?>
  <form method="post" action="/admin/channels<?cs if:Edit.id ?>/<?cs var:Edit.id ?><?cs /if ?>" class="form grid-form">
    <?cs call:csrf_field() ?>
    <?cs if:!Edit.id ?><?cs call:field("code", Lang.Channel.Code, "text", Edit.code, "off") ?><?cs /if ?>
    <?cs call:field("name", Lang.Channel.Name, "text", Edit.name, "off") ?>
    <?cs call:field("weight", Lang.Channel.Weight, "text", Edit.weight, "off") ?>
    <?cs call:field("sla_minutes", Lang.Channel.SlaMinutes, "number", Edit.sla_minutes, "off") ?>
    <fieldset class="field checks">
      <legend><?cs var:Lang.Channel.FieldsAre ?></legend>
      <?cs each:f = FormFields ?><label class="check"><input type="checkbox" name="form_fields" value="<?cs var:f.Code ?>"<?cs if:f.Checked ?> checked<?cs /if ?>> <?cs var:Lang.Channel.Field[f.Code] ?></label><?cs /each ?>
      <?cs call:field_error("form_fields") ?>
    </fieldset>
    <label class="check"><input type="checkbox" name="active" value="1"<?cs if:Edit.active == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Channel.Active ?></label>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.Form.Save ?></button></div>
  </form>
</section>
<?cs include:"footer.cs" ?>
