/* The managers' floor view (/kelola/lantai): poll its JSON and patch the page in place, so
   nothing jumps and a focused or selected row stays put. The JSON carries the page's very
   texts (floor/presenters.py); this file only puts them where they belong. Without it the
   page's meta refresh reloads it. */
(function () {
  "use strict";
  var root = document.querySelector("[data-floor]");
  if (!root) { return; }
  var POLL_MS = (parseInt(root.getAttribute("data-poll"), 10) || 10) * 1000;
  var MAX_BACKOFF_MS = 120000, delay = POLL_MS, timer = null;
  var offline = root.querySelector("[data-floor-offline]");

  function setText(el, text) { if (el && el.textContent !== text) { el.textContent = text; } }
  function show(el, visible) { if (el && el.hidden === visible) { el.hidden = !visible; } }

  function drawRow(tr, row) {
    var i, cell, want = row.alert ? "floor-alert floor-" + row.alert : "";
    if ((tr.getAttribute("class") || "") !== want) {
      if (want) { tr.setAttribute("class", want); } else { tr.removeAttribute("class"); }
    }
    for (i = 0; i < row.cells.length; i++) {
      cell = tr.children[i];
      if (!cell) {
        cell = document.createElement(i === 0 ? "th" : "td");
        if (i === 0) { cell.setAttribute("scope", "row"); }
        tr.appendChild(cell);
      }
      setText(cell, row.cells[i]);
    }
    while (tr.children.length > row.cells.length) { tr.removeChild(tr.lastElementChild); }
  }
  function drawRows(name, items) {
    var body = root.querySelector('[data-floor-rows="' + name + '"]');
    if (!body) { return; }
    var old = Object.create(null), i, tr, key;
    for (i = 0; i < body.children.length; i++) { old[body.children[i].getAttribute("data-key")] = body.children[i]; }
    for (i = 0; i < items.length; i++) {
      key = items[i].key;
      tr = old[key] || document.createElement("tr");
      delete old[key];
      tr.setAttribute("data-key", key);
      drawRow(tr, items[i]);
      if (body.children[i] !== tr) { body.insertBefore(tr, body.children[i] || null); }
    }
    for (key in old) { body.removeChild(old[key]); }
    show(root.querySelector('[data-floor-table="' + name + '"]'), items.length > 0);
    show(root.querySelector('[data-floor-empty="' + name + '"]'), items.length === 0);
  }
  function draw(doc) {
    var key, els, i;
    for (key in doc.summary) {
      els = root.querySelectorAll('[data-floor-summary="' + key + '"]');
      for (i = 0; i < els.length; i++) { setText(els[i], doc.summary[key]); }
    }
    for (key in doc.rows) { drawRows(key, doc.rows[key]); }
  }

  function schedule(ms) { clearTimeout(timer); timer = setTimeout(poll, ms); }
  function failed() {
    setText(offline, root.getAttribute("data-t-offline"));
    show(offline, true);
    delay = Math.min(delay * 2, MAX_BACKOFF_MS);
    schedule(delay);
  }
  function poll() {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", root.getAttribute("data-url"));
    xhr.timeout = 15000;
    xhr.setRequestHeader("Accept", "application/json");
    xhr.onload = function () {
      var doc = null;
      /* signed out: the login page comes back instead of JSON */
      try { doc = xhr.status === 200 ? JSON.parse(xhr.responseText) : null; } catch (e) { doc = null; }
      if (!doc || !doc.summary || !doc.rows) { failed(); return; }
      draw(doc);
      show(offline, false);
      delay = POLL_MS;
      schedule(delay);
    };
    xhr.onerror = failed;
    xhr.ontimeout = failed;
    xhr.send();
  }
  function start() {
    /* as board.js: removing the meta refresh does not cancel it; stop() does */
    var meta = document.querySelector('meta[http-equiv="refresh"]');
    if (meta) { meta.parentNode.removeChild(meta); }
    if (window.stop) { window.stop(); }
    schedule(POLL_MS);
  }
  if (document.readyState === "complete") { start(); } else { window.addEventListener("load", start); }
})();
