// The undo offered right after taking an order (撤销接单): counts its seconds down and takes the
// button away when they are over. The server checks the time itself; this only keeps the page
// from offering what it would refuse. The count is not a live region: it is read when reached.
(() => {
  const started = new Map();
  const tick = () => {
    for (const box of document.querySelectorAll("[data-undo-seconds]")) {
      if (!started.has(box)) started.set(box, Date.now());
      const total = Number(box.dataset.undoSeconds) || 0;
      const left = Math.ceil(total - (Date.now() - started.get(box)) / 1000);
      if (left > 0) {
        for (const count of box.querySelectorAll(".undo-left")) count.textContent = String(left);
        continue;
      }
      for (const gone of box.querySelectorAll("form, .undo-note")) gone.remove();
      box.removeAttribute("data-undo-seconds");
    }
  };
  tick();
  document.addEventListener("htmx:afterSwap", tick);
  setInterval(tick, 1000);
})();
