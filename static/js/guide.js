/* Guide panel: turns the FAQ's native <details> into a DSFR accordion (buttons with
 * aria-expanded) and searches the whole guide (key facts, employer aid, support schemes,
 * FAQ, next steps) as the candidate types. Without this script the page still works:
 * native disclosures and a server-side ?q= search with the very same rules
 * (widgets/guide/search.py, passed here in the form's data-rules attribute). */
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

  Array.prototype.forEach.call(root.querySelectorAll("details.aw-guide-faq__item"), toAccordion);

  var input = root.querySelector("#guide-q");
  var status = root.querySelector("#guide-q-status");
  var form = input && input.form;
  var more = root.querySelector("#guide-more");
  if (more) more.addEventListener("toggle", report);
  if (!input || !status || !form) { report(); return; }

  var rules = { stopwords: [], phrases: [], synonyms: [] };
  try { rules = JSON.parse(form.dataset.rules || "{}"); } catch (ignored) { /* plain search */ }
  var stopwords = {};
  (rules.stopwords || []).forEach(function (word) { stopwords[word] = true; });
  var groups = {};
  (rules.synonyms || []).forEach(function (group) {
    group.forEach(function (word) { groups[word] = (groups[word] || []).concat(group); });
  });

  function terms(query) {
    var text = " " + normalize(query) + " ";
    (rules.phrases || []).forEach(function (pair) {
      text = text.split(" " + pair[0] + " ").join(" " + pair[1] + " ");
    });
    return text.split(" ").filter(function (word) { return word && !stopwords[word]; });
  }

  function alternatives(term) {
    var forms = [term];
    if (term.length > 3 && /[sx]$/.test(term)) forms.push(term.slice(0, -1));
    var found = forms.slice();
    forms.forEach(function (form) { found = found.concat(groups[form] || []); });
    return found;
  }

  function matches(queryTerms, text) {
    var haystack = " " + text;
    return queryTerms.every(function (term) {
      return alternatives(term).some(function (alt) { return haystack.indexOf(" " + alt) !== -1; });
    });
  }

  function message(count, query) {
    var template = count === 0 ? status.dataset.none : count === 1 ? status.dataset.one : status.dataset.many;
    return template.replace(/\{count\}/g, String(count)).replace(/\{query\}/g, query);
  }

  function filter() {
    var query = input.value.trim();
    var queryTerms = terms(query);
    var active = queryTerms.length > 0;
    var count = 0;
    root.querySelectorAll("[data-search]").forEach(function (item) {
      var match = !active || matches(queryTerms, item.dataset.search);
      item.hidden = !match;
      if (match && active) count++;
    });
    root.querySelectorAll("[data-guide-section]").forEach(function (section) {
      section.hidden = active && !section.querySelector("[data-search]:not([hidden])");
    });
    root.querySelectorAll("details.aw-guide__earlier").forEach(function (details) {
      if (active && details.querySelector("[data-search]:not([hidden])")) details.open = true;
    });
    if (active && more) more.open = true;
    status.textContent = active ? message(count, query) : "";
    report();
  }

  input.addEventListener("input", filter);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    filter();
  });
  report();
})();
