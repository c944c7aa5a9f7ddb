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
        (p.url.indexOf("/tiket/") !== -1 ? tickets : others).appendChild(li);
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
                return fetch(url, {credentials: "same-origin"}).then(function (r) {
                  if (!r.ok) { throw new Error(r.status); }
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
