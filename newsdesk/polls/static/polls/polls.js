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

  function show(widget, html) {
    var body = widget.querySelector("[data-poll-body]");
    body.innerHTML = html;
    animateBars(body);
    var form = body.querySelector("form[data-poll-form]");
    if (form) { form.addEventListener("submit", function (event) { submit(widget, form, event); }); }
  }

  function request(url, options) {
    return window.NewsdeskFragments.request(url, options).then(function (response) { return response.text(); });
  }

  function submit(widget, form, event) {
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    request(form.action, { method: "POST", body: new FormData(form) })
      .then(function (html) { show(widget, html); })
      .catch(function () {
        if (button) { button.disabled = false; }
        var note = document.createElement("p");
        note.className = "poll__message poll__message--error";
        note.setAttribute("role", "alert");
        note.textContent = "Oops! Something went wrong, please try again later.";
        form.insertBefore(note, form.firstChild);
      });
  }

  document.querySelectorAll("[data-poll]").forEach(function (widget) {
    request(widget.getAttribute("data-state-url"), { method: "GET" })
      .then(function (html) { show(widget, html); widget.setAttribute("data-poll-ready", "1"); })
      .catch(function () { /* the static form still works without the fragment */ });
  });
})();
