<?cs # The list of unmet exit conditions, each linking to where it is done.
     base is the deal's URL ("/deals/12"). ?>
<?cs def:unmet_list(items, base) ?>
<ul class="unmet">
<?cs each:u = items ?>
  <li><a href="<?cs var:base ?><?cs var:u.Anchor ?>"><?cs if:u.Label ?><?cs var:u.Label ?><?cs else ?><?cs var:Lang.Deal.Unmet[u.Key] ?><?cs /if ?></a>
    <span class="muted small"><?cs var:Lang.Deal.Unmet[u.Key] ?><?cs if:u.Key != "Approval" && u.Key != "ApprovalPending" && u.Key != "ApprovalRejected" ?> · <?cs var:Lang.Deal.Have ?> <?cs var:u.Have ?> / <?cs var:Lang.Deal.Need ?> <?cs var:u.Need ?><?cs /if ?></span></li>
<?cs /each ?>
</ul>
<?cs /def ?>
