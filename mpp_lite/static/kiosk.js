/* Self-service kiosk (templates/kiosk/): enhancements only, every page works without it.
   - Back to the start after data-idle seconds without a touch (the visitor walked away).
   - The ticket page prints itself once (data-autoprint), silently in Chromium's
     --kiosk-printing mode; the ?cetak=1 that asked for it is dropped so a reload does not.
   - The category buttons send the form with fetch: one tap is one request (buttons disabled),
     a network blip is retried with the same idempotency key (the server makes one ticket),
     and when the server cannot be reached the visitor is told plainly. */
(function () {
  "use strict";
  var body = document.body;
  var idle = parseInt(body.getAttribute("data-idle") || "0", 10);
  var home = body.getAttribute("data-home");
  if (idle > 0 && home) {
    var timer = null;
    var restart = function () {
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(function () { window.location.replace(home); }, idle * 1000);
    };
    ["pointerdown", "keydown", "touchstart", "scroll"].forEach(function (name) {
      document.addEventListener(name, restart, { passive: true });
    });
    restart();
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  if (body.getAttribute("data-autoprint") === "1") {
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", window.location.pathname);
    }
    window.addEventListener("load", function () { window.setTimeout(window.print, 100); });
  }

  var RETRIES = 4;  // after 1, 2, 4 and 8 seconds (data-retry-ms: the first wait)
  Array.prototype.forEach.call(document.querySelectorAll("form.kiosk-issue"), function (form) {
    var status = form.querySelector(".kiosk-status");
    var buttons = form.querySelectorAll("button[type=submit]");
    var busy = false;
    var say = function (text) { if (status) { status.textContent = text; } };
    var enable = function (on) {
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = !on; });
    };
    var nativeSubmit = function (category) {
      var field = document.createElement("input");
      field.type = "hidden"; field.name = "category"; field.value = category;
      form.appendChild(field);
      HTMLFormElement.prototype.submit.call(form);
    };
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.FormData) { return; }
      event.preventDefault();
      if (busy) { return; }
      busy = true;
      var pressed = event.submitter || document.activeElement;
      var category = pressed && pressed.name === "category" ? pressed.value : "";
      var data = new FormData(form);
      data.set("category", category);
      enable(false);
      say(form.getAttribute("data-wait"));
      var attempt = function (index) {
        window.fetch(form.action, { method: "POST", body: data, credentials: "same-origin",
                                    redirect: "follow" })
          .then(function (response) {
            if (response.redirected && response.url.indexOf("/kios/tiket/") !== -1) {
              window.location.replace(response.url);
            } else {
              nativeSubmit(category);  // a refusal: the server's page explains it
            }
          })
          .catch(function () {
            if (index < RETRIES) {
              var first = parseInt(form.getAttribute("data-retry-ms") || "1000", 10);
              say(form.getAttribute("data-retrying"));
              window.setTimeout(function () { attempt(index + 1); }, first * Math.pow(2, index));
            } else {
              say(form.getAttribute("data-offline"));
              busy = false;
              enable(true);
            }
          });
      };
      attempt(0);
    });
  });
}());
