<?cs set:Page.Title = Lang.Review.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<?cs include:"review_form.cs" ?>
<div class="titlebar"><h1><?cs var:Lang.Review.Title ?></h1></div>
<?cs if:Query.done && Lang.Review.Done[Query.done] ?><p class="notice" role="status"><?cs var:Lang.Review.Done[Query.done] ?></p><?cs /if ?>
<?cs call:review_form("/reviews") ?>
<section aria-labelledby="items-h">
<h2 id="items-h"><?cs var:Lang.Review.Items ?></h2>
<?cs if:subcount(Review.Items) == 0 ?><p class="empty"><?cs var:Lang.Review.None ?></p><?cs /if ?>
<ul class="review-items">
<?cs each:a = Review.Items ?>
  <li class="card" id="item-<?cs var:a.Id ?>" data-status="<?cs var:a.Status ?>">
    <h3><?cs var:a.Title ?> <?cs if:a.Status == "closed" ?><span class="badge"><?cs var:Lang.Review.Closed ?></span><?cs elif:a.Overdue == 1 ?><span class="badge bad"><?cs var:Lang.Review.Overdue ?></span><?cs /if ?></h3>
    <dl class="facts">
      <dt><?cs var:Lang.Review.Owner ?></dt><dd><?cs var:a.Owner ?></dd>
      <dt><?cs var:Lang.Review.Due ?></dt><dd><?cs var:a.Due ?></dd>
      <dt><?cs var:Lang.Review.Criterion ?></dt><dd><?cs var:a.Criterion ?></dd>
      <dt><?cs var:Lang.Review.Creator ?></dt><dd><?cs var:a.Creator ?><?cs if:a.Source ?> · <a href="<?cs var:a.Source ?>"><?cs var:Lang.Review.From ?></a><?cs /if ?></dd>
      <?cs if:a.Status == "closed" ?><dt><?cs var:Lang.Review.Evidence ?></dt><dd><?cs var:a.Evidence ?></dd><?cs /if ?>
    </dl>
    <?cs if:a.Status == "open" && (a.Mine == 1 || Review.CanCheck == 1) ?>
    <form method="post" action="/reviews/<?cs var:a.Id ?>/close" class="form">
      <?cs call:csrf_field() ?>
      <div class="field<?cs if:Review.Closing == a.Id && Form.Errors.evidence ?> has-error<?cs /if ?>">
        <label for="ev-<?cs var:a.Id ?>"><?cs var:Lang.Review.Evidence ?></label>
        <textarea id="ev-<?cs var:a.Id ?>" name="evidence" rows="2" maxlength="2000"><?cs if:Review.Closing == a.Id ?><?cs var:Form.Typed.evidence ?><?cs /if ?></textarea>
        <?cs if:Review.Closing == a.Id ?><?cs call:field_error("evidence") ?><?cs /if ?>
      </div>
      <div class="actions"><button type="submit"><?cs var:Lang.Review.Close ?></button></div>
    </form>
    <?cs /if ?>
  </li>
<?cs /each ?>
</ul>
</section>

<?cs if:Review.CanCheck == 1 ?>
<section aria-labelledby="selfcheck-h" id="selfcheck" class="card">
<h2 id="selfcheck-h"><?cs var:Lang.Review.Check ?></h2>
<p class="muted small"><?cs var:Lang.Review.CheckHint ?></p>
<?cs if:Review.Check.Total ?>
<p id="selfcheck-result"><?cs var:Lang.Review.LastTotal ?> <strong><?cs var:Review.Check.Total ?></strong> / 50 ·
  <span class="badge<?cs if:Review.Check.Band == 0 ?> bad<?cs /if ?>" id="selfcheck-band"><?cs var:Lang.Review.Band[Review.Check.Band] ?></span>
  <span class="muted small"><?cs var:Review.Check.At ?></span></p>
<?cs /if ?>
<form method="post" action="/reviews/selfcheck" class="form selfcheck">
  <?cs call:csrf_field() ?>
  <?cs loop:i = 1, 10, 1 ?><?cs set:q = "q" + i ?>
  <fieldset class="field<?cs if:Form.Errors[q] ?> has-error<?cs /if ?>">
    <legend><?cs var:i ?>. <?cs var:Lang.Review.Q[i].Item ?> <span class="muted small"><?cs var:Lang.Review.Q[i].Goal ?></span></legend>
    <?cs set:cur = Form.Typed[q] ?><?cs if:!cur ?><?cs set:cur = Review.Check.Answers[i - 1].Score ?><?cs /if ?>
    <div class="scale"><?cs loop:v = 1, 5, 1 ?><label><input type="radio" name="<?cs var:q ?>" value="<?cs var:v ?>"<?cs if:cur == v ?> checked<?cs /if ?> required> <?cs var:v ?></label><?cs /loop ?></div>
    <?cs call:field_error(q) ?>
  </fieldset>
  <?cs /loop ?>
  <div class="actions"><button type="submit" class="primary"><?cs var:Lang.Review.Submit ?></button></div>
</form>
</section>
<?cs /if ?>
<?cs include:"footer.cs" ?>
