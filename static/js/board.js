/* board.js — drag-and-drop on the kanban board.  A card dropped on the
 * next or previous column POSTs to the same /deals/<id>/move endpoint as the
 * card's buttons (same checks on the server), asking for JSON; a refusal is
 * shown in place with each missing item linking to where it can be done.
 * Without this script the buttons on each card still work. */
(function () {
  'use strict';
  var board = document.getElementById('board');
  if (!board || !window.fetch) return;
  var csrf = board.getAttribute('data-csrf');
  var dragged = null;

  function showRefusal(card, title, items) {
    var box = card.querySelector('.refusal');
    box.textContent = '';
    var p = document.createElement('p');
    p.textContent = title;
    box.appendChild(p);
    var ul = document.createElement('ul');
    items.forEach(function (it) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = it.link;
      a.textContent = it.text;
      li.appendChild(a);
      if (it.need > 1 || it.have > 0) li.appendChild(document.createTextNode(' (' + it.have + '/' + it.need + ')'));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    box.hidden = false;
  }

  function move(card, to, reason) {
    var body = new URLSearchParams();
    body.set('_csrf', csrf);
    body.set('to', to);
    if (reason) body.set('reason', reason);
    return fetch('/deals/' + card.getAttribute('data-deal') + '/move', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Accept': 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body.toString()
    }).then(function (r) {
      return r.json().then(function (j) { return { status: r.status, json: j }; });
    }).then(function (res) {
      if (res.status === 200) { window.location.reload(); return; }
      var items = (res.json && res.json.missing) || [];
      if (!items.length) items = [{ text: res.json && res.json.result || String(res.status), link: '/deals/' + card.getAttribute('data-deal'), have: 0, need: 0 }];
      showRefusal(card, board.getAttribute('data-refused'), items);
    }).catch(function () {
      showRefusal(card, board.getAttribute('data-refused'), [{ text: 'network', link: '/deals/' + card.getAttribute('data-deal'), have: 0, need: 0 }]);
    });
  }

  board.addEventListener('dragstart', function (e) {
    var card = e.target.closest && e.target.closest('.kcard');
    if (!card || card.getAttribute('draggable') !== 'true') return;   /* outside the edit scope */
    dragged = card;
    e.dataTransfer.effectAllowed = 'move';
    e.dataTransfer.setData('text/plain', card.getAttribute('data-deal'));
  });
  board.addEventListener('dragover', function (e) {
    var col = e.target.closest && e.target.closest('.column');
    if (!col || !dragged) return;
    e.preventDefault();
    col.classList.add('drop-target');
  });
  board.addEventListener('dragleave', function (e) {
    var col = e.target.closest && e.target.closest('.column');
    if (col) col.classList.remove('drop-target');
  });
  board.addEventListener('drop', function (e) {
    var col = e.target.closest && e.target.closest('.column');
    if (!col || !dragged) return;
    e.preventDefault();
    col.classList.remove('drop-target');
    var to = col.getAttribute('data-stage'), card = dragged;
    dragged = null;
    if (to === card.getAttribute('data-stage')) return;
    var reason = null;
    if (to === card.getAttribute('data-prev')) {
      reason = window.prompt(document.querySelector('label[for="r-' + card.getAttribute('data-deal') + '"]').textContent);
      if (!reason) return;
    }
    move(card, to, reason);
  });
})();
