/* The one client side of the fragment protocol (newsdesk/delivery/responses.py): every script that fetches a
   reader's own part of a cached page (poll state, comments, the premium body) asks through here, with the one
   request header (X-Fragment: 1) and the reader's cookies. Loaded in the page's head, before the scripts that use it. */
(function () {
  "use strict";
  var HEADER = "X-Fragment";

  // fetch() with the protocol's header and same-origin credentials; other options (method, body) pass through.
  function request(url, options) {
    var settings = Object.assign({ credentials: "same-origin" }, options || {});
    var headers = new Headers(settings.headers || {});
    headers.set(HEADER, "1");
    settings.headers = headers;
    return window.fetch(url, settings);
  }

  window.NewsdeskFragments = { request: request, header: HEADER };
})();
