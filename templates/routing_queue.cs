<?cs set:Page.Title = Lang.Nav.Queue ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<div class="titlebar">
<h1><?cs var:Lang.Nav.Queue ?></h1>
<?cs if:subcount(Queue) > 0 ?><form method="post" action="/routing/queue/retry"><?cs call:csrf_field() ?><button type="submit" class="primary"><?cs var:Lang.Routing.RetryAll ?></button></form><?cs /if ?>
</div>
<p class="muted"><?cs var:Lang.Routing.QueueIntro ?></p>
<?cs if:subcount(Queue) == 0 ?><p class="empty"><?cs if:QueuePage.Total > 0 ?><?cs var:Lang.Routing.QueuePast ?><?cs else ?><?cs var:Lang.Routing.QueueEmpty ?><?cs /if ?></p><?cs else ?>
<p class="small" id="queue-count"><?cs var:Lang.Routing.QueueCount1 ?> <strong><?cs var:QueuePage.Total ?></strong> <?cs var:Lang.Routing.QueueCount2 ?><?cs if:Pager.Prev || Pager.Next ?> · <?cs var:Lang.Routing.QueueShown ?> <?cs var:QueuePage.From ?>–<?cs var:QueuePage.To ?><?cs /if ?></p>
<table class="list">
  <thead><tr><th><?cs var:Lang.Routing.Lead ?></th><th><?cs var:Lang.Leads.Channel ?></th><th><?cs var:Lang.Routing.TierLabel ?></th><th><?cs var:Lang.User.Region ?></th><th><?cs var:Lang.Routing.Reason ?></th><th><?cs var:Lang.Routing.Attempts ?></th><th></th></tr></thead>
  <tbody>
  <?cs each:q = Queue ?>
  <tr><td data-label="<?cs var:Lang.Routing.Lead ?>"><a href="/leads/<?cs var:q.Id ?>">#<?cs var:q.Id ?></a><br><small><?cs var:q.Queued ?></small></td>
      <td data-label="<?cs var:Lang.Leads.Channel ?>"><?cs var:q.Channel ?></td>
      <td data-label="<?cs var:Lang.Routing.TierLabel ?>"><?cs var:Lang.Tier[q.Tier] ?></td>
      <td data-label="<?cs var:Lang.User.Region ?>"><?cs if:q.Region ?><?cs var:q.Region ?><?cs else ?>—<?cs /if ?></td>
      <td data-label="<?cs var:Lang.Routing.Reason ?>" class="reason"><?cs var:Lang.Routing.Why[q.Reason] ?></td>
      <td data-label="<?cs var:Lang.Routing.Attempts ?>"><?cs var:q.Attempts ?> · <small><?cs var:q.LastTry ?></small></td>
      <td><form method="post" action="/routing/queue/<?cs var:q.Id ?>/retry"><?cs call:csrf_field() ?><button type="submit"><?cs var:Lang.Routing.Retry ?></button></form></td></tr>
  <?cs /each ?>
  </tbody>
</table>
<?cs /if ?>
<?cs call:pager("/routing/queue?") ?>
<?cs include:"footer.cs" ?>
