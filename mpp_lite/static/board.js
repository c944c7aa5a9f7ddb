/* Display board: live numbers without reloading, and each new call announced by a chime and
   speech. The page works without this file (its meta refresh redraws it). ES5 on purpose: hall
   TVs run old browsers. */
(function () {
  "use strict";
  var root = document.querySelector("[data-board]");
  if (!root) { return; }
  var POLL_MS = 4000, MAX_BACKOFF_MS = 60000, MAX_QUEUED = 4;
  var data = root.dataset, sep = data.sep || ".", version = data.version;
  var lang = (data.lang || "id").toLowerCase();
  var clock = root.querySelector("[data-board-clock]");
  var tiles = root.querySelector("[data-board-tiles]");
  var calls = root.querySelector("[data-board-calls]");
  var paused = root.querySelector("[data-board-paused]");
  var notices = root.querySelector("[data-board-notices]");
  var live = root.querySelector("[data-board-live]");
  var statusLine = root.querySelector("[data-board-status]");
  var button = root.querySelector("[data-board-sound]");

  function q(el, selector) { return el.querySelector(selector); }
  function setText(el, text) { if (el && el.textContent !== text) { el.textContent = text; } }
  function setAttr(el, name, value) { if (el.getAttribute(name) !== value) { el.setAttribute(name, value); } }
  function show(el, visible) { if (el && el.hidden === visible) { el.hidden = !visible; } }
  function clone(kind) {
    var tpl = root.querySelector('template[data-board-template="' + kind + '"]');
    return (tpl.content || tpl).querySelector("li").cloneNode(true);
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }

  /* --- clock: the server's time in the site's zone, whatever the TV's own clock says ------ */
  var offsetMs = 0, zoneMin = 0;
  function sync(iso) {
    var at = Date.parse(iso), zone = /([+-])(\d\d):?(\d\d)$/.exec(iso);
    if (!isNaN(at)) { offsetMs = at - Date.now(); }
    zoneMin = zone ? (zone[1] === "-" ? -1 : 1) * (60 * +zone[2] + +zone[3]) : 0;
  }
  function hhmm(ms) {
    var t = new Date(ms + zoneMin * 60000);
    return pad(t.getUTCHours()) + sep + pad(t.getUTCMinutes());
  }
  function tick() { setText(clock, hhmm(Date.now() + offsetMs)); }
  sync(data.now || "");
  setInterval(tick, 1000);

  /* --- drawing: patch only the cells that changed, so nothing flickers ------------------- */
  function reconcile(list, items, kind, update, keyOf) {
    var old = Object.create(null), i, li, key;
    for (i = 0; i < list.children.length; i++) {
      old[list.children[i].getAttribute("data-key")] = list.children[i];
    }
    for (i = 0; i < items.length; i++) {
      key = keyOf ? keyOf(items[i]) : items[i].label;
      li = old[key] || clone(kind);
      delete old[key];
      setAttr(li, "data-key", key);
      update(li, items[i]);
      if (list.children[i] !== li) { list.insertBefore(li, list.children[i] || null); }
    }
    for (key in old) { list.removeChild(old[key]); }
  }
  function drawTile(li, c) {
    setAttr(li, "data-state", c.ticket_status || "idle");
    setText(q(li, ".tile-label"), c.label);
    /* as board.html: a line may break before the floor, never inside "· Lantai 1" */
    setText(q(li, ".tile-agency"), c.agency + (c.floor ? " \u00b7\u00a0" + c.floor.replace(/ /g, "\u00a0") : ""));
    setText(q(li, ".tile-number"), c.serving || "–");
    setText(q(li, ".tile-state"), c.ticket_status === "called" ? data.tCalled :
      c.ticket_status === "serving" ? data.tServing : "");
  }
  function drawPaused(li, g) { /* as board.html's paused macro: one entry per status and reason */
    var state = g.status === "break" ? data.tBreak : data.tClosed, who = q(li, ".paused-who");
    var names = g.counters.map(function (c) { return c.label + "\u0000" + c.agency; }).join("\u0001");
    setText(q(li, ".paused-why"), g.reason && g.reason.toLowerCase().indexOf(state.toLowerCase()) === 0 ?
      g.reason : state + (g.reason ? ": " + g.reason : ""));
    if (who.getAttribute("data-names") === names) { return; }
    who.setAttribute("data-names", names);
    while (who.firstChild) { who.removeChild(who.firstChild); }
    g.counters.forEach(function (c, i) {
      var item = document.createElement("span"), label = document.createElement("span"),
        agency = document.createElement("span");
      item.className = "paused-counter";
      label.className = "paused-label";
      label.textContent = c.label;
      agency.className = "paused-agency";
      agency.textContent = c.agency;
      item.appendChild(label);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(agency);
      if (i) { who.appendChild(document.createTextNode(", ")); }
      who.appendChild(item);
    });
  }
  /* As board/services.py paused_groups: counters not open, by status and reason, in order. */
  function pausedGroups(counters) {
    var groups = [], byKey = Object.create(null), i, c, key;
    for (i = 0; i < counters.length; i++) {
      c = counters[i];
      key = c.status + "|" + c.reason;
      if (!byKey[key]) {
        byKey[key] = {key: key, status: c.status, reason: c.reason, counters: []};
        groups.push(byKey[key]);
      }
      byKey[key].counters.push(c);
    }
    return groups;
  }
  function groupKey(g) { return g.key; }
  var KINDS = {info: data.tInfo, warning: data.tWarning, outage: data.tOutage};
  function drawNotice(li, n) { /* as board.html's notice macro */
    setAttr(li, "class", "board-notice board-notice-" + (KINDS[n.severity] ? n.severity : "info"));
    setText(q(li, ".board-notice-kind"), KINDS[n.severity] || data.tInfo);
    setText(q(li, ".board-notice-scope"), n.scope_name || "");
    setText(q(li, ".board-notice-text"), n.message);
  }
  function noticeKey(n) { return String(n.id); }
  function callKey(c) { return c.number + "|" + c.call_count + "|" + c.called_at; }
  function drawCalls(items) {
    var i, li, newest = calls.children[0];
    var before = newest ? newest.getAttribute("data-call") : "";
    while (calls.children.length > items.length) { calls.removeChild(calls.lastElementChild); }
    for (i = 0; i < items.length; i++) {
      li = calls.children[i] || calls.appendChild(clone("call"));
      setAttr(li, "data-call", callKey(items[i]));
      setText(q(li, ".call-number"), items[i].number);
      setText(q(li, ".call-counter"), items[i].counter);
      li.classList.toggle("call-newest", i === 0);
      if (i > 0) { li.classList.remove("call-fresh"); }
    }
    li = calls.children[0];
    if (li && li.getAttribute("data-call") !== before) {
      li.classList.remove("call-fresh");
      void li.offsetWidth; /* restart the one-off highlight (board.css: no flashing) */
      li.classList.add("call-fresh");
    }
  }
  /* As board/services.py tile_grid: the columns and rows that give the largest text. */
  function tileGrid(count) {
    var ems = count <= 8 ? 9.4 : 8.2, best = null, cols, rows, unit;
    if (count <= 0) { return [1, 1]; }
    for (cols = 1; cols <= Math.min(count, 8); cols++) {
      rows = Math.ceil(count / cols);
      if (rows > 16) { continue; }
      unit = Math.min((1 - (rows - 1) * 0.015) / rows / ems,
        (1.45 - (cols - 1) * 0.015) / cols / 14.2);
      if (!best || unit > best[0] + 1e-9) { best = [unit, cols, rows]; }
    }
    return best ? [best[1], best[2]] : [8, Math.min(16, Math.ceil(count / 8))];
  }
  var ikm = root.querySelector("[data-board-ikm]");
  function drawIkm(figure) { /* as board.html: this month's IKM, hidden without respondents */
    if (!ikm) { return; }
    show(ikm, !!figure);
    if (!figure) { return; }
    setText(q(ikm, "[data-board-ikm-month]"), figure.month_name);
    setText(q(ikm, "[data-board-ikm-value]"), figure.text);
    setText(q(ikm, "[data-board-ikm-grade]"),
      data.tGrade.replace("{grade}", figure.grade).replace("{label}", figure.grade_label));
  }
  function draw(board) {
    var open = [], closed = [], i;
    for (i = 0; i < board.counters.length; i++) {
      (board.counters[i].status === "open" ? open : closed).push(board.counters[i]);
    }
    reconcile(tiles, open, "tile", drawTile);
    setAttr(tiles, "data-density", open.length <= 3 ? "few" : open.length <= 8 ? "some" :
      open.length <= 15 ? "many" : open.length <= 24 ? "most" : "max"); /* as routes.density */
    var grid = tileGrid(open.length);
    setAttr(tiles, "data-cols", String(grid[0]));
    setAttr(tiles, "data-rows", String(grid[1]));
    show(root.querySelector("[data-board-tiles-empty]"), !open.length);
    drawCalls(board.calls);
    show(root.querySelector("[data-board-calls-empty]"), !board.calls.length);
    reconcile(paused, pausedGroups(closed), "paused", drawPaused, groupKey);
    show(root.querySelector("[data-board-paused-section]"), closed.length > 0);
    drawIkm(board.ikm || null);
    if (notices) {
      reconcile(notices, board.notices || [], "notice", drawNotice, noticeKey);
      show(root.querySelector("[data-board-notices-section]"), !!(board.notices || []).length);
    }
  }

  /* --- announcing: chime, then speech, one call at a time -------------------------------- */
  /* Numbers are spoken the way Indonesian queue callers (banks, Samsat, hospitals) say them:
     the letter, then the sequence as a cardinal number, without the zero padding, which is
     only for the eye. "A-007" → "A tujuh", "B-123" → "B seratus dua puluh tiga". */
  var ONES = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan",
    "sembilan", "sepuluh", "sebelas"];
  function terbilang(n) {
    function join(head, rest) { return rest ? head + " " + terbilang(rest) : head; }
    if (n < 12) { return ONES[n]; }
    if (n < 20) { return ONES[n - 10] + " belas"; }
    if (n < 100) { return join(ONES[Math.floor(n / 10)] + " puluh", n % 10); }
    if (n < 200) { return join("seratus", n - 100); }
    if (n < 1000) { return join(ONES[Math.floor(n / 100)] + " ratus", n % 100); }
    if (n < 2000) { return join("seribu", n - 1000); }
    if (n < 1000000) { return join(terbilang(Math.floor(n / 1000)) + " ribu", n % 1000); }
    return String(n);
  }
  function spokenNumber(number) {
    var cut = number.lastIndexOf("-"), seq = parseInt(number.slice(cut + 1), 10);
    if (cut < 1 || isNaN(seq)) { return number; }
    /* Other languages: the digits, which any voice reads as a number in its own language. */
    return number.slice(0, cut).split("").join(" ") + " " + (lang === "id" ? terbilang(seq) : seq);
  }
  function phrase(c, number) {
    return data.speech.replace("{number}", number).replace("{counter}", c.counter);
  }

  var AudioCtx = window.AudioContext || window.webkitAudioContext, audio = null;
  var synth = window.speechSynthesis || null, voice = null, unlocked = false;
  /* Android has reported Indonesian under its old code "in". */
  var voiceLangs = lang === "id" ? ["id", "in"] : [lang];
  function pickVoice() {
    var voices = synth.getVoices() || [], best = null, i, base;
    for (i = 0; i < voices.length; i++) {
      base = (voices[i].lang || "").toLowerCase().split(/[-_]/)[0];
      /* A voice on the device keeps talking when the network does not. */
      if (voiceLangs.indexOf(base) >= 0 && (!best || (voices[i].localService && !best.localService))) {
        best = voices[i];
      }
    }
    voice = best;
  }
  if (synth) {
    pickVoice();
    if (synth.addEventListener) { synth.addEventListener("voiceschanged", pickVoice); }
  }
  function audioContext() {
    if (!audio && AudioCtx) {
      try { audio = new AudioCtx(); } catch (e) { AudioCtx = null; return null; }
      if (audio.addEventListener) { audio.addEventListener("statechange", offerSound); }
    }
    return audio;
  }
  function soundReady() { var ctx = audioContext(); return !!ctx && ctx.state === "running"; }
  /* Browsers block sound until someone touches the page: offer the button until then. */
  function offerSound() { show(button, !(unlocked || soundReady()) && !!(AudioCtx || synth)); }
  function tone(ctx, freq, start, length) {
    var osc = ctx.createOscillator(), gain = ctx.createGain();
    osc.type = "sine";
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.4, start + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
    osc.connect(gain);
    gain.connect(ctx.destination);
    osc.start(start);
    osc.stop(start + length + 0.05);
  }
  function chime() { /* "ding-dong": A5 then E5, 1.3 s */
    if (!soundReady()) { return; }
    var start = audio.currentTime + 0.05;
    tone(audio, 880, start, 0.7);
    tone(audio, 659.25, start + 0.4, 0.9);
  }
  function speak(text, done) {
    if (!synth || !voice) { done(); return; }
    var finished = false, guard, utterance = new SpeechSynthesisUtterance(text);
    function end() {
      if (finished) { return; }
      finished = true;
      clearTimeout(guard);
      done();
    }
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.rate = 0.9;
    utterance.onend = end;
    utterance.onerror = end;
    /* Some engines never fire "end": do not let one stuck call silence the rest. */
    guard = setTimeout(function () { synth.cancel(); end(); }, 15000);
    synth.speak(utterance);
  }
  var pending = [], speaking = false;
  function nextAnnouncement() {
    var c = pending.shift();
    if (!c) { speaking = false; return; }
    speaking = true;
    chime();
    setTimeout(function () {
      speak(phrase(c, spokenNumber(c.number)), function () { setTimeout(nextAnnouncement, 700); });
    }, soundReady() ? 1300 : 0);
  }
  var heard = Object.create(null);
  Array.prototype.forEach.call(calls.children, function (li) { heard[li.getAttribute("data-call")] = true; });
  function announceNew(items) {
    var seen = Object.create(null), fresh = [], i;
    for (i = items.length - 1; i >= 0; i--) { /* oldest first */
      seen[callKey(items[i])] = true;
      if (!heard[callKey(items[i])]) { fresh.push(items[i]); }
    }
    heard = seen; /* a recall changes call_count and called_at, so it counts as new */
    if (!fresh.length) { return; }
    setText(live, fresh.map(function (c) { return phrase(c, c.number); }).join(". "));
    pending = pending.concat(fresh).slice(-MAX_QUEUED);
    if (!speaking) { nextAnnouncement(); }
  }
  if (button) {
    button.addEventListener("click", function () {
      var ctx = audioContext();
      unlocked = true;
      if (ctx && ctx.resume) { ctx.resume(); }
      if (synth) { /* speaking once inside the click lets later speech through */
        var hush = new SpeechSynthesisUtterance(" ");
        hush.volume = 0;
        synth.speak(hush);
      }
      setTimeout(chime, 100);
      offerSound();
    });
  }

  /* --- polling, backing off while the server or the network is down --------------------- */
  var delay = POLL_MS, timer = null;
  function schedule(ms) { clearTimeout(timer); timer = setTimeout(poll, ms); }
  function failed() {
    setText(statusLine, data.tOffline);
    statusLine.classList.add("board-offline");
    delay = Math.min(delay * 2, MAX_BACKOFF_MS);
    schedule(delay + Math.random() * 1000);
  }
  function received(board) {
    sync(board.now);
    tick();
    if (board.now.slice(0, 10) !== data.day) { location.reload(); return; } /* a new day */
    setText(statusLine, data.tUpdated.replace("{time}", hhmm(Date.parse(board.now))));
    statusLine.classList.remove("board-offline");
    delay = POLL_MS;
    if (board.version !== version) {
      version = board.version;
      draw(board);
      announceNew(board.calls);
    }
    schedule(delay);
  }
  function poll() {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", data.url);
    xhr.timeout = 10000;
    xhr.setRequestHeader("Accept", "application/json");
    xhr.onload = function () {
      var board = null;
      try { board = xhr.status === 200 ? JSON.parse(xhr.responseText) : null; } catch (e) { board = null; }
      if (board && board.counters && board.calls) { received(board); } else { failed(); }
    };
    xhr.onerror = failed;
    xhr.ontimeout = failed;
    xhr.send();
  }
  function start() {
    /* Removing the meta refresh does not cancel a refresh already scheduled (Chromium and
       Firefox ignore it); stop() does, and after "load" there is nothing else left to stop. */
    var meta = document.querySelector('meta[http-equiv="refresh"]');
    if (meta) { meta.parentNode.removeChild(meta); }
    if (window.stop) { window.stop(); }
    offerSound();
    schedule(POLL_MS);
  }
  if (document.readyState === "complete") { start(); } else { window.addEventListener("load", start); }
})();
