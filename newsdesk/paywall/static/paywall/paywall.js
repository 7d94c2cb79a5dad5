// Swap a premium article's teaser for its full body when the reader is entitled to it.
// The page is the same teaser for everyone; the body comes from a private fragment (never in a shared cache).
(function () {
  "use strict";
  var region = document.querySelector("[data-paywall-body]");
  if (!region || !window.fetch || !window.DOMParser || !window.NewsdeskFragments) return;
  window.NewsdeskFragments.request(region.getAttribute("data-paywall-body"), { headers: { Accept: "text/html" } })
    .then(function (response) {
      return response.status === 200 ? response.text() : null; // 204: not entitled
    })
    .then(function (html) {
      if (!html) return; // not entitled: the teaser and the offer stay
      var doc = new DOMParser().parseFromString(html, "text/html");
      var full = doc.getElementById("paywall-full-body");
      if (!full) return;
      region.replaceChildren.apply(region, Array.prototype.slice.call(full.childNodes).map(function (node) {
        return document.importNode(node, true);
      }));
      region.removeAttribute("data-paywall-body");
      region.setAttribute("data-paywall-state", "full");
      var offer = document.querySelector("[data-paywall-offer]");
      if (offer) offer.hidden = true;
    })
    .catch(function () {
      /* network trouble: keep the teaser */
    });
})();
