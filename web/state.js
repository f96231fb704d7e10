// The page state, and its one representation in the URL. The URL carries all
// of it (query, filters, years, sort, page, open record) so a bookmark or a
// shared link restores the same view, and Back/Forward walk through states.
// Parameter names are the API's, so the URL reads like the search it runs.

export const FILTERS = ['journal', 'author', 'type', 'keyword', 'source'];
export const SORTS = ['relevance', 'date', '-date'];
export const DEFAULT_SIZE = 10;
const MAX_WINDOW = 10000; // the API's page*size limit

export function emptyState() {
  return {
    q: '',
    filters: Object.fromEntries(FILTERS.map((f) => [f, []])),
    yearFrom: null,
    yearTo: null,
    sort: 'relevance',
    page: 1,
    size: DEFAULT_SIZE,
    record: null,
  };
}

const intOrNull = (s) => (s != null && /^\d{1,4}$/.test(s.trim()) ? Number(s.trim()) : null);

export function stateFromUrl(search) {
  const p = new URLSearchParams(search);
  const s = emptyState();
  s.q = p.get('q') ?? '';
  for (const f of FILTERS) s.filters[f] = [...new Set(p.getAll(f).filter((v) => v !== ''))];
  s.yearFrom = intOrNull(p.get('year_from'));
  s.yearTo = intOrNull(p.get('year_to'));
  if (SORTS.includes(p.get('sort'))) s.sort = p.get('sort');
  const size = Number(p.get('size'));
  if (Number.isInteger(size) && size >= 1 && size <= 100) s.size = size;
  const page = Number(p.get('page'));
  if (Number.isInteger(page) && page >= 1) s.page = Math.min(page, Math.floor(MAX_WINDOW / s.size));
  s.record = p.get('record') || null;
  return s;
}

// The URL path and query for a state; defaults are left out.
export function urlFromState(s) {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const f of FILTERS) for (const v of s.filters[f]) p.append(f, v);
  if (s.yearFrom != null) p.set('year_from', s.yearFrom);
  if (s.yearTo != null) p.set('year_to', s.yearTo);
  if (s.sort !== 'relevance') p.set('sort', s.sort);
  if (s.size !== DEFAULT_SIZE) p.set('size', s.size);
  if (s.page > 1) p.set('page', s.page);
  if (s.record) p.set('record', s.record);
  const qs = p.toString();
  return qs ? `./?${qs}` : './';
}

// The query and filters, as the API's search and export take them.
export function filterParams(s) {
  return { q: s.q, year_from: s.yearFrom, year_to: s.yearTo, ...s.filters };
}

export function searchParams(s) {
  return { ...filterParams(s), sort: s.sort === 'relevance' ? null : s.sort, page: s.page, size: s.size };
}

export const hasFilters = (s) => s.yearFrom != null || s.yearTo != null || FILTERS.some((f) => s.filters[f].length > 0);

// Nothing asked for yet: the page shows its landing view instead of "everything".
export const isLanding = (s) => s.q.trim() === '' && !hasFilters(s);

// Copies with one thing changed; states are never mutated in place.
export function withQuery(s, q) {
  return { ...s, q, page: 1, record: null };
}

export function withFilterToggled(s, name, value) {
  const current = s.filters[name];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return { ...s, filters: { ...s.filters, [name]: next }, page: 1, record: null };
}

export function withYears(s, yearFrom, yearTo) {
  if (yearFrom != null && yearTo != null && yearFrom > yearTo) [yearFrom, yearTo] = [yearTo, yearFrom];
  return { ...s, yearFrom, yearTo, page: 1, record: null };
}

export function withoutFilters(s) {
  return { ...emptyState(), q: s.q, sort: s.sort, size: s.size };
}

// A search that shows only this filter value (used by links from a record).
export function searchFor(name, value) {
  const s = emptyState();
  s.filters[name] = [value];
  return s;
}
