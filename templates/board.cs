<?cs set:Page.Title = Lang.Board.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<div class="titlebar">
  <h1><?cs var:Lang.Board.Title ?></h1>
  <nav class="tabs"><?cs each:p = Choices.Pipelines ?><a href="/board?pipeline=<?cs var:p.Id ?>"<?cs if:p.Id == Board.Pipeline ?> aria-current="page"<?cs /if ?>><?cs var:p.Name ?></a> <?cs /each ?></nav>
</div>
<details class="filters-box"<?cs if:Query.owner || Query.team || Query.region ?> open<?cs /if ?>>
  <summary><?cs var:Lang.Deals.Filter ?></summary>
  <form method="get" action="/board" class="form filter-form">
    <input type="hidden" name="pipeline" value="<?cs var:Board.Pipeline ?>">
    <div class="field"><label for="f-owner"><?cs var:Lang.Deals.Owner ?></label><select id="f-owner" name="owner"><option value=""><?cs var:Lang.Admin.All ?></option>
      <option value="me"<?cs if:Query.owner == "me" ?> selected<?cs /if ?>><?cs var:Lang.Deals.Mine ?></option></select></div>
    <div class="field"><label for="f-team"><?cs var:Lang.Deals.Team ?></label><select id="f-team" name="team"><option value=""><?cs var:Lang.Admin.All ?></option>
      <?cs each:t = Choices.Teams ?><option value="<?cs var:t.Id ?>"<?cs if:t.Id == Query.team ?> selected<?cs /if ?>><?cs var:t.Name ?></option><?cs /each ?></select></div>
    <div class="field"><label for="f-region"><?cs var:Lang.User.Region ?></label><select id="f-region" name="region"><option value=""><?cs var:Lang.Admin.All ?></option>
      <?cs each:g = Choices.Regions ?><option value="<?cs var:g.Id ?>"<?cs if:g.Id == Query.region ?> selected<?cs /if ?>><?cs var:g.Name ?></option><?cs /each ?></select></div>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.Leads.Apply ?></button></div>
  </form>
</details>
<p class="muted small"><?cs var:Lang.Board.DragHint ?></p>
<div class="board" id="board" data-csrf="<?cs var:CSRF.Token ?>" data-refused="<?cs var:Lang.Board.Refused ?>">
<?cs each:c = Board.Columns ?>
  <section class="column" data-stage="<?cs var:c.Id ?>" aria-label="<?cs var:c.Name ?>">
    <header><h2><?cs var:c.Name ?></h2>
      <p class="small"><strong class="count"><?cs var:c.Count ?></strong> <?cs var:Lang.Board.Count ?><?cs if:c.Stale > 0 ?> · <span class="badge bad"><?cs var:c.Stale ?> <?cs var:Lang.Deals.Stale ?></span><?cs /if ?><br>
      <?cs var:Lang.Board.Total ?> <span class="total"><?cs if:c.Seen > 0 ?>¥<?cs var:c.Total ?><?cs else ?>—<?cs /if ?></span><?cs if:c.Hidden > 0 ?> <span class="muted">(<?cs var:c.Hidden ?> <?cs var:Lang.Board.HiddenAmounts ?>)</span><?cs /if ?></p></header>
    <?cs if:c.Count == 0 ?><p class="empty small"><?cs var:Lang.Board.Empty ?></p><?cs /if ?>
    <?cs each:d = c.Cards ?>
    <article class="kcard<?cs if:d.Stale == "1" ?> stale<?cs /if ?>"<?cs if:d.CanMove == "1" ?> draggable="true"<?cs /if ?> data-deal="<?cs var:d.Id ?>" data-stage="<?cs var:c.Id ?>" data-next="<?cs var:c.NextId ?>" data-prev="<?cs var:c.PrevId ?>">
      <a href="/deals/<?cs var:d.Id ?>" class="kname"><?cs var:d.Name ?></a>
      <div class="small muted"><?cs var:d.Owner ?> · <?cs var:d.Days ?> <?cs var:Lang.Deals.DaysUnit ?></div>
      <div class="small amount"><?cs if:d.Amount ?><?cs var:d.Amount ?><?cs else ?>—<?cs /if ?><?cs if:d.Amount.Masked ?> <span class="badge"><?cs var:Lang.Mask.Badge ?></span><?cs /if ?></div>
      <div><?cs if:d.Stale == "1" ?><span class="badge bad"><?cs var:Lang.Deals.Stale ?></span> <?cs /if ?><?cs if:d.Flagged == "1" ?><span class="badge bad"><?cs var:Lang.Deals.Flagged ?></span> <?cs /if ?><?cs if:d.Pending == "1" ?><span class="badge pending"><?cs var:Lang.Deals.Pending ?></span><?cs /if ?></div>
      <?cs if:d.CanMove == "1" ?><div class="kactions">
      <?cs if:c.PrevId ?>
      <details><summary><?cs var:Lang.Board.BackShort ?></summary>
        <form method="post" action="/deals/<?cs var:d.Id ?>/move" class="form"><?cs call:csrf_field() ?><input type="hidden" name="to" value="<?cs var:c.PrevId ?>"><input type="hidden" name="from" value="board">
          <label for="r-<?cs var:d.Id ?>" class="small"><?cs var:Lang.Deal.BackReason ?></label><input id="r-<?cs var:d.Id ?>" name="reason" type="text" required maxlength="200">
          <button type="submit"><?cs var:Lang.Deal.BackButton ?></button></form>
      </details>
      <?cs /if ?>
      <?cs if:c.NextId ?>
      <form method="post" action="/deals/<?cs var:d.Id ?>/move"><?cs call:csrf_field() ?><input type="hidden" name="to" value="<?cs var:c.NextId ?>"><input type="hidden" name="from" value="board"><button type="submit"><?cs var:Lang.Board.Forward ?></button></form>
      <?cs /if ?>
      </div><?cs /if ?>
      <div class="refusal" hidden></div>
    </article>
    <?cs /each ?>
    <?cs if:c.More > 0 ?><p class="small more"><a href="/deals?stage=<?cs var:c.Id ?>"><?cs var:c.More ?> <?cs var:Lang.Board.More ?></a></p><?cs /if ?>
  </section>
<?cs /each ?>
</div>
<script src="/static/js/board.js" defer></script>
<?cs include:"footer.cs" ?>
