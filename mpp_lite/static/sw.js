/* MPP Lite service worker, served at /sw.js (scope "/") with this deploy's values filled in.
 * - App shell (CSS, JS, icons, the offline page) precached on install, in a cache named after
 *   this deploy's version; activation deletes every older shell cache (no stale app).
 * - Service and other catalogue pages: stale-while-revalidate.
 * - Ticket pages: network first, saved copy when offline (the QR code still shows).
 *   Application tracking pages (/berkas/<code>) likewise (the network-first rule below);
 *   both stay saved when the language changes.
 * - Booking forms: network first; offline, the saved form (kept with its service page) with a
 *   fresh idempotency key, and what it sends goes to the outbox.
 * - Anything else: network first, then a saved copy, then the offline page.
 * - Staff pages are not touched at all: PRIVATE is derived from the app's URL map
 *   (mpp_lite/offline/private.py), the browser fetches them as if there were no worker, and
 *   nothing answered "Cache-Control: no-store" is ever kept. Signing out (a POST to LOGOUT_URL)
 *   drops every saved page of this device. The API is never stored either.
 * A page shown from the phone while offline reveals its "saved copy" notice with the time.
 */
"use strict";
var VERSION = "__VERSION__";
var SHELL = "mpp-shell-" + VERSION;
var PAGES = "mpp-pages";
var SHELL_URLS = __SHELL__;
var MAX_PAGES = __MAX_PAGES__;
var OFFLINE_URL = SHELL_URLS[SHELL_URLS.length - 1];
var PENDING_URL = SHELL_URLS[SHELL_URLS.length - 2];
var OUTBOX = "mpp-outbox";
var SYNC_TAG = "mpp-outbox";
var SEND_TIMEOUT_MS = 30000;  // lie-fi: after this the booking is kept and sent again later
var BOOKING_FORM = /^\/([a-z0-9-]+)\/layanan\/([a-z0-9-]+)\/antre$/;
var SERVICE_ONLY = /^\/[a-z0-9-]+\/layanan\/[a-z0-9-]+$/;
var NEVER = /^\/(api|sw\.js)(\/|$)|\/batal$/;  // the API and cancel forms: always fresh
var PRIVATE = __PRIVATE__;  // {prefixes, paths, patterns}: staff pages, from the URL map
var LOGOUT_URL = __LOGOUT_URL__;
var SERVICE_PAGE = new RegExp("^/$|^/[a-z0-9-]+/$|^/[a-z0-9-]+/layanan/([a-z0-9-]+(/cetak)?)?$" +
                              "|^/[a-z0-9-]+/(instansi|peristiwa)/[a-z0-9-]+$");
var TICKET_PAGE = /^\/tiket\/[^/]+$/;
var BERKAS_PAGE = /^\/berkas\/[^/]+$/;  // an application's tracking page
var LANGUAGE_SWITCH = /^\/bahasa\/[^/]+$/;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) {
    return cache.addAll(SHELL_URLS);
  }).then(function () { return self.skipWaiting(); }));
});

/* Same test as is_private_path() in mpp_lite/offline/private.py. */
function isPrivate(path) {
  return PRIVATE.paths.indexOf(path) !== -1 ||
    PRIVATE.prefixes.some(function (p) { return path.indexOf(p) === 0 || path + "/" === p; }) ||
    PRIVATE.patterns.some(function (p) { return new RegExp(p).test(path); });
}

/* Staff pages an older worker may have kept: dropped when this one starts. */
function forgetPrivatePages() {
  return caches.open(PAGES).then(function (cache) {
    return cache.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return isPrivate(new URL(key.url).pathname);
      }).map(function (key) { return cache.delete(key); }));
    });
  });
}

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("mpp-shell-") === 0 && name !== SHELL;
    }).map(function (name) { return caches.delete(name); }));
  }).then(forgetPrivatePages).then(function () { return self.clients.claim(); }));
});

function savedAt(response) {
  return response.headers.get("X-Saved-At") || "";
}

/* Store a page with the time it was fetched; keep at most MAX_PAGES (oldest dropped).
   Never a staff page nor anything the server marked no-store (pages seen while signed in).
   A service page's booking form is fetched too, after the page (`event` waits for it). */
function store(request, response, event) {
  if (!response || response.status !== 200 || response.type !== "basic") { return; }
  var type = response.headers.get("Content-Type") || "";
  if (type.indexOf("text/html") !== 0) { return; }
  if (/no-store/.test(response.headers.get("Cache-Control") || "")) { return; }
  var path = new URL(request.url).pathname;
  if (isPrivate(path)) { return; }
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
    }).then(function () {
      if (event && SERVICE_ONLY.test(path) && body.indexOf('href="' + path + '/antre"') !== -1) {
        var lang = (body.match(/<html lang="([a-z-]+)"/i) || [])[1];
        var form = keepBookingForm(path + "/antre", lang);  // the form goes with its page
        try { event.waitUntil(form); } catch (e) { /* the event is over: it still runs */ }
      }
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

/* The booking form of a saved service page, fetched once so "Ambil nomor antrean" works
   without signal (a few KB; kept fresh whenever the form itself is opened online). Fetched
   without cookies, in the page's language: its answer must not replace the session cookie of
   a form the citizen opens at the same moment (its CSRF token would no longer match). The
   saved copy sends to the outbox (the JSON API), which needs no CSRF token. */
function keepBookingForm(path, lang) {
  var url = new URL(path, self.location.origin).href;
  return caches.open(PAGES).then(function (cache) {
    return cache.match(url, {ignoreSearch: true});
  }).then(function (saved) {
    if (saved) { return; }
    return fetch(url, {credentials: "omit", headers: {"Accept-Language": lang || "id"}})
      .then(function (response) { return store({url: url}, response); });
  }).catch(function () { /* offline: maybe next time */ });
}

/* A fresh idempotency key for each saved form shown: two bookings made offline from the same
   saved form are two bookings, not one sent twice. */
function freshKey() {
  if (self.crypto && self.crypto.randomUUID) { return self.crypto.randomUUID().replace(/-/g, ""); }
  var bytes = new Uint8Array(16);
  self.crypto.getRandomValues(bytes);
  return Array.prototype.map.call(bytes, function (b) {
    return ("0" + b.toString(16)).slice(-2);
  }).join("");
}

/* The booking form: the network's; without signal the saved one (sent to the outbox). */
function bookingForm(event) {
  var request = event.request;
  return fetch(request).then(function (response) {
    event.waitUntil(store(request, response));
    return response;
  }).catch(function () {
    return caches.open(PAGES).then(function (cache) {
      return cache.match(request.url).then(function (hit) {
        return hit || cache.match(request.url, {ignoreSearch: true});
      });
    }).then(function (saved) {
      if (!saved) { return offlinePage(); }
      return asSavedCopy(saved).then(function (page) {
        return page.text().then(function (body) {
          body = body.replace(/(name="idempotency_key"[^>]*value=")[^"]*"/, "$1" + freshKey() + '"');
          return new Response(body, {status: 200, headers: page.headers});
        });
      });
    });
  });
}

function networkFirst(event) {
  return fetch(event.request).then(function (response) {
    event.waitUntil(store(event.request, response, event));
    return response;
  }).catch(function () { return fromCacheOrOffline(event.request); });
}

function staleWhileRevalidate(event) {
  var request = event.request;
  var update = fetch(request).then(function (response) {
    return Promise.resolve(store(request, response, event)).then(function () { return response; });
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

/* ---- Bookings made without signal (the outbox) ---- */

function outboxUrl(key) {
  return new URL("/__outbox/" + encodeURIComponent(key), self.location.origin).href;
}

function saveEntry(entry) {
  return caches.open(OUTBOX).then(function (cache) {
    return cache.put(outboxUrl(entry.key), new Response(JSON.stringify(entry),
      {headers: {"Content-Type": "application/json"}}));
  });
}

function outboxEntries() {
  return caches.open(OUTBOX).then(function (cache) {
    return cache.keys().then(function (keys) {
      return Promise.all(keys.map(function (key) {
        return cache.match(key).then(function (r) { return r.json(); });
      }));
    });
  });
}

function tellPages() {
  return self.clients.matchAll({type: "window"}).then(function (pages) {
    pages.forEach(function (page) { page.postMessage({type: "outbox"}); });
  });
}

/* The form could not reach the MPP: keep it on the phone and show the pending page. */
function keepBooking(request, site, service) {
  return request.text().then(function (body) {
    var form = new URLSearchParams(body);
    var key = form.get("idempotency_key") || "";
    if (!key) { throw new Error("form without idempotency key"); }
    var booking = {service: service, day: form.get("day") || null, name: form.get("name") || "",
                   phone: form.get("phone") || "", nik: form.get("nik") || "",
                   priority: form.get("priority") || null, idempotency_key: key};
    var slot = form.get("window") || "";
    if (/^[0-9]+$/.test(slot)) { booking.window = parseInt(slot, 10); }
    return saveEntry({
      key: key, status: "pending", saved_at: new Date().toISOString(),
      api: "/api/v1/sites/" + site + "/tickets", form: "/" + site + "/layanan/" + service + "/antre",
      service_name: form.get("service_name") || service, day: booking.day, name: booking.name,
      booking: booking
    });
  }).then(function () {
    if (self.registration.sync) {
      return self.registration.sync.register(SYNC_TAG).catch(function () {});
    }
  }).then(function () {
    return Response.redirect(new URL(PENDING_URL, self.location.origin).href, 303);
  });
}

function withTimeout(promise, ms) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("timeout")); }, ms);
    promise.then(function (v) { clearTimeout(timer); resolve(v); },
                 function (e) { clearTimeout(timer); reject(e); });
  });
}

/* Send one kept booking. Network trouble, 429 and 5xx keep it for later (the promise rejects);
   a ticket or a refusal is an answer: the personal fields are dropped from the phone. */
function sendEntry(entry) {
  return fetch(entry.api, {
    method: "POST", credentials: "same-origin",
    headers: {"Content-Type": "application/json", "Accept": "application/json"},
    body: JSON.stringify(entry.booking)
  }).then(function (response) {
    if (response.status === 429 || response.status >= 500) { throw new Error("later"); }
    return response.json().then(function (doc) {
      delete entry.booking;  // phone and NIK leave the phone once the MPP has answered
      entry.answered_at = new Date().toISOString();
      if (response.ok) {
        entry.status = "sent";
        entry.number = doc.number;
        entry.ticket = "/tiket/" + doc.code;
        entry.service_name = (doc.service && doc.service.name) || entry.service_name;
        // Keep the ticket page on the phone too: it must show at the MPP without signal.
        var ticketUrl = new URL(entry.ticket, self.location.origin).href;
        return fetch(ticketUrl, {credentials: "same-origin"})
          .then(function (page) { return store({url: ticketUrl}, page); })
          .catch(function () {})
          .then(function () { return saveEntry(entry); });
      }
      entry.status = "refused";
      entry.message = (doc.error && doc.error.message) || "";
      entry.next_day = (doc.error && doc.error.next_available_day) || null;
      return saveEntry(entry);
    });
  }).then(tellPages);
}

var replaying = null;

/* Send every kept booking, one after another; rejects if any must wait for later. */
function replay() {
  if (!replaying) {
    replaying = outboxEntries().then(function (entries) {
      var failed = false;
      return entries.filter(function (e) { return e.status === "pending"; })
        .reduce(function (chain, entry) {
          return chain.then(function () {
            return sendEntry(entry).catch(function () { failed = true; });
          });
        }, Promise.resolve())
        .then(function () { if (failed) { throw new Error("some bookings wait for signal"); } });
    });
    replaying.then(function () { replaying = null; }, function () { replaying = null; });
  }
  return replaying;
}

/* A sent booking is forgotten once its ticket has been opened. */
function forgetSent(pathname) {
  return caches.open(OUTBOX).then(function (cache) {
    return outboxEntries().then(function (entries) {
      return Promise.all(entries.filter(function (e) {
        return e.status === "sent" && e.ticket === pathname;
      }).map(function (e) { return cache.delete(outboxUrl(e.key)); }));
    });
  });
}

self.addEventListener("sync", function (event) {
  if (event.tag === SYNC_TAG) { event.waitUntil(replay()); }  // rejected: the browser retries
});

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "replay") {
    event.waitUntil(replay().catch(function () { /* still offline: kept for later */ }));
  }
});

/* Web Push (mpp_lite/notify/push.py sends {title, body, url, tag}): show it; a newer message
   with the same tag replaces the older one. A tap opens (or focuses) the page it is about. */
var PUSH_ICON = SHELL_URLS.filter(function (u) { return u.indexOf("icon-192") !== -1; })[0];

self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
  var options = {body: data.body || "", data: {url: data.url || "/"}};
  if (data.tag) { options.tag = data.tag; options.renotify = true; }
  if (PUSH_ICON) { options.icon = PUSH_ICON; }
  event.waitUntil(self.registration.showNotification(data.title || "MPP", options));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target;
  try {
    target = new URL((event.notification.data && event.notification.data.url) || "/",
                     self.location.origin);
  } catch (e) { target = new URL("/", self.location.origin); }
  if (target.origin !== self.location.origin) { target = new URL("/", self.location.origin); }
  event.waitUntil(self.clients.matchAll({type: "window", includeUncontrolled: true})
    .then(function (windows) {
      for (var i = 0; i < windows.length; i += 1) {
        if (windows[i].url === target.href && "focus" in windows[i]) {
          return windows[i].focus();
        }
      }
      return self.clients.openWindow ? self.clients.openWindow(target.href) : null;
    }));
});

/* Pages in the shell (offline, pending) follow a language switch. */
function refreshShellPages() {
  return caches.open(SHELL).then(function (cache) {
    return Promise.all([OFFLINE_URL, PENDING_URL].map(function (url) {
      return fetch(url, {credentials: "same-origin"}).then(function (response) {
        if (response.ok) { return cache.put(url, response); }
      }).catch(function () {});
    }));
  });
}

/* Signing out: nothing of this site stays on the device (the outbox of bookings not yet sent
   stays: they are citizens' bookings waiting for signal, not staff data). */
function forgetPages() {
  return caches.delete(PAGES);
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin === self.location.origin && isPrivate(url.pathname)) {
    // Staff pages: the browser fetches them itself (no saved copy, flashes arrive intact).
    if (request.method === "POST" && url.pathname === LOGOUT_URL) {
      // Signing out: the saved pages are gone before the login page shows.
      event.respondWith(forgetPages().catch(function () {}).then(function () {
        return fetch(request).catch(function () { return offlinePage(); });
      }));
    }
    return;
  }
  if (request.method === "POST" && request.mode === "navigate" &&
      url.origin === self.location.origin && BOOKING_FORM.test(url.pathname)) {
    var match = BOOKING_FORM.exec(url.pathname);
    var copy = request.clone();
    event.respondWith(withTimeout(fetch(request), SEND_TIMEOUT_MS).catch(function () {
      return keepBooking(copy, match[1], match[2]).catch(function () { return offlinePage(); });
    }));
    return;
  }
  if (request.method !== "GET") { return; }
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
    // Saved pages are in the old language: drop them (tickets and berkas pages stay, they
    // matter offline).
    event.waitUntil(caches.open(PAGES).then(function (cache) {
      return cache.keys().then(function (keys) {
        return Promise.all(keys.filter(function (key) {
          var path = new URL(key.url).pathname;
          return !TICKET_PAGE.test(path) && !BERKAS_PAGE.test(path);
        }).map(function (key) { return cache.delete(key); }));
      });
    }));
    event.respondWith(fetch(request).then(function (response) {
      event.waitUntil(refreshShellPages());  // the new language cookie is set by now
      return response;
    }));
    return;
  }
  if (url.pathname === PENDING_URL) {  // the outbox lives on the phone: the shell copy will do
    event.respondWith(caches.match(PENDING_URL).then(function (hit) {
      return hit || fetch(request);
    }));
    return;
  }
  if (BOOKING_FORM.test(url.pathname)) {
    event.respondWith(bookingForm(event));
  } else if (TICKET_PAGE.test(url.pathname)) {
    event.waitUntil(forgetSent(url.pathname));
    event.respondWith(networkFirst(event));
  } else if (SERVICE_PAGE.test(url.pathname) && !url.search) {
    event.respondWith(staleWhileRevalidate(event));
  } else {
    event.respondWith(networkFirst(event));
  }
});
