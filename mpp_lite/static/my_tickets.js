/* "Tiket saya": the server lists the tickets of this phone's cookie; this adds the ticket pages
   the service worker saved on the phone (they open without signal), e.g. from a booking sent
   later from the outbox, or when the page itself is a saved copy; and the application
   tracking pages (/berkas/<code>) saved the same way. */
(function () {
  "use strict";
  var section = document.getElementById("my-saved");
  var list = document.getElementById("my-saved-list");
  if (!section || !list || !window.caches || !window.Promise || !window.DOMParser) { return; }
  var TICKET = /^\/(tiket|berkas)\/[A-Za-z0-9_-]+$/;
  var shown = {};
  Array.prototype.forEach.call(document.querySelectorAll("[data-ticket]"), function (el) {
    shown[el.getAttribute("data-ticket")] = true;
  });
  function add(url, title) {
    if (shown[url.pathname]) { return; }
    shown[url.pathname] = true;
    var li = document.createElement("li");
    li.setAttribute("data-ticket", url.pathname);
    var link = document.createElement("a");
    link.href = url.pathname + url.search;  // the address the copy was saved under
    var strong = document.createElement("strong");
    strong.textContent = title;
    link.appendChild(strong);
    li.appendChild(link);
    list.appendChild(li);
    section.hidden = false;
    var empty = document.getElementById("my-empty");
    if (empty) { empty.hidden = true; }
  }
  caches.has("mpp-pages").then(function (exists) {
    if (!exists) { return; }
    return caches.open("mpp-pages").then(function (cache) {
      return cache.keys().then(function (keys) {
        return Promise.all(keys.map(function (request) {
          var url = new URL(request.url);
          if (url.origin !== location.origin || !TICKET.test(url.pathname) ||
              shown[url.pathname]) { return null; }
          return cache.match(request).then(function (r) { return r.text(); })
            .then(function (html) {
              var doc = new DOMParser().parseFromString(html, "text/html");
              add(url, doc.title || url.pathname);
            });
        }));
      });
    });
  }).catch(function () { /* no saved pages: the server's list stands */ });
})();
