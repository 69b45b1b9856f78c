<?cs set:Page.Title = Customer.Name ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<?cs include:"deal_macros.cs" ?>
<?cs # Compact: what a rep needs beside a chat, nothing to scroll sideways. ?>
<div class="sidebar">
<h1><?cs var:Customer.Name ?><?cs if:Customer.Grade ?> <span class="badge"><?cs var:Customer.Grade ?></span><?cs /if ?></h1>
<p class="muted small"><?cs if:Customer.Industry ?><?cs var:Lang.Industry[Customer.Industry] ?> · <?cs /if ?><?cs if:Customer.Owner ?><?cs var:Customer.Owner ?><?cs else ?>—<?cs /if ?>
  · <a href="/customers/<?cs var:Customer.Id ?>"><?cs var:Lang.Sidebar.Full ?></a></p>
<section class="card compact-card" id="stage">
  <h2><?cs var:Lang.Sidebar.Stage ?></h2>
  <?cs if:subcount(Sidebar.Deals) == 0 ?><p class="empty"><?cs var:Lang.Sidebar.NoDeal ?></p><?cs /if ?>
  <?cs each:d = Sidebar.Deals ?>
  <div class="sidebar-deal" id="deal-<?cs var:d.Id ?>">
    <p><strong class="stage"><?cs var:d.Stage ?></strong> <span class="muted small"><?cs var:d.Pipeline ?> · <?cs var:Lang.Customers.Since ?> <?cs var:d.Since ?></span><br>
      <a class="row-link" href="/deals/<?cs var:d.Id ?>"><?cs var:d.Name ?></a><?cs if:d.Amount ?> · <?cs var:d.Amount ?><?cs if:d.Amount.Masked ?> <span class="badge"><?cs var:Lang.Mask.Badge ?></span><?cs /if ?><?cs /if ?></p>
    <?cs if:d.LockCount > 0 ?>
    <h3><?cs var:Lang.Sidebar.DealLocks ?></h3>
    <?cs call:unmet_list(d.Locks, "/deals/" + d.Id) ?>
    <?cs elif:d.IsLast == "1" ?>
    <p class="muted small"><?cs var:Lang.Sidebar.LastStage ?></p>
    <?cs else ?>
    <p class="ok-text"><?cs var:Lang.Sidebar.NoLocks ?></p>
    <?cs /if ?>
  </div>
  <?cs /each ?>
</section>
<?cs if:Customer.CanEdit ?>
<section class="card compact-card" id="taps">
  <h2><?cs var:Lang.Activity.Quick ?></h2>
  <div class="quick">
  <?cs each:k = Kinds ?>
  <form method="post" action="/customers/<?cs var:Customer.Id ?>/sidebar/action"><?cs call:csrf_field() ?><input type="hidden" name="kind" value="<?cs var:k.Code ?>"><button type="submit"><?cs var:Lang.Activity[k.Code] ?></button></form>
  <?cs /each ?>
  </div>
  <p class="muted small"><?cs var:Lang.Sidebar.Records ?></p>
</section>
<?cs /if ?>
<section class="card compact-card" id="contacts">
  <h2><?cs var:Lang.Customers.Contacts ?></h2>
  <ul class="plain">
  <?cs each:c = Customer.Contacts ?><li><strong><?cs var:c.Name ?></strong><?cs if:c.Key == "1" ?> <span class="badge"><?cs var:Lang.Customers.KeyContact ?></span><?cs /if ?><?cs if:c.Phone ?><br><?cs if:c.Phone.Masked ?><span class="masked"><?cs var:c.Phone ?></span><?cs else ?><a class="tap-link" href="tel:<?cs var:c.Phone ?>"><?cs var:c.Phone ?></a><?cs /if ?><?cs /if ?></li><?cs /each ?>
  </ul>
</section>
<section class="card compact-card" id="recent">
  <h2><?cs var:Lang.Sidebar.Recent ?></h2>
  <?cs if:subcount(Customer.Activities) == 0 ?><p class="empty"><?cs var:Lang.Activity.None ?></p><?cs /if ?>
  <ol class="timeline">
  <?cs each:a = Customer.Activities ?><?cs if:name(a) < 5 ?>
    <li><span class="when"><?cs var:a.At ?></span> <strong><?cs var:Lang.Activity[a.Kind] ?></strong> · <?cs var:a.User ?><?cs if:a.Kind == "visit_record" ?><br><a class="tap-link summary-link" href="/visits/<?cs var:a.Id ?>/summary"><?cs var:Lang.Summary.Link ?></a> <a class="tap-link summary-link" href="/visits/<?cs var:a.Id ?>/summary.pdf"><?cs var:Lang.Summary.LinkPdf ?></a><?cs /if ?></li>
  <?cs /if ?><?cs /each ?>
  </ol>
</section>
</div>
<?cs include:"footer.cs" ?>
