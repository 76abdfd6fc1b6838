/* Pay simulator: with JavaScript on, the result follows the form as the candidate types,
 * without reloading. The server renders the result (same URL, fragment=result), so the
 * rules and the wording live in one place; this script only swaps regions. The form
 * values travel to the widget's own origin only, never into the host page's URL. */
(function () {
  "use strict";
  var form = document.querySelector("[data-pay-form]");
  var region = document.getElementById("pay-result");
  if (!form || !region || !window.fetch || !window.DOMParser || !window.URLSearchParams) return;
  var DEBOUNCE_MS = 350;
  var touched = {};
  var timer = null;
  var controller = null;
  var sequence = 0;

  function reportHeight() {
    if (window.apprentissageFrame) window.apprentissageFrame.reportHeight();
  }

  function fragmentUrl() {
    var params = new URLSearchParams(new FormData(form));
    params.set("fragment", "result");
    return form.getAttribute("action") + "?" + params.toString();
  }

  function showMessages(doc, all) {
    var incoming = doc.querySelectorAll("[data-pay-messages]");
    var firstInvalid = null;
    for (var i = 0; i < incoming.length; i++) {
      var name = incoming[i].getAttribute("data-pay-messages");
      // A field the candidate has not reached yet is not scolded for being empty.
      if (!all && !touched[name]) continue;
      var current = document.getElementById(name + "-messages");
      var field = form.elements[name];
      var group = form.querySelector('[data-pay-group="' + name + '"]');
      if (!current || !field || !group) continue;
      var invalid = incoming[i].hasAttribute("data-invalid");
      current.replaceChildren.apply(current, Array.prototype.slice.call(incoming[i].childNodes));
      var prefix = field.tagName === "SELECT" ? "fr-select" : "fr-input";
      group.classList.toggle(prefix + "-group--error", invalid);
      field.classList.toggle(prefix + "--error", invalid);
      if (invalid) {
        field.setAttribute("aria-invalid", "true");
        if (!firstInvalid) firstInvalid = field;
      } else {
        field.removeAttribute("aria-invalid");
      }
    }
    return firstInvalid;
  }

  function refresh(all) {
    var mine = ++sequence;
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    region.setAttribute("aria-busy", "true");
    fetch(fragmentUrl(), { credentials: "omit", signal: controller ? controller.signal : undefined })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        if (mine !== sequence) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        var result = doc.querySelector("[data-pay-result]");
        if (result) region.replaceChildren.apply(region, Array.prototype.slice.call(result.childNodes));
        var firstInvalid = showMessages(doc, all);
        if (all && firstInvalid) firstInvalid.focus();
        region.removeAttribute("aria-busy");
        reportHeight();
      })
      .catch(function () {
        // Aborted by a newer request, or the network failed: the GET form still works.
        if (mine === sequence) region.removeAttribute("aria-busy");
      });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(function () { refresh(false); }, DEBOUNCE_MS);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", function (event) {
    if (event.target && event.target.name) touched[event.target.name] = true;
    later();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    for (var i = 0; i < form.elements.length; i++) {
      if (form.elements[i].name) touched[form.elements[i].name] = true;
    }
    refresh(true);
  });
})();
