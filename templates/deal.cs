<?cs set:Page.Title = Deal.Name ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<?cs include:"deal_macros.cs" ?>
<?cs set:base = "/deals/" + Deal.Id ?>
<p class="crumbs"><a href="/deals"><?cs var:Lang.Deals.Title ?></a> › <a href="/board?pipeline=<?cs var:Deal.PipelineId ?>"><?cs var:Deal.Pipeline ?></a> ›</p>
<div class="titlebar">
  <h1><?cs var:Deal.Name ?></h1>
  <span>
  <?cs if:Deal.Status == "won" ?><span class="badge ok"><?cs var:Lang.Deals.Won ?></span><?cs /if ?>
  <?cs if:Deal.Stale == "1" && Deal.Status == "open" ?><span class="badge bad"><?cs var:Lang.Deals.Stale ?></span><?cs /if ?>
  <?cs if:Deal.Flagged == "1" ?><span class="badge bad"><?cs var:Lang.Deals.Flagged ?></span><?cs /if ?>
  <?cs if:Deal.Approval.Status == "pending" ?><span class="badge pending"><?cs var:Lang.Deals.Pending ?></span><?cs /if ?>
  <?cs if:Deal.Sensitive.Label ?><span class="badge bad"><?cs var:Lang.Complaint.Badge ?></span><?cs /if ?>
  </span>
</div>
<?cs if:Deal.Sensitive.Label ?>
<section class="card" id="service">
  <p><?cs var:Lang.Complaint.Marked ?> “<?cs var:Deal.Sensitive.Label ?>” · <?cs var:Deal.Sensitive.At ?></p>
  <?cs if:Deal.Sensitive.Confirmed ?><p class="ok-text"><?cs var:Lang.Complaint.Confirmed ?> <?cs var:Deal.Sensitive.By ?> · <?cs var:Deal.Sensitive.ConfirmedAt ?>: <?cs var:Deal.Sensitive.Commitment ?></p>
  <?cs else ?><p><?cs var:Lang.Complaint.LockHint ?> <a href="/customers/<?cs var:Deal.CustomerId ?>#service"><?cs var:Lang.Complaint.ConfirmThere ?></a></p><?cs /if ?>
</section>
<?cs /if ?>

<ol class="stages" aria-label="<?cs var:Lang.Deal.Stages ?>">
<?cs each:s = Deal.Stages ?><li class="stage-<?cs var:s.State ?>"<?cs if:s.State == "current" ?> aria-current="step"<?cs /if ?>><?cs var:s.Position ?>. <?cs var:s.Name ?></li><?cs /each ?>
</ol>

<?cs if:Deal.Refused == "skip" ?><div class="flash error" role="alert" id="refusal"><?cs var:Lang.Deal.RefusedSkip ?></div><?cs /if ?>
<?cs if:Deal.Refused == "unmet" ?>
<div class="flash error" role="alert" id="refusal">
  <p><strong><?cs var:Lang.Deal.Refused ?></strong></p>
  <?cs call:unmet_list(Deal.Unmet, base) ?>
</div>
<?cs /if ?>

<?cs if:Page.Error ?><p class="flash error" role="alert"><?cs var:Lang[Page.Error] ?></p><?cs /if ?>
<?cs if:subcount(Deal.Pending) > 0 ?>
<section class="card" id="pending">
  <h2><?cs var:Lang.FourEyes.Title ?></h2>
  <p class="muted small"><?cs var:Lang.FourEyes.Hint ?></p>
  <ul class="plain">
  <?cs each:c = Deal.Pending ?>
    <li id="change-<?cs var:c.Id ?>"><strong><?cs var:Lang.FourEyes.Kind[c.Kind] ?></strong><?cs if:c.Contact ?> · <?cs var:c.Contact ?><?cs /if ?>:
      <?cs if:c.Kind == "tech_agreement" ?>
      <span class="muted"><?cs var:Lang.FourEyes.Old ?></span> <?cs if:c.OldFile ?><a href="<?cs var:base ?>/attachments/<?cs var:c.OldFile ?>" class="old-file"><?cs var:c.OldName ?></a><?cs else ?>—<?cs /if ?>
      → <span class="muted"><?cs var:Lang.FourEyes.New ?></span> <a href="<?cs var:base ?>/attachments/<?cs var:c.NewFile ?>" class="new-file"><?cs var:c.NewName ?></a>
      <?cs else ?>
      <span class="muted"><?cs var:Lang.FourEyes.Old ?></span> <?cs if:c.Kind == "key_contact" ?><?cs var:Lang.FourEyes.Key[c.Old] ?><?cs else ?><?cs if:c.Old ?><?cs var:c.Old ?><?cs else ?>—<?cs /if ?><?cs if:c.Old.Masked ?> <span class="badge"><?cs var:Lang.Mask.Badge ?></span><?cs /if ?><?cs /if ?>
      → <span class="muted"><?cs var:Lang.FourEyes.New ?></span> <?cs if:c.Kind == "key_contact" ?><?cs var:Lang.FourEyes.Key[c.New] ?><?cs else ?><?cs if:c.New ?><?cs var:c.New ?><?cs else ?>—<?cs /if ?><?cs if:c.New.Masked ?> <span class="badge"><?cs var:Lang.Mask.Badge ?></span><?cs /if ?><?cs /if ?>
      <?cs /if ?>
      <div class="muted small"><?cs var:c.Author ?> · <?cs var:c.Created ?><?cs if:c.Mine ?> · <?cs var:Lang.FourEyes.Mine ?><?cs /if ?></div>
      <?cs if:c.CanDecide ?>
      <form method="post" action="<?cs var:base ?>/changes/<?cs var:c.Id ?>" class="form inline">
        <?cs call:csrf_field() ?>
        <input type="text" name="comment" maxlength="200" aria-label="<?cs var:Lang.FourEyes.Comment ?>" placeholder="<?cs var:Lang.FourEyes.Comment ?>">
        <button type="submit" name="decision" value="confirm"><?cs var:Lang.FourEyes.Confirm ?></button>
        <button type="submit" name="decision" value="reject"><?cs var:Lang.FourEyes.Reject ?></button>
      </form>
      <?cs /if ?></li>
  <?cs /each ?>
  </ul>
</section>
<?cs /if ?>

<section class="card" id="move">
  <dl class="facts">
    <dt><?cs var:Lang.Deals.Customer ?></dt><dd><a href="/customers/<?cs var:Deal.CustomerId ?>"><?cs var:Deal.Customer ?></a><?cs if:Deal.LeadId ?> · <a href="/leads/<?cs var:Deal.LeadId ?>"><?cs var:Lang.Deal.FromLead ?></a><?cs /if ?></dd>
    <dt><?cs var:Lang.Deals.Stage ?></dt><dd><?cs var:Deal.Stage ?> · <?cs var:Lang.Deal.Since ?> <?cs var:Deal.Since ?></dd>
    <dt><?cs var:Lang.Deal.HoursIn ?></dt><dd><?cs var:Deal.Hours ?> <?cs var:Lang.Deal.HoursUnit ?> / <?cs var:Lang.Deal.Limit ?> <?cs var:Deal.LimitHours ?> <?cs var:Lang.Deal.HoursUnit ?></dd>
    <dt><?cs var:Lang.Deals.Owner ?></dt><dd><?cs var:Deal.Owner ?></dd>
    <dt><?cs var:Lang.Deals.Amount ?></dt><dd><?cs if:Deal.Amount ?><?cs var:Deal.Amount ?><?cs else ?>—<?cs /if ?><?cs if:Deal.Amount.Masked ?> <span class="badge" title="<?cs var:Lang.Mask.Why ?>"><?cs var:Lang.Mask.Badge ?></span><?cs /if ?></dd>
    <dt><?cs var:Lang.Deal.Regressions ?></dt><dd><?cs var:Deal.Regressions ?></dd>
  </dl>
  <?cs if:Deal.Status == "open" && Deal.CanEdit ?>
  <?cs if:Deal.NextStageId ?>
  <?cs if:Deal.Refused != "unmet" ?>
  <?cs if:Deal.OpenCount > 0 ?><h2><?cs var:Lang.Deal.OpenItems ?></h2><?cs call:unmet_list(Deal.Open, base) ?><?cs else ?><p class="ok-text"><?cs var:Lang.Deal.AllMet ?></p><?cs /if ?>
  <?cs /if ?>
  <form method="post" action="<?cs var:base ?>/move" class="form inline">
    <?cs call:csrf_field() ?><input type="hidden" name="to" value="<?cs var:Deal.NextStageId ?>">
    <button type="submit" class="primary"><?cs var:Lang.Deal.Advance ?> <?cs var:Deal.NextStage ?> ›</button>
    <p class="muted small"><?cs var:Lang.Deal.AdvanceHint ?></p>
  </form>
  <?cs else ?><p><?cs var:Lang.Deal.LastStage ?></p><?cs /if ?>
  <?cs /if ?>
  <?cs if:Deal.Status == "open" && Deal.CanBack && subcount(Deal.Earlier) > 0 ?>
  <details<?cs if:Form.Errors.reason ?> open<?cs /if ?>><summary><?cs var:Lang.Deal.BackButton ?></summary>
  <form method="post" action="<?cs var:base ?>/move" class="form">
    <?cs call:csrf_field() ?>
    <div class="field"><label for="f-to"><?cs var:Lang.Deal.Back ?></label>
      <select id="f-to" name="to"><?cs each:b = Deal.Earlier ?><option value="<?cs var:b.Id ?>"<?cs if:b.Id == Form.Typed.to ?> selected<?cs /if ?>><?cs var:b.Name ?></option><?cs /each ?></select></div>
    <div class="field<?cs if:Form.Errors.reason ?> has-error<?cs /if ?>"><label for="f-reason"><?cs var:Lang.Deal.BackReason ?></label>
      <input id="f-reason" name="reason" type="text" maxlength="200" value="<?cs var:Form.Typed.reason ?>" required><?cs call:field_error("reason") ?></div>
    <p class="muted small"><?cs var:Lang.Deal.BackHint ?></p>
    <button type="submit"><?cs var:Lang.Deal.BackButton ?></button>
  </form>
  </details>
  <?cs /if ?>
</section>

<?cs if:Deal.NeedsApproval == "1" || Deal.Approval.Status ?>
<section class="card" id="approval">
  <h2><?cs var:Lang.Deal.Approval ?></h2>
  <p><?cs var:Lang.Deal.ApprovalNeeded ?></p>
  <?cs if:Deal.Approval.Status ?>
  <p><span class="badge <?cs var:Deal.Approval.Status ?>"><?cs var:Lang.Deal.ApprovalState[Deal.Approval.Status] ?></span>
    <?cs var:Deal.Approval.RequestedBy ?> · <?cs var:Deal.Approval.RequestedAt ?> · <?cs var:Lang.Deal.ApprovalBy ?> <?cs var:Deal.Approval.Approver ?>
    <?cs if:Deal.Approval.Comment ?><br><span class="muted"><?cs var:Lang.Deal.Comment ?>：</span><?cs var:Deal.Approval.Comment ?><?cs /if ?></p>
  <?cs /if ?>
  <?cs if:Deal.Approval.MayDecide ?>
  <form method="post" action="<?cs var:base ?>/approval/decide" class="form">
    <?cs call:csrf_field() ?>
    <div class="field<?cs if:Form.Errors.comment ?> has-error<?cs /if ?>"><label for="f-comment"><?cs var:Lang.Deal.Comment ?></label>
      <input id="f-comment" name="comment" type="text" maxlength="200" value="<?cs var:Form.Typed.comment ?>"><?cs call:field_error("comment") ?>
      <p class="muted small"><?cs var:Lang.Deal.RejectNeedsComment ?></p></div>
    <div class="actions"><button type="submit" name="decision" value="approve" class="primary"><?cs var:Lang.Deal.Approve ?></button>
      <button type="submit" name="decision" value="reject"><?cs var:Lang.Deal.Reject ?></button></div>
  </form>
  <?cs elif:Deal.CanEdit && Deal.NeedsApproval == "1" && Deal.Approval.Status != "pending" && Deal.Approval.Status != "approved" ?>
  <form method="post" action="<?cs var:base ?>/approval"><?cs call:csrf_field() ?><button type="submit"><?cs var:Lang.Deal.RequestApproval ?></button></form>
  <?cs /if ?>
</section>
<?cs /if ?>

<div class="grid2">
<section class="card" id="facts">
  <h2><?cs var:Lang.Deal.Facts ?></h2>
  <dl class="facts">
    <dt><?cs var:Lang.Deal.BudgetConfirmed ?></dt><dd><?cs if:Deal.BudgetConfirmed == "1" ?>✔<?cs else ?>—<?cs /if ?></dd>
    <dt><?cs var:Lang.Deal.DecisionMakers ?></dt><dd><?cs var:Deal.DecisionMakers ?></dd>
    <dt><?cs var:Lang.Deal.ValidComms ?></dt><dd><?cs var:Deal.ValidComms ?></dd>
  </dl>
  <?cs if:Deal.CanEdit ?>
  <form method="post" action="<?cs var:base ?>/facts" class="form">
    <?cs call:csrf_field() ?>
    <label class="check"><input type="checkbox" name="budget_confirmed" value="1"<?cs if:Deal.BudgetConfirmed == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Deal.BudgetConfirmed ?></label>
    <?cs call:field("amount", Lang.Deal.AmountNew, "text", Form.Typed.amount, "off") ?>
    <button type="submit"><?cs var:Lang.Form.Save ?></button>
  </form>
  <?cs /if ?>
  <h3><?cs var:Lang.Deal.Contacts ?></h3>
  <ul class="plain">
  <?cs each:c = Deal.Contacts ?><li><?cs var:c.Name ?><?cs if:c.Title ?> · <?cs var:c.Title ?><?cs /if ?><?cs if:c.DecisionMaker == "1" ?> <span class="badge"><?cs var:Lang.Deal.DecisionMaker ?></span><?cs /if ?><?cs if:c.Key == "1" ?> <span class="badge"><?cs var:Lang.Deal.KeyContact ?></span><?cs /if ?>
    <?cs if:Deal.CanEdit ?><form method="post" action="<?cs var:base ?>/contacts/<?cs var:c.Id ?>/key" class="form inline"><?cs call:csrf_field() ?><input type="hidden" name="key" value="<?cs if:c.Key == "1" ?>0<?cs else ?>1<?cs /if ?>"><button type="submit"><?cs if:c.Key == "1" ?><?cs var:Lang.FourEyes.Unmark ?><?cs else ?><?cs var:Lang.FourEyes.Mark ?><?cs /if ?></button></form><?cs /if ?></li><?cs /each ?>
  </ul>
  <?cs if:Deal.CanEdit ?>
  <details<?cs if:Form.Errors.name ?> open<?cs /if ?>><summary><?cs var:Lang.Deal.AddContact ?></summary>
  <form method="post" action="<?cs var:base ?>/contacts" class="form">
    <?cs call:csrf_field() ?>
    <?cs call:field("name", Lang.Deal.ContactName, "text", Form.Typed.name, "off") ?>
    <?cs call:field("title", Lang.Deal.ContactTitle, "text", Form.Typed.title, "off") ?>
    <label class="check"><input type="checkbox" name="decision_maker" value="1"> <?cs var:Lang.Deal.DecisionMaker ?></label>
    <button type="submit"><?cs var:Lang.Deal.AddContact ?></button>
  </form>
  </details>
  <?cs /if ?>
</section>

<section class="card" id="actions">
  <h2><?cs var:Lang.Deal.Actions ?></h2>
  <?cs if:Deal.CanEdit ?>
  <form method="post" action="<?cs var:base ?>/action" class="form inline">
    <?cs call:csrf_field() ?><input type="hidden" name="kind" value="called">
    <div class="field"><label for="f-duration_min"><?cs var:Lang.Deal.CallMinutes ?></label><input id="f-duration_min" name="duration_min" type="number" min="1" max="600" value="3" inputmode="numeric"></div>
    <button type="submit"><?cs var:Lang.Activity.called ?></button>
  </form>
  <div class="quick">
  <?cs each:k = Kinds ?><?cs if:k.Code != "called" ?>
  <form method="post" action="<?cs var:base ?>/action"><?cs call:csrf_field() ?><input type="hidden" name="kind" value="<?cs var:k.Code ?>"><button type="submit"><?cs var:Lang.Activity[k.Code] ?></button></form>
  <?cs /if ?><?cs /each ?>
  </div>
  <?cs /if ?>
  <?cs if:subcount(Deal.Tasks) > 0 ?>
  <h3><?cs var:Lang.Deal.Tasks ?></h3>
  <ul class="plain"><?cs each:t = Deal.Tasks ?><li><?cs var:t.Title ?> · <?cs var:t.Assignee ?> · <?cs var:Lang.Tasks.Due ?> <?cs var:t.Due ?> · <?cs var:Lang.TaskStatus[t.Status] ?><?cs if:t.Overdue == "1" ?> <span class="badge bad"><?cs var:Lang.Tasks.Overdue ?></span><?cs /if ?></li><?cs /each ?></ul>
  <?cs /if ?>
</section>
</div>

<?cs include:"handoff_macros.cs" ?>
<?cs include:"handoff_deal.cs" ?>

<section class="card" id="attachments">
  <h2><?cs var:Lang.Deal.Attachments ?></h2>
  <?cs if:subcount(Deal.Attachments) == 0 ?><p class="empty"><?cs var:Lang.Deal.NoAttachments ?></p><?cs /if ?>
  <ul class="plain">
  <?cs each:a = Deal.Attachments ?><li<?cs if:a.TechState ?> class="tech <?cs var:a.TechState ?>"<?cs /if ?>><a href="<?cs var:base ?>/attachments/<?cs var:a.Id ?>"><?cs var:a.Filename ?></a>
    <?cs if:a.TechState ?><span class="badge<?cs if:a.TechState == "in_force" ?> ok<?cs elif:a.TechState == "pending" ?> pending<?cs elif:a.TechState == "rejected" ?> bad<?cs /if ?>"><?cs var:Lang.Deal.Tech[a.TechState] ?></span><?cs /if ?>
    <span class="muted small"><?cs var:a.Kind ?> · <?cs var:a.Mime ?> · <?cs var:a.KB ?> KB<?cs if:a.Pages ?> · <?cs var:a.Pages ?> <?cs var:Lang.Deal.Pages ?><?cs /if ?> · <?cs var:a.Stage ?> · <?cs var:a.User ?> · <?cs var:a.At ?><br><code class="wrap">SHA-256 <?cs var:a.Sha256 ?></code></span></li><?cs /each ?>
  </ul>
  <?cs if:Deal.CanEdit && Deal.Status == "open" ?>
  <form method="post" action="<?cs var:base ?>/attachments" enctype="multipart/form-data" class="form">
    <?cs call:csrf_field() ?>
    <div class="field<?cs if:Form.Errors.kind ?> has-error<?cs /if ?>"><label for="f-kind"><?cs var:Lang.Deal.Kind ?></label>
      <select id="f-kind" name="kind">
      <?cs each:k = Deal.AttachmentKinds ?><option value="<?cs var:k.Code ?>"<?cs if:k.Code == Form.Typed.kind ?> selected<?cs /if ?>><?cs var:k.Label ?><?cs if:k.Types ?> (<?cs var:k.Types ?><?cs if:k.MinPages ?>, ≥<?cs var:k.MinPages ?> <?cs var:Lang.Deal.Pages ?><?cs /if ?><?cs if:k.MaxKB ?>, ≤<?cs var:k.MaxKB ?> KB<?cs /if ?>)<?cs /if ?></option><?cs /each ?>
      <option value="tech_agreement"<?cs if:Form.Typed.kind == "tech_agreement" ?> selected<?cs /if ?>><?cs var:Lang.Deal.KindTech ?></option>
      <option value="other"<?cs if:Form.Typed.kind == "other" ?> selected<?cs /if ?>><?cs var:Lang.Deal.KindOther ?></option>
      </select><?cs call:field_error("kind") ?></div>
    <div class="field<?cs if:Form.Errors.file ?> has-error<?cs /if ?>"><label for="f-file"><?cs var:Lang.Deal.File ?></label>
      <input id="f-file" name="file" type="file"<?cs if:Form.Errors.file ?> aria-invalid="true" aria-describedby="e-file"<?cs /if ?>><?cs call:field_error("file") ?></div>
    <p class="muted small"><?cs var:Lang.Deal.UploadHint ?></p>
    <button type="submit"><?cs var:Lang.Deal.Upload ?></button>
  </form>
  <?cs /if ?>
</section>

<?cs if:subcount(Deal.Checklist) > 0 ?>
<section class="card" id="checklist">
  <h2><?cs var:Lang.Deal.Checklist ?> <a class="small" href="<?cs var:base ?>/compliance"><?cs var:Lang.Deal.Compliance ?> ›</a></h2>
  <ol class="checklist">
  <?cs each:i = Deal.Checklist ?>
    <li id="item-<?cs var:i.Id ?>" class="<?cs if:i.Done ?>done<?cs /if ?>">
      <span class="mark"><?cs if:i.Done ?>☑<?cs else ?>☐<?cs /if ?></span> <?cs var:i.Label ?>
      <span class="muted small"><?cs if:i.Evidence == "mandatory" ?><?cs var:Lang.Deal.EvidenceMandatory ?><?cs elif:i.Evidence == "optional" ?><?cs var:Lang.Deal.EvidenceOptional ?><?cs /if ?><?cs if:i.NeedsApproval == "1" ?> · <?cs var:Lang.Deal.NeedsApproval ?><?cs /if ?></span>
      <?cs if:i.Done ?><div class="muted small"><?cs var:i.DoneBy ?> · <?cs var:i.DoneAt ?><?cs if:i.AttachmentId ?> · <a href="<?cs var:base ?>/attachments/<?cs var:i.AttachmentId ?>"><?cs var:i.Filename ?></a><?cs /if ?><?cs if:i.Approval && i.Approval != "none" ?> · <?cs var:Lang.Deal.ApprovalState[i.Approval] ?><?cs /if ?></div><?cs /if ?>
      <?cs if:Deal.CheckError.Item == i.Id ?><p class="error"><?cs var:Lang[Deal.CheckError.Key] ?></p><?cs /if ?>
      <?cs if:Deal.CanEdit && Deal.Status == "open" && (!i.Done || i.Approval == "rejected") ?>
      <form method="post" action="<?cs var:base ?>/checks/<?cs var:i.Id ?>" enctype="multipart/form-data" class="form inline">
        <?cs call:csrf_field() ?>
        <?cs if:i.Evidence != "none" ?><label class="small"><?cs var:Lang.Deal.Evidence ?> <input name="file" type="file"></label><?cs /if ?>
        <button type="submit"><?cs var:Lang.Deal.Tick ?></button>
      </form>
      <?cs /if ?>
    </li>
  <?cs /each ?>
  </ol>
</section>
<?cs /if ?>

<?cs if:Deal.IsLast == "1" && Deal.CanEdit ?>
<section class="card" id="close">
  <h2><?cs var:Lang.Deal.Close ?></h2>
  <?cs if:Deal.Status == "won" ?>
  <dl class="facts">
    <dt><?cs var:Lang.Deal.HandoffContacts ?></dt><dd><?cs var:Deal.HandoffContacts ?></dd>
    <dt><?cs var:Lang.Deal.HandoffDocuments ?></dt><dd><?cs var:Deal.HandoffDocuments ?></dd>
    <dt><?cs var:Lang.Deal.HandoffIssues ?></dt><dd><?cs var:Deal.HandoffIssues ?></dd>
  </dl>
  <?cs else ?>
  <p class="muted"><?cs var:Lang.Deal.CloseHint ?></p>
  <form method="post" action="<?cs var:base ?>/close" class="form">
    <?cs call:csrf_field() ?>
    <div class="field<?cs if:Form.Errors.handoff_contacts ?> has-error<?cs /if ?>"><label for="f-handoff_contacts"><?cs var:Lang.Deal.HandoffContacts ?></label>
      <textarea id="f-handoff_contacts" name="handoff_contacts" rows="2"><?cs var:Form.Typed.handoff_contacts ?></textarea><?cs call:field_error("handoff_contacts") ?></div>
    <div class="field<?cs if:Form.Errors.handoff_documents ?> has-error<?cs /if ?>"><label for="f-handoff_documents"><?cs var:Lang.Deal.HandoffDocuments ?></label>
      <textarea id="f-handoff_documents" name="handoff_documents" rows="2"><?cs var:Form.Typed.handoff_documents ?></textarea><?cs call:field_error("handoff_documents") ?></div>
    <?cs call:field("handoff_issues", Lang.Deal.HandoffIssues, "text", Form.Typed.handoff_issues, "off") ?>
    <button type="submit" class="primary"><?cs var:Lang.Deal.CloseWon ?></button>
  </form>
  <?cs /if ?>
</section>
<?cs /if ?>

<section class="card" id="timeline">
  <h2><?cs var:Lang.Deal.Timeline ?></h2>
  <?cs if:subcount(Deal.Timeline) == 0 ?><p class="empty"><?cs var:Lang.Deal.NoTimeline ?></p><?cs /if ?>
  <ol class="timeline">
  <?cs each:e = Deal.Timeline ?>
    <li class="ev-<?cs var:e.Kind ?>"><span class="when"><?cs var:e.At ?></span>
      <strong><?cs if:string.slice(e.Kind, 0, 9) == "activity." ?><?cs var:Lang.Activity[string.slice(e.Kind, 9, string.length(e.Kind))] ?><?cs else ?><?cs var:Lang.DealEvent[e.Kind] ?><?cs /if ?></strong>
      <?cs if:e.User ?> · <?cs var:e.User ?><?cs /if ?><?cs if:e.From || e.To ?> · <?cs var:e.From ?><?cs if:e.To ?> → <?cs var:e.To ?><?cs /if ?><?cs /if ?><?cs if:e.Minutes ?> · <?cs var:e.Minutes ?> <?cs var:Lang.Deal.Minutes ?><?cs /if ?>
      <?cs if:e.Detail ?><div class="muted"><?cs var:e.Detail ?></div><?cs /if ?>
      <?cs if:e.ActivityId ?><div><?cs if:e.Replies > 0 ?><span class="badge good"><?cs var:Lang.Reply.Replied ?> <?cs var:e.Replies ?></span> <?cs /if ?><a class="tap-link reply-link" href="/activities/<?cs var:e.ActivityId ?>/reply?deal=<?cs var:Deal.Id ?>"><?cs if:e.Replies > 0 ?><?cs var:Lang.Reply.More ?><?cs else ?><?cs var:Lang.Reply.Record ?><?cs /if ?></a></div><?cs /if ?></li>
  <?cs /each ?>
  </ol>
</section>
<?cs include:"footer.cs" ?>
