/* Comments: load the thread fragment on demand, and keep forms and links inside it working without page loads.
   Without JavaScript every link and form here still works: they lead to the full comments page. */
(function () {
  "use strict";
  var fragment = window.NewsdeskFragments.request;

  function updateCount(root, fragmentRoot) {
    var thread = fragmentRoot.querySelector("[data-comments-thread]");
    if (!thread) return;
    document.querySelectorAll("[data-comments-count]").forEach(function (el) {
      el.textContent = thread.getAttribute("data-count");
    });
  }

  function load(target, url, options) {
    target.setAttribute("aria-busy", "true");
    return fragment(url, options)
      .then(function (response) { return response.text(); })
      .then(function (html) {
        target.innerHTML = html;
        target.hidden = false;
        target.removeAttribute("aria-busy");
        updateCount(document, target);
      })
      .catch(function () {
        target.removeAttribute("aria-busy");
        target.innerHTML = '<p class="comments__error" role="alert">Comments could not be loaded. Try again.</p>';
        target.hidden = false;
      });
  }

  function fragmentUrl(target) {
    var thread = target.querySelector("[data-comments-thread]");
    return thread ? thread.getAttribute("data-fragment-url") : target.getAttribute("data-fragment-url");
  }

  function wire(target) {
    target.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-comments-nav]");
      if (link) {
        event.preventDefault();
        load(target, fragmentUrl(target) + new URL(link.href).search);
        return;
      }
      var reply = event.target.closest("a[data-comments-reply]");
      if (reply) {
        var form = target.querySelector("form.comments__post");
        if (!form) return;
        event.preventDefault();
        form.querySelector("[data-comments-parent]").value = reply.getAttribute("data-comments-reply");
        var note = form.querySelector("[data-comments-replying]");
        note.querySelector("[data-comments-replying-name]").textContent = reply.getAttribute("data-name");
        note.hidden = false;
        form.querySelector("textarea").focus();
        return;
      }
      var cancel = event.target.closest("a[data-comments-cancel-reply]");
      if (cancel) {
        event.preventDefault();
        var postForm = cancel.closest("form");
        postForm.querySelector("[data-comments-parent]").value = "";
        cancel.closest("[data-comments-replying]").hidden = true;
      }
    });
    target.addEventListener("submit", function (event) {
      var form = event.target.closest("form[data-comments-form]");
      if (!form) return;
      event.preventDefault();
      var question = form.getAttribute("data-confirm");
      if (question && !window.confirm(question)) return;
      if (form.classList.contains("comments__post")) {
        post(target, form);
        return;
      }
      load(target, form.action, { method: "POST", body: new FormData(form) }).then(function () { focusStatus(target); });
    });
  }

  function focusStatus(target) {
    var status = target.querySelector("[data-comments-thread] [role=status], [data-comments-thread] [role=alert]");
    if (status) { status.setAttribute("tabindex", "-1"); status.focus(); }
  }

  // A new comment comes back on its own: put it in place, keep the rest of the thread as it is.
  function post(target, form) {
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fragment(form.action, { method: "POST", body: new FormData(form) })
      .then(function (response) {
        return response.text().then(function (html) { return { ok: response.status === 201, html: html }; });
      })
      .then(function (result) {
        button.disabled = false;
        if (!result.ok) {
          target.innerHTML = result.html;
          updateCount(document, target);
          focusStatus(target);
          return;
        }
        var holder = document.createElement("div");
        holder.innerHTML = result.html;
        var posted = holder.querySelector("[data-comments-posted]");
        var thread = target.querySelector("[data-comments-thread]");
        var notice = posted.querySelector("[role=status]");
        thread.querySelectorAll(".comments__notice, .comments__error").forEach(function (el) { el.remove(); });
        thread.insertBefore(notice, thread.firstChild);
        thread.setAttribute("data-count", posted.getAttribute("data-count"));
        var countText = thread.querySelector(".comments__count");
        var n = posted.getAttribute("data-count");
        if (countText) countText.textContent = n + (n === "1" ? " comment" : " comments");
        updateCount(document, target);
        var comment = posted.querySelector("article.comment");
        if (comment) {
          var item = document.createElement("li");
          item.className = "comments__item";
          item.appendChild(comment);
          var root = posted.getAttribute("data-root");
          var rootComment = root ? document.getElementById("c" + root) : null;
          if (rootComment) {
            var li = rootComment.closest("li");
            var replies = li.querySelector("ol.comments__replies");
            if (!replies) { replies = document.createElement("ol"); replies.className = "comments__replies"; li.appendChild(replies); }
            replies.appendChild(item);
          } else {
            var list = thread.querySelector("ol.comments__list");
            if (!list) {
              list = document.createElement("ol");
              list.className = "comments__list";
              var empty = thread.querySelector(".comments__empty");
              if (empty) empty.replaceWith(list); else thread.appendChild(list);
            }
            list.insertBefore(item, list.firstChild);
          }
        }
        form.reset();
        form.querySelector("[data-comments-parent]").value = "";
        form.querySelector("[data-comments-replying]").hidden = true;
        notice.setAttribute("tabindex", "-1");
        notice.focus();
      })
      .catch(function () {
        button.disabled = false;
        window.alert("Your comment could not be sent. Check your connection and try again.");
      });
  }

  document.querySelectorAll("[data-comments-show]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("aria-controls"));
    if (!target) return;
    target.setAttribute("data-fragment-url", button.getAttribute("data-fragment-url"));
    wire(target);
    button.setAttribute("role", "button");
    button.addEventListener("click", function (event) {
      event.preventDefault();
      if (button.getAttribute("aria-expanded") === "true") {
        target.hidden = true;
        button.setAttribute("aria-expanded", "false");
        return;
      }
      button.setAttribute("aria-expanded", "true");
      load(target, button.getAttribute("data-fragment-url"));
    });
  });

  // The full comments page: the thread is already there; keep its forms and links in place too.
  document.querySelectorAll(".comments-page [data-comments-target]").forEach(wire);
})();
