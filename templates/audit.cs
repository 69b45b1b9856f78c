<?cs set:Page.Title = Lang.Audit.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<div class="titlebar">
  <h1><?cs var:Lang.Audit.Title ?></h1>
  <?cs if:User.Can.AuditExport ?><a class="button" href="/audit/export.csv<?cs if:Audit.FilterQuery ?>?<?cs var:Audit.FilterQuery ?><?cs /if ?>"><?cs var:Lang.Audit.Export ?></a><?cs /if ?>
</div>

<nav class="filters" aria-label="<?cs var:Lang.Audit.Quick ?>">
  <a href="/audit"<?cs if:!Audit.FilterQuery ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Admin.All ?></a>
  <a href="/audit?action=login.&amp;action=logout"<?cs if:Query.action == "login.,logout" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Audit.Logins ?></a>
  <a href="/audit?action=user.role&amp;action=user.manager&amp;action=user.freeze&amp;action=user.unfreeze&amp;action=user.password_reset&amp;action=viewas.&amp;action=access.denied"<?cs
    if:Query.action == "user.role,user.manager,user.freeze,user.unfreeze,user.password_reset,viewas.,access.denied" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Audit.Permissions ?></a>
</nav>

<details class="filters-box"<?cs if:Audit.FilterQuery || Form.Errors.object_id ?> open<?cs /if ?>>
  <summary><?cs var:Lang.Audit.Filter ?></summary>
  <form method="get" action="/audit" class="form filter-form">
    <div class="field"><label for="f-person"><?cs var:Lang.Audit.Person ?></label><input id="f-person" type="text" name="person" value="<?cs var:Query.person ?>" autocomplete="off" autocapitalize="none" placeholder="<?cs var:Lang.Audit.PersonHint ?>"></div>
    <div class="field"><label for="f-group"><?cs var:Lang.Audit.ActionGroup ?></label><select id="f-group" name="action"><option value=""><?cs var:Lang.Admin.All ?></option>
      <?cs each:p = Audit.Prefixes ?><option value="<?cs var:p.Code ?>"<?cs if:p.Code == Audit.Prefix ?> selected<?cs /if ?>><?cs var:Lang.Audit.Group[p.Key] ?> (<?cs var:p.Shown ?>)</option><?cs /each ?></select></div>
    <div class="field"><label for="f-action"><?cs var:Lang.Audit.ExactAction ?></label><input id="f-action" type="text" name="action" value="<?cs var:Audit.Exact ?>" autocomplete="off" autocapitalize="none" placeholder="user.role"></div>
    <?cs if:subcount(Audit.Terms) > 0 ?>
    <fieldset class="checks"><legend><?cs var:Lang.Audit.Actions ?></legend>
      <?cs each:t = Audit.Terms ?><label class="check"><input type="checkbox" name="action" value="<?cs var:t.Code ?>" checked> <code><?cs var:t.Code ?></code></label><?cs /each ?>
    </fieldset>
    <?cs /if ?>
    <div class="field"><label for="f-otype"><?cs var:Lang.Audit.ObjectType ?></label><input id="f-otype" type="text" name="object_type" value="<?cs var:Query.object_type ?>" autocomplete="off" autocapitalize="none" placeholder="user"></div>
    <div class="field<?cs if:Form.Errors.object_id ?> has-error<?cs /if ?>"><label for="f-oid"><?cs var:Lang.Audit.ObjectId ?></label><input id="f-oid" type="text" name="object_id" value="<?cs var:Query.object_id ?>" inputmode="numeric" autocomplete="off"<?cs
      if:Form.Errors.object_id ?> aria-invalid="true" aria-describedby="e-object_id"<?cs /if ?>><?cs call:field_error("object_id") ?></div>
    <div class="field"><label for="f-ip"><?cs var:Lang.Audit.Ip ?></label><input id="f-ip" type="text" name="ip" value="<?cs var:Query.ip ?>" autocomplete="off" autocapitalize="none"></div>
    <div class="field"><label for="f-from"><?cs var:Lang.Audit.From ?></label><input id="f-from" type="date" name="from" value="<?cs var:Query.from ?>"></div>
    <div class="field"><label for="f-to"><?cs var:Lang.Audit.To ?></label><input id="f-to" type="date" name="to" value="<?cs var:Query.to ?>"></div>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.Audit.Apply ?></button> <a href="/audit"><?cs var:Lang.Audit.Clear ?></a></div>
  </form>
</details>

<?cs if:Audit.Count == 0 ?>
<p class="empty"><?cs var:Lang.Audit.Empty ?></p>
<?cs else ?>
<table class="list audit">
  <thead><tr><th><?cs var:Lang.Audit.Time ?></th><th><?cs var:Lang.Audit.Actor ?></th><th class="opt"><?cs var:Lang.Audit.Ip ?></th><th><?cs var:Lang.Audit.Action ?></th><th class="opt"><?cs var:Lang.Audit.Object ?></th><th class="opt"><?cs var:Lang.Audit.Field ?></th><th><?cs var:Lang.Audit.Details ?></th></tr></thead>
  <tbody>
  <?cs each:r = Audit.Rows ?>
  <tr>
    <td data-label="<?cs var:Lang.Audit.Time ?>"><span title="UTC <?cs var:r.AtUtc ?>"><?cs var:r.At ?></span></td>
    <td data-label="<?cs var:Lang.Audit.Actor ?>"><?cs if:r.Actor ?><a href="/audit?person=<?cs var:url_escape(r.Actor) ?>"><?cs var:r.Actor ?></a><?cs else ?><span class="muted">—</span><?cs /if ?></td>
    <td class="opt" data-label="<?cs var:Lang.Audit.Ip ?>"><?cs if:r.Ip ?><a href="/audit?ip=<?cs var:url_escape(r.Ip) ?>"><?cs var:r.Ip ?></a><?cs /if ?></td>
    <td class="wrap" data-label="<?cs var:Lang.Audit.Action ?>"><a href="/audit?action=<?cs var:url_escape(r.Action) ?>"><code><?cs var:r.Action ?></code></a></td>
    <td class="opt" data-label="<?cs var:Lang.Audit.Object ?>"><?cs if:r.ObjectType ?><?cs if:r.ObjectId ?><a href="/audit?object_type=<?cs var:url_escape(r.ObjectType) ?>&amp;object_id=<?cs var:r.ObjectId ?>"><?cs var:r.ObjectType ?> #<?cs var:r.ObjectId ?></a><?cs else ?><?cs var:r.ObjectType ?><?cs /if ?><?cs /if ?></td>
    <td class="opt" data-label="<?cs var:Lang.Audit.Field ?>"><?cs var:r.Field ?></td>
    <td data-label="<?cs var:Lang.Audit.Details ?>"><a href="/audit/<?cs var:r.Id ?>">#<?cs var:r.Id ?></a></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
<p class="muted small"><?cs var:Lang.Audit.OnPage ?> <?cs var:Audit.Count ?> <?cs var:Lang.Audit.OnPageTail ?></p>
<?cs /if ?>
<?cs if:Pager.After || Query.after ?>
<nav class="pager" aria-label="<?cs var:Lang.Pager.Label ?>">
  <?cs if:Query.after ?><a href="/audit<?cs if:Audit.FilterQuery ?>?<?cs var:Audit.FilterQuery ?><?cs /if ?>">« <?cs var:Lang.Audit.Newest ?></a><?cs /if ?>
  <?cs if:Pager.After ?><a href="/audit?after=<?cs var:Pager.After ?><?cs if:Audit.FilterQuery ?>&amp;<?cs var:Audit.FilterQuery ?><?cs /if ?>"><?cs var:Lang.Pager.Next ?> ›</a><?cs /if ?>
</nav>
<?cs /if ?>
<section class="card" aria-labelledby="chain-h">
  <h2 id="chain-h"><?cs var:Lang.Audit.Chain ?></h2>
  <dl class="facts">
    <dt><?cs var:Lang.Audit.Written ?></dt><dd><?cs var:Audit.Chain.Head ?> <?cs var:Lang.Audit.RowsUnit ?></dd>
    <?cs if:Audit.Chain.Last.At ?>
    <dt><?cs var:Lang.Audit.LastVerified ?></dt>
    <dd><?cs var:Audit.Chain.Last.At ?> · <?cs if:Audit.Chain.Last.Name ?><?cs var:Audit.Chain.Last.Name ?><?cs else ?><?cs var:Audit.Chain.Last.Login ?><?cs /if ?><?cs if:Audit.Chain.Last.Login ?> (<?cs var:Audit.Chain.Last.Login ?>)<?cs /if ?></dd>
    <dt><?cs var:Lang.Audit.Result ?></dt>
    <dd><?cs if:Audit.Chain.Last.Ok == "1" ?><span class="badge status-active"><?cs var:Lang.Audit.Intact ?></span> <?cs var:Lang.Audit.RowsFrom ?> 1–<?cs var:Audit.Chain.Last.Rows ?> <?cs var:Lang.Audit.RowsTail ?><?cs
      else ?><span class="badge bad"><?cs var:Lang.Audit.Broken ?></span> <a href="/audit/<?cs var:Audit.Chain.Last.BadId ?>"><?cs var:Lang.Audit.AtRow ?> <?cs var:Audit.Chain.Last.BadId ?></a><?cs
      if:Audit.Chain.Last.Message ?> <span class="small wrap"><?cs var:Audit.Chain.Last.Message ?></span><?cs /if ?><?cs /if ?></dd>
    <?cs if:Audit.Chain.Last.Ok == "1" ?><dt><?cs var:Lang.Audit.Since ?></dt><dd><?cs var:Audit.Chain.Last.Since ?> <?cs var:Lang.Audit.RowsUnit ?></dd><?cs /if ?>
    <?cs if:Audit.Chain.LastOk.At ?>
    <dt><?cs var:Lang.Audit.LastIntact ?></dt>
    <dd><?cs var:Audit.Chain.LastOk.At ?> · <?cs var:Lang.Audit.RowsFrom ?> 1–<?cs var:Audit.Chain.LastOk.Rows ?> <?cs var:Lang.Audit.RowsTail ?></dd>
    <?cs /if ?>
    <?cs else ?>
    <dt><?cs var:Lang.Audit.LastVerified ?></dt><dd><?cs var:Lang.Audit.Never ?></dd>
    <?cs /if ?>
  </dl>
  <form method="post" action="/audit/verify" class="form">
    <?cs call:csrf_field() ?>
    <button type="submit"><?cs var:Lang.Audit.VerifyNow ?></button>
    <p class="muted small"><?cs var:Lang.Audit.VerifyHint ?></p>
  </form>
</section>
<?cs include:"footer.cs" ?>
