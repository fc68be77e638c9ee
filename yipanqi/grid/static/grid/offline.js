// Offline sweep visits on the visit list and visit form (grid/includes/_offline_status.html).
// - registers the service worker (/grid/sw.js) and asks it to keep this sweep's pages;
// - without signal, a saved visit goes into the queue kept on this phone (visit-queue.js), with
//   its Idempotency-Key, instead of being posted; with signal the form posts as usual;
// - shows how many visits wait ("待上传 3 条") and sends them as soon as there is signal;
// - fills in the sweep's household-less form (the "shell") the worker gets without signal.
(function () {
  "use strict";

  const box = document.getElementById("grid-offline");
  if (!box || !window.indexedDB || !window.VisitQueue) return;
  const Queue = window.VisitQueue;
  const cfg = box.dataset;
  const user = cfg.user;
  const form = document.getElementById("visit-form");
  const shell = Boolean(form && form.dataset.shell === "1");
  const count = box.querySelector("[data-queue-count]");
  const uploadButton = box.querySelector("[data-queue-upload]");
  const failedList = box.querySelector("[data-queue-failed]");
  const FLASH = "yipanqi-grid-flash";
  let uploadedNow = false;

  // The page's texts (data-t-*) carry {name} places for the values.
  function format(text, values) {
    return (text || "").replace(/\{(\w+)\}/g, (all, name) =>
      name in values ? String(values[name]) : all,
    );
  }

  function formUrl(target) {
    return cfg.form.replace(cfg.sentinel, String(target));
  }

  // --- the service worker --------------------------------------------------------------------

  function ask(worker, message) {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      const timer = setTimeout(() => resolve({ ok: false }), 60000);
      channel.port1.onmessage = (event) => {
        clearTimeout(timer);
        resolve(event.data);
      };
      worker.postMessage(message, [channel.port2]);
    });
  }

  function keep() {
    const urls = [];
    // The sweep's pages from its list (so the kept list of households follows each visit), or
    // from a form the worker served no copy of (the first page opened); the static files always
    // (the worker fetches only those it does not hold yet).
    if (!navigator.serviceWorker.controller || !form) {
      urls.push(cfg.scope, cfg.list, cfg.shell, cfg.data, location.href);
    }
    const assets = document.querySelectorAll(
      "link[rel=stylesheet], script[src], link[rel=manifest], link[rel=icon]",
    );
    assets.forEach((el) => urls.push(el.href || el.src));
    return Array.from(new Set(urls.map((u) => new URL(u, location.href).href)));
  }

  async function register() {
    if (!("serviceWorker" in navigator)) return;
    try {
      await navigator.serviceWorker.register(cfg.sw, { scope: cfg.scope });
      const registration = await navigator.serviceWorker.ready;
      if (navigator.onLine && registration.active) {
        const message = { type: "warm", user: user, campaign: cfg.campaign, api: cfg.api };
        await ask(registration.active, Object.assign(message, { urls: keep() }));
      }
    } finally {
      document.documentElement.dataset.offlineReady = "1";
    }
  }

  // --- the queue on the page -----------------------------------------------------------------

  function showFailed(entries) {
    failedList.replaceChildren();
    entries
      .filter((e) => e.message)
      .forEach((entry) => {
        const item = document.createElement("li");
        item.className = "alert alert-danger py-2 mb-1 d-flex gap-2 align-items-center flex-wrap";
        const text = document.createElement("span");
        text.className = "flex-grow-1";
        text.textContent = format(cfg.tFailed, { a: entry.address, m: entry.message });
        const discard = document.createElement("button");
        discard.type = "button";
        discard.className = "btn btn-sm btn-outline-danger";
        discard.textContent = cfg.tDiscard;
        discard.addEventListener("click", async () => {
          if (!window.confirm(format(cfg.tDiscardConfirm, { a: entry.address }))) return;
          await Queue.remove(entry.key);
          refresh();
        });
        item.append(text, discard);
        failedList.append(item);
      });
    failedList.hidden = !failedList.children.length;
  }

  function markRows(queued) {
    document.querySelectorAll(".sweep-row[data-target]").forEach((row) => {
      const waiting = queued.has(Number(row.dataset.target));
      row.classList.toggle("queued", waiting);
      let badge = row.querySelector(".queued-badge");
      if (waiting && !badge) {
        badge = document.createElement("span");
        badge.className = "badge text-bg-info queued-badge";
        badge.textContent = cfg.tWaiting;
        row.append(badge);
      } else if (!waiting && badge) {
        badge.remove();
      }
    });
  }

  function markForm(queued) {
    if (!form || !form.dataset.target) return;
    const waiting = queued.has(Number(form.dataset.target));
    document.querySelector("[data-queued-notice]").hidden = !waiting;
    if (waiting) form.hidden = true;
  }

  async function refresh() {
    const entries = await Queue.entries(user);
    const n = entries.length;
    count.dataset.queued = String(n);
    count.textContent = n ? format(cfg.tQueued, { n: n }) : uploadedNow ? cfg.tUploaded : "";
    uploadButton.hidden = !n || !navigator.onLine;
    showFailed(entries);
    const queued = new Set(entries.map((e) => e.target));
    markRows(queued);
    markForm(queued);
    return entries;
  }

  let uploading = false;
  async function upload() {
    if (uploading || !navigator.onLine) return;
    uploading = true;
    try {
      const before = await Queue.entries(user);
      const left = await Queue.flush(user);
      uploadedNow = before.length > 0 && left.length === 0;
    } finally {
      uploading = false;
      await refresh();
    }
  }

  function connection() {
    box.querySelector("[data-offline-banner]").hidden = navigator.onLine;
    // Finding a household asks the server: without signal the kept list and "next" remain.
    const search = document.querySelector(".sweep-search fieldset");
    if (search) search.disabled = !navigator.onLine;
    const searchNote = document.querySelector("[data-search-offline]");
    if (searchNote) searchNote.hidden = navigator.onLine;
    if (navigator.onLine) upload();
    else refresh();
  }

  // --- saving a visit without signal ---------------------------------------------------------

  function answered(row) {
    return Array.from(row.querySelectorAll("input")).some((input) =>
      input.type === "radio" ? input.checked : input.value.trim() !== "",
    );
  }

  // The few checks the server would make, so a visit kept on the phone is one it will take.
  function problem(data) {
    const outcome = data.get("outcome");
    if (!outcome) return cfg.tOutcome;
    if (outcome === "visited" || outcome === "follow_up") {
      for (const row of form.querySelectorAll(".answer-row[data-required]")) {
        if (!answered(row)) {
          return format(cfg.tAnswer, { q: row.querySelector(".question").textContent });
        }
      }
    }
    if (outcome === "follow_up" && !(data.get("follow_up_description") || "").trim()) {
      return cfg.tFollowUp;
    }
    return "";
  }

  async function keepOffline(event) {
    if (navigator.onLine) return; // with signal the form posts; the server checks and saves
    event.preventDefault();
    const data = new FormData(form);
    const error = form.querySelector("[data-offline-error]");
    error.textContent = problem(data);
    error.hidden = !error.textContent;
    if (error.textContent) {
      error.focus();
      return;
    }
    const where = {
      user: user,
      campaign: cfg.campaign,
      target: form.dataset.target,
      address: form.dataset.address,
      api: cfg.api,
    };
    await Queue.put(Queue.fromForm(data, where));
    sessionStorage.setItem(FLASH, format(cfg.tSaved, { a: form.dataset.address }));
    location.assign(document.querySelector("[data-list-link]").href);
  }

  function showFlash() {
    const text = sessionStorage.getItem(FLASH);
    if (!text) return;
    sessionStorage.removeItem(FLASH);
    const note = document.createElement("div");
    note.className = "alert alert-success py-2 mb-2";
    note.setAttribute("role", "status");
    note.textContent = text;
    box.prepend(note);
  }

  // The shell: which household, from the address and the kept list of the sweep.
  async function fillShell() {
    const match = location.pathname.match(/\/([0-9]+)\/$/);
    const unknown = document.querySelector("[data-unknown-notice]");
    let data = null;
    try {
      data = await (await fetch(cfg.data, { credentials: "same-origin" })).json();
    } catch (error) {
      data = null;
    }
    const target = match && data ? data.targets.find((t) => t.id === Number(match[1])) : null;
    if (!target || !target.pending) {
      unknown.hidden = false;
      if (target) unknown.textContent = cfg.tVisited;
      return;
    }
    document.querySelector("[data-offline-address]").textContent = target.address;
    document.title = target.address + " · " + document.title.split(" · ").pop();
    form.dataset.target = String(target.id);
    form.dataset.address = target.address;
    form.hidden = false;
    const next = document.querySelector("[data-next-unvisited]");
    if (next) {
      const url = new URL(next.href);
      url.searchParams.set("after", String(target.id));
      next.href = url.href;
    }
  }

  async function start() {
    if (!navigator.onLine) {
      // Messages kept in a page copy belong to the moment it was copied.
      document.querySelectorAll("main > .alert").forEach((el) => el.remove());
    }
    if (form) {
      // A page copy shown for many households (or again) must not repeat a key: a fresh one.
      if (shell || !navigator.onLine) form.elements.idempotency_key.value = Queue.newKey();
      if (shell) await fillShell();
      form.addEventListener("submit", keepOffline);
    }
    showFlash();
    uploadButton.addEventListener("click", upload);
    window.addEventListener("online", connection);
    window.addEventListener("offline", connection);
    connection();
    register();
  }

  start();
})();
