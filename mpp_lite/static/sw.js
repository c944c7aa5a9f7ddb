/* MPP Lite service worker, served at /sw.js (scope "/") with this deploy's values filled in.
 * - App shell (CSS, JS, icons, the offline page) precached on install, in a cache named after
 *   this deploy's version; activation deletes every older shell cache (no stale app).
 * - Service and other catalogue pages: stale-while-revalidate.
 * - Ticket pages: network first, saved copy when offline (the QR code still shows).
 * - Anything else: network first, then a saved copy, then the offline page.
 * - Staff pages and the API are never stored on the phone.
 * A page shown from the phone while offline reveals its "saved copy" notice with the time.
 */
"use strict";
var VERSION = "__VERSION__";
var SHELL = "mpp-shell-" + VERSION;
var PAGES = "mpp-pages";
var SHELL_URLS = __SHELL__;
var MAX_PAGES = __MAX_PAGES__;
var OFFLINE_URL = SHELL_URLS[SHELL_URLS.length - 1];
var NEVER = /^\/(staff|petugas|api|sw\.js)(\/|$)|\/(antre|batal)$/;  // forms: always fresh
var SERVICE_PAGE = new RegExp("^/$|^/[a-z0-9-]+/$|^/[a-z0-9-]+/layanan/([a-z0-9-]+(/cetak)?)?$" +
                              "|^/[a-z0-9-]+/(instansi|peristiwa)/[a-z0-9-]+$");
var TICKET_PAGE = /^\/tiket\/[^/]+$/;
var LANGUAGE_SWITCH = /^\/bahasa\/[^/]+$/;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) {
    return cache.addAll(SHELL_URLS);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("mpp-shell-") === 0 && name !== SHELL;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function savedAt(response) {
  return response.headers.get("X-Saved-At") || "";
}

/* Store a page with the time it was fetched; keep at most MAX_PAGES (oldest dropped). */
function store(request, response) {
  if (!response || response.status !== 200 || response.type !== "basic") { return; }
  var type = response.headers.get("Content-Type") || "";
  if (type.indexOf("text/html") !== 0) { return; }
  return response.clone().text().then(function (body) {
    var headers = new Headers(response.headers);
    headers.set("X-Saved-At", new Date().toISOString());
    return caches.open(PAGES).then(function (cache) {
      return cache.put(request.url, new Response(body, {status: 200, headers: headers}))
        .then(function () { return cache.keys(); })
        .then(function (keys) {
          var extra = keys.length - MAX_PAGES;
          return Promise.all(keys.slice(0, Math.max(extra, 0)).map(function (key) {
            return cache.delete(key);
          }));
        });
    });
  });
}

/* The saved copy, with its notice shown and dated (the page carries the hidden notice). */
function asSavedCopy(response) {
  var when = savedAt(response);
  return response.text().then(function (body) {
    var lang = (body.match(/<html lang="([a-z-]+)"/i) || [])[1] || "id";
    var label = when;
    try {
      label = new Date(when).toLocaleString(lang === "id" ? "id-ID" : lang,
        {dateStyle: "medium", timeStyle: "short"});
    } catch (e) { /* keep the ISO time */ }
    body = body.replace('<p id="saved-copy" class="notice saved-copy" hidden>',
                        '<p id="saved-copy" class="notice saved-copy">')
               .replace("{saved_at}", label);
    var headers = new Headers(response.headers);
    headers.set("X-Served-By", "service-worker");
    return new Response(body, {status: 200, headers: headers});
  });
}

function offlinePage() {
  return caches.match(OFFLINE_URL).then(function (page) {
    return page || new Response("Offline", {status: 503, headers: {"Content-Type": "text/plain"}});
  });
}

function fromCacheOrOffline(request) {
  return caches.open(PAGES).then(function (cache) {
    return cache.match(request.url);
  }).then(function (saved) { return saved ? asSavedCopy(saved) : offlinePage(); });
}

function networkFirst(event) {
  return fetch(event.request).then(function (response) {
    event.waitUntil(store(event.request, response));
    return response;
  }).catch(function () { return fromCacheOrOffline(event.request); });
}

function staleWhileRevalidate(event) {
  var request = event.request;
  var update = fetch(request).then(function (response) {
    return Promise.resolve(store(request, response)).then(function () { return response; });
  });
  return caches.open(PAGES).then(function (cache) {
    return cache.match(request.url);
  }).then(function (saved) {
    if (!saved) {
      return update.catch(function () { return offlinePage(); });
    }
    event.waitUntil(update.catch(function () { /* offline: the saved copy stays */ }));
    if (self.navigator && self.navigator.onLine === false) { return asSavedCopy(saved); }
    return saved.clone();
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || NEVER.test(url.pathname)) { return; }
  if (url.pathname.indexOf("/static/") === 0) {  // fingerprinted: never changes
    event.respondWith(caches.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        var copy = response.clone();
        if (response.ok) {
          event.waitUntil(caches.open(SHELL).then(function (c) { return c.put(request, copy); }));
        }
        return response;
      });
    }));
    return;
  }
  if (request.mode !== "navigate") { return; }
  if (LANGUAGE_SWITCH.test(url.pathname)) {
    // Saved pages are in the old language: drop them (tickets stay, they matter offline).
    event.waitUntil(caches.open(PAGES).then(function (cache) {
      return cache.keys().then(function (keys) {
        return Promise.all(keys.filter(function (key) {
          return !TICKET_PAGE.test(new URL(key.url).pathname);
        }).map(function (key) { return cache.delete(key); }));
      });
    }));
    return;
  }
  if (TICKET_PAGE.test(url.pathname)) {
    event.respondWith(networkFirst(event));
  } else if (SERVICE_PAGE.test(url.pathname) && !url.search) {
    event.respondWith(staleWhileRevalidate(event));
  } else {
    event.respondWith(networkFirst(event));
  }
});
