/* MPP Lite progressive enhancement. Everything works without it. */
(function () {
  "use strict";
  var store;
  try { store = window.localStorage; store.setItem("mpp:t", "1"); store.removeItem("mpp:t"); }
  catch (e) { store = null; }
  /* Offline support: pages seen are kept on the phone (see /sw.js). */
  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", {scope: "/"}).catch(function () {});
    });
  }
  /* The offline page shown for a booking form not saved yet: say so, offer the outbox. */
  var offlineBooking = document.getElementById("offline-booking");
  if (offlineBooking && /^\/[a-z0-9-]+\/layanan\/[a-z0-9-]+\/antre$/.test(location.pathname)) {
    offlineBooking.hidden = false;
  }
  /* Saved pages listed on the offline page. */
  var saved = document.getElementById("saved-pages");
  if (saved && window.caches) {
    caches.open("mpp-pages").then(function (cache) { return cache.keys(); }).then(function (keys) {
      return Promise.all(keys.map(function (key) {
        return caches.match(key).then(function (r) { return r.text(); }).then(function (html) {
          var title = (html.match(/<title>([^<]*)<\/title>/) || [])[1] || key.url;
          return {url: key.url, title: title.replace(/&amp;/g, "&").replace(/&#39;/g, "'")};
        });
      }));
    }).then(function (pages) {
      var tickets = document.getElementById("saved-tickets");
      var others = document.getElementById("saved-services");
      pages.forEach(function (p) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = p.url;
        a.textContent = p.title;
        li.appendChild(a);
        (/\/(tiket|berkas)\//.test(p.url) ? tickets : others).appendChild(li);
      });
      if (pages.length) { saved.hidden = false; document.getElementById("nothing-saved").hidden = true; }
    }).catch(function () {});
  }
  /* "Save this MPP for offline use": state the size first, then fetch every page into the
     same cache the service worker reads. */
  var box = document.getElementById("save-offline");
  if (box && "serviceWorker" in navigator && window.caches && window.fetch) {
    var sizeLine = document.getElementById("save-size");
    var button = document.getElementById("save-button");
    var text = function (name, values) {
      var t = box.getAttribute("data-" + name + "-text");
      Object.keys(values || {}).forEach(function (k) { t = t.replace("{" + k + "}", values[k]); });
      return t;
    };
    fetch(box.getAttribute("data-list"), {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (list) {
        sizeLine.textContent = text("size", {count: list.count, kb: Math.ceil(list.bytes / 1024)});
        if (navigator.connection && navigator.connection.saveData) {
          document.getElementById("save-data-note").hidden = false;
        }
        box.hidden = false;
        button.addEventListener("click", function () {
          button.disabled = true;
          var done = 0, failed = 0;
          caches.open("mpp-pages").then(function (cache) {
            return list.pages.reduce(function (chain, url) {
              return chain.then(function () {
                // Booking forms without cookies (in this page's language): their answer must
                // not replace the session cookie of a form open at the same time.
                var form = /\/antre$/.test(url);
                return fetch(url, form ? {credentials: "omit",
                                          headers: {"Accept-Language": document.documentElement.lang}}
                                       : {credentials: "same-origin"}).then(function (r) {
                  if (!r.ok) { throw new Error(r.status); }
                  if (/no-store/.test(r.headers.get("Cache-Control") || "")) { return; }
                  return r.text().then(function (body) {
                    var headers = new Headers(r.headers);
                    headers.set("X-Saved-At", new Date().toISOString());
                    return cache.put(new URL(url, location.href).href,
                                     new Response(body, {status: 200, headers: headers}));
                  });
                }).catch(function () { failed += 1; }).then(function () {
                  done += 1;
                  sizeLine.textContent = text("progress", {done: done, count: list.count});
                });
              });
            }, Promise.resolve());
          }).then(function () {
            sizeLine.textContent = text(failed ? "error" : "done");
            button.disabled = false;
          });
        });
      }).catch(function () { /* offline or old server: leave the section hidden */ });
  }
  /* Bookings sent without signal (kept by /sw.js in the "mpp-outbox" cache): ask the worker
     to send them now, show a note on every page while any is kept, list them on /tertunda. */
  if ("serviceWorker" in navigator && window.caches) {
    var sw = navigator.serviceWorker;
    var replay = function () {
      if (sw.controller && navigator.onLine !== false) { sw.controller.postMessage({type: "replay"}); }
    };
    var list = document.getElementById("outbox");
    var say = function (name, values) {
      var t = list.getAttribute("data-" + name + "-text");
      Object.keys(values || {}).forEach(function (k) { t = t.replace("{" + k + "}", values[k]); });
      return t;
    };
    var when = function (value, options) {
      try { return new Date(value).toLocaleString(document.documentElement.lang, options); }
      catch (e) { return value; }
    };
    var element = function (tag, className, text) {
      var node = document.createElement(tag);
      if (className) { node.className = className; }
      if (text) { node.textContent = text; }
      return node;
    };
    var render = function () {
      caches.open("mpp-outbox").then(function (cache) {
        return cache.keys().then(function (keys) {
          return Promise.all(keys.map(function (key) {
            return cache.match(key).then(function (r) { return r.json(); })
              .then(function (entry) { entry.url = key.url; return entry; });
          }));
        }).then(function (entries) {
          var note = document.getElementById("outbox-note");
          if (note) { note.hidden = !entries.length || !!list; }
          if (!list) { return; }
          entries.sort(function (a, b) { return a.saved_at < b.saved_at ? -1 : 1; });
          list.textContent = "";
          list.hidden = !entries.length;
          document.getElementById("outbox-empty").hidden = !!entries.length;
          document.getElementById("outbox-send").hidden = !entries.some(function (e) {
            return e.status === "pending";
          });
          entries.forEach(function (entry) {
            var li = element("li", "outbox-" + entry.status);
            li.appendChild(element("strong", "", entry.service_name));
            var day = entry.day ? when(entry.day + "T12:00:00",
              {weekday: "long", day: "numeric", month: "long", year: "numeric"}) : "";
            li.appendChild(element("span", "", [day, say("name", {name: entry.name})].join(" · ")));
            var status = entry.status === "sent" ? say("sent", {number: entry.number})
              : entry.status === "refused" ? say("refused", {message: entry.message})
              : say("pending");
            li.appendChild(element("p", "outbox-status", status));
            li.appendChild(element("span", "small", say("saved", {time: when(entry.saved_at,
              {dateStyle: "medium", timeStyle: "short"})})));
            var actions = element("p", "actions");
            if (entry.status === "sent") {
              var open = element("a", "button", say("open", {number: entry.number}));
              open.href = entry.ticket;
              actions.appendChild(open);
            } else {
              if (entry.status === "refused") {
                var again = element("a", "button", say("again"));
                again.href = entry.form + (entry.next_day ? "?tanggal=" + entry.next_day : "");
                actions.appendChild(again);
              }
              var remove = element("button", "button-secondary", say("remove"));
              remove.type = "button";
              remove.addEventListener("click", function () {
                if (window.confirm(say("confirm"))) { cache.delete(entry.url).then(render); }
              });
              actions.appendChild(remove);
            }
            li.appendChild(actions);
            list.appendChild(li);
          });
        });
      }).catch(function () {});
    };
    sw.addEventListener("message", function (event) {
      if (event.data && event.data.type === "outbox") { render(); }
    });
    window.addEventListener("online", replay);
    var send = document.getElementById("outbox-send");
    if (send) { send.addEventListener("click", replay); }
    render();
    replay();
  }
  /* Requirements checklist: remember ticks on this phone, per service. */
  var lists = document.querySelectorAll("[data-checklist]");
  Array.prototype.forEach.call(lists, function (list) {
    if (!store) { return; }
    var key = "mpp:check:" + list.getAttribute("data-checklist");
    var saved = {};
    try { saved = JSON.parse(store.getItem(key) || "{}") || {}; } catch (e) { saved = {}; }
    var boxes = list.querySelectorAll("input[type=checkbox][data-pos]");
    Array.prototype.forEach.call(boxes, function (box) {
      box.checked = !!saved[box.getAttribute("data-pos")];
      box.addEventListener("change", function () {
        saved[box.getAttribute("data-pos")] = box.checked;
        try { store.setItem(key, JSON.stringify(saved)); } catch (e) { /* storage full */ }
      });
    });
  });
})();
