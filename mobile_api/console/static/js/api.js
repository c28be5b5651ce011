// The client of /api/v1: the signed-in user's token in a header (never in a URL), the
// console's language in Accept-Language, a problem+json answer thrown as a Problem.
import { lang, t } from './i18n.js';

const BASE = '/api/v1';
const KEY = 'console.session';
let session = JSON.parse(sessionStorage.getItem(KEY) || 'null');
let onSignedOut = () => {};

export class Problem extends Error {
  constructor(status, body) {
    super(body.detail || body.title || String(status));
    this.status = status;
    this.body = body;
  }

  // The detail a person reads, with the fields it names: "电话号码: Not a valid number."
  get lines() {
    return [this.message, ...fieldLines(this.body.errors || {}, [])];
  }
}

// {"location": {"lat": ["..."]}} -> "location · lat: ...", each field by its label if it has one.
function fieldLines(errors, path) {
  return Object.entries(errors).flatMap(([name, messages]) => {
    const here = [...path, name];
    if (messages && typeof messages === 'object' && !Array.isArray(messages)) return fieldLines(messages, here);
    const label = here.map((part) => { const key = `field.${part}`; const text = t(key); return text === key ? part : text; });
    return [`${label.join(' · ')}: ${[messages].flat(Infinity).join(' ')}`];
  });
}

export function currentSession() { return session; }
export function whenSignedOut(listener) { onSignedOut = listener; }

function keep(next) {
  session = next;
  if (next) sessionStorage.setItem(KEY, JSON.stringify(next));
  else sessionStorage.removeItem(KEY);
}

function query(params) {
  const pairs = Object.entries(params || {}).filter(([, v]) => v !== '' && v !== null && v !== undefined);
  return pairs.length ? `?${new URLSearchParams(pairs)}` : '';
}

function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function send(path, { method = 'GET', body, params, token, key } = {}) {
  const headers = { Accept: 'application/json, application/problem+json', 'Accept-Language': lang() };
  const bearer = token ?? session?.access_token;
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (key) headers['Idempotency-Key'] = key;
  return fetch(BASE + path + query(params), {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit', cache: 'no-store',
  });
}

async function refreshed() {
  if (!session?.refresh_token) return false;
  const response = await send('/auth/refresh', { method: 'POST', token: session.refresh_token });
  if (!response.ok) return false;
  const { access_token: access } = await response.json();
  keep({ ...session, access_token: access });
  return true;
}

async function read(response) {
  if (response.status === 204) return null;
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = { detail: text.slice(0, 200) }; }
  if (!response.ok) throw new Problem(response.status, body || {});
  return body;
}

// One call: {data, page} where page is the X-Pagination header of a list, else null.
export async function call(path, options = {}) {
  const creates = options.method === 'POST';
  const sent = { ...options, key: options.key ?? (creates ? newKey() : undefined) };
  let response = await send(path, sent);
  if (response.status === 401 && session && !options.token && await refreshed()) {
    response = await send(path, sent);
  }
  if (response.status === 401 && session && !options.token) {
    keep(null);
    onSignedOut('expired');
  }
  const data = await read(response);
  const page = response.headers.get('X-Pagination');
  return { data, page: page ? JSON.parse(page) : null, headers: response.headers };
}

export async function get(path, params) { return (await call(path, { params })).data; }
export async function post(path, body) { return (await call(path, { method: 'POST', body: body ?? {} })).data; }
export async function list(path, params) { return call(path, { params }); }

export async function signIn(phone, password) {
  const { data } = await call('/auth/login', { method: 'POST', body: { phone, password } });
  const me = (await call('/me', { token: data.access_token })).data;
  if (me.service_point_id) {
    const point = await call(`/service-points/${encodeURIComponent(me.service_point_id)}`, { token: data.access_token }).catch(() => null);
    me.point_name = point?.data?.name ?? null;
  }
  return { tokens: data, me };
}

export function start(tokens, me) {
  keep({ access_token: tokens.access_token, refresh_token: tokens.refresh_token, me });
}

// Ends the sign-in on the server (token and refresh token) and forgets it here.
export async function signOut(tokens) {
  const access = tokens?.access_token ?? session?.access_token;
  keep(null);
  if (access) {
    try { await send('/auth/logout', { method: 'POST', token: access }); } catch { /* offline */ }
  }
}
