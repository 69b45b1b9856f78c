<?cs set:Page.Title = Lang.Cred.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<div class="titlebar">
<h1><?cs var:Lang.Cred.Title ?></h1>
<?cs if:Credibility.All ?><a href="/credibility"><?cs var:Lang.Cred.ShowOpen ?></a><?cs else ?><a href="/credibility?show=all"><?cs var:Lang.Cred.ShowAll ?></a><?cs /if ?>
</div>
<p class="muted"><?cs var:Lang.Cred.Intro ?></p>
<?cs if:subcount(Flags) == 0 ?><p class="empty"><?cs var:Lang.Cred.Empty ?></p><?cs else ?>
<table class="list credibility">
  <thead><tr><th><?cs var:Lang.Cred.Person ?></th><th><?cs var:Lang.Cred.Subject ?></th><th><?cs var:Lang.Cred.Reason ?></th><th><?cs var:Lang.Cred.Evidence ?></th><th><?cs var:Lang.Cred.State ?></th></tr></thead>
  <tbody>
  <?cs each:f = Flags ?>
  <tr id="flag-<?cs var:f.Id ?>" data-flag="<?cs var:f.Id ?>">
    <td data-label="<?cs var:Lang.Cred.Person ?>"><?cs var:f.User ?><br><small><?cs var:Lang.Cred.Raised ?> <?cs var:f.At ?></small></td>
    <td data-label="<?cs var:Lang.Cred.Subject ?>"><?cs if:f.CustomerId ?><a href="/customers/<?cs var:f.CustomerId ?>"><?cs if:f.Customer ?><?cs var:f.Customer ?><?cs else ?>#<?cs var:f.CustomerId ?><?cs /if ?></a><?cs elif:f.LeadId ?><a href="/leads/<?cs var:f.LeadId ?>">#<?cs var:f.LeadId ?></a><?cs else ?>—<?cs /if ?></td>
    <td data-label="<?cs var:Lang.Cred.Reason ?>" class="reason"><?cs var:Lang.Cred.R[f.Reason] ?><?cs if:f.Kind ?> · <?cs var:Lang.Activity[f.Kind] ?><?cs /if ?></td>
    <td data-label="<?cs var:Lang.Cred.Evidence ?>"><?cs if:f.Recorded ?><?cs var:f.Verifiable ?> / <?cs var:f.Recorded ?> <?cs var:Lang.Cred.Ratio ?> (<?cs var:f.Percent ?>%)<?cs /if ?>
      <?cs if:subcount(f.Evidence) > 0 ?><ol class="evidence"><?cs each:e = f.Evidence ?><li><?cs var:e.At ?> · <?cs var:Lang.Activity[e.Kind] ?><?cs if:e.Duration ?> · <?cs var:e.Duration ?><?cs var:Lang.Cred.Seconds ?><?cs /if ?><?cs if:e.Ip ?> · <?cs var:Lang.Cred.From ?> <?cs var:e.Ip ?><?cs /if ?></li><?cs /each ?></ol><?cs /if ?></td>
    <td data-label="<?cs var:Lang.Cred.State ?>"><span class="badge<?cs if:f.Status == "open" ?> bad<?cs elif:f.Status == "cleared" ?> ok<?cs /if ?>"><?cs var:Lang.Cred.S[f.Status] ?></span>
      <?cs if:f.Status == "open" ?>
      <form method="post" action="/credibility/<?cs var:f.Id ?>/review" class="form review">
        <?cs call:csrf_field() ?>
        <div class="field"><label for="note-<?cs var:f.Id ?>"><?cs var:Lang.Cred.Note ?></label><input id="note-<?cs var:f.Id ?>" name="note" maxlength="200"></div>
        <button type="submit" name="decision" value="cleared" class="primary"><?cs var:Lang.Cred.Clear ?></button>
        <button type="submit" name="decision" value="confirmed"><?cs var:Lang.Cred.Confirm ?></button>
      </form>
      <?cs else ?><br><small><?cs var:Lang.Cred.By ?> <?cs var:f.Reviewer ?> · <?cs var:f.ReviewedAt ?></small><?cs if:f.Note ?><br><small><?cs var:f.Note ?></small><?cs /if ?><?cs /if ?></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
<?cs /if ?>
<?cs include:"footer.cs" ?>
