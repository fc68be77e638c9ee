// Visits recorded without signal, kept in IndexedDB until the server has them. Shared by the visit
// pages (offline.js) and the service worker (sw.js), so both read and write the same queue.
//
// An entry is one visit in the shape of POST /api/v1/grid/campaigns/{id}/visits/, keyed by its
// Idempotency-Key: sending it again (a retry after a lost answer, a second tab) returns the visit
// the first send stored, so nothing is stored twice; an entry leaves the queue only once the
// server has answered that it holds the visit.
(function (scope) {
  "use strict";

  const DB_NAME = "yipanqi-grid";
  const VISITS = "visits";
  const META = "meta";

  function request(req) {
    return new Promise((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  let opened = null;
  function open() {
    if (!opened) {
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => {
        const db = req.result;
        const visits = db.createObjectStore(VISITS, { keyPath: "key" });
        visits.createIndex("user", "user");
        db.createObjectStore(META);
      };
      opened = request(req);
    }
    return opened;
  }

  async function store(name, mode) {
    const db = await open();
    return db.transaction(name, mode).objectStore(name);
  }

  async function put(entry) {
    await request((await store(VISITS, "readwrite")).put(entry));
    return entry;
  }

  async function remove(key) {
    await request((await store(VISITS, "readwrite")).delete(key));
  }

  // The user's entries, oldest first (another user's visits on a shared phone are never sent
  // with this user's session).
  async function entries(user) {
    const all = await request((await store(VISITS, "readonly")).index("user").getAll(String(user)));
    return all.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async function setMeta(key, value) {
    await request((await store(META, "readwrite")).put(value, key));
  }

  async function getMeta(key) {
    return request((await store(META, "readonly")).get(key));
  }

  function newKey() {
    if (scope.crypto && scope.crypto.randomUUID) return scope.crypto.randomUUID().replace(/-/g, "");
    const bytes = new Uint8Array(16);
    scope.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // The visit form's fields (grid.forms.VisitForm) as the API's body.
  function payload(form, target) {
    const get = (name) => (form.get(name) || "").toString();
    const answers = {};
    for (const [name, value] of form.entries()) {
      if (name.startsWith("q_") && value !== "") answers[name.slice(2)] = value.toString();
    }
    const outcome = get("outcome");
    let followUp = null;
    if (outcome === "follow_up") {
      const kind = get("follow_up_kind") || "order";
      const [prefix, code] = get("follow_up_category").split(":");
      followUp = {
        kind: kind,
        description: get("follow_up_description"),
        category: prefix === kind ? code || "" : "",
      };
    }
    return {
      target_id: Number(target),
      outcome: outcome,
      answers: answers,
      note: get("note"),
      idempotency_key: get("idempotency_key"),
      follow_up: followUp,
      visited_at: new Date().toISOString(),
    };
  }

  // A queue entry from a submitted visit form. `where`: user, campaign, target, address, api.
  function fromForm(form, where) {
    const body = payload(form, where.target);
    if (!body.idempotency_key) body.idempotency_key = newKey();
    return {
      key: body.idempotency_key,
      user: String(where.user),
      campaign: Number(where.campaign),
      target: Number(where.target),
      address: where.address || "",
      api: where.api,
      payload: body,
      createdAt: new Date().toISOString(),
      state: "queued",
      message: "",
    };
  }

  function csrfToken() {
    const match = (scope.document ? scope.document.cookie : "").match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // Send one entry. "sent": the server holds the visit (201 new, 200 the same key again);
  // "offline": no answer, try again later; "refused": the server will not store it (400, 404,
  // 409: shown to the worker with the server's message, kept until they discard it); "later":
  // signed out, refused for now or a server error (kept and sent again).
  async function send(entry, token) {
    let response;
    try {
      response = await fetch(entry.api, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "Idempotency-Key": entry.key,
          "X-CSRFToken": token || csrfToken(),
        },
        body: JSON.stringify(entry.payload),
      });
    } catch (error) {
      return { state: "offline", message: "" };
    }
    if (response.ok) return { state: "sent", message: "" };
    let message = "";
    try {
      message = (await response.json()).message || "";
    } catch (error) {
      message = response.statusText;
    }
    const refused = [400, 404, 409].includes(response.status);
    return { state: refused ? "refused" : "later", message: message };
  }

  // Send the user's queue, one entry at a time, oldest first. Returns what is left.
  async function flush(user, token) {
    const run = async () => {
      for (const entry of await entries(user)) {
        if (entry.state === "refused") continue;
        const result = await send(entry, token);
        if (result.state === "offline") break;
        if (result.state === "sent") await remove(entry.key);
        else await put(Object.assign(entry, { state: result.state, message: result.message }));
      }
      return entries(user);
    };
    // One sender at a time across tabs and the worker (retries are harmless, but quieter).
    if (scope.navigator && scope.navigator.locks) {
      return scope.navigator.locks.request("yipanqi-grid-visits", run);
    }
    return run();
  }

  scope.VisitQueue = {
    put,
    remove,
    entries,
    flush,
    send,
    fromForm,
    newKey,
    setMeta,
    getMeta,
  };
})(self);
