/* Runs inside every widget page. Reports the content's height and a few events to the
 * embedding page, posting only to the host origin the embed loader declared, and
 * accepting messages only from that origin. Does nothing when the page is opened alone. */
(function () {
  "use strict";
  var host = document.body && document.body.dataset.hostOrigin;
  var inFrame = window.parent !== window;
  var lastHeight = 0;

  function post(message) {
    if (!host || !inFrame) return;
    window.parent.postMessage({ apprentissage: message }, host);
  }

  function reportHeight() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== lastHeight) {
      lastHeight = height;
      post({ type: "resize", height: height });
    }
  }

  // The CSS applies "system" by itself (prefers-color-scheme); this keeps DSFR's
  // data-fr-theme in step, live, as widget pages load no DSFR script.
  function applyScheme() {
    var root = document.documentElement;
    var scheme = root.getAttribute("data-fr-scheme") || "light";
    var dark = scheme === "dark" || (scheme === "system" && window.matchMedia &&
      window.matchMedia("(prefers-color-scheme: dark)").matches);
    root.setAttribute("data-fr-theme", dark ? "dark" : "light");
  }
  applyScheme();
  if (window.matchMedia) {
    var query = window.matchMedia("(prefers-color-scheme: dark)");
    if (query.addEventListener) query.addEventListener("change", applyScheme);
  }

  window.apprentissageFrame = {
    emit: function (name, detail) { post({ type: "event", name: name, detail: detail || {} }); },
    reportHeight: reportHeight
  };

  window.addEventListener("message", function (event) {
    if (!host || event.origin !== host || event.source !== window.parent) return;
    var data = event.data && event.data.apprentissage;
    if (!data || typeof data !== "object") return;
    document.dispatchEvent(new CustomEvent("apprentissage:host-message", { detail: data }));
  });

  post({ type: "ready" });
  reportHeight();
  if ("ResizeObserver" in window) new ResizeObserver(reportHeight).observe(document.documentElement);
  window.addEventListener("load", reportHeight);
})();
