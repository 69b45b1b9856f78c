<?cs # The small "new review action item" form every dashboard carries;
     source is the page it was sent from (a literal per template). ?>
<?cs def:review_form(source) ?>
<details class="card review-new" id="review-new"<?cs if:Form.Errors.title || Form.Errors.owner || Form.Errors.due || Form.Errors.criterion ?> open<?cs /if ?>>
  <summary><?cs var:Lang.Review.New ?></summary>
  <form method="post" action="/reviews" class="form">
    <?cs call:csrf_field() ?>
    <input type="hidden" name="source" value="<?cs var:source ?>">
    <?cs call:field("title", Lang.Review.ItemTitle, "text", Form.Typed.title, "off") ?>
    <?cs if:Choices.Owners.0.Id ?><?cs call:select_field("owner", Lang.Review.Owner, Choices.Owners, Form.Typed.owner, "") ?><?cs
    else ?><input type="hidden" name="owner" value="<?cs var:User.Id ?>"><?cs /if ?>
    <?cs call:field("due", Lang.Review.Due, "date", Form.Typed.due, "off") ?>
    <?cs call:field("criterion", Lang.Review.Criterion, "text", Form.Typed.criterion, "off") ?>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.Review.Create ?></button></div>
  </form>
</details>
<?cs /def ?>
