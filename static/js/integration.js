/* The configurator at /integration: asks the server for the snippets matching the form
 * (one source of truth: bff/integration/configurator.py), shows them, mounts a live
 * preview through embed.js itself and lists the events the preview sends. */
(function () {
  "use strict";
  var form = document.getElementById("configurateur");
  if (!form) return;
  var preview = document.getElementById("ik-preview");
  var log = document.getElementById("ik-events");
  var primary = document.getElementById("ik-primary");
  var primaryMessage = document.getElementById("ik-primary-message");
  var status = document.getElementById("ik-copy-status");
  var EVENTS = ["ready", "resize", "search", "result-click", "error"];
  var pending = 0;
  var lastKey = "";

  var shownWidget = null;

  // A widget just chosen starts from values that show it working (a calendar needs a
  // platform when the partner has none); the reader may then clear or change them.
  function fillDefaults(set) {
    var fields = set.querySelectorAll("[data-default]");
    for (var i = 0; i < fields.length; i++) {
      if (!fields[i].value) fields[i].value = fields[i].getAttribute("data-default");
    }
  }

  function showParams() {
    var widget = form.elements.widget.value;
    var sets = form.querySelectorAll("[data-widget-params]");
    for (var i = 0; i < sets.length; i++) {
      var mine = sets[i].getAttribute("data-widget-params") === widget;
      sets[i].hidden = !mine;
      sets[i].disabled = !mine;
      if (mine && widget !== shownWidget && shownWidget !== null) fillDefaults(sets[i]);
    }
    shownWidget = widget;
  }

  function query() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) { if (value) params.set(name, value); });
    return params;
  }

  function markColour(accepted) {
    var refused = primary.value.trim() !== "" && !accepted;
    primary.setAttribute("aria-invalid", refused ? "true" : "false");
    primaryMessage.hidden = !refused;
    primaryMessage.textContent = refused ? "Couleur refusée : format #rrggbb attendu, avec un contraste d'au moins 4,5:1 avec le blanc. La couleur par défaut est utilisée." : "";
  }

  function mountPreview(data) {
    var key = JSON.stringify([data.widget, data.attributes]);
    if (key === lastKey) return;
    lastKey = key;
    var placeholder = document.createElement("div");
    placeholder.setAttribute("data-apprentissage-widget", data.widget);
    Object.keys(data.attributes).forEach(function (name) {
      placeholder.setAttribute("data-" + name, data.attributes[name]);
    });
    log.replaceChildren();
    preview.replaceChildren(placeholder);
    if (window.ApprentissageWidgets) window.ApprentissageWidgets.mount();
  }

  function refresh() {
    showParams();
    var ticket = ++pending;
    fetch(form.getAttribute("action") + "/snippet.json?" + query().toString(), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (ticket !== pending || !data.widget) return;
        document.getElementById("ik-snippet-script").textContent = data.script;
        document.getElementById("ik-snippet-iframe").textContent = data.iframe;
        document.getElementById("ik-iframe-height").textContent = data.frame_height;
        document.getElementById("ik-embed-integrity").textContent = data.embed.integrity;
        markColour(Boolean(data.attributes["primary-color"]));
        mountPreview(data);
      })
      .catch(function () {
        status.textContent = "Le code n'a pas pu être mis à jour : vérifiez la connexion et réessayez.";
      });
  }

  EVENTS.forEach(function (name) {
    preview.addEventListener("apprentissage:" + name, function (event) {
      var item = document.createElement("li");
      var code = document.createElement("code");
      code.textContent = "apprentissage:" + name + " " + JSON.stringify(event.detail);
      item.appendChild(code);
      log.appendChild(item);
    });
  });

  var timer;
  form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(refresh, 300); });
  form.addEventListener("change", refresh);
  form.addEventListener("submit", function (event) { event.preventDefault(); refresh(); });

  var buttons = document.querySelectorAll("[data-copy]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = !(navigator.clipboard && navigator.clipboard.writeText);
    buttons[i].addEventListener("click", function (event) {
      var source = document.getElementById(event.currentTarget.getAttribute("data-copy"));
      navigator.clipboard.writeText(source.textContent).then(function () {
        status.textContent = "Code copié dans le presse-papiers.";
      }, function () {
        status.textContent = "La copie a échoué : sélectionnez le code et copiez-le à la main.";
      });
    });
  }
  refresh();
})();
