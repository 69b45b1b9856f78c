<?cs set:Page.Title = Lang.Export.NewTitle ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<?cs include:"export_macros.cs" ?>
<div class="titlebar"><h1><?cs var:Lang.Export.NewTitle ?></h1> <a href="/exports"><?cs var:Lang.Export.Title ?></a></div>
<p class="muted"><?cs var:Lang.Export.Intro ?></p>
<nav class="tabs" aria-label="<?cs var:Lang.Export.What ?>">
  <?cs each:k = ExportForm.Kinds ?><a href="/exports/new?kind=<?cs var:k.Code ?>"<?cs if:k.Selected ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Export.Kind[k.Code] ?></a> <?cs /each ?>
</nav>
<?cs if:subcount(Form.Errors) > 0 ?><p class="flash error" role="alert"><?cs var:Lang.Form.FixBelow ?></p><?cs /if ?>
<?cs if:Preview.Rows ?>
<section class="card" id="preview">
  <h2><?cs var:Lang.Export.Preview ?></h2>
  <?cs call:export_preview(Preview) ?>
  <p class="muted small"><?cs var:Lang.Export.PreviewHint ?></p>
</section>
<?cs /if ?>
<form method="post" action="/exports" class="form">
  <?cs call:csrf_field() ?>
  <input type="hidden" name="kind" value="<?cs var:ExportForm.Kind ?>">
  <fieldset class="field checks<?cs if:Form.Errors.columns ?> has-error<?cs /if ?>">
    <legend><?cs var:Lang.Export.Columns ?></legend>
    <?cs each:c = ExportForm.Columns ?><label class="check"><input type="checkbox" name="columns" value="<?cs var:c.Code ?>"<?cs if:c.Checked ?> checked<?cs /if ?>> <?cs var:Lang.Export.Col[c.Code] ?><?cs if:c.Sensitive ?> <span class="badge"><?cs var:Lang.Export.SensitiveBadge ?></span><?cs /if ?></label><?cs /each ?>
    <?cs call:field_error("columns") ?>
  </fieldset>
  <div class="field"><label for="f-q"><?cs var:Lang.Form.Search ?></label><input id="f-q" type="search" name="q" value="<?cs var:ExportForm.q ?>" placeholder="<?cs var:Lang.Export.SearchHint ?>"><?cs call:field_error("q") ?></div>
  <div class="field"><label for="f-region"><?cs var:Lang.User.Region ?></label><select id="f-region" name="region"><option value=""><?cs var:Lang.Admin.All ?></option>
    <?cs each:g = ExportForm.Regions ?><option value="<?cs var:g.Id ?>"<?cs if:g.Id == ExportForm.region ?> selected<?cs /if ?>><?cs var:g.Name ?></option><?cs /each ?></select><?cs call:field_error("region") ?></div>
  <div class="field"><label class="check"><input type="checkbox" name="owner" value="me"<?cs if:ExportForm.owner == "me" ?> checked<?cs /if ?>> <?cs var:Lang.Export.OnlyMine ?></label></div>
  <?cs if:ExportForm.HasStatus ?>
  <div class="field"><label for="f-status"><?cs var:Lang.Leads.Status ?></label><select id="f-status" name="status"><option value=""><?cs var:Lang.Admin.All ?></option>
    <?cs each:s = Lang[ExportForm.StatusLang] ?><option value="<?cs name:s ?>"<?cs if:name(s) == ExportForm.status ?> selected<?cs /if ?>><?cs var:s ?></option><?cs /each ?></select><?cs call:field_error("status") ?></div>
  <?cs /if ?>
  <div class="field"><label for="f-from"><?cs var:Lang.Export.CreatedFrom ?></label><input id="f-from" type="date" name="from" value="<?cs var:ExportForm.from ?>"><?cs call:field_error("from") ?></div>
  <div class="field"><label for="f-to"><?cs var:Lang.Export.CreatedTo ?></label><input id="f-to" type="date" name="to" value="<?cs var:ExportForm.to ?>"><?cs call:field_error("to") ?></div>
  <?cs call:field("reason", Lang.Export.Reason, "text", ExportForm.reason, "off") ?>
  <div class="actions">
    <button type="submit" formaction="/exports/preview"><?cs var:Lang.Export.ShowPreview ?></button>
    <button type="submit" class="primary"><?cs var:Lang.Export.Submit ?></button>
  </div>
  <p class="muted small"><?cs var:Lang.Export.SubmitHint ?></p>
</form>
<?cs include:"footer.cs" ?>
