/* "Kabari saya" (templates/notify/_kabari.html): where the browser can receive Web Push, reveal
 * "Beri tahu saya"; a tap asks for permission, subscribes this browser with the site's VAPID
 * key and posts the subscription (with the CSRF token in X-CSRFToken) to the ticket's or
 * application's /kabar/push. Without JavaScript, or without push support, the button stays
 * hidden and the other ways (WhatsApp, Telegram, the phone form) remain. */
(function () {
  "use strict";
  var box = document.getElementById("kabari");
  if (!box || !box.getAttribute("data-vapid") || !window.fetch || !window.JSON ||
      !("serviceWorker" in navigator) || !("PushManager" in window) ||
      !("Notification" in window)) { return; }
  var on = document.getElementById("kabari-push");
  var off = document.getElementById("kabari-push-off");
  /* [hidden] on a span: app.css gives buttons a display that would override it. */
  var offBox = document.getElementById("kabari-off");
  var msg = document.getElementById("kabari-msg");
  if (!on || !off || !offBox || !msg) { return; }

  function key(text) {
    var padded = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) { out[i] = raw.charCodeAt(i); }
    return out;
  }

  function say(text) { msg.textContent = text || ""; }

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json",
                "X-CSRFToken": box.getAttribute("data-csrf")},
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          throw new Error((data.error && data.error.message) || box.getAttribute("data-failed"));
        }
        return data;
      });
    });
  }

  function registration() {
    return Promise.race([navigator.serviceWorker.ready, new Promise(function (resolve, reject) {
      setTimeout(function () { reject(new Error(box.getAttribute("data-failed"))); }, 15000);
    })]);
  }

  function current(reg) {
    return reg.pushManager.getSubscription().then(function (found) {
      return found || reg.pushManager.subscribe({
        userVisibleOnly: true, applicationServerKey: key(box.getAttribute("data-vapid"))});
    });
  }

  on.addEventListener("click", function () {
    on.disabled = true;
    say("");
    Promise.resolve(Notification.requestPermission()).then(function (permission) {
      if (permission !== "granted") { throw new Error(box.getAttribute("data-denied")); }
      return registration();
    }).then(current).then(function (subscription) {
      var body = subscription.toJSON ? subscription.toJSON() : subscription;
      return post(box.getAttribute("data-push-url"), body);
    }).then(function (data) {
      say(data.message);
      offBox.hidden = false;
    }).catch(function (error) {
      say(error && error.message ? error.message : box.getAttribute("data-failed"));
    }).then(function () { on.disabled = false; });
  });

  /* Stops push to this browser for this ticket or application only: the browser's
     subscription itself may serve other tickets, so it is kept. */
  off.addEventListener("click", function () {
    off.disabled = true;
    registration().then(function (reg) { return reg.pushManager.getSubscription(); })
      .then(function (subscription) {
        if (!subscription) { return {message: ""}; }
        return post(box.getAttribute("data-push-stop-url"), {endpoint: subscription.endpoint});
      }).then(function (data) {
        say(data.message);
        offBox.hidden = true;
      }).catch(function (error) {
        say(error && error.message ? error.message : box.getAttribute("data-failed"));
      }).then(function () { off.disabled = false; });
  });

  if (Notification.permission !== "denied") {
    on.parentNode.hidden = false;
  } else {
    say(box.getAttribute("data-denied"));
  }
}());
