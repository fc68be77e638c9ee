// The API documentation page: Swagger UI draws a second <main> and a second first-level heading
// (the site's frame has its own), and a link inside each operation's expand button (a link in a
// button reaches screen readers and the keyboard twice). Swagger UI re-renders as operations
// open, so each drawing is corrected: its <main> becomes a named region, its title a heading of
// the second level, and the links inside buttons plain text (the button keeps its name, the
// path; opening an operation still updates the address, deepLinking).
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root) return;
  var label = root.getAttribute("data-operations-label") || "Operations";
  function correct() {
    root.querySelectorAll("main").forEach(function (main) {
      if (main.getAttribute("role") !== "region") {
        main.setAttribute("role", "region");
        main.setAttribute("aria-label", label);
      }
    });
    root.querySelectorAll("h1:not([aria-level])").forEach(function (h) {
      h.setAttribute("role", "heading");
      h.setAttribute("aria-level", "2");
    });
    root.querySelectorAll("button a[href]").forEach(function (a) {
      a.removeAttribute("href");
    });
  }
  new MutationObserver(correct).observe(root, { childList: true, subtree: true });
  correct();
})();
