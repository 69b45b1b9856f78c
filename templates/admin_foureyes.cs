<?cs set:Page.Title = Lang.FourEyes.AdminTitle ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1><?cs var:Lang.FourEyes.AdminTitle ?></h1>
<p class="muted"><?cs var:Lang.FourEyes.AdminIntro ?></p>
<section class="card" id="four-eyes-types">
  <form method="post" action="/admin/four-eyes" class="form">
    <?cs call:csrf_field() ?>
    <fieldset class="field checks"><legend><?cs var:Lang.FourEyes.AdminTypes ?></legend>
      <?cs each:t = FourEyes.Types ?><label class="check"><input type="checkbox" name="types" value="<?cs var:t.Code ?>"<?cs if:t.On ?> checked<?cs /if ?>> <span><?cs var:Lang.FourEyes.Kind[t.Code] ?><br><span class="muted small"><?cs var:Lang.FourEyes.What[t.Code] ?><?cs if:t.Default ?> · <?cs var:Lang.FourEyes.InDefault ?><?cs /if ?></span></span></label><?cs /each ?>
    </fieldset>
    <p class="muted small" id="four-eyes-source"><?cs if:FourEyes.Saved ?><?cs var:Lang.FourEyes.SavedBy ?> <?cs var:FourEyes.SavedBy ?> · <?cs var:FourEyes.SavedAt ?><?cs else ?><?cs var:Lang.FourEyes.FromConfig ?><?cs /if ?></p>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.Form.Save ?></button></div>
  </form>
  <?cs if:FourEyes.Saved ?>
  <form method="post" action="/admin/four-eyes" class="form">
    <?cs call:csrf_field() ?>
    <input type="hidden" name="reset" value="1">
    <div class="actions"><button type="submit"><?cs var:Lang.FourEyes.Reset ?></button></div>
  </form>
  <?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
