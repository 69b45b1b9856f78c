<?cs # Shared macros (Trac's macros.cs).  Call them with call:name(args).
     Field names are literals from the templates, never from the request. ?>

<?cs # The hidden CSRF field every state-changing form carries. ?>
<?cs def:csrf_field() ?><input type="hidden" name="_csrf" value="<?cs var:CSRF.Token ?>"><?cs /def ?>

<?cs # The message under a field, when the server refused its value. ?>
<?cs def:field_error(name) ?><?cs if:Form.Errors[name] ?><p class="error" id="e-<?cs var:name ?>"><?cs
  var:Lang[Form.Errors[name]] ?></p><?cs /if ?><?cs /def ?>

<?cs # A labelled input that shows what was typed and its error, if any. ?>
<?cs def:field(name, label, type, value, autocomplete) ?>
<div class="field<?cs if:Form.Errors[name] ?> has-error<?cs /if ?>">
  <label for="f-<?cs var:name ?>"><?cs var:label ?></label>
  <input id="f-<?cs var:name ?>" name="<?cs var:name ?>" type="<?cs var:type ?>"
         value="<?cs var:value ?>" autocomplete="<?cs var:autocomplete ?>"<?cs
         if:Form.Errors[name] ?> aria-invalid="true" aria-describedby="e-<?cs var:name ?>"<?cs /if ?>>
  <?cs call:field_error(name) ?>
</div>
<?cs /def ?>

<?cs # A select over rows with Id and Name; empty_label adds a "none" choice. ?>
<?cs def:select_field(name, label, options, selected, empty_label) ?>
<div class="field<?cs if:Form.Errors[name] ?> has-error<?cs /if ?>">
  <label for="f-<?cs var:name ?>"><?cs var:label ?></label>
  <select id="f-<?cs var:name ?>" name="<?cs var:name ?>"<?cs if:Form.Errors[name] ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:empty_label ?><option value=""><?cs var:empty_label ?></option><?cs /if ?>
    <?cs each:o = options ?><option value="<?cs var:o.Id ?>"<?cs if:o.Id == selected ?> selected<?cs /if ?>><?cs var:o.Name ?></option><?cs /each ?>
  </select>
  <?cs call:field_error(name) ?>
</div>
<?cs /def ?>

<?cs # Previous / next links for a list page. ?>
<?cs def:pager(base) ?>
<?cs if:Pager.Prev || Pager.Next ?><nav class="pager" aria-label="<?cs var:Lang.Pager.Label ?>">
  <?cs if:Pager.Prev ?><a href="<?cs var:base ?>page=<?cs var:Pager.Prev ?>">‹ <?cs var:Lang.Pager.Prev ?></a><?cs /if ?>
  <?cs if:Pager.Next ?><a href="<?cs var:base ?>page=<?cs var:Pager.Next ?>"><?cs var:Lang.Pager.Next ?> ›</a><?cs /if ?>
</nav><?cs /if ?>
<?cs /def ?>

<?cs # A status badge: active / frozen / departed. ?>
<?cs def:status_badge(s) ?><span class="badge status-<?cs var:s ?>"><?cs var:Lang.Status[s] ?></span><?cs /def ?>

<?cs # A value that went through the field policy (policy_put): the value or
     its mask, a badge when masked, and when allowed a reveal form asking
     for a reason.  v is the node (e.g. Lead.Phone); base the record's URL. ?>
<?cs def:sensitive(v, base, field, tel) ?>
<?cs if:v.Masked ?><span class="masked"><?cs var:v ?></span> <span class="badge" title="<?cs var:Lang.Mask.Why ?>"><?cs var:Lang.Mask.Badge ?></span>
  <?cs if:v.Revealable ?>
  <details class="reveal"><summary><?cs var:Lang.Mask.Reveal ?></summary>
    <form method="post" action="<?cs var:base ?>/reveal" class="form">
      <?cs call:csrf_field() ?><input type="hidden" name="field" value="<?cs var:field ?>">
      <label for="r-<?cs var:field ?>"><?cs var:Lang.Mask.Reason ?></label>
      <input id="r-<?cs var:field ?>" name="reason" type="text" required maxlength="200">
      <button type="submit"><?cs var:Lang.Mask.RevealNow ?></button>
      <p class="muted small"><?cs var:Lang.Mask.Audited ?></p>
    </form>
  </details>
  <?cs /if ?>
<?cs elif:tel ?><a href="tel:<?cs var:v ?>"><?cs var:v ?></a><?cs else ?><?cs var:v ?><?cs /if ?>
<?cs /def ?>
<?cs # A task's page: its deal, else its customer's success page (success-journey tasks) or the customer. ?>
<?cs def:task_href(t) ?><?cs if:t.DealId ?>/deals/<?cs var:t.DealId ?>#tasks<?cs elif:t.Kind == "welcome" || t.Kind == "health" ?>/customers/<?cs var:t.CustomerId ?>/success<?cs else ?>/customers/<?cs var:t.CustomerId ?><?cs /if ?><?cs /def ?>
