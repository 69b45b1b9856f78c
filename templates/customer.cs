<?cs set:Page.Title = Customer.Name ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<?cs include:"activity_macros.cs" ?>
<p class="crumbs"><a href="/customers"><?cs var:Lang.Customers.Title ?></a> ›</p>
<h1><?cs var:Customer.Name ?><?cs if:Customer.Grade ?> <span class="badge"><?cs var:Customer.Grade ?></span><?cs /if ?><?cs if:Customer.Sensitive.Label ?> <span class="badge bad"><?cs var:Lang.Complaint.Badge ?></span><?cs /if ?></h1>
<div class="grid2">
<section class="card">
  <dl class="facts">
    <?cs if:Customer.Industry ?><dt><?cs var:Lang.PublicForm.Industry ?></dt><dd><?cs var:Lang.Industry[Customer.Industry] ?></dd><?cs /if ?>
    <?cs if:Customer.Region ?><dt><?cs var:Lang.User.Region ?></dt><dd><?cs var:Customer.Region ?></dd><?cs /if ?>
    <dt><?cs var:Lang.Leads.Owner ?></dt><dd><?cs if:Customer.Owner ?><?cs var:Customer.Owner ?><?cs else ?>—<?cs /if ?></dd>
    <?cs if:Form.Errors.reason ?><dt></dt><dd><p class="error"><?cs var:Lang[Form.Errors.reason] ?></p></dd><?cs /if ?>
    <?cs if:Customer.Phone ?><dt><?cs var:Lang.User.Phone ?></dt><dd><?cs call:sensitive(Customer.Phone, "/customers/" + Customer.Id, "phone", 1) ?></dd><?cs /if ?>
    <?cs if:Customer.Email ?><dt><?cs var:Lang.User.Email ?></dt><dd><?cs call:sensitive(Customer.Email, "/customers/" + Customer.Id, "email", 0) ?></dd><?cs /if ?>
    <?cs if:Customer.Budget ?><dt><?cs var:Lang.Customers.Budget ?></dt><dd><?cs call:sensitive(Customer.Budget, "/customers/" + Customer.Id, "budget", 0) ?></dd><?cs /if ?>
    <?cs if:Customer.BankAccount ?><dt><?cs var:Lang.Customers.BankAccount ?></dt><dd><?cs call:sensitive(Customer.BankAccount, "/customers/" + Customer.Id, "bank_account", 0) ?></dd><?cs /if ?>
    <dt><?cs var:Lang.Leads.Created ?></dt><dd><?cs var:Customer.Created ?></dd>
  </dl>
  <p><a href="/customers/<?cs var:Customer.Id ?>/success"><?cs var:Lang.Success.Link ?></a></p>
</section>
<section class="card">
  <h2><?cs var:Lang.Customers.Contacts ?></h2>
  <ul class="plain">
  <?cs each:c = Customer.Contacts ?><li><strong><?cs var:c.Name ?></strong><?cs if:c.Title && !c.Title.Masked ?> · <?cs var:c.Title ?><?cs /if ?><?cs if:c.Key == "1" ?> <span class="badge"><?cs var:Lang.Customers.KeyContact ?></span><?cs /if ?><?cs if:c.Phone ?><br><?cs if:c.Phone.Masked ?><?cs var:c.Phone ?> <span class="badge"><?cs var:Lang.Mask.Badge ?></span><?cs else ?><a href="tel:<?cs var:c.Phone ?>"><?cs var:c.Phone ?></a><?cs /if ?><?cs /if ?><?cs if:c.Email ?> · <?cs var:c.Email ?><?cs /if ?></li><?cs /each ?>
  </ul>
  <h2><?cs var:Lang.Customers.Deals ?></h2>
  <ul class="plain">
  <?cs each:d = Customer.Deals ?><li><a href="/deals/<?cs var:d.Id ?>"><?cs var:d.Name ?></a><?cs if:d.Amount ?> · <?cs var:d.Amount ?><?cs /if ?><br><span class="muted small"><?cs var:d.Pipeline ?> · <?cs var:d.Stage ?> · <?cs var:Lang.Customers.Since ?> <?cs var:d.Since ?></span></li><?cs /each ?>
  </ul>
</section>
</div>
<?cs if:Customer.Sensitive.Label ?>
<section class="card" id="service">
  <h2><?cs var:Lang.Complaint.Badge ?></h2>
  <p><?cs var:Lang.Complaint.Marked ?> “<?cs var:Customer.Sensitive.Label ?>” · <?cs var:Customer.Sensitive.At ?></p>
  <?cs if:Customer.Sensitive.Confirmed ?><p class="ok-text"><?cs var:Lang.Complaint.Confirmed ?> <?cs var:Customer.Sensitive.By ?> · <?cs var:Customer.Sensitive.ConfirmedAt ?>: <?cs var:Customer.Sensitive.Commitment ?></p>
  <?cs else ?><p><?cs var:Lang.Complaint.LockHint ?></p>
  <?cs if:Customer.CanEdit ?><form method="post" action="/customers/<?cs var:Customer.Id ?>/commitment" class="form">
    <?cs call:csrf_field() ?>
    <?cs call:field("commitment", Lang.Complaint.Commitment, "text", Form.Typed.commitment, "off") ?>
    <button type="submit" class="primary"><?cs var:Lang.Complaint.Confirm ?></button>
  </form><?cs /if ?><?cs /if ?>
</section>
<?cs /if ?>
<?cs if:Customer.Score.Score || Customer.CanSetPotential ?>
<section class="card" id="grade">
  <h2><?cs var:Lang.Grade.Title ?></h2>
  <?cs if:Customer.Score.Score ?>
  <p><?cs var:Lang.Grade.Score ?> <strong><?cs var:Customer.Score.Score ?></strong> · <?cs var:Lang.Grade.Base ?> <?cs var:Customer.Score.Base ?> · <?cs var:Lang.Grade.Activity ?> <?cs var:Customer.Score.Activity ?> · <?cs var:Lang.Grade.Potential ?> <?cs var:Customer.Score.Potential ?> <small class="muted">(<?cs var:Customer.Score.At ?>)</small></p>
  <?cs if:Customer.Score.Candidate ?><p class="muted"><?cs var:Lang.Grade.Pending ?> <?cs var:Customer.Score.Candidate ?> (<?cs var:Customer.Score.Runs ?>/2)</p><?cs /if ?>
  <?cs if:subcount(Customer.Score.History) > 0 ?><h3><?cs var:Lang.Grade.History ?></h3>
  <ol class="plain grade-history"><?cs each:h = Customer.Score.History ?><li><?cs var:h.At ?> · <?cs if:h.Old ?><?cs var:h.Old ?><?cs else ?>—<?cs /if ?> → <strong><?cs var:h.New ?></strong> (<?cs var:h.Score ?>)</li><?cs /each ?></ol><?cs /if ?>
  <?cs /if ?>
  <?cs if:Customer.CanSetPotential ?>
  <form method="post" action="/customers/<?cs var:Customer.Id ?>/potential" class="form">
    <?cs call:csrf_field() ?>
    <?cs call:field("potential", Lang.Grade.PotentialField, "number", Customer.Score.Potential, "off") ?>
    <?cs call:field("note", Lang.Grade.PotentialNote, "text", "", "off") ?>
    <button type="submit"><?cs var:Lang.Grade.PotentialSave ?></button>
  </form>
  <?cs /if ?>
</section>
<?cs /if ?>
<?cs if:Customer.CanEdit ?><?cs call:quick_actions("/customers/" + Customer.Id) ?><?cs /if ?>
<?cs call:timeline(Customer.Activities, Customer.History) ?>
<?cs include:"footer.cs" ?>
