// The only place that talks to the server: the JSON API of docs/api.md.

const TIMEOUT_MS = 15000;

// The server answered with its error shape ({"error": {code, message, ...}}).
export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message || `The server answered with status ${status}.`);
    this.name = 'ApiError';
    this.status = status;
    this.code = error?.code ?? 'unknown';
    this.parameter = error?.parameter;
    this.position = error?.position;
  }
}

// No answer at all: the server is down, unreachable or too slow.
export class NetworkError extends Error {
  constructor(message) {
    super(message);
    this.name = 'NetworkError';
  }
}

// {q: 'x', author: ['a', 'b'], page: null} -> "q=x&author=a&author=b".
// Arrays become repeated parameters; null, undefined and '' are left out.
export function queryString(params) {
  const p = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v == null || v === '') continue;
      p.append(name, String(v));
    }
  }
  return p.toString();
}

export function apiUrl(path, params) {
  const qs = params ? queryString(params) : '';
  return qs ? `${path}?${qs}` : path;
}

// GET a JSON endpoint. Rejects with ApiError for an error status, NetworkError
// when nothing usable came back, and AbortError when `signal` aborted it.
export async function getJson(path, params, { signal } = {}) {
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let response;
  try {
    response = await fetch(apiUrl(path, params), { signal: combined, headers: { Accept: 'application/json' } });
  } catch (e) {
    throw translate(e, signal);
  }
  let body;
  try {
    body = await response.json();
  } catch (e) {
    if (e.name === 'AbortError' || e.name === 'TimeoutError') throw translate(e, signal);
    body = undefined;
  }
  if (!response.ok) throw new ApiError(response.status, body?.error);
  if (body === undefined) throw new ApiError(response.status, { code: 'bad_response', message: 'The server sent an answer that is not JSON.' });
  return body;
}

function translate(e, signal) {
  if (signal?.aborted) return signal.reason instanceof Error ? signal.reason : new DOMException('Aborted', 'AbortError');
  if (e.name === 'TimeoutError') return new NetworkError('The server did not answer in time.');
  return new NetworkError('The citesearch server cannot be reached.');
}

export const isAbort = (e) => e?.name === 'AbortError';

export const search = (params, opts) => getJson('/api/search', params, opts);
export const suggest = (q, opts) => getJson('/api/suggest', { q, size: 8 }, opts);
export const record = (id, opts) => getJson(`/api/records/${encodeURIComponent(id)}`, null, opts);
export const similar = (id, opts) => getJson(`/api/records/${encodeURIComponent(id)}/similar`, { size: 5 }, opts);
export const stats = (opts) => getJson('/api/stats', null, opts);

export const EXPORT_FORMATS = [
  { format: 'ris', label: 'RIS', ext: 'ris' },
  { format: 'bibtex', label: 'BibTeX', ext: 'bib' },
  { format: 'csljson', label: 'CSL-JSON', ext: 'json' },
  { format: 'csv', label: 'CSV', ext: 'csv' },
];

// Export of a search (q and filters) or of exactly the given record ids.
export const exportUrl = (format, params) => apiUrl('/api/export', { ...params, format });
