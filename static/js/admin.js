/* Admin pages: live character count of texts, and preview frames sized to their widget. */
(function () {
  "use strict";

  document.querySelectorAll("textarea[data-max-length]").forEach(function (area) {
    var counter = document.getElementById(area.id + "-count");
    var max = parseInt(area.getAttribute("data-max-length"), 10);
    if (!counter) { return; }
    area.addEventListener("input", function () {
      counter.textContent = area.value.length + " / " + max + " caractères" +
        (area.value.length > max ? " : trop long" : "");
    });
  });

  var frames = Array.prototype.slice.call(document.querySelectorAll("iframe.aw-admin-preview__iframe"));
  if (!frames.length) { return; }
  window.addEventListener("message", function (event) {
    if (event.origin !== window.location.origin) { return; }
    var data = event.data && event.data.apprentissage;
    if (!data || data.type !== "resize" || typeof data.height !== "number") { return; }
    frames.forEach(function (frame) {
      if (frame.contentWindow === event.source) {
        frame.style.height = Math.max(120, Math.min(4000, Math.ceil(data.height))) + "px";
      }
    });
  });
})();
