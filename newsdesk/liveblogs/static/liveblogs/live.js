// A live page asks its updates address every few seconds (jittered, so readers do not ask in step, and less
// often while the tab is hidden), and holds new posts behind a "N new posts" button rather than moving text under
// the reader's eyes. Edits, pins and deletions apply in place. Without this script a reload shows everything.
(function () {
  "use strict";
  var root = document.querySelector("[data-live-page]");
  if (!root || root.hasAttribute("data-live-static")) return;
  var BASE = 10000, HIDDEN = 60000, MAX_BACKOFF = 120000;
  var url = root.getAttribute("data-updates");
  var cursor = parseInt(root.getAttribute("data-cursor"), 10) || 0;
  var premium = root.getAttribute("data-premium") === "1";
  var list = root.querySelector("[data-live-posts]");
  var bar = root.querySelector("[data-live-new]");
  var button = root.querySelector("[data-live-show]");
  var announce = root.querySelector("[data-live-announce]");
  var pending = [];
  var failures = 0;
  var timer = null;
  var ended = root.getAttribute("data-status") === "ended";

  function jittered(ms) { return ms * (0.8 + Math.random() * 0.4); }

  function schedule() {
    clearTimeout(timer);
    if (ended) return; // coverage is over: nothing more will come
    var wait = document.hidden ? HIDDEN : BASE;
    if (failures) wait = Math.min(MAX_BACKOFF, wait * Math.pow(2, failures));
    timer = setTimeout(poll, jittered(wait));
  }

  function fragment(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    return holder.firstElementChild;
  }

  function existing(id) { return list.querySelector('[data-post="' + id + '"]'); }

  function apply(data) {
    if (data.reload) { window.location.reload(); return; }
    if (data.locked) return;
    (data.deleted || []).forEach(function (id) {
      root.querySelectorAll('[data-post="' + id + '"]').forEach(function (el) {
        var item = el.closest("li") || el;
        item.remove();
      });
      pending = pending.filter(function (p) { return p.id !== id; });
    });
    var fresh = [];
    (data.posts || []).forEach(function (post) {
      var shown = existing(post.id);
      if (shown) {
        if (parseInt(shown.getAttribute("data-seq"), 10) < post.seq) shown.replaceWith(fragment(post.html));
      } else if (!pending.some(function (p) { return p.id === post.id; })) {
        fresh.push(post);
      }
    });
    fresh.sort(function (a, b) { return b.id - a.id; });
    pending = fresh.concat(pending);
    if (pending.length) {
      bar.hidden = false;
      button.textContent = pending.length === 1 ? "1 new post" : pending.length + " new posts";
      announce.textContent = button.textContent;
    }
    var events = root.querySelector("[data-live-key-events]");
    if (events && data.key_events) {
      var ol = events.querySelector("ol");
      ol.innerHTML = "";
      data.key_events.forEach(function (event) {
        var li = document.createElement("li"), a = document.createElement("a"), t = document.createElement("time");
        a.href = "#" + event.anchor;
        t.dateTime = event.at;
        t.textContent = new Date(event.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
        a.append(t, " " + event.label);
        li.append(a);
        ol.append(li);
      });
      events.hidden = data.key_events.length === 0;
    }
    var latest = root.querySelector("[data-live-latest]");
    if (latest && data.latest_at) latest.dateTime = data.latest_at;
    cursor = Math.max(cursor, data.head);
    ended = data.status === "ended";
  }

  function showPending() {
    var empty = list.querySelector(".live__empty");
    if (empty) empty.remove();
    pending.slice().reverse().forEach(function (post) {
      var li = document.createElement("li");
      li.append(fragment(post.html));
      list.prepend(li);
    });
    var first = pending.length ? existing(pending[0].id) : null;
    pending = [];
    bar.hidden = true;
    announce.textContent = "";
    if (first) { first.setAttribute("tabindex", "-1"); first.focus(); }
  }

  function poll() {
    // The plain address is one copy for every reader (served by nginx or Varnish); a reader who fell further
    // behind than it covers asks for the changes since its cursor.
    var ask = url;
    var options = { cache: "no-cache", credentials: premium ? "same-origin" : "omit", headers: { Accept: "application/json" } };
    fetch(ask, options)
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (data) {
        if (data.after > cursor && !data.locked) {
          return fetch(url + "?since=" + cursor, options).then(function (r) {
            if (!r.ok) throw new Error(r.status);
            return r.json();
          });
        }
        return data;
      })
      .then(function (data) { failures = 0; apply(data); })
      .catch(function () { failures += 1; })
      .then(schedule);
  }

  button.addEventListener("click", showPending);
  root.addEventListener("click", function (event) {
    var share = event.target.closest("[data-live-share]");
    if (!share || !navigator.share) return;
    event.preventDefault();
    navigator.share({ title: document.title, url: share.href }).catch(function () {});
  });
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { failures = 0; schedule(); } });
  schedule();
})();
