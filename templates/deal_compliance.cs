<?cs set:Page.Title = Lang.Compliance.DealTitle ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<p class="crumbs"><a href="/deals/<?cs var:Deal.Id ?>"><?cs var:Deal.Name ?></a> ›</p>
<h1><?cs var:Lang.Compliance.DealTitle ?></h1>
<table class="list">
  <thead><tr><th><?cs var:Lang.Compliance.Item ?></th><th><?cs var:Lang.Deal.DoneBy ?></th><th><?cs var:Lang.Deal.Evidence ?></th><th><?cs var:Lang.Compliance.Pending ?></th></tr></thead>
  <tbody>
  <?cs each:i = Compliance.Items ?>
  <tr<?cs if:i.Reached == "1" && !i.DoneAt ?> class="overdue"<?cs /if ?>>
    <td data-label="<?cs var:Lang.Compliance.Item ?>"><span class="muted small"><?cs var:i.Stage ?> · <?cs var:i.Position ?></span><br><?cs var:i.Label ?><?cs if:i.Late == "1" ?> <span class="badge bad"><?cs var:Lang.Compliance.Late ?></span><?cs /if ?></td>
    <td data-label="<?cs var:Lang.Deal.DoneBy ?>"><?cs if:i.DoneAt ?><?cs var:i.DoneBy ?><br><span class="small muted"><?cs var:i.DoneAt ?></span><?cs elif:i.Reached == "1" ?><span class="badge bad"><?cs var:Lang.Compliance.NotDone ?></span><?cs else ?><span class="muted"><?cs var:Lang.Compliance.NotReached ?></span><?cs /if ?></td>
    <td data-label="<?cs var:Lang.Deal.Evidence ?>"><?cs if:i.AttachmentId ?><a href="/deals/<?cs var:Deal.Id ?>/attachments/<?cs var:i.AttachmentId ?>"><?cs var:i.Filename ?></a><?cs elif:i.Evidence == "mandatory" ?><span class="muted"><?cs var:Lang.Deal.EvidenceMandatory ?></span><?cs else ?>—<?cs /if ?></td>
    <td data-label="<?cs var:Lang.Compliance.Pending ?>"><?cs if:i.NeedsApproval == "1" ?><?cs if:i.Approval ?><?cs var:Lang.Deal.ApprovalState[i.Approval] ?><?cs if:i.Approver ?> · <?cs var:i.Approver ?> <?cs var:i.DecidedAt ?><?cs /if ?><?cs else ?><?cs var:Lang.Deal.NeedsApproval ?><?cs /if ?>
      <?cs if:i.Approval == "pending" && Compliance.MayApprove ?>
      <form method="post" action="/deals/<?cs var:Deal.Id ?>/checks/<?cs var:i.ItemId ?>/decide" class="inline"><?cs call:csrf_field() ?>
        <button type="submit" name="decision" value="approve" class="primary"><?cs var:Lang.Deal.Approve ?></button>
        <button type="submit" name="decision" value="reject"><?cs var:Lang.Deal.Reject ?></button></form>
      <?cs /if ?><?cs else ?>—<?cs /if ?></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
<?cs include:"footer.cs" ?>
