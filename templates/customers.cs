<?cs set:Page.Title = Lang.Customers.Title ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<div class="titlebar"><h1><?cs var:Lang.Customers.Title ?></h1> <a href="/contacts"><?cs var:Lang.Contacts.Title ?></a></div>
<form method="get" action="/customers" class="search">
  <label for="f-q" class="sr-only"><?cs var:Lang.Form.Search ?></label>
  <input id="f-q" name="q" type="search" value="<?cs var:Query.q ?>" placeholder="<?cs var:Lang.Customers.SearchHint ?>">
  <button type="submit"><?cs var:Lang.Form.Search ?></button>
</form>
<?cs if:Customers.Count == 0 ?><p class="empty"><?cs var:Lang.Customers.Empty ?></p><?cs else ?>
<table class="list">
  <thead><tr><th><?cs var:Lang.Customers.Name ?></th><th><?cs var:Lang.Customers.Grade ?></th><th class="opt"><?cs var:Lang.User.Region ?></th><th class="opt"><?cs var:Lang.Leads.Owner ?></th><th class="opt"><?cs var:Lang.Customers.Deals ?></th><th class="opt"><?cs var:Lang.Customers.LastActivity ?></th></tr></thead>
  <tbody>
  <?cs each:c = Customers.Items ?>
  <tr><td data-label="<?cs var:Lang.Customers.Name ?>"><a href="/customers/<?cs var:c.Id ?>"><?cs var:c.Name ?></a><?cs if:c.Industry ?> <span class="muted small"><?cs var:Lang.Industry[c.Industry] ?></span><?cs /if ?></td>
      <td data-label="<?cs var:Lang.Customers.Grade ?>"><?cs if:c.Grade ?><?cs var:c.Grade ?><?cs else ?>—<?cs /if ?></td>
      <td class="opt" data-label="<?cs var:Lang.User.Region ?>"><?cs var:c.Region ?></td>
      <td class="opt" data-label="<?cs var:Lang.Leads.Owner ?>"><?cs var:c.Owner ?></td>
      <td class="opt" data-label="<?cs var:Lang.Customers.Deals ?>"><?cs var:c.Deals ?></td>
      <td class="opt" data-label="<?cs var:Lang.Customers.LastActivity ?>"><?cs var:c.LastActivity ?></td></tr>
  <?cs /each ?>
  </tbody>
</table>
<?cs if:Query.q ?><?cs call:pager("/customers?q=" + url_escape(Query.q) + "&") ?><?cs else ?><?cs call:pager("/customers?") ?><?cs /if ?>
<?cs /if ?>
<?cs include:"footer.cs" ?>
