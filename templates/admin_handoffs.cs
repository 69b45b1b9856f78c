<?cs set:Page.Title = Lang.Handoff.Types ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1><?cs var:Lang.Handoff.Types ?></h1>
<p class="muted"><?cs var:Lang.Handoff.TypesIntro ?></p>
<?cs if:subcount(Form.Errors) > 0 ?><p class="flash error" role="alert"><?cs var:Lang.Form.FixBelow ?></p><?cs /if ?>
<?cs each:t = Types ?>
<section class="card" id="type-<?cs var:t.Id ?>">
  <h2><?cs var:t.Name ?> → <?cs var:Lang.Role[t.Role] ?><?cs if:t.Active == "0" ?> <span class="badge"><?cs var:Lang.Handoff.Inactive ?></span><?cs /if ?></h2>
  <?cs set:mine = Form.TypeId == t.Id ?>
  <form method="post" action="/admin/handoffs/<?cs var:t.Id ?>" class="form grid-form">
    <?cs call:csrf_field() ?>
    <?cs if:mine ?>
    <?cs call:field("name", Lang.Handoff.TypeName, "text", Form.Typed.name, "off") ?>
    <?cs call:field("hours", Lang.Handoff.SlaHours, "text", Form.Typed.hours, "off") ?>
    <?cs else ?>
    <div class="field"><label for="t<?cs var:t.Id ?>-name"><?cs var:Lang.Handoff.TypeName ?></label><input id="t<?cs var:t.Id ?>-name" name="name" type="text" value="<?cs var:t.Name ?>" maxlength="100"></div>
    <div class="field"><label for="t<?cs var:t.Id ?>-hours"><?cs var:Lang.Handoff.SlaHours ?></label><input id="t<?cs var:t.Id ?>-hours" name="hours" type="text" inputmode="decimal" value="<?cs var:t.Hours ?>"></div>
    <?cs /if ?>
    <div class="field<?cs if:mine && Form.Errors.items ?> has-error<?cs /if ?>"><label for="t<?cs var:t.Id ?>-items"><?cs var:Lang.Handoff.ItemsOnePerLine ?></label>
      <textarea id="t<?cs var:t.Id ?>-items" name="items" rows="5"><?cs if:mine ?><?cs var:Form.Typed.items ?><?cs else ?><?cs var:t.Items ?><?cs /if ?></textarea>
      <?cs if:mine ?><?cs call:field_error("items") ?><?cs /if ?></div>
    <label class="check"><input type="checkbox" name="active" value="1"<?cs if:t.Active == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Handoff.Active ?></label>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.Form.Save ?></button></div>
  </form>
</section>
<?cs /each ?>
<?cs include:"footer.cs" ?>
