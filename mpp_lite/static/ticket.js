/* Ticket page: follow the ticket without reloading. Polls the JSON API every 15 s, backs off
   (up to 2 min) on errors or while the page is hidden. Without JS the meta refresh does it. */
(function () {
  "use strict";
  var root = document.querySelector("[data-status-url]");
  if (!root || !window.fetch || !window.JSON) { return; }
  // The meta refresh (for browsers without JS) is no longer needed. Removing the element does
  // not cancel a refresh Chromium has already scheduled; window.stop() after load does.
  function dropMetaRefresh() {
    var meta = document.getElementById("meta-refresh");
    if (meta) { meta.parentNode.removeChild(meta); }
    if (window.stop) { window.stop(); }
  }
  if (document.readyState === "complete") { dropMetaRefresh(); }
  else { window.addEventListener("load", dropMetaRefresh); }
  var labels = JSON.parse(root.getAttribute("data-labels"));
  var ahead = JSON.parse(root.getAttribute("data-ahead"));
  var wait = JSON.parse(root.getAttribute("data-wait"));
  function plural(forms, n) { return forms[n === 1 ? 0 : 1].replace("{n}", n); }
  // "2026-12-03T08:40:00+08:00" → "08.40" (or "08:40": the separator of the page's clock)
  var separator = (root.getAttribute("data-clock") || "00.00").charAt(2);
  function clock(iso) { return iso.slice(11, 16).replace(":", separator); }
  var base = 15000, delay = base, max = 120000, last = "";
  function set(id, text) {
    var el = document.getElementById(id);
    if (el && el.textContent !== text) { el.textContent = text; }
  }
  function show(t) {
    var status = labels[t.status] || t.status;
    if (t.status === "called" && t.counter) {
      status += ": " + root.getAttribute("data-called").replace("{c}", t.counter);
    }
    set("t-status", status);
    var el = document.getElementById("t-status");
    if (el) { el.className = "ticket-status status-" + t.status; }
    if (t.wait_state !== root.getAttribute("data-wait-state")) {
      // Opened, closed, called…: the page words it (queue/status.py), so load it afresh.
      window.location.reload();
      return false;
    }
    if (t.position !== null && t.position !== undefined) {
      set("t-ahead", plural(ahead, t.position));
    }
    if (t.wait_state === "today_open" && typeof t.estimated_wait_minutes === "number") {
      set("t-wait", t.estimated_wait_minutes === 0 ? root.getAttribute("data-soon")
                                                   : plural(wait, t.estimated_wait_minutes));
    }
    if (t.expected_call_from && t.expected_call_to) {
      set("t-call", clock(t.expected_call_from) + "\u2013" + clock(t.expected_call_to));
    }
    var time = clock(t.updated_at || "");
    set("t-updated", root.getAttribute("data-updated").replace("{t}", time));
    return ["waiting", "called", "serving"].indexOf(t.status) !== -1;
  }
  function poll() {
    if (document.hidden) { delay = Math.min(delay * 2, max); return schedule(); }
    fetch(root.getAttribute("data-status-url"), {headers: {"Accept": "application/json"}})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (t) {
        var key = t.status + "/" + t.position + "/" + t.counter + "/" + t.wait_state;
        delay = key === last ? Math.min(delay + 5000, 60000) : base;
        last = key;
        if (show(t)) { schedule(); }
      })
      .catch(function () { delay = Math.min(delay * 2, max); schedule(); });
  }
  function schedule() { window.setTimeout(poll, delay); }
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { delay = base; }
  });
  schedule();
})();
