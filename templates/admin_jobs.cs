<?cs set:Page.Title = Lang.Nav.Jobs ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<div class="titlebar">
<h1><?cs var:Lang.Nav.Jobs ?></h1>
<form method="post" action="/admin/jobs/run"><?cs call:csrf_field() ?><button type="submit" class="primary"><?cs var:Lang.Jobs.RunNow ?></button></form>
</div>
<p class="muted"><?cs var:Lang.Jobs.Intro ?></p>
<table class="list">
  <thead><tr><th><?cs var:Lang.Jobs.Job ?></th><th><?cs var:Lang.Jobs.Every ?></th><th><?cs var:Lang.Jobs.Last ?></th><th><?cs var:Lang.Jobs.Result ?></th></tr></thead>
  <tbody>
  <?cs each:j = Jobs ?>
  <tr><td data-label="<?cs var:Lang.Jobs.Job ?>"><?cs var:Lang.Jobs.Name[j.Name] ?><br><code><?cs var:j.Name ?></code></td>
      <td data-label="<?cs var:Lang.Jobs.Every ?>"><?cs var:j.Every ?> s</td>
      <td data-label="<?cs var:Lang.Jobs.Last ?>"><?cs if:j.Last ?><?cs var:j.Last ?><?cs else ?><?cs var:Lang.Jobs.Never ?><?cs /if ?><?cs if:j.Last ?> · <?cs var:j.Ms ?> ms · <?cs var:j.Host ?><?cs /if ?></td>
      <td data-label="<?cs var:Lang.Jobs.Result ?>"><?cs if:j.Last ?><?cs if:j.Ok == "1" ?><?cs var:j.Summary ?><?cs else ?><span class="error"><?cs var:j.Error ?></span><?cs /if ?><?cs /if ?></td></tr>
  <?cs /each ?>
  </tbody>
</table>
<section class="card">
<h2><?cs var:Lang.Jobs.Recent ?></h2>
<table class="list"><thead><tr><th><?cs var:Lang.Jobs.Job ?></th><th><?cs var:Lang.Jobs.Last ?></th><th><?cs var:Lang.Jobs.Result ?></th></tr></thead><tbody>
<?cs each:r = Runs ?><tr><td data-label="<?cs var:Lang.Jobs.Job ?>"><code><?cs var:r.Job ?></code></td><td data-label="<?cs var:Lang.Jobs.Last ?>"><?cs var:r.At ?> · <?cs var:r.Ms ?> ms · <?cs var:r.Host ?></td><td data-label="<?cs var:Lang.Jobs.Result ?>"><?cs if:r.Ok == "1" ?><?cs var:r.Summary ?><?cs else ?><span class="error"><?cs var:r.Error ?></span><?cs /if ?></td></tr><?cs /each ?>
</tbody></table>
</section>
<?cs include:"footer.cs" ?>
