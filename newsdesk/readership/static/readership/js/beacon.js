// Count this page view once the page is really shown (not while prerendered), and fill any "Most read" slot.
// No cookie, no storage, nothing sent but the page's id, the referring site's host name and whether the reader came
// from the newsletter (docs/readership.md).
(function () {
  "use strict";
  var script = document.querySelector("script[data-readership-beacon]");
  if (!script) return;

  function referrerHost() {
    try {
      return document.referrer ? new URL(document.referrer).hostname : "";
    } catch (e) {
      return "";
    }
  }

  function fromNewsletter() {
    var params = new URLSearchParams(location.search);
    return params.get("utm_medium") === "email" || params.get("utm_source") === "newsletter";
  }

  function send() {
    var url = script.getAttribute("data-readership-beacon") + "&r=" + encodeURIComponent(referrerHost()) +
      (fromNewsletter() ? "&n=1" : "");
    fetch(url, { method: "POST", keepalive: true, credentials: "omit", cache: "no-store" }).catch(function () {});
  }

  function fillMostRead() {
    document.querySelectorAll("[data-most-read]").forEach(function (slot) {
      fetch(slot.getAttribute("data-most-read"), { credentials: "omit" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          if (!html.trim()) return;
          slot.querySelector(".most-read__items").innerHTML = html;
          slot.hidden = false;
        })
        .catch(function () {});
    });
  }

  if (document.prerendering) {
    document.addEventListener("prerenderingchange", send, { once: true });
  } else {
    send();
  }
  fillMostRead();
})();
