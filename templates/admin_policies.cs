<?cs set:Page.Title = Lang.Policy.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1><?cs var:Lang.Policy.Title ?></h1>
<p class="muted"><?cs var:Lang.Policy.Intro ?></p>
<?cs if:Page.Message ?><p class="flash error" role="alert"><?cs var:Lang.Policy[Page.Message] ?></p><?cs /if ?>
<?cs each:p = Policies ?>
<section class="card policy">
  <h2><?cs var:Lang.Policy.Object[p.Object] ?> · <?cs var:Lang.Policy.Field[p.Field] ?> <code class="small"><?cs var:p.Object ?>.<?cs var:p.Field ?></code></h2>
  <form method="post" action="/admin/policies/<?cs var:p.Id ?>" class="form grid-form">
    <?cs call:csrf_field() ?>
    <fieldset class="field checks"><legend><?cs var:Lang.Policy.WhoSees ?></legend>
      <label class="check"><input type="checkbox" name="allow_owner" value="1"<?cs if:p.Owner == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Policy.Owner ?></label>
      <label class="check"><input type="checkbox" name="allow_direct_superior" value="1"<?cs if:p.Superior == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Policy.Superior ?></label>
      <label class="check"><input type="checkbox" name="allow_managers_above" value="1"<?cs if:p.Above == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Policy.Above ?></label>
      <label class="check"><input type="checkbox" name="nobody" value="1"<?cs if:p.Nobody == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Policy.Nobody ?></label>
      <label class="check"><input type="checkbox" name="revealable" value="1"<?cs if:p.Revealable == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Policy.Revealable ?></label>
    </fieldset>
    <div>
      <div class="field"><label for="r-<?cs var:p.Id ?>"><?cs var:Lang.Policy.Roles ?></label><input id="r-<?cs var:p.Id ?>" type="text" name="allow_roles" value="<?cs var:p.Roles ?>"></div>
      <div class="field"><label for="c-<?cs var:p.Id ?>"><?cs var:Lang.Policy.Condition ?></label>
        <select id="c-<?cs var:p.Id ?>" name="allow_condition"><option value=""><?cs var:Lang.Form.None ?></option><option value="signed"<?cs if:p.Condition == "signed" ?> selected<?cs /if ?>><?cs var:Lang.Policy.Signed ?></option></select></div>
      <div class="field"><label for="s-<?cs var:p.Id ?>"><?cs var:Lang.Policy.Style ?></label>
        <select id="s-<?cs var:p.Id ?>" name="mask_style"><?cs each:s = Styles ?><option value="<?cs var:s.Code ?>"<?cs if:s.Code == p.Style ?> selected<?cs /if ?>><?cs var:Lang.Policy.StyleName[s.Code] ?></option><?cs /each ?></select></div>
      <details<?cs if:p.Style == "custom" ?> open<?cs /if ?>><summary><?cs var:Lang.Policy.Custom ?></summary>
        <div class="field"><label for="cp-<?cs var:p.Id ?>"><?cs var:Lang.Policy.Pattern ?></label><input id="cp-<?cs var:p.Id ?>" type="text" name="custom_pattern" value="<?cs var:p.Pattern ?>"></div>
        <div class="field"><label for="cr-<?cs var:p.Id ?>"><?cs var:Lang.Policy.Replacement ?></label><input id="cr-<?cs var:p.Id ?>" type="text" name="custom_replacement" value="<?cs var:p.Replacement ?>"></div>
      </details>
    </div>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.Form.Save ?></button></div>
  </form>
</section>
<?cs /each ?>
<?cs include:"footer.cs" ?>
