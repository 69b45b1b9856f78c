<?cs set:Page.Title = Lang.Tasks.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1><?cs var:Lang.Tasks.Title ?></h1>
<?cs if:subcount(Tasks.Approvals) > 0 ?>
<section class="card" id="approvals">
  <h2><?cs var:Lang.Tasks.Approvals ?></h2>
  <ul class="plain"><?cs each:a = Tasks.Approvals ?><li><a href="/deals/<?cs var:a.DealId ?>#approval"><?cs var:a.Deal ?></a> <span class="muted small"><?cs var:a.Stage ?> · <?cs var:a.By ?> · <?cs var:a.At ?></span></li><?cs /each ?></ul>
</section>
<?cs /if ?>
<?cs if:Tasks.Count == 0 ?><p class="empty"><?cs var:Lang.Tasks.Empty ?></p><?cs else ?>
<table class="list">
  <thead><tr><th><?cs var:Lang.Tasks.Task ?></th><th><?cs var:Lang.Tasks.Due ?></th><th><?cs var:Lang.Tasks.Status ?></th></tr></thead>
  <tbody>
  <?cs each:t = Tasks.Items ?>
  <tr<?cs if:t.Overdue == "1" ?> class="overdue"<?cs /if ?>>
    <td data-label="<?cs var:Lang.Tasks.Task ?>"><?cs var:t.Title ?><br><?cs if:t.DealId ?><a class="small" href="/deals/<?cs var:t.DealId ?>"><?cs var:t.Deal ?></a> <span class="muted small"><?cs var:t.Stage ?></span><?cs else ?><a class="small" href="<?cs call:task_href(t) ?>"><?cs var:t.Customer ?></a> <span class="muted small"><?cs var:Lang.TaskKind[t.Kind] ?></span><?cs /if ?></td>
    <td data-label="<?cs var:Lang.Tasks.Due ?>"><?cs var:t.Due ?><?cs if:t.Overdue == "1" ?> <span class="badge bad"><?cs var:Lang.Tasks.Overdue ?></span><?cs /if ?><?cs if:t.Level > 0 ?> <span class="badge bad" title="<?cs var:Lang.Tasks.EscalatedLabel ?>">↑<?cs var:t.Level ?></span><?cs /if ?></td>
    <td data-label="<?cs var:Lang.Tasks.Status ?>"><?cs if:t.Status == "open" ?><form method="post" action="/tasks/<?cs var:t.Id ?>/done"><?cs call:csrf_field() ?><button type="submit"><?cs var:Lang.Tasks.Done ?></button></form><?cs else ?><?cs var:Lang.TaskStatus.done ?> · <?cs var:t.DoneAt ?><?cs /if ?></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
<?cs /if ?>
<?cs include:"footer.cs" ?>
