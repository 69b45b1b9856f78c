</main>
<footer class="foot"><span><?cs var:Lang.Site.Footer ?></span> <span class="rid">#<?cs var:Request.Id ?></span></footer>
</body>
</html>
