/* Guide panel: turns the FAQ's native <details> into a DSFR accordion (buttons with
 * aria-expanded) and filters the questions as the candidate types. Without this
 * script the page still works: native disclosures and a server-side ?q= search. */
(function () {
  "use strict";
  var root = document.querySelector(".aw-guide");
  if (!root) return;

  function report() {
    if (window.apprentissageFrame) window.apprentissageFrame.reportHeight();
  }

  // Same folding as widgets/guide/search.py: no accents, no case, words only.
  function normalize(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[œŒ]/g, "oe").replace(/[æÆ]/g, "ae")
      .toLowerCase().replace(/[^0-9a-z]+/g, " ").trim();
  }

  function setExpanded(button, panel, expanded) {
    button.setAttribute("aria-expanded", expanded ? "true" : "false");
    panel.classList.toggle("fr-collapse--expanded", expanded);
    report();
  }

  function toAccordion(details) {
    var summary = details.querySelector("summary");
    var answer = details.querySelector(".aw-guide-faq__answer");
    var section = document.createElement("section");
    section.className = "fr-accordion aw-guide-faq__item";
    section.id = details.id;
    section.dataset.search = details.dataset.search;
    section.hidden = details.hidden;
    var title = document.createElement("h4");
    title.className = "fr-accordion__title";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "fr-accordion__btn";
    button.id = details.id + "-button";
    while (summary.firstChild) button.appendChild(summary.firstChild);
    var panel = document.createElement("div");
    panel.className = "fr-collapse";
    panel.id = details.id + "-panel";
    button.setAttribute("aria-controls", panel.id);
    while (answer.firstChild) panel.appendChild(answer.firstChild);
    title.appendChild(button);
    section.appendChild(title);
    section.appendChild(panel);
    setExpanded(button, panel, details.open);
    button.addEventListener("click", function () {
      setExpanded(button, panel, button.getAttribute("aria-expanded") !== "true");
    });
    details.replaceWith(section);
    return section;
  }

  var items = Array.prototype.map.call(root.querySelectorAll("details.aw-guide-faq__item"), toAccordion);

  var input = root.querySelector("#guide-q");
  var status = root.querySelector("#guide-q-status");
  var form = input && input.form;

  function message(count, query) {
    var template = count === 0 ? status.dataset.none : count === 1 ? status.dataset.one : status.dataset.many;
    return template.replace(/\{count\}/g, String(count)).replace(/\{query\}/g, query);
  }

  function filter() {
    var query = input.value.trim();
    var terms = normalize(query).split(" ").filter(Boolean);
    var count = 0;
    items.forEach(function (item) {
      var haystack = " " + item.dataset.search + " ";
      var match = terms.every(function (term) { return haystack.indexOf(term) !== -1; });
      item.hidden = !match;
      if (match) count++;
    });
    status.textContent = terms.length ? message(count, query) : "";
    report();
  }

  if (input && status && form) {
    input.addEventListener("input", filter);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      filter();
    });
  }

  var more = root.querySelector("#guide-more");
  if (more) more.addEventListener("toggle", report);
  report();
})();
