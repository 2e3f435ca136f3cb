// The API client. The access token lives in memory only; the refresh token in
// sessionStorage, so a reload of this tab keeps the session and nothing outlives the tab.
// Errors arrive as ApiError, with the problem's detail and field errors (RFC 9457).

const REFRESH = "duka.refresh";
let access = null;
let refreshing = null; // one refresh at a time: each rotates the refresh token
const signedOutListeners = new Set();

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.errors = problem.errors || {};
  }
}

export function onSignedOut(listener) {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

export function hasSession() {
  return access !== null || sessionStorage.getItem(REFRESH) !== null;
}

function keep(tokens) {
  access = tokens.access;
  sessionStorage.setItem(REFRESH, tokens.refresh);
}

function forget() {
  access = null;
  sessionStorage.removeItem(REFRESH);
  for (const listener of signedOutListeners) listener();
}

async function problemOf(response) {
  try {
    return await response.json();
  } catch {
    return { title: response.statusText };
  }
}

async function post(path, body) {
  return fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    credentials: "omit",
  });
}

async function refresh() {
  const token = sessionStorage.getItem(REFRESH);
  if (!token) return false;
  refreshing ??= (async () => {
    const response = await post("/api/token/refresh/", { refresh: token });
    if (!response.ok) {
      forget();
      return false;
    }
    keep(await response.json());
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

export async function signIn(body) {
  const response = await post("/api/login/", body);
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  keep(await response.json());
}

export async function signOut() {
  const token = sessionStorage.getItem(REFRESH);
  if (token && access) {
    await fetch("/api/logout/", {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${access}` },
      body: JSON.stringify({ refresh: token }),
    })
      .then((response) => response.text()) // read to its end: Chromium aborts what is left
      .catch(() => {});
  }
  forget();
}

// api calls the API: JSON in and out (a Blob when `as` is "blob"); a 401 refreshes the
// tokens once and tries again.
export async function api(method, path, body, { accept, as } = {}) {
  if (access === null && !(await refresh())) throw new ApiError(401, { detail: "Sign in." });
  const send = () =>
    fetch(path, {
      method,
      headers: {
        Authorization: `Bearer ${access}`,
        Accept: accept || "application/json",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "omit",
    });
  let response = await send();
  if (response.status === 401 && (await refresh())) response = await send();
  if (response.status === 401) forget();
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  if (response.status === 204) return null;
  return as === "blob" ? response.blob() : response.json();
}

// query is "?a=1&b=2" of the values that are set.
export function query(values) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values))
    if (value !== undefined && value !== null && value !== "") params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : "";
}
