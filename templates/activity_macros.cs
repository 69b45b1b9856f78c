<?cs # One-click actions, the visit record form and the timeline, shared by
     the lead and customer pages.  base is "/leads/12" or "/customers/3". ?>
<?cs def:quick_actions(base) ?>
<section class="card">
  <h2><?cs var:Lang.Activity.Quick ?></h2>
  <?cs if:Credibility.Frozen ?><p class="flash error" role="status"><?cs var:Lang.Refusal.CredibilityFrozen ?></p><?cs /if ?>
  <div class="quick">
  <?cs each:k = Kinds ?>
  <form method="post" action="<?cs var:base ?>/action"><?cs call:csrf_field() ?><input type="hidden" name="kind" value="<?cs var:k.Code ?>"><button type="submit"><?cs var:Lang.Activity[k.Code] ?></button></form>
  <?cs /each ?>
  </div>
</section>
<section class="card">
  <h2><?cs var:Lang.Activity.Visit ?></h2>
  <form method="post" action="<?cs var:base ?>/visit" class="form">
    <?cs call:csrf_field() ?>
    <div class="field<?cs if:Form.Errors.core_need ?> has-error<?cs /if ?>"><label for="f-core_need"><?cs var:Lang.Activity.CoreNeed ?></label>
      <textarea id="f-core_need" name="core_need" rows="2"><?cs var:Form.Typed.core_need ?></textarea><?cs call:field_error("core_need") ?></div>
    <div class="field<?cs if:Form.Errors.next_step ?> has-error<?cs /if ?>"><label for="f-next_step"><?cs var:Lang.Activity.NextStep ?></label>
      <textarea id="f-next_step" name="next_step" rows="2"><?cs var:Form.Typed.next_step ?></textarea><?cs call:field_error("next_step") ?></div>
    <details<?cs if:Form.Typed.detail ?> open<?cs /if ?>><summary><?cs var:Lang.Activity.MoreDetail ?></summary>
      <div class="field"><label for="f-detail"><?cs var:Lang.Activity.Detail ?></label><textarea id="f-detail" name="detail" rows="4"><?cs var:Form.Typed.detail ?></textarea><?cs call:field_error("detail") ?></div>
    </details>
    <button type="submit" class="primary"><?cs var:Lang.Activity.SaveVisit ?></button>
  </form>
</section>
<?cs /def ?>

<?cs def:timeline(items, history) ?>
<section class="card">
  <h2><?cs var:Lang.Activity.Timeline ?></h2>
  <?cs if:subcount(items) == 0 ?><p class="empty"><?cs var:Lang.Activity.None ?></p><?cs /if ?>
  <ol class="timeline">
  <?cs each:a = items ?>
    <li><span class="when"><?cs var:a.At ?></span> <strong><?cs var:Lang.Activity[a.Kind] ?></strong> · <?cs var:a.User ?><?cs if:a.Duration ?> · <?cs var:a.Duration ?>s<?cs /if ?>
      <?cs if:a.CoreNeed ?><div><span class="muted"><?cs var:Lang.Activity.CoreNeed ?>：</span><?cs var:a.CoreNeed ?></div><?cs /if ?>
      <?cs if:a.NextStep ?><div><span class="muted"><?cs var:Lang.Activity.NextStep ?>：</span><?cs var:a.NextStep ?></div><?cs /if ?>
      <?cs if:a.Detail ?><div class="muted"><?cs var:a.Detail ?></div><?cs /if ?>
      <?cs each:r = a.Reply ?><div class="reply"><span class="muted"><?cs var:Lang.Reply.Replied ?> · <?cs var:r.By ?> · <?cs var:r.At ?>：</span><?cs var:r.Body ?></div><?cs /each ?>
      <div><a class="tap-link reply-link" href="/activities/<?cs var:a.Id ?>/reply"><?cs if:a.Replies ?><?cs var:Lang.Reply.More ?><?cs else ?><?cs var:Lang.Reply.Record ?><?cs /if ?></a></div>
      <?cs if:a.Kind == "visit_record" ?><div class="summary-links"><a class="tap-link summary-link" href="/visits/<?cs var:a.Id ?>/summary"><?cs var:Lang.Summary.Link ?></a> <a class="tap-link summary-link" href="/visits/<?cs var:a.Id ?>/summary.pdf"><?cs var:Lang.Summary.LinkPdf ?></a></div><?cs /if ?></li>
  <?cs /each ?>
  </ol>
  <details><summary><?cs var:Lang.Activity.History ?></summary>
    <ol class="timeline small">
    <?cs each:h = history ?><li><span class="when"><?cs var:h.At ?></span> <?cs var:h.Actor ?> · <code><?cs var:h.Action ?></code><?cs if:h.Field ?> · <?cs var:h.Field ?><?cs /if ?><?cs if:h.Before || h.After ?>：<?cs var:h.Before ?> → <?cs var:h.After ?><?cs /if ?></li><?cs /each ?>
    </ol>
  </details>
</section>
<?cs /def ?>
