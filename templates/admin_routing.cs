<?cs set:Page.Title = Lang.Routing.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1><?cs var:Lang.Routing.Title ?></h1>
<p class="muted"><?cs var:Lang.Routing.Intro ?> <a href="/routing/queue"><?cs var:Lang.Nav.Queue ?></a> · <a href="/routing/health"><?cs var:Lang.Nav.RoutingHealth ?></a> · <a href="/admin/jobs"><?cs var:Lang.Nav.Jobs ?></a> · <a href="/admin/notifications"><?cs var:Lang.Nav.Notifications ?></a></p>
<table class="list rules">
  <thead><tr><th><?cs var:Lang.Routing.Priority ?></th><th><?cs var:Lang.Routing.Rule ?></th><th><?cs var:Lang.Routing.When ?></th><th><?cs var:Lang.Routing.Target ?></th><th><?cs var:Lang.Routing.Strategy ?></th><th><?cs var:Lang.Routing.Flags ?></th></tr></thead>
  <tbody>
  <?cs each:r = Rules ?>
  <tr id="rule-<?cs var:r.Id ?>"<?cs if:r.Active == "0" ?> class="muted"<?cs /if ?>>
    <td data-label="<?cs var:Lang.Routing.Priority ?>"><?cs var:r.Priority ?></td>
    <td data-label="<?cs var:Lang.Routing.Rule ?>"><a href="/admin/routing/<?cs var:r.Id ?>"><?cs var:r.Name ?></a><?cs if:r.Active == "0" ?> <span class="badge"><?cs var:Lang.Routing.Off ?></span><?cs /if ?></td>
    <td data-label="<?cs var:Lang.Routing.When ?>"><?cs if:r.Region ?><?cs var:r.Region ?> <?cs /if ?><?cs if:r.Industry ?><?cs var:Lang.Industry[r.Industry] ?> <?cs /if ?><?cs if:r.Channel ?><?cs var:r.Channel ?> <?cs /if ?><?cs if:r.Tier ?><?cs var:Lang.Tier[r.Tier] ?> <?cs /if ?><?cs if:r.HourFrom ?><?cs var:r.HourFrom ?>:00–<?cs var:r.HourTo ?>:00<?cs /if ?><?cs if:!r.Region && !r.Industry && !r.Channel && !r.Tier && !r.HourFrom ?><?cs var:Lang.Routing.Any ?><?cs /if ?></td>
    <td data-label="<?cs var:Lang.Routing.Target ?>"><?cs var:Lang.Routing.Kind[r.TargetKind] ?><?cs if:r.TargetUser ?> · <?cs var:r.TargetUser ?><?cs /if ?><?cs if:r.TargetTeam ?> · <?cs var:r.TargetTeam ?><?cs /if ?> (<?cs var:r.Eligible ?> <?cs var:Lang.Routing.EligibleNow ?>)</td>
    <td data-label="<?cs var:Lang.Routing.Strategy ?>"><?cs var:Lang.Routing.S[r.Strategy] ?><?cs if:r.Strategy == "weighted" ?><br><small><?cs var:r.WSpeed ?> × <?cs var:Lang.Routing.Speed ?> + <?cs var:r.WConv ?> × <?cs var:Lang.Routing.Conv ?> + <?cs var:r.WLoad ?> × <?cs var:Lang.Routing.LoadHealth ?></small><?cs /if ?></td>
    <td data-label="<?cs var:Lang.Routing.Flags ?>" class="flags">
      <?cs if:r.Same ?><span class="badge warn" data-flag="same"><?cs var:Lang.Routing.FlagSame ?> #<?cs var:r.Same ?></span><?cs /if ?>
      <?cs if:r.Shadowed ?><span class="badge warn" data-flag="shadowed"><?cs var:Lang.Routing.FlagShadowed ?> #<?cs var:r.Shadowed ?></span><?cs /if ?>
      <?cs if:r.NoTarget ?><span class="badge warn" data-flag="no-target"><?cs var:Lang.Routing.FlagNoTarget ?></span><?cs /if ?>
    </td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
<section class="card">
  <h2><?cs if:Edit.id ?><?cs var:Lang.Routing.Edit ?> #<?cs var:Edit.id ?><?cs else ?><?cs var:Lang.Routing.New ?><?cs /if ?></h2>
  <?cs if:subcount(Form.Errors) > 0 ?><p class="flash error" role="alert"><?cs var:Lang.Form.FixBelow ?></p><?cs /if ?>
  <form method="post" action="/admin/routing<?cs if:Edit.id ?>/<?cs var:Edit.id ?><?cs /if ?>" class="form grid-form">
    <?cs call:csrf_field() ?>
    <?cs call:field("name", Lang.Routing.Name, "text", Edit.name, "off") ?>
    <?cs call:field("priority", Lang.Routing.Priority, "number", Edit.priority, "off") ?>
    <?cs call:select_field("region", Lang.User.Region, Regions, Edit.region, Lang.Routing.Any) ?>
    <div class="field<?cs if:Form.Errors.industry ?> has-error<?cs /if ?>"><label for="f-industry"><?cs var:Lang.PublicForm.Industry ?></label>
      <select id="f-industry" name="industry"><option value=""><?cs var:Lang.Routing.Any ?></option><?cs each:i = Industries ?><option value="<?cs var:i.Code ?>"<?cs if:i.Code == Edit.industry ?> selected<?cs /if ?>><?cs var:Lang.Industry[i.Code] ?></option><?cs /each ?></select><?cs call:field_error("industry") ?></div>
    <?cs call:select_field("channel", Lang.Leads.Channel, Channels, Edit.channel, Lang.Routing.Any) ?>
    <div class="field<?cs if:Form.Errors.tier ?> has-error<?cs /if ?>"><label for="f-tier"><?cs var:Lang.Routing.TierLabel ?></label>
      <select id="f-tier" name="tier"><option value=""><?cs var:Lang.Routing.Any ?></option><?cs each:t = Lang.Tier ?><option value="<?cs name:t ?>"<?cs if:name(t) == Edit.tier ?> selected<?cs /if ?>><?cs var:t ?></option><?cs /each ?></select><?cs call:field_error("tier") ?></div>
    <?cs call:field("hour_from", Lang.Routing.HourFrom, "number", Edit.hour_from, "off") ?>
    <?cs call:field("hour_to", Lang.Routing.HourTo, "number", Edit.hour_to, "off") ?>
    <div class="field<?cs if:Form.Errors.target_kind ?> has-error<?cs /if ?>"><label for="f-target_kind"><?cs var:Lang.Routing.Target ?></label>
      <select id="f-target_kind" name="target_kind"><?cs each:k = Lang.Routing.Kind ?><option value="<?cs name:k ?>"<?cs if:name(k) == Edit.target_kind ?> selected<?cs /if ?>><?cs var:k ?></option><?cs /each ?></select><?cs call:field_error("target_kind") ?></div>
    <?cs call:select_field("target_user", Lang.Routing.TargetUser, People, Edit.target_user, "—") ?>
    <?cs call:select_field("target_team", Lang.Routing.TargetTeam, Teams, Edit.target_team, "—") ?>
    <div class="field<?cs if:Form.Errors.strategy ?> has-error<?cs /if ?>"><label for="f-strategy"><?cs var:Lang.Routing.Strategy ?></label>
      <select id="f-strategy" name="strategy"><?cs each:s = Strategies ?><option value="<?cs var:s.Code ?>"<?cs if:s.Code == Edit.strategy ?> selected<?cs /if ?>><?cs var:Lang.Routing.S[s.Code] ?></option><?cs /each ?></select><?cs call:field_error("strategy") ?></div>
    <fieldset class="field"><legend><?cs var:Lang.Routing.Weights ?></legend>
      <?cs call:field("w_speed", Lang.Routing.Speed, "text", Edit.w_speed, "off") ?>
      <?cs call:field("w_conversion", Lang.Routing.Conv, "text", Edit.w_conversion, "off") ?>
      <?cs call:field("w_load", Lang.Routing.LoadHealth, "text", Edit.w_load, "off") ?>
    </fieldset>
    <label class="check"><input type="checkbox" name="active" value="1"<?cs if:Edit.active == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Routing.Active ?></label>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.Form.Save ?></button></div>
  </form>
</section>
<?cs include:"footer.cs" ?>
