/* Refresh the editor's results every ten seconds without reloading the page. */
(function () {
  "use strict";
  var region = document.querySelector("[data-live-results]");
  if (!region) { return; }
  window.setInterval(function () {
    fetch(region.getAttribute("data-live-url"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html) { region.innerHTML = html; } })
      .catch(function () {});
  }, 10000);
})();
