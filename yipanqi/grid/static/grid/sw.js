// The sweep's service worker, served at /grid/sw.js after visit-queue.js, with self.GRID_CONFIG
// (grid.views.offline). It answers only for the visit pages, the sweep list it starts on and the
// static files they use: from the network when there is signal (keeping a copy), from the copy
// when there is none. A household whose page it holds no copy of gets the sweep's visit form
// without a household (the "shell"), which offline.js fills in. A visit form sent without
// signal is queued (visit-queue.js) instead of lost. Every other request goes to the network
// untouched.
/* global GRID_CONFIG, VisitQueue */
"use strict";

const CONFIG = self.GRID_CONFIG;
const PAGES = "yipanqi-grid-pages-v1";
const ROUTES = {
  list: new RegExp(CONFIG.list),
  form: new RegExp(CONFIG.form),
  next: new RegExp(CONFIG.next),
  shell: new RegExp(CONFIG.shell),
  data: new RegExp(CONFIG.data),
};

function withId(template, ...ids) {
  let url = template;
  ids.forEach((id, i) => {
    url = url.replace(String(CONFIG.sentinel + i), String(id));
  });
  return url;
}

function route(url) {
  if (url.origin !== self.location.origin) return null;
  if (url.pathname.startsWith(CONFIG.static)) return { kind: "static" };
  if (url.pathname === CONFIG.scope) return { kind: "start" };
  for (const [kind, pattern] of Object.entries(ROUTES)) {
    const match = url.pathname.match(pattern);
    if (match) return { kind: kind, campaign: match[1], target: match[2] };
  }
  return null;
}

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      const old = names.filter((n) => n.startsWith("yipanqi-grid-") && n !== PAGES);
      await Promise.all(old.map((n) => caches.delete(n)));
      await self.clients.claim();
    })(),
  );
});

// Keep a copy only of a page the user was shown (not a sign-in page it was sent to instead).
function keepable(response) {
  return response.ok && !response.redirected && response.type === "basic";
}

async function forget() {
  await caches.delete(PAGES); // signed out: this phone no longer keeps their households
}

async function fromNetwork(request, key) {
  const response = await fetch(request);
  if (keepable(response)) {
    const cache = await caches.open(PAGES);
    await cache.put(key || request.url, response.clone());
  } else if (response.redirected && new URL(response.url).pathname === CONFIG.login) {
    await forget();
  }
  return response;
}

async function kept(request, options) {
  const cache = await caches.open(PAGES);
  return cache.match(request, Object.assign({ ignoreVary: true }, options || {}));
}

function unavailable() {
  return new Response("", { status: 503, statusText: "Offline" });
}

// "Next unvisited" without signal: the first household still to visit after this one in the
// kept list (the user's own first), leaving out those queued on this phone.
async function nextWithout(url, where) {
  const dataResponse = await kept(withId(CONFIG.dataUrl, where.campaign));
  const list = withId(CONFIG.listUrl, where.campaign);
  if (!dataResponse) return Response.redirect(list, 303);
  const data = await dataResponse.json();
  const user = await VisitQueue.getMeta("user");
  const queued = new Set((await VisitQueue.entries(user || "")).map((e) => e.target));
  const after = Number(url.searchParams.get("after") || 0);
  const open = data.targets.filter((t) => t.pending && !queued.has(t.id) && t.id !== after);
  const start = data.targets.findIndex((t) => t.id === after);
  const later = (t) => data.targets.findIndex((x) => x.id === t.id) > start;
  const pick = (pool) => pool.find(later) || pool[0];
  const next = pick(open.filter((t) => t.mine)) || pick(open);
  if (!next) return Response.redirect(list, 303);
  return Response.redirect(withId(CONFIG.formUrl, where.campaign, next.id), 303);
}

// A static file is kept only for the pages this worker keeps (not, say, the coverage charts).
async function forKeptPage(event) {
  const client = event.clientId ? await self.clients.get(event.clientId) : null;
  const page = client ? route(new URL(client.url)) : null;
  return Boolean(page && page.kind !== "static");
}

async function answerGet(event, where) {
  const request = event.request;
  const url = new URL(request.url);
  if (where.kind === "static" && !(await forKeptPage(event))) return fetch(request);
  try {
    return await fromNetwork(request);
  } catch (error) {
    if (where.kind === "next") return nextWithout(url, where);
    const exact = await kept(request);
    if (exact) return exact;
    if (where.kind === "form") {
      const shell = await kept(withId(CONFIG.shellUrl, where.campaign));
      if (shell) return shell;
    }
    if (where.kind === "list") {
      // Another filter or page of the list: the whole list as kept (a search needs signal).
      const whole = await kept(withId(CONFIG.listUrl, where.campaign));
      if (whole) return whole;
    }
    if (where.kind === "start") {
      const other = await kept(request, { ignoreSearch: true });
      if (other) return other;
    }
    return unavailable();
  }
}

// A visit form posted while the signal drops half-way (the page only knows it is offline when
// the phone says so): keep it in the queue with its key and show the list, which counts it.
async function answerPost(event, where) {
  const copy = event.request.clone();
  try {
    return await fetch(event.request);
  } catch (error) {
    const form = await copy.formData();
    const user = await VisitQueue.getMeta("user");
    const data = await kept(withId(CONFIG.dataUrl, where.campaign));
    const targets = data ? (await data.json()).targets : [];
    const target = targets.find((t) => t.id === Number(where.target));
    const api = await VisitQueue.getMeta("api:" + where.campaign);
    if (!user || !api) return unavailable();
    await VisitQueue.put(
      VisitQueue.fromForm(form, {
        user: user,
        campaign: where.campaign,
        target: where.target,
        address: target ? target.address : "",
        api: api,
      }),
    );
    return Response.redirect(withId(CONFIG.listUrl, where.campaign), 303);
  }
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method === "POST" && url.pathname === CONFIG.logout) {
    event.waitUntil(forget());
    return;
  }
  const where = route(url);
  if (!where) return;
  if (event.request.method === "GET") {
    event.respondWith(answerGet(event, where));
  } else if (event.request.method === "POST" && where.kind === "form") {
    event.respondWith(answerPost(event, where));
  }
});

// A visit page asks to keep what it needs without signal: the user's pages and the static files.
async function warm(message) {
  const user = String(message.user);
  if ((await VisitQueue.getMeta("user")) !== user) await forget();
  await VisitQueue.setMeta("user", user);
  await VisitQueue.setMeta("api:" + message.campaign, message.api);
  const cache = await caches.open(PAGES);
  let count = 0;
  for (const address of message.urls) {
    const url = new URL(address, self.location.origin);
    if (!route(url)) continue; // only what this worker answers for
    if (url.pathname.startsWith(CONFIG.static) && (await cache.match(url.href))) {
      count += 1;
      continue;
    }
    try {
      const response = await fetch(url.href, { credentials: "same-origin" });
      if (keepable(response)) {
        await cache.put(url.href, response);
        count += 1;
      }
    } catch (error) {
      // no signal: keep what is already there
    }
  }
  return count;
}

self.addEventListener("message", (event) => {
  if (!event.data || event.data.type !== "warm") return;
  const reply = event.ports[0];
  event.waitUntil(
    warm(event.data).then(
      (count) => reply && reply.postMessage({ ok: true, kept: count }),
      (error) => reply && reply.postMessage({ ok: false, error: String(error) }),
    ),
  );
});
