// Small progressive enhancements; every page works without them.
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});

// Tree toggles: the first click loads children through htmx; later clicks only show or hide them.
document.addEventListener("htmx:beforeRequest", (event) => {
  const button = event.detail.elt;
  if (!button.matches("[data-toggle-tree]")) return;
  const box = document.getElementById(button.getAttribute("aria-controls"));
  if (box && box.dataset.loaded) {
    event.preventDefault();
    const open = button.getAttribute("aria-expanded") === "true";
    box.hidden = open;
    button.setAttribute("aria-expanded", String(!open));
    button.textContent = open ? "+" : "−";
  }
});
document.addEventListener("htmx:afterSwap", (event) => {
  const box = event.detail.target;
  const button = document.querySelector(`[aria-controls="${box.id}"]`);
  if (button && button.matches("[data-toggle-tree]")) {
    box.dataset.loaded = "1";
    box.hidden = false;
    button.setAttribute("aria-expanded", "true");
    button.textContent = "−";
  }
});

// A table too wide for the screen (a phone, large text) scrolls inside its .table-responsive box:
// that box must then be reachable from the keyboard to scroll it (WCAG 2.1.1; axe's
// scrollable-region-focusable). Only boxes that do scroll get a tab stop, checked again on resize.
function focusableScrollers() {
  for (const box of document.querySelectorAll(".table-responsive")) {
    if (box.scrollWidth > box.clientWidth) box.setAttribute("tabindex", "0");
    else box.removeAttribute("tabindex");
  }
}
document.addEventListener("DOMContentLoaded", focusableScrollers);
document.addEventListener("htmx:afterSettle", focusableScrollers);
window.addEventListener("resize", focusableScrollers);
