<?cs set:Page.Title = Lang.Import.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<link rel="stylesheet" href="/static/css/import.css">
<p class="crumbs"><a href="/leads"><?cs var:Lang.Leads.Title ?></a> ›</p>
<h1><?cs var:Lang.Import.Title ?></h1>
<p class="muted"><?cs var:Lang.Import.Intro ?></p>
<div class="grid2">
<section class="card">
  <h2><?cs var:Lang.Import.UploadTitle ?></h2>
  <?cs if:subcount(Form.Errors) ?><p class="flash error" role="alert"><?cs var:Lang.Form.FixBelow ?></p><?cs /if ?>
  <form method="post" action="/leads/import" enctype="multipart/form-data" class="form" id="import-form">
    <?cs call:csrf_field() ?>
    <div class="field<?cs if:Form.Errors.file ?> has-error<?cs /if ?>">
      <label for="f-file"><?cs var:Lang.Import.File ?></label>
      <input id="f-file" name="file" type="file" accept=".csv,text/csv" required<?cs
        if:Form.Errors.file ?> aria-invalid="true" aria-describedby="e-file"<?cs /if ?>>
      <?cs call:field_error("file") ?>
      <?cs if:Import.Found ?><p class="small muted"><?cs var:Lang.Import.Found ?> <span class="wrap"><?cs var:Import.Found ?></span></p><?cs /if ?>
    </div>
    <?cs call:select_field("channel", Lang.Import.Channel, Import.Channels, Form.Typed.channel, Lang.Import.ChooseChannel) ?>
    <p class="hint small muted"><?cs var:Lang.Import.ChannelHint ?></p>
    <div class="field<?cs if:Form.Errors.encoding ?> has-error<?cs /if ?>">
      <label for="f-encoding"><?cs var:Lang.Import.Encoding ?></label>
      <select id="f-encoding" name="encoding">
        <option value="auto"<?cs if:Form.Typed.encoding == "auto" ?> selected<?cs /if ?>><?cs var:Lang.Import.EncAuto ?></option>
        <option value="utf-8"<?cs if:Form.Typed.encoding == "utf-8" ?> selected<?cs /if ?>>UTF-8</option>
        <option value="gbk"<?cs if:Form.Typed.encoding == "gbk" ?> selected<?cs /if ?>><?cs var:Lang.Import.EncGbk ?></option>
      </select>
      <?cs call:field_error("encoding") ?>
    </div>
    <button type="submit" class="primary"><?cs var:Lang.Import.Upload ?></button>
    <p class="small muted"><?cs var:Lang.Import.BigNote ?></p>
  </form>
</section>
<section class="card">
  <h2><?cs var:Lang.Import.HelpTitle ?></h2>
  <p><?cs var:Lang.Import.HelpColumns ?></p>
  <ul class="plain small">
    <li><strong><?cs var:Lang.Import.Col.name ?></strong> · <?cs var:Lang.Import.HelpRequired ?></li>
    <li><strong><?cs var:Lang.Import.Col.phone ?></strong> / <strong><?cs var:Lang.Import.Col.email ?></strong> · <?cs var:Lang.Import.HelpOneOf ?></li>
    <li><?cs var:Lang.Import.Col.company ?> / <?cs var:Lang.Import.Col.region_code ?> / <?cs var:Lang.Import.Col.industry ?> / <?cs var:Lang.Import.Col.need ?> / <?cs var:Lang.Import.Col.intent ?> · <?cs var:Lang.Import.HelpOptional ?></li>
  </ul>
  <p class="small"><?cs var:Lang.Import.HelpExample ?></p>
  <pre class="small import-sample"><?cs var:Lang.Import.HelpSample ?></pre>
  <p class="small"><?cs var:Lang.Import.HelpEncoding ?></p>
  <p class="small"><?cs var:Lang.Import.HelpDuplicates ?></p>
  <p class="small"><?cs var:Lang.Import.HelpLimitPre ?> <?cs var:Import.MaxRows ?> <?cs var:Lang.Import.HelpLimitPost ?></p>
  <p class="small"><?cs var:Lang.Import.HelpDailyPre ?> <?cs var:Import.DailyLimit ?> <?cs var:Lang.Import.HelpDailyPost ?></p>
</section>
</div>
<section class="card">
  <h2><?cs var:Lang.Import.Recent ?></h2>
  <?cs if:subcount(Import.Batches) ?>
  <table class="list">
    <thead><tr><th><?cs var:Lang.Import.FileName ?></th><th><?cs var:Lang.Import.Channel ?></th><th><?cs var:Lang.Import.StatusLabel ?></th><th><?cs var:Lang.Import.Counts ?></th><th><?cs var:Lang.Import.Uploaded ?></th></tr></thead>
    <tbody>
    <?cs each:b = Import.Batches ?>
    <tr>
      <td data-label="<?cs var:Lang.Import.FileName ?>"><a href="/leads/import/<?cs var:b.Id ?>" class="wrap"><?cs var:b.File ?></a></td>
      <td data-label="<?cs var:Lang.Import.Channel ?>"><?cs var:b.Channel ?></td>
      <td data-label="<?cs var:Lang.Import.StatusLabel ?>"><span class="badge import-<?cs var:b.Status ?>"><?cs var:Lang.Import.Status[b.Status] ?></span></td>
      <td data-label="<?cs var:Lang.Import.Counts ?>"><?cs if:b.Status == "done" ?><?cs var:Lang.Import.Imported ?> <?cs var:b.Imported ?> / <?cs var:b.Total ?><?cs else ?><?cs var:Lang.Import.Total ?> <?cs var:b.Total ?> · <?cs var:Lang.Import.Ok ?> <?cs var:b.Ok ?> · <?cs var:Lang.Import.Duplicate ?> <?cs var:b.Duplicate ?> · <?cs var:Lang.Import.Bad ?> <?cs var:b.Bad ?><?cs /if ?></td>
      <td data-label="<?cs var:Lang.Import.Uploaded ?>"><?cs var:b.Created ?></td>
    </tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs else ?>
  <p class="empty"><?cs var:Lang.Import.NoBatches ?></p>
  <?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
