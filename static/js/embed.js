/* apprentissage-widgets embed loader, contract v1 (docs/embed-contract-v1.md).
 * Turns each <div data-apprentissage-widget="..."> into a titled, lazy iframe that
 * follows its content's height. No inline script or style is needed on the host page,
 * and messages are exchanged with explicit target origins, checked on receipt. */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector('script[src*="/static/js/embed.js"]');
  if (!script) return;
  var ORIGIN = new URL(script.src).origin;
  var WIDGETS = {
    "pay-simulator": ["Simulateur de rémunération de l'apprenti", "Simuler la rémunération d'un apprenti"],
    "calendar": ["Calendrier : étapes de la candidature et de l'apprentissage", "Voir le calendrier de l'apprentissage"],
    "offer-search": ["Offres d'apprentissage et entreprises qui recrutent", "Chercher des offres d'apprentissage"],
    "guide": ["Guide de l'apprentissage", "Lire le guide de l'apprentissage"]
  };
  // Counted from the frame's load event, because lazy frames below the fold load late.
  var READY_AFTER_LOAD_MS = 4000;
  var frames = [];

  function snake(name) { return name.replace(/[A-Z]/g, function (c) { return "_" + c.toLowerCase(); }); }

  function emit(el, type, detail) {
    el.dispatchEvent(new CustomEvent("apprentissage:" + type, { bubbles: true, detail: detail }));
  }

  function widgetUrl(el, name) {
    var params = new URLSearchParams();
    Object.keys(el.dataset).forEach(function (key) {
      if (key !== "apprentissageWidget" && key !== "apprentissageState") params.set(snake(key), el.dataset[key]);
    });
    params.set("host_origin", location.origin);
    return ORIGIN + "/widgets/v1/" + name + "?" + params.toString();
  }

  function fallback(el, url, name) {
    var link = document.createElement("a");
    link.href = url.replace(/([?&])host_origin=[^&]*&?/, "$1").replace(/[?&]$/, "");
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.textContent = (WIDGETS[name] ? WIDGETS[name][1] : "Ouvrir le module") + " (nouvel onglet)";
    el.replaceChildren(link);
  }

  function mount(el) {
    if (el.dataset.apprentissageState) return;
    var name = el.dataset.apprentissageWidget;
    el.dataset.apprentissageState = "loading";
    var url = widgetUrl(el, name);
    if (!WIDGETS[name]) {
      console.warn("apprentissage-widgets: unknown widget \"" + name + "\"");
      fallback(el, url, name);
      emit(el, "error", { widget: name, code: "unknown_widget" });
      return;
    }
    var frame = document.createElement("iframe");
    frame.src = url;
    frame.title = WIDGETS[name][0];
    frame.loading = "lazy";
    frame.className = "apprentissage-widget-frame";
    frame.setAttribute("scrolling", "no");
    frame.style.border = "0";
    frame.style.width = "100%";
    frame.style.height = "320px";
    frame.style.display = "block";
    var entry = { el: el, frame: frame, name: name, url: url, ready: false };
    frame.addEventListener("load", function () {
      if (entry.ready) return;
      entry.timer = setTimeout(function () {
        if (entry.ready) return;
        el.dataset.apprentissageState = "failed";
        fallback(el, url, name);
        emit(el, "error", { widget: name, code: "not_loaded" });
      }, READY_AFTER_LOAD_MS);
    });
    frames.push(entry);
    el.replaceChildren(frame);
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== ORIGIN) return;
    var data = event.data && event.data.apprentissage;
    if (!data || typeof data !== "object") return;
    for (var i = 0; i < frames.length; i++) {
      var entry = frames[i];
      if (entry.frame.contentWindow !== event.source) continue;
      if (data.type === "ready") {
        entry.ready = true;
        clearTimeout(entry.timer);
        entry.el.dataset.apprentissageState = "ready";
        emit(entry.el, "ready", { widget: entry.name });
      } else if (data.type === "resize" && typeof data.height === "number" && data.height > 0) {
        var height = Math.min(Math.ceil(data.height), 20000);
        entry.frame.style.height = height + "px";
        emit(entry.el, "resize", { widget: entry.name, height: height });
      } else if (data.type === "event" && typeof data.name === "string") {
        emit(entry.el, data.name, Object.assign({ widget: entry.name }, data.detail || {}));
      }
      return;
    }
  });

  function start() {
    var els = document.querySelectorAll("[data-apprentissage-widget]");
    for (var i = 0; i < els.length; i++) mount(els[i]);
  }
  window.ApprentissageWidgets = { mount: start };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
