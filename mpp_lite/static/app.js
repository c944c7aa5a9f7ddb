/* MPP Lite progressive enhancement. Everything works without it. */
(function () {
  "use strict";
  var store;
  try { store = window.localStorage; store.setItem("mpp:t", "1"); store.removeItem("mpp:t"); }
  catch (e) { store = null; }
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
