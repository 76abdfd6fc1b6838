/* Offer search box: autocompletes (WAI-ARIA APG "combobox with listbox popup") on the
 * trade and place fields, and in-place results. Without this script the page still
 * works: GET form, server-rendered results, "show more" link. Results come from
 * fetching this same page (same origin) and moving its server-rendered region in; "show
 * more" appends the next page's new items to the lists already shown. */
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
      if (item.kind === "diploma" && item.cfd) hidden("cfd").value = item.cfd;
      else if (item.romes) hidden("romes").value = item.romes.join(",");
      if (item.insee) hidden("insee").value = item.insee;
      clearNoMatch();
      close();
    }

    // Nothing matched the typed words: say so under the field, with the same words
    // searched on La bonne alternance (earlier results stay as they are).
    var messages = document.getElementById(input.id + "-messages");
    function clearNoMatch() {
      var old = messages && messages.querySelector(".aw-offers__nomatch");
      if (old) old.remove();
    }
    function showNoMatch(q, lbaUrl) {
      clearNoMatch();
      if (!messages || !lbaUrl) return;
      var p = document.createElement("p");
      p.className = "fr-message aw-offers__nomatch";
      p.appendChild(document.createTextNode(form.dataset.textNomatch.replace("{text}", q) + " "));
      var a = document.createElement("a");
      a.className = "fr-link";
      a.href = lbaUrl;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      a.textContent = form.dataset.textLbaWords.replace("{text}", q) + " ";
      var tab = document.createElement("span");
      tab.className = "fr-sr-only";
      tab.textContent = "(" + form.dataset.textNewTab + ")";
      a.appendChild(tab);
      p.appendChild(a);
      messages.appendChild(p);
      frame.reportHeight();
    }

    function hint(item) {
      if (item.kind !== "diploma") return "";
      return item.level && item.level_name
        ? form.dataset.textDiploma.replace("{level}", item.level).replace("{name}", item.level_name)
        : form.dataset.textDiplomaPlain;
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
        var more = hint(item);
        if (more) {
          var span = document.createElement("span");
          span.className = "aw-listbox__hint";
          span.textContent = more;
          li.appendChild(span);
        }
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
      setStatus(list.length === 1 ? form.dataset.textSuggestion
                : list.length ? form.dataset.textSuggestions.replace("{n}", list.length) : form.dataset.textNone);
      frame.reportHeight();
    }

    function suggest() {
      var q = input.value.trim();
      if (q.length < 2) { render([]); return; }
      var id = ++requestId;
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (data) {
          if (id !== requestId || document.activeElement !== input) return;
          var items = data.items || [];
          render(items);
          if (items.length) clearNoMatch();
          else if (data.lba_url) {
            showNoMatch(q, data.lba_url);
            setStatus(form.dataset.textNomatch.replace("{text}", q));
          }
        })
        .catch(function () { if (id === requestId) render([]); });
    }

    input.addEventListener("input", function () {
      if (input.value !== picked) clearCodes();
      if (input.value.trim().length < 2) clearNoMatch();
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

  // Scroll so that ``el`` starts the view. Embedded, the host page scrolls only once it
  // has grown the frame to the new content: wait for that resize (or 400 ms).
  function reveal(el) {
    frame.reportHeight();
    var done = false;
    function go() {
      if (done) return;
      done = true;
      window.removeEventListener("resize", go);
      el.scrollIntoView({ block: "start" });
    }
    if (window.parent !== window && document.documentElement.scrollHeight > window.innerHeight + 1) {
      window.addEventListener("resize", go);
      setTimeout(go, 400);
    } else {
      go();
    }
  }

  function imported(nodes) {
    return Array.prototype.map.call(nodes, function (n) { return document.importNode(n, true); });
  }

  // The form's fields as the server answered them: error state, messages, texts, codes.
  function updateFields(doc) {
    ["trade", "place", "radius"].forEach(function (name) {
      var mine = document.getElementById("offers-" + name), theirs = doc.getElementById("offers-" + name);
      var myMessages = document.getElementById("offers-" + name + "-messages");
      var theirMessages = doc.getElementById("offers-" + name + "-messages");
      if (!mine || !theirs) return;
      if (theirs.getAttribute("aria-invalid")) mine.setAttribute("aria-invalid", "true"); else mine.removeAttribute("aria-invalid");
      mine.classList.toggle("fr-input--error", theirs.classList.contains("fr-input--error"));
      mine.closest(".fr-input-group, .fr-select-group").className = theirs.closest(".fr-input-group, .fr-select-group").className;
      myMessages.replaceChildren.apply(myMessages, imported(theirMessages.childNodes));
      if (name !== "radius" && theirs.value && document.activeElement !== mine) mine.value = theirs.value;
    });
    doc.querySelectorAll('.aw-offers__form input[type="hidden"][data-code]').forEach(function (h) {
      var mine = form.querySelector('input[type="hidden"][data-code="' + h.dataset.code + '"]');
      if (mine) mine.value = h.value;
    });
  }

  function fetchPage(url) {
    results.setAttribute("aria-busy", "true");
    return fetch(url, { headers: { Accept: "text/html" } })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        results.removeAttribute("aria-busy");
        var doc = new DOMParser().parseFromString(html, "text/html");
        if (!doc.getElementById("offers-results")) throw new Error("no results region");
        return doc;
      })
      .catch(function () {
        results.removeAttribute("aria-busy");
        window.location.href = url;   // fall back to a plain navigation
        return null;
      });
  }

  // A search: the answer replaces the results and focus moves to their heading, which
  // states the counts. When the answer is an error next to a field (a trade nothing
  // matches), the earlier results stay, under their own heading, and focus goes to
  // the field with the message.
  function search(url) {
    return fetchPage(url).then(function (doc) {
      if (!doc) return null;
      updateFields(doc);
      var fresh = doc.getElementById("offers-results");
      var invalid = form.querySelector('[aria-invalid="true"]');
      if (invalid && !fresh.querySelector("#offers-counts") && results.querySelector("#offers-counts")) {
        setStatus(invalid.closest(".fr-input-group, .fr-select-group").querySelector(".fr-messages-group").textContent.trim());
        invalid.focus();
        frame.reportHeight();
        return null;
      }
      results.replaceChildren.apply(results, imported(fresh.childNodes));
      var heading = document.getElementById("offers-counts");
      var alert = results.querySelector(".fr-alert--error");
      if (invalid) {
        setStatus(invalid.closest(".fr-input-group, .fr-select-group").querySelector(".fr-messages-group").textContent.trim());
        invalid.focus();
      } else if (heading) {
        setStatus("");
        heading.focus({ preventScroll: true });
        reveal(heading);
      } else if (alert) {
        setStatus(alert.textContent.trim());
      }
      frame.reportHeight();
      return heading;
    });
  }

  // "Show more": the new results are added after the ones the reader has seen (nothing
  // already shown moves, the page does not jump), a visible marker opens them, focus
  // goes to the first one.
  function more(link) {
    return fetchPage(link.href.split("#")[0]).then(function (doc) {
      if (!doc) return;
      var firstNew = null;
      ["offers", "companies"].forEach(function (name) {
        var mine = results.querySelector('[data-list="' + name + '"]');
        var theirs = doc.querySelector('#offers-results [data-list="' + name + '"]');
        if (!mine || !theirs) return;
        var shown = mine.children.length;
        var added = Array.prototype.slice.call(theirs.children, shown);
        added.forEach(function (li) { mine.appendChild(document.importNode(li, true)); });
        if (added.length && !firstNew) firstNew = mine.children[shown];
      });
      var mineMore = results.querySelector(".aw-offers__more");
      var theirMore = doc.querySelector("#offers-results .aw-offers__more");
      if (mineMore) {
        if (theirMore) mineMore.replaceWith(document.importNode(theirMore, true));
        else mineMore.remove();
      }
      var announce = doc.getElementById("offers-more-loaded");
      if (announce) setStatus(announce.textContent.trim());
      frame.reportHeight();
      if (firstNew) {
        // The new results start where "show more" was: the page does not move, only
        // if that place is off screen does the focus bring it into view.
        var target = firstNew.querySelector("a");
        if (target) target.focus();
      }
    });
  }

  form.querySelectorAll("[data-combobox]").forEach(combobox);

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var params = query(new FormData(form));
    params.delete("page");
    setStatus(form.dataset.textLoading);
    search(form.action + "?" + params.toString()).then(function (counts) {
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
    var next = event.target.closest("a[data-more]");
    if (next) {
      event.preventDefault();
      more(next);
      return;
    }
    var wider = event.target.closest("a[data-wider]");
    if (wider) {
      event.preventDefault();
      form.querySelector("#offers-radius").value = wider.dataset.wider;
      search(wider.href.split("#")[0]);
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
