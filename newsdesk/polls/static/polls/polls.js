/* Voting Booth: fetch this reader's state (form with CSRF token, or "You voted" and results), vote without a reload. */
(function () {
  "use strict";
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function animateBars(root) {
    var bars = root.querySelectorAll("progress[data-percent]");
    if (reduceMotion) { return; }
    bars.forEach(function (bar) {
      var target = parseInt(bar.getAttribute("data-percent"), 10) || 0;
      var start = null;
      bar.value = 0;
      function step(now) {
        if (start === null) { start = now; }
        var t = Math.min(1, (now - start) / 500);
        bar.value = Math.round(target * t);
        if (t < 1) { window.requestAnimationFrame(step); }
      }
      window.requestAnimationFrame(step);
    });
  }

  var OOPS = "Oops! Something went wrong, please try again later.";

  // Only our own state fragment goes into the page: anything else that comes back (a proxy's error page, a
  // login wall, an empty body) becomes the app's own message, never pasted markup.
  function understood(html) {
    if (typeof html !== "string" || !window.DOMParser) { return null; }
    var doc = new DOMParser().parseFromString(html, "text/html");
    return doc.querySelector("[data-poll-state]");
  }

  function oops() {
    var note = document.createElement("p");
    note.className = "poll__message poll__message--error";
    note.setAttribute("role", "alert");
    note.textContent = OOPS;
    return note;
  }

  function show(widget, html) {
    var body = widget.querySelector("[data-poll-body]");
    var state = understood(html);
    if (!state) { return false; }
    body.replaceChildren.apply(body, Array.prototype.slice.call(state.childNodes).map(function (node) {
      return document.importNode(node, true);
    }));
    animateBars(body);
    var form = body.querySelector("form[data-poll-form]");
    if (form) { form.addEventListener("submit", function (event) { submit(widget, form, event); }); }
    return true;
  }

  function request(url, options) {
    return window.NewsdeskFragments.request(url, options).then(function (response) { return response.text(); });
  }

  function submit(widget, form, event) {
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    function failed() {
      if (button) { button.disabled = false; }
      var old = form.querySelector(".poll__message--error");
      if (old) { old.remove(); }
      form.insertBefore(oops(), form.firstChild);
    }
    request(form.action, { method: "POST", body: new FormData(form) })
      .then(function (html) { if (!show(widget, html)) { failed(); } })
      .catch(failed);
  }

  document.querySelectorAll("[data-poll]").forEach(function (widget) {
    request(widget.getAttribute("data-state-url"), { method: "GET" })
      .then(function (html) { if (show(widget, html)) { widget.setAttribute("data-poll-ready", "1"); } })
      .catch(function () { /* the static form still works without the fragment */ });
  });
})();
