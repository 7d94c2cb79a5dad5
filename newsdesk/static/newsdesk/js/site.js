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
})();
