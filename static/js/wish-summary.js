/* Wish summary: when the market counts were not known yet as the page was served (the
 * page never waits for the offers service), ask this same page for its market line
 * (fragment=market; the server may then wait for the source within its budget) and swap
 * it in. Without JavaScript the line keeps its "Voir les offres" link. */
(function () {
  "use strict";
  var line = document.querySelector("[data-market-fill]");
  if (!line || !window.fetch || !window.DOMParser) return;
  var text = line.querySelector("[data-market-text]");
  if (!text) return;

  fetch(line.getAttribute("data-market-fill"), { credentials: "omit" })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.text();
    })
    .then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var incoming = doc.querySelector("[data-market-status]");
      var incomingText = incoming && incoming.querySelector("[data-market-text]");
      if (!incomingText || incoming.getAttribute("data-market-status") !== "known") return;
      // The text is a polite live region (set by the page): the counts are read out once.
      text.replaceChildren.apply(text, Array.prototype.slice.call(incomingText.childNodes));
      line.setAttribute("data-market-status", "known");
      line.removeAttribute("data-market-fill");
      if (window.apprentissageFrame) window.apprentissageFrame.reportHeight();
    })
    .catch(function () { /* the link stays: the offer search works on its own */ });
})();
