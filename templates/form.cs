<?cs set:Page.Title = Channel.Name ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<section class="card narrow public-form">
  <h1><?cs var:Lang.PublicForm.Title ?></h1>
  <p class="muted"><?cs var:Lang.PublicForm.Intro ?></p>
  <?cs if:Page.Message ?><p class="flash error" role="alert"><?cs var:Lang.PublicForm[Page.Message] ?></p><?cs /if ?>
  <?cs if:subcount(Form.Errors) > 0 ?><p class="flash error" role="alert"><?cs var:Lang.Form.FixBelow ?></p><?cs /if ?>
  <form method="post" action="/f/<?cs var:Channel.Code ?>" class="form">
    <input type="hidden" name="ts" value="<?cs var:Form.Stamp ?>">
    <?cs call:field("name", Lang.PublicForm.Name, "text", Form.Typed.name, "name") ?>
    <?cs call:field("phone", Lang.PublicForm.Phone, "tel", Form.Typed.phone, "tel") ?>
    <?cs if:Show.email ?><?cs call:field("email", Lang.PublicForm.Email, "email", Form.Typed.email, "email") ?><?cs /if ?>
    <?cs if:Show.company ?><?cs call:field("company", Lang.PublicForm.Company, "text", Form.Typed.company, "organization") ?><?cs /if ?>
    <?cs if:Show.region ?><?cs call:field("region_code", Lang.PublicForm.Region, "text", Form.Typed.region_code, "off") ?>
      <p class="muted small hint"><?cs var:Lang.PublicForm.RegionHint ?></p><?cs /if ?>
    <?cs if:Show.industry ?>
    <div class="field<?cs if:Form.Errors.industry ?> has-error<?cs /if ?>">
      <label for="f-industry"><?cs var:Lang.PublicForm.Industry ?></label>
      <select id="f-industry" name="industry"><option value=""><?cs var:Lang.Form.None ?></option>
        <?cs each:i = Choices.Industries ?><option value="<?cs var:i.Code ?>"<?cs if:i.Code == Form.Typed.industry ?> selected<?cs /if ?>><?cs var:Lang.Industry[i.Code] ?></option><?cs /each ?>
      </select>
      <?cs call:field_error("industry") ?>
    </div><?cs /if ?>
    <?cs if:Show.need ?>
    <div class="field<?cs if:Form.Errors.need ?> has-error<?cs /if ?>">
      <label for="f-need"><?cs var:Lang.PublicForm.Need ?></label>
      <textarea id="f-need" name="need" rows="3"><?cs var:Form.Typed.need ?></textarea>
      <?cs call:field_error("need") ?>
    </div><?cs /if ?>
    <?cs if:Show.intent ?>
    <fieldset class="field checks">
      <legend><?cs var:Lang.PublicForm.Intent ?></legend>
      <?cs each:s = Choices.Signals ?>
      <label class="check"><input type="checkbox" name="intent" value="<?cs var:s.Code ?>"<?cs if:s.Checked ?> checked<?cs /if ?>> <?cs var:Lang.Intent[s.Code] ?></label>
      <?cs /each ?>
      <?cs call:field_error("intent") ?>
    </fieldset><?cs /if ?>
    <div class="hp" aria-hidden="true"><label for="f-website">Website</label><input id="f-website" name="website" type="text" tabindex="-1" autocomplete="off"></div>
    <button type="submit" class="primary"><?cs var:Lang.PublicForm.Submit ?></button>
    <p class="muted small"><?cs var:Lang.PublicForm.Privacy ?></p>
  </form>
</section>
<?cs include:"footer.cs" ?>
