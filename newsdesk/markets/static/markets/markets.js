// Keep the markets panel current while a reader stays on the page; without JS the cached panel still shows.
(function () {
  "use strict";
  var slot = document.querySelector("[data-markets-refresh]");
  if (!slot || !window.fetch) { return; }
  var url = slot.getAttribute("data-markets-refresh");
  function refresh() {
    if (document.hidden) { return; }
    fetch(url, { credentials: "omit" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html) { slot.innerHTML = html; } })
      .catch(function () { /* keep what is shown */ });
  }
  window.setInterval(refresh, 60000);
})();
