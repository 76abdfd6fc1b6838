/* apprentissage-widgets embed loader, contract v1 (frozen: docs/embed-contract-v1.md).
 * Each [data-apprentissage-widget] becomes a titled iframe following its content's height. */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector('script[src*="/static/js/embed.js"]');
  if (!script) return;
  var ORIGIN = new URL(script.src).origin;
  var PREFIX = "apprentissage-widgets: ";
  // widgets:begin (generated from widgets/registry.py by tools/build_embed.py)
  var COMMON = " caller theme primaryColor";
  // [iframe title, fallback link text, known data-* attributes (dataset names)]
  var WIDGETS = {
    "pay-simulator": ["Simulateur de rémunération de l'apprenti", "Simuler la rémunération d'un apprenti",
      "formationStart contractStart durationMonths startsInYear territory offeredGross conventionalMinimum"],
    "calendar": ["Calendrier : étapes de la candidature et de l'apprentissage", "Voir le calendrier de l'apprentissage",
      "platform formationStart academie view romes rncp cfd insee postcode"],
    "offer-search": ["Offres d'apprentissage et entreprises qui recrutent", "Chercher des offres d'apprentissage",
      "romes rncp cfd insee postcode latitude longitude radius diplomaLevel"],
    "guide": ["Guide de l'apprentissage", "Lire le guide de l'apprentissage",
      "platform cleMinistereEducatif"],
    "insertion": ["Insertion des apprentis : emploi et poursuite d'études après la formation", "Voir ce que deviennent les apprentis après la formation",
      "uai cfd mefstat11 sise region millesime"],
    "wish-summary": ["Résumé du vœu en apprentissage", "Voir l'essentiel de ce vœu en apprentissage",
      "platform formationStart romes rncp cfd insee postcode latitude longitude radius academie uai cleMinistereEducatif formationLabel"]
  };
  // widgets:end
  var THEMES = /^(light|dark|system)$/;
  var READY_AFTER_LOAD_MS = 4000;
  var frames = [];

  function snake(name) { return name.replace(/[A-Z]/g, function (c) { return "_" + c.toLowerCase(); }); }
  function kebab(name) { return snake(name).replace(/_/g, "-"); }
  function warn(message) { console.warn(PREFIX + message); }

  function emit(el, type, detail) {
    el.dispatchEvent(new CustomEvent("apprentissage:" + type, { bubbles: true, detail: detail }));
  }

  // WCAG 2.1 contrast with white (AA: 4.5:1).
  function contrastWithWhite(hex) {
    var lum = 0;
    [0.2126, 0.7152, 0.0722].forEach(function (weight, i) {
      var c = parseInt(hex.substr(1 + 2 * i, 2), 16) / 255;
      lum += weight * (c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
    });
    return 1.05 / (lum + 0.05);
  }

  function accepted(key, value) {
    if (key === "primaryColor") {
      if (!/^#[0-9a-fA-F]{6}$/.test(value)) return warn("data-primary-color " + value + " is not #rrggbb; default colour used");
      var ratio = contrastWithWhite(value);
      if (ratio < 4.5) return warn("data-primary-color " + value + ": contrast " + ratio.toFixed(2) + ":1 with white < 4.5:1 (WCAG AA); default colour used");
    }
    if (key === "theme" && !THEMES.test(value)) return warn("data-theme " + value + " is not light, dark or system; ignored");
    return true;
  }

  function widgetUrl(el, name) {
    var params = new URLSearchParams();
    var known = WIDGETS[name] ? (WIDGETS[name][2] + COMMON).split(" ") : [];
    Object.keys(el.dataset).forEach(function (key) {
      if (key === "apprentissageWidget" || key === "apprentissageState") return;
      var value = el.dataset[key];
      if (known.indexOf(key) < 0) warn("unknown attribute data-" + kebab(key) + " on " + name + "; ignored");
      else if (accepted(key, value)) params.set(snake(key), value);
    });
    if (!el.dataset.caller) warn("data-caller is missing");
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
    if (!WIDGETS[name]) {
      el.dataset.apprentissageState = "failed";
      warn("unknown widget \"" + name + "\"");
      emit(el, "error", { widget: name, code: "unknown_widget" });
      return;
    }
    var url = widgetUrl(el, name);
    el.dataset.apprentissageState = "loading";
    var frame = document.createElement("iframe");
    frame.title = WIDGETS[name][0];
    frame.className = "apprentissage-widget-frame";
    frame.setAttribute("scrolling", "no");
    var style = frame.style;
    style.border = "0";
    style.width = "100%";
    style.height = "320px";
    style.display = "block";
    var entry = { el: el, frame: frame, name: name, url: url, ready: false };
    // Forget frames their host removed (the configurator remounts its preview).
    frames = frames.filter(function (e) { return e.frame.isConnected; });
    frames.push(entry);
    el.replaceChildren(frame);
    frame.entry = entry;
    io.observe(frame);
  }

  // Frames start in viewport order, visible first, two at a time.
  var loading = 0, queue = [];
  var io = new IntersectionObserver(function (changes) {
    changes.forEach(function (change) {
      if (change.isIntersecting) {
        io.unobserve(change.target);
        queue.push(change.target.entry);
      }
    });
    next();
  }, { rootMargin: "50% 0px" });

  function rank(entry) {
    var box = entry.el.getBoundingClientRect();
    return box.bottom > 0 && box.top < innerHeight ? box.top : 1e6 + Math.abs(box.top);
  }

  function next() {
    queue.sort(function (a, b) { return rank(a) - rank(b); });
    while (loading < 2 && queue.length) begin(queue.shift());
  }

  function free(entry) {
    if (entry.slot) {
      entry.slot = 0;
      loading--;
      next();
    }
  }

  function begin(entry) {
    if (!entry.frame.isConnected) return;
    var el = entry.el, name = entry.name, url = entry.url;
    entry.frame.addEventListener("load", function () {
      free(entry);
      if (entry.ready) return;
      entry.timer = setTimeout(function () {
        if (entry.ready) return;
        el.dataset.apprentissageState = "failed";
        warn(name + " did not load: is " + location.origin + " registered for data-caller \"" + el.dataset.caller + "\"?");
        fallback(el, url, name);
        emit(el, "error", { widget: name, code: "not_loaded" });
      }, READY_AFTER_LOAD_MS);
    });
    entry.slot = ++loading;
    entry.frame.src = url;
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
        free(entry);
        entry.el.dataset.apprentissageState = "ready";
        emit(entry.el, "ready", { widget: entry.name });
      } else if (data.type === "resize" && typeof data.height === "number" && data.height > 0) {
        var height = Math.min(Math.ceil(data.height), 20000);
        entry.frame.style.height = height + "px";
        emit(entry.el, "resize", { widget: entry.name, height: height });
      } else if (data.type === "event" && /^[a-z][a-z-]{0,39}$/.test(data.name) && data.name !== "ready" && data.name !== "resize") {
        emit(entry.el, data.name, Object.assign({}, typeof data.detail === "object" ? data.detail : null, { widget: entry.name }));
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
