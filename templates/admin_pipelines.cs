<?cs set:Page.Title = Lang.Pipelines.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1><?cs var:Lang.Pipelines.Title ?></h1>
<p class="muted"><?cs var:Lang.Pipelines.Hint ?> <a href="/admin/four-eyes"><?cs var:Lang.FourEyes.AdminTitle ?></a></p>
<?cs if:subcount(Form.Errors) > 0 ?><div class="flash error" role="alert"><?cs each:e = Form.Errors ?><p><?cs name:e ?>: <?cs var:Lang[e] ?></p><?cs /each ?></div><?cs /if ?>
<?cs each:p = Admin.Pipelines ?>
<section class="card pipeline">
  <h2><?cs var:p.Name ?> <span class="muted small"><?cs var:p.Code ?></span></h2>
  <?cs each:s = Admin.Stages ?><?cs if:s.PipelineId == p.Id ?>
  <article class="stage-admin" id="stage-<?cs var:s.Id ?>">
    <form method="post" action="/admin/stages/<?cs var:s.Id ?>" class="form inline-forms">
      <?cs call:csrf_field() ?>
      <div class="field"><label for="n-<?cs var:s.Id ?>"><?cs var:s.Position ?>. <?cs var:Lang.Pipelines.StageName ?></label><input type="text" id="n-<?cs var:s.Id ?>" name="name" value="<?cs var:s.Name ?>" maxlength="100" required></div>
      <div class="field"><label for="h-<?cs var:s.Id ?>"><?cs var:Lang.Pipelines.Hours ?></label><input id="h-<?cs var:s.Id ?>" name="stagnation_hours" type="number" min="1" value="<?cs var:s.Hours ?>" required></div>
      <label class="check"><input type="checkbox" name="needs_approval" value="1"<?cs if:s.Approval == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Pipelines.NeedsApproval ?></label>
      <button type="submit"><?cs var:Lang.Form.Save ?></button>
    </form>
    <?cs if:s.Position > 1 ?><form method="post" action="/admin/stages/<?cs var:s.Id ?>/up" class="inline"><?cs call:csrf_field() ?><button type="submit"><?cs var:Lang.Pipelines.Up ?></button></form><?cs /if ?>
    <h3><?cs var:Lang.Pipelines.Rules ?></h3>
    <ul class="plain">
    <?cs each:r = Admin.Rules ?><?cs if:r.StageId == s.Id ?><li><span class="badge"><?cs var:Lang.Pipelines.Kind[r.Kind] ?></span> <?cs var:r.Label ?>
      <span class="muted small"><?cs if:r.Field ?><?cs var:r.Field ?><?cs /if ?><?cs if:r.Kind == "activities" || r.Field == "decision_makers" ?> ≥<?cs var:r.Min ?><?cs /if ?><?cs if:r.Types ?> · <?cs var:r.Types ?><?cs /if ?><?cs if:r.MaxKB ?> · ≤<?cs var:r.MaxKB ?> KB<?cs /if ?><?cs if:r.MinPages ?> · ≥<?cs var:r.MinPages ?> <?cs var:Lang.Deal.Pages ?><?cs /if ?></span>
      <form method="post" action="/admin/rules/<?cs var:r.Id ?>/delete" class="inline"><?cs call:csrf_field() ?><button type="submit" class="link"><?cs var:Lang.Pipelines.Delete ?></button></form></li><?cs /if ?><?cs /each ?>
    </ul>
    <details<?cs if:Form.Stage == s.Id ?> open<?cs /if ?>><summary><?cs var:Lang.Pipelines.AddRule ?></summary>
    <form method="post" action="/admin/stages/<?cs var:s.Id ?>/rules" class="form">
      <?cs call:csrf_field() ?>
      <div class="field"><label for="k-<?cs var:s.Id ?>"><?cs var:Lang.Pipelines.RuleKind ?></label><select id="k-<?cs var:s.Id ?>" name="kind">
        <option value="field"><?cs var:Lang.Pipelines.Kind.field ?></option><option value="attachment"><?cs var:Lang.Pipelines.Kind.attachment ?></option>
        <option value="activities"><?cs var:Lang.Pipelines.Kind.activities ?></option><option value="checklist"><?cs var:Lang.Pipelines.Kind.checklist ?></option></select></div>
      <div class="field"><label for="fl-<?cs var:s.Id ?>"><?cs var:Lang.Pipelines.RuleField ?></label><input type="text" id="fl-<?cs var:s.Id ?>" name="field" list="rule-fields" maxlength="40" pattern="[a-z0-9_-]{1,40}"></div>
      <div class="field"><label for="m-<?cs var:s.Id ?>"><?cs var:Lang.Pipelines.RuleMin ?></label><input id="m-<?cs var:s.Id ?>" name="min_count" type="number" min="1" value="1"></div>
      <fieldset class="field"><legend><?cs var:Lang.Deal.Types ?></legend>
        <label class="check"><input type="checkbox" name="types" value="pdf"> PDF</label> <label class="check"><input type="checkbox" name="types" value="png"> PNG</label>
        <label class="check"><input type="checkbox" name="types" value="jpeg"> JPEG</label> <label class="check"><input type="checkbox" name="types" value="docx"> DOCX</label>
        <label class="check"><input type="checkbox" name="types" value="xlsx"> XLSX</label> <label class="check"><input type="checkbox" name="types" value="txt"> TXT</label></fieldset>
      <div class="field"><label for="x-<?cs var:s.Id ?>"><?cs var:Lang.Deal.MaxKB ?></label><input id="x-<?cs var:s.Id ?>" name="max_kb" type="number" min="1"></div>
      <div class="field"><label for="pg-<?cs var:s.Id ?>"><?cs var:Lang.Deal.MinPages ?></label><input id="pg-<?cs var:s.Id ?>" name="min_pages" type="number" min="1"></div>
      <div class="field"><label for="l-<?cs var:s.Id ?>"><?cs var:Lang.Pipelines.RuleLabel ?></label><input type="text" id="l-<?cs var:s.Id ?>" name="label" maxlength="200" required<?cs if:Form.Stage == s.Id ?> value="<?cs var:Form.Typed.label ?>"<?cs /if ?>></div>
      <button type="submit"><?cs var:Lang.Pipelines.AddRule ?></button>
    </form>
    </details>
    <h3><?cs var:Lang.Pipelines.Items ?></h3>
    <ol class="plain">
    <?cs each:i = Admin.Items ?><?cs if:i.StageId == s.Id ?><li><?cs var:i.Position ?>. <?cs var:i.Label ?> <span class="muted small"><?cs var:Lang.Pipelines.Evidence[i.Evidence] ?><?cs if:i.Approval == "1" ?> · <?cs var:Lang.Deal.NeedsApproval ?><?cs /if ?></span></li><?cs /if ?><?cs /each ?>
    </ol>
    <details><summary><?cs var:Lang.Pipelines.AddItem ?></summary>
    <form method="post" action="/admin/stages/<?cs var:s.Id ?>/items" class="form">
      <?cs call:csrf_field() ?>
      <div class="field"><label for="il-<?cs var:s.Id ?>"><?cs var:Lang.Compliance.Item ?></label><input type="text" id="il-<?cs var:s.Id ?>" name="label" maxlength="200" required></div>
      <div class="field"><label for="ie-<?cs var:s.Id ?>"><?cs var:Lang.Deal.Evidence ?></label><select id="ie-<?cs var:s.Id ?>" name="evidence">
        <option value="none"><?cs var:Lang.Pipelines.Evidence.none ?></option><option value="optional" selected><?cs var:Lang.Pipelines.Evidence.optional ?></option><option value="mandatory"><?cs var:Lang.Pipelines.Evidence.mandatory ?></option></select></div>
      <label class="check"><input type="checkbox" name="needs_approval" value="1"> <?cs var:Lang.Deal.NeedsApproval ?></label>
      <button type="submit"><?cs var:Lang.Pipelines.AddItem ?></button>
    </form>
    </details>
    <h3><?cs var:Lang.Pipelines.Tasks ?></h3>
    <ul class="plain">
    <?cs each:t = Admin.Tasks ?><?cs if:t.StageId == s.Id ?><li><?cs var:t.Title ?> <span class="muted small"><?cs var:Lang.Role[t.Role] ?> · <?cs var:t.Hours ?> <?cs var:Lang.Deal.HoursUnit ?></span>
      <form method="post" action="/admin/stage-tasks/<?cs var:t.Id ?>/delete" class="inline"><?cs call:csrf_field() ?><button type="submit" class="link"><?cs var:Lang.Pipelines.Delete ?></button></form></li><?cs /if ?><?cs /each ?>
    </ul>
    <details><summary><?cs var:Lang.Pipelines.AddTask ?></summary>
    <form method="post" action="/admin/stages/<?cs var:s.Id ?>/tasks" class="form">
      <?cs call:csrf_field() ?>
      <div class="field"><label for="tt-<?cs var:s.Id ?>"><?cs var:Lang.Pipelines.TaskTitle ?></label><input type="text" id="tt-<?cs var:s.Id ?>" name="title" maxlength="200" required></div>
      <div class="field"><label for="tr-<?cs var:s.Id ?>"><?cs var:Lang.Pipelines.TaskRole ?></label><select id="tr-<?cs var:s.Id ?>" name="role">
        <option value="owner"><?cs var:Lang.Role.owner ?></option><option value="presales"><?cs var:Lang.Role.presales ?></option><option value="finance"><?cs var:Lang.Role.finance ?></option>
        <option value="legal"><?cs var:Lang.Role.legal ?></option><option value="csm"><?cs var:Lang.Role.csm ?></option><option value="team_lead"><?cs var:Lang.Role.team_lead ?></option><option value="regional_manager"><?cs var:Lang.Role.regional_manager ?></option></select></div>
      <div class="field"><label for="th-<?cs var:s.Id ?>"><?cs var:Lang.Pipelines.TaskHours ?></label><input id="th-<?cs var:s.Id ?>" name="due_hours" type="number" min="1" value="48"></div>
      <button type="submit"><?cs var:Lang.Pipelines.AddTask ?></button>
    </form>
    </details>
  </article>
  <?cs /if ?><?cs /each ?>
  <details><summary><?cs var:Lang.Pipelines.AddStage ?></summary>
  <form method="post" action="/admin/pipelines/<?cs var:p.Id ?>/stages" class="form">
    <?cs call:csrf_field() ?>
    <div class="field"><label for="ns-<?cs var:p.Id ?>"><?cs var:Lang.Pipelines.StageName ?></label><input type="text" id="ns-<?cs var:p.Id ?>" name="name" maxlength="100" required></div>
    <div class="field"><label for="nh-<?cs var:p.Id ?>"><?cs var:Lang.Pipelines.Hours ?></label><input id="nh-<?cs var:p.Id ?>" name="stagnation_hours" type="number" min="1" value="72"></div>
    <button type="submit"><?cs var:Lang.Pipelines.AddStage ?></button>
  </form>
  </details>
</section>
<?cs /each ?>
<section class="card">
  <h2><?cs var:Lang.Pipelines.AddPipeline ?></h2>
  <form method="post" action="/admin/pipelines" class="form">
    <?cs call:csrf_field() ?>
    <?cs call:field("code", Lang.Pipelines.Code, "text", Form.Typed.code, "off") ?>
    <?cs call:field("name", Lang.Pipelines.PipelineName, "text", Form.Typed.name, "off") ?>
    <button type="submit"><?cs var:Lang.Pipelines.AddPipeline ?></button>
  </form>
</section>
<datalist id="rule-fields"><option value="budget_confirmed"><option value="decision_makers"><option value="amount"><option value="key_contact"></datalist>
<?cs include:"footer.cs" ?>
