// Every HTTP call the UI makes: the gateway (same origin), the registry, ingest and alerting (URLs from /config.json)
// and the Pi's local agent. Errors become ApiError (the service answered) or NetworkError (it did not).

// The seed's key in localStorage: a session survives reloads and new tabs. Its life is bounded by Parse's
// sessionLength (30 days) and any 401 clears it (docs/security.md, "Sessions").
const TOKEN_KEY = 'sessionToken';

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details ?? [];
  }
}

/** fetch() itself failed: nothing listens there, the name does not resolve, or CORS refused the page. */
export class NetworkError extends Error {
  constructor(url, cause) {
    super(`no answer from ${url}`);
    this.url = url;
    this.cause = cause;
  }
}

let services = { registry: '', ingest: '', alerts: '' };
let onUnauthorized = () => {};

export async function loadConfig() {
  const config = await request('/config.json', { auth: false });
  services = {
    registry: withoutTrailingSlash(config.registryUrl), ingest: withoutTrailingSlash(config.ingestUrl),
    alerts: withoutTrailingSlash(config.alertsUrl),
  };
}

/** Called when a user call answers 401: the session was logged out or expired. */
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

export const session = {
  token: () => localStorage.getItem(TOKEN_KEY),
  save: (token) => localStorage.setItem(TOKEN_KEY, token),
  clear: () => localStorage.removeItem(TOKEN_KEY),
};

export const auth = {
  signup: (email, password) => request('/api/auth/signup', { method: 'POST', body: { email, password }, auth: false }),
  login: (email, password) => request('/api/auth/login', { method: 'POST', body: { email, password }, auth: false }),
  logout: () => request('/api/auth/logout', { method: 'POST', auth: true, quiet401: true }),
  me: () => request('/api/auth/me'),
  requestReset: (email) => request('/api/auth/password-reset', { method: 'POST', body: { email }, auth: false }),
  confirmReset: (token, password) =>
    request('/api/auth/password-reset/confirm', { method: 'POST', body: { token, password }, auth: false }),
  verifyEmail: (token) => request('/api/auth/verify-email', { method: 'POST', body: { token }, auth: false }),
  resendVerification: () => request('/api/auth/verify-email/resend', { method: 'POST' }),
  changePassword: (currentPassword, newPassword) =>
    request('/api/auth/password', { method: 'POST', body: { currentPassword, newPassword } }),
};

/** Personal API tokens; managing them needs the session, never a token. */
export const tokens = {
  list: () => request('/api/tokens'),
  create: (name, scopes, expiresInDays) => request('/api/tokens', { method: 'POST', body: { name, scopes, expiresInDays } }),
  revoke: (id) => request(`/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};

export const registry = {
  /** The caller's devices, or only those with this tag. */
  devices: (tag) => request(`${services.registry}/api/devices${tag ? `?${new URLSearchParams({ tag })}` : ''}`),
  claim: (code, deviceName) =>
    request(`${services.registry}/api/devices/claim`, { method: 'POST', body: { code, deviceName } }),
  device: (deviceId) => request(`${services.registry}/api/devices/${encodeURIComponent(deviceId)}`),
  register: (deviceId, deviceName) =>
    request(`${services.registry}/api/device/register`, { method: 'POST', body: { deviceId, deviceName } }),
  rename: (deviceId, name) =>
    request(`${services.registry}/api/devices/${encodeURIComponent(deviceId)}`, { method: 'PATCH', body: { name } }),
  rotateKey: (deviceId) =>
    request(`${services.registry}/api/devices/${encodeURIComponent(deviceId)}/rotate-key`, { method: 'POST' }),
  unpair: (deviceId, purge) =>
    request(`${services.registry}/api/devices/${encodeURIComponent(deviceId)}${purge ? '?purge=true' : ''}`,
      { method: 'DELETE' }),
  setTags: (deviceId, tags) =>
    request(`${services.registry}/api/devices/${encodeURIComponent(deviceId)}`, { method: 'PATCH', body: { tags } }),
};

/** Fleet control on the registry (docs/fleet.md); the bodies and answers are read by fleet-model.js. */
export const fleet = {
  config: (deviceId) => request(`${deviceUrl(deviceId)}/config`),
  changeConfig: (deviceId, patch) => request(`${deviceUrl(deviceId)}/config`, { method: 'PATCH', body: patch }),
  /** The newest commands first: one page. */
  commands: (deviceId, limit) => request(`${deviceUrl(deviceId)}/commands?${new URLSearchParams({ limit: String(limit) })}`),
  sendCommand: (deviceId, name) => request(`${deviceUrl(deviceId)}/commands`, { method: 'POST', body: { name } }),
  /** body: {deviceIds} or {tag}, plus the settings to change. */
  changeMany: (body) => request(`${services.registry}/api/fleet/config`, { method: 'POST', body }),
  /** body: {deviceIds} or {tag}, plus {name}. */
  commandMany: (body) => request(`${services.registry}/api/fleet/commands`, { method: 'POST', body }),
};

/** Sharing a device (docs/api.md, "Sharing a device"): the owner's side. */
export const shares = {
  list: (deviceId) => request(`${deviceUrl(deviceId)}/shares`),
  share: (deviceId, email, role) => request(`${deviceUrl(deviceId)}/shares`, { method: 'POST', body: { email, role } }),
  revoke: (deviceId, shareId) =>
    request(`${deviceUrl(deviceId)}/shares/${encodeURIComponent(shareId)}`, { method: 'DELETE' }),
};

/** Agent updates on the registry (docs/ota.md): the published releases, and the caller's staged rollouts. */
export const ota = {
  releases: () => request(`${services.registry}/api/releases`),
  rollouts: () => request(`${services.registry}/api/rollouts`),
  rollout: (id) => request(rolloutUrl(id)),
  /** body: {version, deviceIds | tag, waves, maxFailures, allowDowngrade?}. */
  startRollout: (body) => request(`${services.registry}/api/rollouts`, { method: 'POST', body }),
  /** action: pause, resume or cancel. */
  act: (id, action) => request(`${rolloutUrl(id)}/${action}`, { method: 'POST' }),
};

function rolloutUrl(id) {
  return `${services.registry}/api/rollouts/${encodeURIComponent(id)}`;
}

function deviceUrl(deviceId) {
  return `${services.registry}/api/devices/${encodeURIComponent(deviceId)}`;
}

export const ingest = {
  /**
   * A device page's refresh: {stepSeconds, steps, series: [{sensor, buckets: [{t, count, min, max, avg}]}],
   * latest: {t, sensors: [{sensor, value, t}]} or null}.
   */
  overview: (deviceId, params) => request(readingsUrl(deviceId, '/overview', params)),
  /** Every reading in [from, to) as CSV: {blob, filename}. Slow for long ranges, hence the long timeout. */
  exportCsv: (deviceId, params) => download(readingsUrl(deviceId, '/export.csv', params), 'readings.csv'),
};

function readingsUrl(deviceId, path, params) {
  return `${services.ingest}/api/readings/${encodeURIComponent(deviceId)}${path}?${new URLSearchParams(params)}`;
}

export const alerts = {
  rules: () => request(`${services.alerts}/api/alert-rules`),
  createRule: (rule) => request(`${services.alerts}/api/alert-rules`, { method: 'POST', body: rule }),
  deleteRule: (id) => request(`${services.alerts}/api/alert-rules/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  list: (params) => request(`${services.alerts}/api/alerts?${new URLSearchParams(params)}`),
  openCount: () => request(`${services.alerts}/api/alerts/open-count`),
  deliveries: (id) => request(`${services.alerts}/api/alerts/${encodeURIComponent(id)}/deliveries`),
};

/** The pi-agent's local API; it takes no user credential. */
export const pi = {
  identity: (base) => request(`${base}/device-id`, { auth: false, timeoutMs: 8000 }),
  register: (base, apiKey, deviceName) =>
    request(`${base}/device-register`, { method: 'POST', body: { apiKey, deviceName }, auth: false, timeoutMs: 20000 }),
};

async function request(url, { method = 'GET', body, auth = true, quiet401 = false, timeoutMs = 15000 } = {}) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
  }
  const response = await send(url, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), auth, timeoutMs,
  });
  const data = await response.json().catch(() => null);
  if (!response.ok || data === null || data.success === false) {
    throw failed(url, response, data, auth && !quiet401);
  }
  return data;
}

/**
 * A file the user saves. It needs the session header, so the page fetches it (a plain link could not send it).
 * The name comes from Content-Disposition, which the ingest exposes to the page (CORS Access-Control-Expose-Headers).
 */
async function download(url, fallbackName, { timeoutMs = 10 * 60000 } = {}) {
  const response = await send(url, { method: 'GET', headers: { accept: 'text/csv, application/json' }, auth: true, timeoutMs });
  if (!response.ok) {
    throw failed(url, response, await response.json().catch(() => null), true);
  }
  let blob;
  try {
    blob = await response.blob();
  } catch (cause) {
    throw new NetworkError(url, cause);
  }
  return { blob, filename: filenameOf(response.headers.get('content-disposition')) ?? fallbackName };
}

async function send(url, { method, headers, body, auth, timeoutMs }) {
  const token = session.token();
  if (auth && token) {
    headers['x-session-token'] = token;
  }
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    return await fetch(url, { method, headers, body, signal: abort.signal, cache: 'no-store' });
  } catch (cause) {
    throw new NetworkError(url, cause);
  } finally {
    clearTimeout(timer);
  }
}

function failed(url, response, data, reportUnauthorized) {
  const error = new ApiError(response.status, data?.error ?? `http_${response.status}`,
    data?.message ?? `${url} answered ${response.status}`, data?.details);
  if (response.status === 401 && reportUnauthorized) {
    onUnauthorized(error);
  }
  return error;
}

/** attachment; filename="a.csv" or filename*=UTF-8''a%20b.csv (preferred when both are given); null if neither. */
export function filenameOf(disposition) {
  const extended = /filename\*\s*=\s*UTF-8''([^;\s]+)/i.exec(disposition ?? '');
  if (extended) {
    try {
      return decodeURIComponent(extended[1]);
    } catch {
      // A malformed escape: fall back to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(disposition ?? '');
  const name = plain ? (plain[1]?.replace(/\\(.)/g, '$1') ?? plain[2]) : '';
  return name ? name : null;
}

function withoutTrailingSlash(url) {
  return (url ?? '').replace(/\/+$/, '');
}
