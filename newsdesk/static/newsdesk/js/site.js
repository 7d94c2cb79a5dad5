// Progressive enhancement only: the site works without this file.
(function () {
  "use strict";
  // Keep "5 minutes ago" honest on a page that was served from a cache a while back.
  var units = [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400], ["hour", 3600], ["minute", 60]];
  function ago(seconds) {
    if (seconds < 60) { return "just now"; }
    for (var i = 0; i < units.length; i++) {
      var n = Math.floor(seconds / units[i][1]);
      if (n >= 1) { return n + " " + units[i][0] + (n === 1 ? "" : "s") + " ago"; }
    }
    return "just now";
  }
  document.querySelectorAll("time[datetime]").forEach(function (el) {
    if (el.closest(".card__meta, .article__times")) {
      var then = Date.parse(el.getAttribute("datetime"));
      if (!isNaN(then) && /ago|just now/.test(el.textContent)) {
        el.textContent = ago(Math.max(0, (Date.now() - then) / 1000));
      }
    }
  });

  // The masthead's account links: the cached page carries Sign in and Subscribe for everyone (plain links that
  // work without this script); a signed-in reader's own links come from a private fragment, asked for only when
  // the signed-in hint cookie is there (anonymous readers make no request). Anything but that fragment (an
  // error page, a proxy's answer) leaves the plain links in place.
  var account = document.querySelector("[data-account-fragment]");
  var hint = account && account.getAttribute("data-account-hint");
  var signedIn = hint && document.cookie.split("; ").some(function (c) { return c.indexOf(hint + "=") === 0; });
  if (signedIn && window.fetch && window.DOMParser && window.NewsdeskFragments) {
    window.NewsdeskFragments.request(account.getAttribute("data-account-fragment"), { headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var menu = new DOMParser().parseFromString(html, "text/html").querySelector("ul[data-account-menu]");
        var current = account.querySelector("ul[data-account-menu]");
        if (menu && current) { current.replaceWith(document.importNode(menu, true)); }
      })
      .catch(function () { /* offline or blocked: the plain links stay */ });
  }

  // Sharing: the browser's own share sheet where there is one, and copying the address; both need this script,
  // so their buttons stay hidden without it. The plain links beside them work everywhere.
  document.querySelectorAll("[data-share]").forEach(function (box) {
    var url = box.getAttribute("data-share-url");
    var title = box.getAttribute("data-share-title");
    var native = box.querySelector("[data-share-native]");
    if (native && navigator.share) {
      native.hidden = false;
      native.querySelector("button").addEventListener("click", function () {
        navigator.share({ title: title, url: url }).catch(function () { /* closed by the reader */ });
      });
    }
    var copy = box.querySelector("[data-share-copy]");
    if (copy && navigator.clipboard && window.isSecureContext) {
      copy.hidden = false;
      copy.querySelector("button").addEventListener("click", function () {
        var said = copy.querySelector(".share__copied");
        navigator.clipboard.writeText(url).then(
          function () { said.textContent = "Link copied."; },
          function () { said.textContent = "Could not copy: select the address bar instead."; }
        );
      });
    }
  });
})();
