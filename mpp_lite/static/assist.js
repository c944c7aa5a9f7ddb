/* Assisted mode: the read-aloud button. Revealed only where the browser can speak; reads the
   screen's [id=bacaan] block in the page's language, with an Indonesian voice where the
   device has one (otherwise the default voice). */
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function") { return; }
  var pageLang = (document.documentElement.lang || "id").toLowerCase();
  var lang = pageLang === "id" ? "id-ID" : pageLang;

  function pickVoice() {
    var voices = synth.getVoices ? synth.getVoices() : [];
    var wanted = lang.toLowerCase(), base = wanted.split("-")[0];
    var exact = null, near = null;
    for (var i = 0; i < voices.length; i += 1) {
      var v = (voices[i].lang || "").toLowerCase().replace("_", "-");
      if (v === wanted && !exact) { exact = voices[i]; }
      if (v.split("-")[0] === base && !near) { near = voices[i]; }
    }
    return exact || near;
  }

  function textOf(id) {
    var block = document.getElementById(id);
    return block ? block.innerText.replace(/\s+/g, " ").trim() : "";
  }

  Array.prototype.forEach.call(document.querySelectorAll("button.speak[data-speak]"),
    function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = textOf(button.getAttribute("data-speak"));
        if (!text) { return; }
        synth.cancel();
        var utterance = new window.SpeechSynthesisUtterance(text);
        utterance.lang = lang;
        var voice = pickVoice();
        if (voice) { utterance.voice = voice; }
        synth.speak(utterance);
      });
    });
}());
