<?cs set:Page.Title = Lang.Compliance.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1><?cs var:Lang.Compliance.Title ?></h1>
<p class="muted"><?cs var:Lang.Compliance.Hint ?></p>
<table class="list">
  <thead><tr><th><?cs var:Lang.Compliance.Item ?></th><th><?cs var:Lang.Compliance.Missing ?></th><th><?cs var:Lang.Compliance.Late ?></th><th class="opt"><?cs var:Lang.Compliance.Pending ?></th><th class="opt"><?cs var:Lang.Compliance.Deals ?></th></tr></thead>
  <tbody>
  <?cs each:i = Compliance.Items ?>
  <tr>
    <td data-label="<?cs var:Lang.Compliance.Item ?>"><span class="muted small"><?cs var:i.Pipeline ?> · <?cs var:i.Stage ?> · <?cs var:i.Position ?></span><br><?cs var:i.Label ?></td>
    <td data-label="<?cs var:Lang.Compliance.Missing ?>"><?cs var:i.Missing ?></td>
    <td data-label="<?cs var:Lang.Compliance.Late ?>"><?cs var:i.Late ?></td>
    <td class="opt" data-label="<?cs var:Lang.Compliance.Pending ?>"><?cs var:i.Pending ?></td>
    <td class="opt" data-label="<?cs var:Lang.Compliance.Deals ?>"><?cs var:i.Deals ?></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
<?cs include:"footer.cs" ?>
