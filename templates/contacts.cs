<?cs set:Page.Title = Lang.Contacts.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<div class="titlebar"><h1><?cs var:Lang.Contacts.Title ?></h1> <a href="/customers"><?cs var:Lang.Customers.Title ?></a></div>
<form method="get" action="/contacts" class="search">
  <label for="f-q" class="sr-only"><?cs var:Lang.Form.Search ?></label>
  <input id="f-q" name="q" type="search" value="<?cs var:Query.q ?>" placeholder="<?cs var:Lang.Contacts.SearchHint ?>">
  <button type="submit"><?cs var:Lang.Form.Search ?></button>
</form>
<?cs if:Contacts.Count == 0 ?><p class="empty"><?cs var:Lang.Contacts.Empty ?></p><?cs else ?>
<table class="list">
  <thead><tr><th><?cs var:Lang.User.Name ?></th><th><?cs var:Lang.Customers.Name ?></th><th class="opt"><?cs var:Lang.User.Phone ?></th><th class="opt"><?cs var:Lang.User.Email ?></th></tr></thead>
  <tbody>
  <?cs each:k = Contacts.Items ?>
  <tr><td data-label="<?cs var:Lang.User.Name ?>"><?cs var:k.Name ?><?cs if:k.Title && !k.Title.Masked ?> <span class="muted small"><?cs var:k.Title ?></span><?cs /if ?><?cs if:k.Key == "1" ?> <span class="badge"><?cs var:Lang.Customers.KeyContact ?></span><?cs /if ?></td>
      <td data-label="<?cs var:Lang.Customers.Name ?>"><a href="/customers/<?cs var:k.CustomerId ?>"><?cs var:k.Customer ?></a></td>
      <td class="opt" data-label="<?cs var:Lang.User.Phone ?>"><?cs if:k.Phone.Masked ?><?cs var:k.Phone ?><?cs elif:k.Phone ?><a href="tel:<?cs var:k.Phone ?>"><?cs var:k.Phone ?></a><?cs /if ?></td>
      <td class="opt" data-label="<?cs var:Lang.User.Email ?>"><?cs var:k.Email ?></td></tr>
  <?cs /each ?>
  </tbody>
</table>
<?cs if:Query.q ?><?cs call:pager("/contacts?q=" + url_escape(Query.q) + "&") ?><?cs else ?><?cs call:pager("/contacts?") ?><?cs /if ?>
<?cs /if ?>
<?cs include:"footer.cs" ?>
