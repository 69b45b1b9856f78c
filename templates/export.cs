<?cs set:Page.Title = Lang.Export.One ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<?cs include:"export_macros.cs" ?>
<div class="titlebar"><h1><?cs var:Lang.Export.One ?> #<?cs var:Export.Id ?></h1> <a href="/exports"><?cs var:Lang.Export.Title ?></a></div>
<?cs if:Export.Refused ?><p class="flash error" role="alert"><?cs var:Lang.Export.Refusal[Export.Refused] ?></p><?cs /if ?>
<section class="card">
  <p><?cs call:export_status(Export.Status) ?></p>
  <?cs call:export_preview(Export) ?>
  <dl class="facts">
    <dt><?cs var:Lang.Export.Columns ?></dt><dd class="wrap"><?cs var:Export.Columns ?></dd>
    <dt><?cs var:Lang.Export.FilterLabel ?></dt><dd><?cs if:Export.Filter.q ?><?cs var:Lang.Form.Search ?>「<?cs var:Export.Filter.q ?>」 <?cs /if ?><?cs if:Export.Filter.Region ?><?cs var:Export.Filter.Region ?> <?cs /if ?><?cs if:Export.Filter.OwnerMe ?><?cs var:Lang.Export.OnlyMine ?> <?cs /if ?><?cs if:Export.Filter.Status ?><?cs if:Export.Kind == "deals" ?><?cs var:Lang.DealStatus[Export.Filter.Status] ?><?cs else ?><?cs var:Lang.LeadStatus[Export.Filter.Status] ?><?cs /if ?> <?cs /if ?><?cs if:Export.Filter.From || Export.Filter.To ?><?cs var:Export.Filter.From ?> – <?cs var:Export.Filter.To ?><?cs /if ?><?cs if:!Export.Filter.q && !Export.Filter.Region && !Export.Filter.OwnerMe && !Export.Filter.Status && !Export.Filter.From && !Export.Filter.To ?><?cs var:Lang.Export.NoFilter ?><?cs /if ?></dd>
    <dt><?cs var:Lang.Export.Reason ?></dt><dd><?cs var:Export.Reason ?></dd>
    <dt><?cs var:Lang.Export.Requester ?></dt><dd><?cs var:Export.Requester ?> · <?cs var:Export.Created ?></dd>
    <dt><?cs var:Lang.Export.Approver ?></dt><dd><?cs var:Export.Approver ?><?cs if:Export.Decided ?> · <?cs var:Export.Decided ?><?cs /if ?></dd>
    <?cs if:Export.DecisionReason ?><dt><?cs var:Lang.Export.DecisionReason ?></dt><dd><?cs var:Export.DecisionReason ?></dd><?cs /if ?>
    <?cs if:Export.Expires ?><dt><?cs var:Lang.Export.Expires ?></dt><dd><?cs var:Export.Expires ?></dd><?cs /if ?>
    <?cs if:Export.Downloaded ?><dt><?cs var:Lang.Export.Downloaded ?></dt><dd><?cs var:Export.Downloaded ?></dd><?cs /if ?>
  </dl>
  <p class="muted small"><?cs var:Lang.Export.MaskedNote ?></p>
</section>
<?cs if:Export.Token ?>
<section class="card">
  <p><a class="button primary" id="download" href="/exports/<?cs var:Export.Id ?>/download?t=<?cs var:Export.Token ?>"><?cs var:Lang.Export.Download ?></a></p>
  <p class="muted small"><?cs var:Lang.Export.OnceHint ?></p>
</section>
<?cs /if ?>
<?cs if:Export.ToApprove && Export.Status == "pending" && User.Can.ExportApprove ?>
<section class="card">
  <h2><?cs var:Lang.Export.Decide ?></h2>
  <form method="post" action="/exports/<?cs var:Export.Id ?>/approve" class="form">
    <?cs call:csrf_field() ?>
    <?cs call:field("reason", Lang.Export.DecisionReason, "text", Query.reason, "off") ?>
    <div class="actions">
      <button type="submit" class="primary"><?cs var:Lang.Export.Approve ?></button>
      <button type="submit" formaction="/exports/<?cs var:Export.Id ?>/reject" class="danger"><?cs var:Lang.Export.Reject ?></button>
    </div>
    <p class="muted small"><?cs var:Lang.Export.RejectHint ?></p>
  </form>
</section>
<?cs /if ?>
<?cs include:"footer.cs" ?>
