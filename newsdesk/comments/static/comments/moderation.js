/* Work a moderation queue from the keyboard: j/k move, a approves, r rejects (with a reason), f features. */
(function () {
  "use strict";
  var queue = document.querySelector("[data-moderation-queue]");
  if (!queue) return;
  var items = Array.prototype.slice.call(queue.querySelectorAll("[data-moderation-item]"));
  var current = -1;

  function select(index) {
    if (!items.length) return;
    current = Math.max(0, Math.min(items.length - 1, index));
    items.forEach(function (item, i) { item.style.outline = i === current ? "3px solid #007d7e" : ""; });
    items[current].focus();
    items[current].scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") return;
    if (event.key === "j") { select(current + 1); event.preventDefault(); return; }
    if (event.key === "k") { select(current - 1); event.preventDefault(); return; }
    if (current < 0) return;
    var item = items[current];
    var button = null;
    if (event.key === "a") button = item.querySelector("[data-moderation-action=approve]");
    if (event.key === "f") button = item.querySelector("[data-moderation-action=feature]");
    if (event.key === "r") {
      var form = item.querySelector("[data-moderation-reject]");
      var reason = window.prompt("Reason for rejecting this comment:");
      if (!reason) return;
      form.querySelector("input[name=reason]").value = reason;
      button = form.querySelector("[data-moderation-action=reject]");
    }
    if (button) { event.preventDefault(); button.click(); }
  });
})();
