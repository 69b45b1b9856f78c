<?cs set:Page.Title = Lang.Import.Preview ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<link rel="stylesheet" href="/static/css/import.css">
<?cs # One row of the staged file: what it holds and what will happen to it. ?>
<?cs def:import_row(r) ?>
<tr class="import-<?cs var:r.Status ?>">
  <td data-label="<?cs var:Lang.Import.RowNo ?>"><?cs var:r.RowNo ?></td>
  <td data-label="<?cs var:Lang.Import.Col.name ?>"><?cs var:r.Name ?><?cs if:r.Company ?> <span class="muted small"><?cs var:r.Company ?></span><?cs /if ?></td>
  <td data-label="<?cs var:Lang.Import.Contact ?>" class="wrap"><?cs var:r.Phone ?><?cs if:r.Phone && r.Email ?><br><?cs /if ?><?cs var:r.Email ?></td>
  <td data-label="<?cs var:Lang.Import.Result ?>">
    <?cs if:r.Status == "ok" ?><span class="badge status-active"><?cs var:Lang.Import.RowStatus.ok ?></span>
    <?cs elif:r.Status == "duplicate" ?><span class="badge import-dup"><?cs var:Lang.Import.RowStatus.duplicate ?></span>
      <span class="small"><?cs if:r.DupLead ?><?cs var:Lang.Import.DupLead ?> <a href="/leads/<?cs var:r.DupLead ?>">#<?cs var:r.DupLead ?></a><?cs elif:r.DupRow ?><?cs var:Lang.Import.DupRowPre ?> <?cs var:r.DupRow ?> <?cs var:Lang.Import.DupRowPost ?><?cs /if ?></span>
    <?cs else ?><span class="badge bad"><?cs var:Lang.Import.RowStatus.bad ?></span>
      <ul class="import-errors small"><?cs each:e = r.Errors ?><li><?cs if:Lang.Import.Col[e.Field] ?><?cs var:Lang.Import.Col[e.Field] ?>：<?cs /if ?><?cs if:Lang.Import.Short[e.Key] ?><?cs var:Lang.Import.Short[e.Key] ?><?cs else ?><?cs var:Lang[e.Key] ?><?cs /if ?></li><?cs /each ?></ul>
    <?cs /if ?>
  </td>
</tr>
<?cs /def ?>
<p class="crumbs"><a href="/leads/import"><?cs var:Lang.Import.Title ?></a> ›</p>
<h1><?cs var:Lang.Import.Preview ?></h1>

<section class="card">
  <dl class="facts">
    <dt><?cs var:Lang.Import.FileName ?></dt><dd class="wrap"><?cs var:Import.Batch.File ?></dd>
    <dt><?cs var:Lang.Import.Channel ?></dt><dd><?cs var:Import.Batch.Channel ?></dd>
    <dt><?cs var:Lang.Import.Encoding ?></dt><dd><?cs if:Import.Batch.Encoding == "gbk" ?><?cs var:Lang.Import.EncGbk ?><?cs else ?>UTF-8<?cs /if ?></dd>
    <dt><?cs var:Lang.Import.Uploaded ?></dt><dd><?cs var:Import.Batch.Created ?></dd>
    <dt><?cs var:Lang.Import.StatusLabel ?></dt><dd><span class="badge import-<?cs var:Import.Batch.Status ?>" id="batch-status"><?cs var:Lang.Import.Status[Import.Batch.Status] ?></span><?cs if:Import.Batch.Finished ?> <span class="muted small"><?cs var:Import.Batch.Finished ?></span><?cs /if ?></dd>
    <dt><?cs var:Lang.Import.Source ?></dt><dd><code>import:<?cs var:Import.Batch.Id ?></code></dd>
  </dl>
  <ul class="import-counts" aria-label="<?cs var:Lang.Import.Counts ?>">
    <li><span class="n" id="count-total"><?cs var:Import.Batch.Total ?></span> <?cs var:Lang.Import.Total ?></li>
    <li class="ok"><span class="n" id="count-ok"><?cs var:Import.Batch.Ok ?></span> <?cs var:Lang.Import.Ok ?></li>
    <li class="dup"><span class="n" id="count-duplicate"><?cs var:Import.Batch.Duplicate ?></span> <?cs var:Lang.Import.Duplicate ?></li>
    <li class="bad"><span class="n" id="count-bad"><?cs var:Import.Batch.Bad ?></span> <?cs var:Lang.Import.Bad ?></li>
  </ul>
</section>

<?cs if:Import.Batch.Status == "done" ?>
<p class="flash ok" role="status"><?cs var:Lang.Import.DonePre ?> <strong id="count-imported"><?cs var:Import.Batch.Imported ?></strong> <?cs var:Lang.Import.DonePost ?><?cs if:Import.Batch.BulkConfirmed ?> <?cs var:Lang.Import.WasBulk ?><?cs /if ?></p>
<p><a class="button" href="/leads"><?cs var:Lang.Import.ViewLeads ?></a> <a href="/leads/import"><?cs var:Lang.Import.Again ?></a></p>
<?cs elif:Import.Batch.Status == "cancelled" ?>
<p class="flash" role="status"><?cs var:Lang.Import.CancelledMsg ?></p>
<p><a href="/leads/import"><?cs var:Lang.Import.Again ?></a></p>
<?cs else ?>
<section class="card" id="confirm">
  <h2><?cs var:Lang.Import.ConfirmTitle ?></h2>
  <?cs if:Import.Message ?><p class="flash error" role="alert" id="import-message"><?cs var:Lang.Import.Msg[Import.Message] ?></p><?cs /if ?>
  <?cs if:Import.Guard.Skip || Import.Guard.Import ?>
  <div class="import-guard" id="import-guard">
    <p><strong><?cs var:Lang.Import.GuardTitle ?></strong> <?cs if:Import.Guard.Skip ?><?cs var:Lang.Import.GuardAlways ?><?cs else ?><?cs var:Lang.Import.GuardWithDups ?><?cs /if ?></p>
    <dl class="facts small">
      <dt><?cs var:Lang.Import.GuardToday ?></dt><dd><?cs var:Import.Guard.Today ?></dd>
      <dt><?cs var:Lang.Import.GuardAfter ?></dt><dd><?cs var:Import.Guard.AfterSkip ?><?cs if:Import.Batch.Duplicate > 0 ?> / <?cs var:Import.Guard.AfterImport ?><?cs /if ?></dd>
      <dt><?cs var:Lang.Import.GuardLimit ?></dt><dd><?cs var:Import.Guard.Limit ?></dd>
    </dl>
  </div>
  <?cs /if ?>
  <?cs if:Import.Batch.Ok > 0 || Import.Batch.Duplicate > 0 ?>
  <form method="post" action="/leads/import/<?cs var:Import.Batch.Id ?>/confirm" class="form">
    <?cs call:csrf_field() ?>
    <?cs if:Import.Batch.Duplicate > 0 ?>
    <fieldset class="checks<?cs if:Form.Errors.duplicates ?> has-error<?cs /if ?>">
      <legend><?cs var:Lang.Import.Duplicates ?></legend>
      <label class="check"><input type="radio" name="duplicates" value="skip"<?cs if:Form.Typed.duplicates != "import" ?> checked<?cs /if ?>> <?cs var:Lang.Import.DupSkipPre ?> <?cs var:Import.Batch.Ok ?> <?cs var:Lang.Import.DupSkipPost ?></label>
      <label class="check"><input type="radio" name="duplicates" value="import"<?cs if:Form.Typed.duplicates == "import" ?> checked<?cs /if ?>> <?cs var:Lang.Import.DupImportPre ?> <?cs var:Import.Batch.WithDuplicates ?> <?cs var:Lang.Import.DupImportPost ?></label>
      <?cs call:field_error("duplicates") ?>
    </fieldset>
    <?cs else ?>
    <input type="hidden" name="duplicates" value="skip">
    <?cs /if ?>
    <?cs if:Import.Guard.Skip || Import.Guard.Import ?>
    <label class="check<?cs if:Import.Message == "BulkNeeded" ?> has-error<?cs /if ?>"><input type="checkbox" name="bulk_ok" value="1"> <?cs var:Lang.Import.BulkOk ?></label>
    <?cs /if ?>
    <button type="submit" class="primary"><?cs var:Lang.Import.Confirm ?></button>
    <p class="small muted"><?cs var:Lang.Import.ConfirmNote ?></p>
  </form>
  <?cs else ?>
  <p class="empty"><?cs var:Lang.Import.NothingToImport ?></p>
  <?cs /if ?>
  <form method="post" action="/leads/import/<?cs var:Import.Batch.Id ?>/cancel" class="import-cancel">
    <?cs call:csrf_field() ?>
    <button type="submit" class="danger"><?cs var:Lang.Import.Cancel ?></button>
  </form>
</section>
<?cs /if ?>

<?cs if:subcount(Import.Problems) ?>
<section class="card" id="problems">
  <h2><?cs var:Lang.Import.Problems ?></h2>
  <table class="list import-rows">
    <thead><tr><th><?cs var:Lang.Import.RowNo ?></th><th><?cs var:Lang.Import.Col.name ?></th><th><?cs var:Lang.Import.Contact ?></th><th><?cs var:Lang.Import.Result ?></th></tr></thead>
    <tbody><?cs each:r = Import.Problems ?><?cs call:import_row(r) ?><?cs /each ?></tbody>
  </table>
</section>
<?cs /if ?>
<?cs if:subcount(Import.Rows) ?>
<section class="card" id="rows">
  <h2><?cs var:Lang.Import.FirstRows ?></h2>
  <table class="list import-rows">
    <thead><tr><th><?cs var:Lang.Import.RowNo ?></th><th><?cs var:Lang.Import.Col.name ?></th><th><?cs var:Lang.Import.Contact ?></th><th><?cs var:Lang.Import.Result ?></th></tr></thead>
    <tbody><?cs each:r = Import.Rows ?><?cs call:import_row(r) ?><?cs /each ?></tbody>
  </table>
</section>
<?cs /if ?>
<?cs include:"footer.cs" ?>
