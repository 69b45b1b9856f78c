<?cs # The customer-facing visit summary (技术答疑摘要): print-ready, A4, no app
     chrome; only what summary.c put under Summary.* (see its head comment). ?><!DOCTYPE html>
<html lang="<?cs var:Lang.Code ?>">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><?cs var:Lang.Summary.Title ?> · <?cs var:Summary.Company.Name ?></title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/css/summary.css">
</head>
<body class="page-summary">
<nav class="tools" aria-label="<?cs var:Lang.Summary.Tools ?>">
  <a href="<?cs var:Summary.Back ?>"><?cs var:Lang.Summary.Back ?></a>
  <a href="/visits/<?cs var:Summary.Id ?>/summary.pdf" class="primary"><?cs var:Lang.Summary.Pdf ?></a>
  <span class="hint"><?cs var:Lang.Summary.PrintHint ?></span>
</nav>
<main id="main"><article class="sheet">
  <header class="letterhead">
    <?cs if:Summary.Company.HasLogo ?><img class="logo" src="/company/logo" alt="<?cs var:Summary.Company.Name ?>"><?cs /if ?>
    <p class="company"><?cs var:Summary.Company.Name ?></p>
  </header>
  <h1><?cs var:Lang.Summary.Title ?></h1>
  <dl class="facts">
    <?cs if:Summary.Customer ?><dt><?cs var:Lang.Summary.Customer ?></dt><dd><?cs var:Summary.Customer ?></dd><?cs /if ?>
    <?cs if:Summary.Contact ?><dt><?cs var:Lang.Summary.Contact ?></dt><dd><?cs var:Summary.Contact ?></dd><?cs /if ?>
    <dt><?cs var:Lang.Summary.At ?></dt><dd><?cs var:Summary.At ?></dd>
  </dl>
  <section>
    <h2><?cs var:Lang.Summary.CoreNeed ?></h2>
    <p class="text"><?cs var:Summary.CoreNeed ?></p>
  </section>
  <section>
    <h2><?cs var:Lang.Summary.NextStep ?></h2>
    <p class="text"><?cs var:Summary.NextStep ?></p>
  </section>
  <section class="contact">
    <h2><?cs var:Lang.Summary.OurContact ?></h2>
    <p><?cs var:Summary.Rep.Name ?><?cs if:Summary.Rep.Phone ?><br><?cs var:Summary.Rep.Phone ?><?cs /if ?><?cs if:Summary.Rep.Email ?><br><?cs var:Summary.Rep.Email ?><?cs /if ?></p>
  </section>
  <footer class="ref"><?cs var:Lang.Summary.Ref ?> V-<?cs var:Summary.Id ?> · <?cs var:Summary.At ?><br><?cs var:Lang.Summary.Footer ?></footer>
</article></main>
</body>
</html>
