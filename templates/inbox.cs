<?cs set:Page.Title = Lang.Nav.Inbox ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<div class="titlebar">
<h1><?cs var:Lang.Nav.Inbox ?></h1>
<?cs if:User.Unread ?><form method="post" action="/inbox/read"><?cs call:csrf_field() ?><button type="submit"><?cs var:Lang.Inbox.ReadAll ?></button></form><?cs /if ?>
</div>
<?cs if:subcount(Inbox) == 0 ?><p class="empty"><?cs var:Lang.Inbox.Empty ?></p><?cs else ?>
<ul class="inbox">
<?cs each:n = Inbox ?>
  <li class="<?cs if:n.Unread == "1" ?>unread<?cs /if ?>" data-kind="<?cs var:n.Kind ?>">
    <span class="what"><?cs var:Lang.Notify.Kind[n.Kind] ?><?cs if:n.ObjectType == "lead" ?> · <a href="/leads/<?cs var:n.ObjectId ?>"><?cs var:Lang.Routing.Lead ?> #<?cs var:n.ObjectId ?></a><?cs elif:n.ObjectType == "handoff" ?> · <a href="/handoffs/<?cs var:n.ObjectId ?>"><?cs var:Lang.Handoff.One ?> #<?cs var:n.ObjectId ?></a><?cs elif:n.ObjectType == "deal" ?> · <a href="/deals/<?cs var:n.ObjectId ?>"><?cs var:Lang.Nav.Deals ?> #<?cs var:n.ObjectId ?></a><?cs elif:n.ObjectType == "customer" ?> · <a href="/customers/<?cs var:n.ObjectId ?>"><?cs var:Lang.Success.Customer ?> #<?cs var:n.ObjectId ?></a><?cs /if ?><?cs if:n.Detail ?> · <?cs var:n.Detail ?><?cs /if ?></span>
    <small class="muted"><?cs var:n.At ?></small>
    <?cs if:n.Unread == "1" ?><form method="post" action="/inbox/<?cs var:n.Id ?>/read" class="inline"><?cs call:csrf_field() ?><button type="submit" class="link"><?cs var:Lang.Inbox.MarkRead ?></button></form><?cs /if ?>
  </li>
<?cs /each ?>
</ul>
<?cs /if ?>
<?cs include:"footer.cs" ?>
