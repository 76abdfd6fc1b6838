/* Offer search box: autocompletes (WAI-ARIA APG "combobox with listbox popup") on the
 * trade and place fields, and in-place results. Without this script the page still
 * works: GET form, server-rendered results, "show more" link. Results are swapped by
 * fetching this same page (same origin) and moving its server-rendered region in. */
(function () {
  "use strict";
  var form = document.querySelector(".aw-offers__form");
  if (!form || !window.fetch || !window.DOMParser) return;
  var results = document.getElementById("offers-results");
  var status = document.getElementById("offers-status");
  var frame = window.apprentissageFrame || { emit: function () {}, reportHeight: function () {} };
  var DEBOUNCE_MS = 150;

  function setStatus(text) {
    status.textContent = "";
    // A fresh text node after a tick makes screen readers announce repeated messages too.
    setTimeout(function () { status.textContent = text; }, 50);
  }

  function combobox(input) {
    var listbox = document.getElementById(input.id + "-listbox");
    var url = input.dataset.combobox === "trades" ? form.dataset.tradesUrl : form.dataset.communesUrl;
    var clears = (input.dataset.clears || "").split(" ");
    var items = [];
    var active = -1;
    var timer = null;
    var requestId = 0;
    var picked = input.value;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    function hidden(name) { return form.querySelector('input[type="hidden"][data-code="' + name + '"]'); }

    function clearCodes() { clears.forEach(function (name) { var h = hidden(name); if (h) h.value = ""; }); }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = listbox.querySelectorAll('[role="option"]');
      options.forEach(function (o, i) { o.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var item = items[index];
      if (!item) return;
      clearCodes();
      input.value = item.label;
      picked = item.label;
      if (item.romes) hidden("romes").value = item.romes.join(",");
      if (item.insee) hidden("insee").value = item.insee;
      close();
    }

    function render(list) {
      items = list;
      listbox.replaceChildren();
      list.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = input.id + "-option-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.className = "aw-listbox__option";
        li.textContent = item.label;
        // mousedown, not click: keeps focus in the input while choosing with a pointer.
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
        listbox.appendChild(li);
      });
      if (list.length) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
      highlight(-1);
      setStatus(list.length ? form.dataset.textSuggestions.replace("{n}", list.length) : form.dataset.textNone);
      frame.reportHeight();
    }

    function suggest() {
      var q = input.value.trim();
      if (q.length < 2) { render([]); return; }
      var id = ++requestId;
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (data) { if (id === requestId && document.activeElement === input) render(data.items || []); })
        .catch(function () { if (id === requestId) render([]); });
    }

    input.addEventListener("input", function () {
      if (input.value !== picked) clearCodes();
      clearTimeout(timer);
      timer = setTimeout(suggest, DEBOUNCE_MS);
    });
    input.addEventListener("keydown", function (event) {
      var open = !listbox.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) { suggest(); return; }
        highlight(active + 1 >= items.length ? 0 : active + 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (open) highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter") {
        if (open && active >= 0) { event.preventDefault(); choose(active); }
      } else if (event.key === "Escape") {
        if (open) { event.preventDefault(); close(); }
        else if (input.value) { event.preventDefault(); input.value = ""; clearCodes(); }
      } else if (event.key === "Tab") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  function query(params) {
    var out = new URLSearchParams();
    params.forEach(function (value, key) { if (value !== "") out.append(key, value); });
    return out;
  }

  function swap(url, focusFirstNew) {
    results.setAttribute("aria-busy", "true");
    return fetch(url, { headers: { Accept: "text/html" } })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("offers-results");
        if (!fresh) throw new Error("no results region");
        results.replaceChildren.apply(results, Array.prototype.map.call(fresh.childNodes, function (n) { return document.importNode(n, true); }));
        ["trade", "place", "radius"].forEach(function (name) {
          var mine = document.getElementById("offers-" + name), theirs = doc.getElementById("offers-" + name);
          var myMessages = document.getElementById("offers-" + name + "-messages");
          var theirMessages = doc.getElementById("offers-" + name + "-messages");
          if (!mine || !theirs) return;
          if (theirs.getAttribute("aria-invalid")) mine.setAttribute("aria-invalid", "true"); else mine.removeAttribute("aria-invalid");
          mine.classList.toggle("fr-input--error", theirs.classList.contains("fr-input--error"));
          mine.closest(".fr-input-group, .fr-select-group").className = theirs.closest(".fr-input-group, .fr-select-group").className;
          myMessages.replaceChildren.apply(myMessages, Array.prototype.map.call(theirMessages.childNodes, function (n) { return document.importNode(n, true); }));
          if (name !== "radius" && theirs.value && document.activeElement !== mine) mine.value = theirs.value;
        });
        doc.querySelectorAll('.aw-offers__form input[type="hidden"][data-code]').forEach(function (h) {
          var mine = form.querySelector('input[type="hidden"][data-code="' + h.dataset.code + '"]');
          if (mine) mine.value = h.value;
        });
        results.removeAttribute("aria-busy");
        var counts = document.getElementById("offers-counts");
        var error = form.querySelector('[aria-invalid="true"]');
        var alert = results.querySelector(".fr-alert--error, .aw-offers__empty");
        setStatus(error ? error.closest(".fr-input-group, .fr-select-group").querySelector(".fr-message").textContent
                  : (alert ? alert.textContent.trim() : (counts ? counts.textContent.trim() : "")));
        if (focusFirstNew) {
          var first = results.querySelector("[data-first-new] a");
          if (first) first.focus();
        }
        frame.reportHeight();
        return counts;
      })
      .catch(function () {
        results.removeAttribute("aria-busy");
        window.location.href = url;   // fall back to a plain navigation
      });
  }

  form.querySelectorAll("[data-combobox]").forEach(combobox);

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var params = query(new FormData(form));
    params.delete("page");
    setStatus(form.dataset.textLoading);
    swap(form.action + "?" + params.toString(), false).then(function (counts) {
      if (!counts) return;
      frame.emit("search", {
        romes: (counts.dataset.romes || "").split(",").filter(Boolean),
        radius: Number(counts.dataset.radius),
        offers: Number(counts.dataset.offers),
        companies: Number(counts.dataset.companies),
        source: counts.dataset.source
      });
    });
  });

  results.addEventListener("click", function (event) {
    var more = event.target.closest("a[data-more], a[data-wider]");
    if (more) {
      event.preventDefault();
      if (more.dataset.wider) form.querySelector("#offers-radius").value = more.dataset.wider;
      swap(more.href.split("#")[0], more.hasAttribute("data-more"));
      return;
    }
    var link = event.target.closest("a[data-result]");
    if (link) {
      frame.emit("result-click", {
        kind: link.dataset.result,
        id: link.dataset.id,
        position: Number(link.dataset.position),
        source: link.dataset.source || null
      });
    }
  });
})();
