<?cs set:Page.Title = Lang.Audit.Row + " " + Audit.Row.Id ?>
<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<p class="crumbs"><a href="/audit"><?cs var:Lang.Audit.Title ?></a> ›</p>
<div class="titlebar">
  <h1><?cs var:Lang.Audit.Row ?> <?cs var:Audit.Row.Id ?> · <code><?cs var:Audit.Row.Action ?></code></h1>
</div>
<div class="grid2">
<section class="card">
  <h2><?cs var:Lang.Audit.What ?></h2>
  <dl class="facts">
    <dt><?cs var:Lang.Audit.Time ?></dt><dd class="wrap"><?cs var:Audit.Row.At ?><br><span class="muted small">UTC <?cs var:Audit.Row.AtUtc ?></span></dd>
    <dt><?cs var:Lang.Audit.Actor ?></dt>
    <dd class="wrap"><?cs if:Audit.Row.Actor ?><a href="/audit?person=<?cs var:url_escape(Audit.Row.Actor) ?>"><?cs var:Audit.Row.Actor ?></a><?cs
      if:Audit.Row.ActorName ?> · <?cs var:Audit.Row.ActorName ?><?cs /if ?><?cs if:Audit.Row.ActorId ?> <span class="muted small">#<?cs var:Audit.Row.ActorId ?></span><?cs /if ?><?cs
      else ?><span class="muted">—</span><?cs /if ?></dd>
    <dt><?cs var:Lang.Audit.Ip ?></dt><dd class="wrap"><?cs if:Audit.Row.Ip ?><a href="/audit?ip=<?cs var:url_escape(Audit.Row.Ip) ?>"><?cs var:Audit.Row.Ip ?></a><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
    <dt><?cs var:Lang.Audit.Action ?></dt><dd class="wrap"><a href="/audit?action=<?cs var:url_escape(Audit.Row.Action) ?>"><code><?cs var:Audit.Row.Action ?></code></a></dd>
    <dt><?cs var:Lang.Audit.Object ?></dt>
    <dd class="wrap"><?cs if:Audit.Row.ObjectType ?><?cs if:Audit.Row.ObjectId ?><a href="/audit?object_type=<?cs var:url_escape(Audit.Row.ObjectType) ?>&amp;object_id=<?cs var:Audit.Row.ObjectId ?>"><?cs var:Audit.Row.ObjectType ?> #<?cs var:Audit.Row.ObjectId ?></a><?cs
      else ?><?cs var:Audit.Row.ObjectType ?><?cs /if ?><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
    <dt><?cs var:Lang.Audit.Field ?></dt><dd class="wrap"><?cs if:Audit.Row.Field ?><?cs var:Audit.Row.Field ?><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
    <dt><?cs var:Lang.Audit.RequestId ?></dt><dd class="wrap"><?cs if:Audit.Row.RequestId ?><code><?cs var:Audit.Row.RequestId ?></code><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
    <dt><?cs var:Lang.Audit.Session ?></dt><dd class="wrap"><?cs if:Audit.Row.Session ?><code><?cs var:Audit.Row.Session ?></code><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
  </dl>
</section>
<section class="card">
  <h2><?cs var:Lang.Audit.Change ?></h2>
  <dl class="facts">
    <dt><?cs var:Lang.Audit.Before ?></dt><dd class="wrap"><?cs if:?Audit.Row.Before ?><?cs var:Audit.Row.Before ?><?cs else ?><span class="muted"><?cs var:Lang.Audit.None ?></span><?cs /if ?></dd>
    <dt><?cs var:Lang.Audit.After ?></dt><dd class="wrap"><?cs if:?Audit.Row.After ?><?cs var:Audit.Row.After ?><?cs else ?><span class="muted"><?cs var:Lang.Audit.None ?></span><?cs /if ?></dd>
  </dl>
</section>
</div>
<section class="card">
  <h2><?cs var:Lang.Audit.HashChain ?></h2>
  <dl class="facts">
    <dt><?cs var:Lang.Audit.PrevHash ?></dt><dd class="wrap small"><code><?cs var:Audit.Row.PrevHash ?></code></dd>
    <dt><?cs var:Lang.Audit.Hash ?></dt><dd class="wrap small"><code><?cs var:Audit.Row.Hash ?></code></dd>
    <dt><?cs var:Lang.Audit.RowCheck ?></dt>
    <dd><?cs if:Audit.Row.Sealed == "0" ?><span class="badge"><?cs var:Lang.Audit.Unsealed ?></span><?cs elif:Audit.Row.HashOk == "1" ?><span class="badge status-active"><?cs var:Lang.Audit.HashOk ?></span><?cs else ?><span class="badge bad"><?cs var:Lang.Audit.HashBad ?></span><?cs /if ?>
      <?cs if:Audit.Row.Sealed == "0" ?><?cs elif:Audit.Row.LinkOk == "1" ?><span class="badge status-active"><?cs var:Lang.Audit.LinkOk ?></span><?cs else ?><span class="badge bad"><?cs var:Lang.Audit.LinkBad ?></span><?cs /if ?></dd>
  </dl>
  <p class="muted small"><?cs var:Lang.Audit.RowCheckHint ?></p>
</section>
<nav class="pager" aria-label="<?cs var:Lang.Pager.Label ?>">
  <?cs if:Audit.Row.Older ?><a href="/audit/<?cs var:Audit.Row.Older ?>">‹ <?cs var:Lang.Audit.Older ?></a><?cs /if ?>
  <?cs if:Audit.Row.Newer ?><a href="/audit/<?cs var:Audit.Row.Newer ?>"><?cs var:Lang.Audit.Newer ?> ›</a><?cs /if ?>
</nav>
<?cs include:"footer.cs" ?>
