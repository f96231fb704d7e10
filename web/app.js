// The search page's controller: state in the URL, one render per state, and
// the wiring between the search box, results, facets and record view.

import * as api from './api.js';
import { byId, h, debounce, isPlainClick } from './dom.js';
import {
  stateFromUrl, urlFromState, searchParams, filterParams, isLanding, hasFilters,
  withQuery, withFilterToggled, withYears, withoutFilters, searchFor,
} from './state.js';
import { Suggestions } from './suggest.js';
import { hitItem, statusText, pagerItems } from './results.js';
import { FacetLists, YearFilter, renderChips, FACET_PARAM } from './facets.js';
import { renderRecord, renderSimilar, renderRecordError } from './record.js';

const el = Object.fromEntries([
  'q', 'search-form', 'suggestions', 'query-error', 'help', 'help-button', 'help-close', 'banner', 'banner-text',
  'banner-retry', 'progress', 'main', 'landing', 'landing-stats', 'search-view', 'status', 'filters-toggle', 'sort',
  'export-menu', 'export-list', 'did-you-mean', 'did-you-mean-link', 'understood', 'understood-text', 'chips',
  'facets', 'facet-year', 'histogram', 'year-min-slider', 'year-max-slider', 'year-from', 'year-to', 'facet-lists',
  'results', 'empty', 'empty-query', 'pager', 'record-view', 'footer-stats',
].map((id) => [id.replace(/-(\w)/g, (_, c) => c.toUpperCase()), byId(id)]));

let state = stateFromUrl(location.search);
// True while the words in the box have their own history entry: further
// keystrokes replace it instead of adding one per letter.
let typing = false;
// What to focus once the next render has settled (set by user navigation).
let pendingFocus = null;

// ---- navigation -----------------------------------------------------------

function navigate(next, { replace = false, focus = null, typed = false, force = false } = {}) {
  if (!typed) {
    searchAsYouType.cancel();
    typing = false;
  }
  state = next;
  pendingFocus = focus;
  const url = new URL(urlFromState(state), location.href);
  if (url.href !== location.href) history[replace ? 'replaceState' : 'pushState'](null, '', url);
  render({ force });
}

const recordHref = (id) => urlFromState({ ...state, record: id });
const resultsHref = () => urlFromState({ ...state, record: null });

window.addEventListener('popstate', () => {
  state = stateFromUrl(location.search);
  el.q.value = state.q;
  suggestions.cancel();
  typing = false;
  pendingFocus = state.record ? 'record' : null;
  render();
});

// In-page links (results, pager, record fields, "back") change the state
// instead of loading the page again; other clicks (new tab) are the browser's.
document.addEventListener('click', (e) => {
  const a = e.target.closest('a[href]');
  if (a && isPlainClick(e) && !a.hasAttribute('download') && !a.target) {
    const url = new URL(a.href);
    if (url.origin === location.origin && url.pathname === location.pathname) {
      e.preventDefault();
      el.exportMenu.open = false;
      const next = stateFromUrl(url.search);
      let focus = null;
      if (next.record) focus = 'record';
      else if (state.record) focus = { hit: state.record };
      else if (a.dataset.page) focus = 'results';
      if (next.q !== el.q.value.trim()) el.q.value = next.q;
      navigate(next, { focus });
      return;
    }
  }
  const example = e.target.closest('[data-query]');
  if (example) {
    el.help.close();
    el.q.value = example.dataset.query;
    navigate(withQuery(withoutFilters(state), example.dataset.query), { focus: 'results' });
    return;
  }
  if (e.target.closest('[data-open-help]')) openHelp();
  // A chosen format downloads; the menu closes either way.
  if (!e.target.closest('#export-menu') || e.target.closest('#export-list a')) el.exportMenu.open = false;
});

// ---- the search box --------------------------------------------------------

const suggestions = new Suggestions(el.q, el.suggestions, {
  onChoose: (value) => navigate(withQuery(state, value.trim())),
});

const searchAsYouType = debounce(() => {
  const q = el.q.value.trim();
  if (q === state.q && !state.record) return;
  navigate(withQuery(state, q), { replace: typing, typed: true });
  typing = true;
}, 200);

el.q.addEventListener('input', () => {
  suggestions.update();
  searchAsYouType();
});

el.searchForm.addEventListener('submit', (e) => {
  e.preventDefault();
  suggestions.cancel();
  const q = el.q.value.trim();
  // Enter always searches again (after an error, a retry is what is wanted).
  navigate(withQuery(state, q), { replace: typing && q === state.q, force: true });
});

// "/" focuses the search box from anywhere but a text field.
document.addEventListener('keydown', (e) => {
  if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
  const t = e.target;
  if (t.closest?.('input, textarea, select, [contenteditable="true"]') || el.help.open) return;
  e.preventDefault();
  el.q.focus();
  el.q.select();
});

// ---- controls ---------------------------------------------------------------

el.sort.addEventListener('change', () => navigate({ ...state, sort: el.sort.value, page: 1 }));

el.filtersToggle.addEventListener('click', () => {
  const open = el.filtersToggle.getAttribute('aria-expanded') !== 'true';
  el.filtersToggle.setAttribute('aria-expanded', String(open));
  el.facets.classList.toggle('open', open);
});

const facetLists = new FacetLists(el.facetLists, {
  onToggle: (name, value) => navigate(withFilterToggled(state, name, value)),
});

const yearFilter = new YearFilter({
  section: el.facetYear, histogram: el.histogram, minSlider: el.yearMinSlider, maxSlider: el.yearMaxSlider,
  fromInput: el.yearFrom, toInput: el.yearTo,
}, {
  onCommit: (from, to) => {
    if (from === state.yearFrom && to === state.yearTo) return;
    navigate(withYears(state, from, to));
  },
});

const removeFilter = (name, value) => {
  const next = name === 'year' ? withYears(state, null, null) : withFilterToggled(state, name, value);
  navigate(next, { focus: 'chips' });
};

const clearFilters = () => navigate(withoutFilters(state), { focus: 'search' });

el.exportList.append(...api.EXPORT_FORMATS.map(({ format, label }) =>
  h('li', null, h('a', { download: '', dataset: { format } }, label))));
el.exportMenu.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && el.exportMenu.open) {
    el.exportMenu.open = false;
    el.exportMenu.querySelector('summary').focus();
  }
});

function openHelp() {
  el.help.showModal();
}
el.helpButton.addEventListener('click', openHelp);
el.helpClose.addEventListener('click', () => el.help.close());
el.help.addEventListener('click', (e) => {
  if (e.target === el.help) el.help.close(); // a click on the backdrop
});

el.bannerRetry.addEventListener('click', () => {
  hideBanner();
  render({ force: true });
});

// ---- rendering --------------------------------------------------------------

function showView(name) {
  el.landing.hidden = name !== 'landing';
  el.searchView.hidden = name !== 'search';
  el.recordView.hidden = name !== 'record';
}

function render({ force = false } = {}) {
  el.sort.value = state.sort;
  if (state.record) {
    showView('record');
    loadRecord(state.record, { force });
  } else if (isLanding(state)) {
    showView('landing');
    cancelSearch();
    clearQueryError();
    shownSearch = null;
    document.title = 'citesearch';
    settleFocus();
  } else {
    showView('search');
    document.title = `${state.q || 'Filtered records'} – citesearch`;
    runSearch({ force });
  }
}

let searchController = null;
let shownSearch = null; // the parameters of the results on screen
let busyTimer = 0;

function cancelSearch() {
  searchController?.abort();
  setBusy(false);
}

function setBusy(busy) {
  clearTimeout(busyTimer);
  el.results.setAttribute('aria-busy', String(busy));
  if (busy) busyTimer = setTimeout(() => { el.progress.hidden = false; }, 150);
  else el.progress.hidden = true;
}

async function runSearch({ force = false } = {}) {
  const params = searchParams(state);
  const key = JSON.stringify(params);
  if (!force && key === shownSearch) {
    settleFocus();
    return;
  }
  searchController?.abort();
  const controller = (searchController = new AbortController());
  const { signal } = controller;
  const shownFor = state;
  setBusy(true);
  try {
    const yearRange = state.yearFrom != null || state.yearTo != null;
    const [res, base] = await Promise.all([
      api.search({ ...params, facets: FACET_PARAM }, { signal }),
      // With a year range active, the histogram still shows every year.
      yearRange
        ? api.search({ ...params, year_from: null, year_to: null, page: 1, size: 1, facets: 'year' }, { signal }).catch((e) => {
          if (api.isAbort(e)) throw e;
          return null;
        })
        : null,
    ]);
    if (signal.aborted) return;
    shownSearch = key;
    hideBanner();
    clearQueryError();
    showResults(res, (base ?? res).facets?.year, shownFor);
  } catch (e) {
    if (api.isAbort(e) || signal.aborted) return;
    shownSearch = null;
    showSearchError(e);
  } finally {
    if (searchController === controller) setBusy(false);
  }
  settleFocus();
}

function showResults(res, yearFacet, s) {
  const hits = res.hits ?? [];
  el.status.textContent = statusText(res);
  el.results.start = (s.page - 1) * s.size + 1;
  el.results.replaceChildren(...hits.map((hit) => hitItem(hit, recordHref)));
  el.results.hidden = hits.length === 0;

  el.empty.hidden = res.total > 0;
  el.emptyQuery.textContent = s.q || 'these filters';
  byId('empty-filter-hint').hidden = !hasFilters(s);

  if (res.suggestion) {
    el.didYouMeanLink.textContent = res.suggestion;
    el.didYouMeanLink.href = urlFromState(withQuery(s, res.suggestion));
  }
  el.didYouMean.hidden = !res.suggestion;

  el.understoodText.textContent = res.understood ?? '';
  el.understood.hidden = !res.understood;

  const lastPage = Math.min(Math.ceil(res.total / s.size), Math.floor(10000 / s.size));
  el.pager.replaceChildren(...pagerItems(s.page, lastPage, (n) => urlFromState({ ...s, page: n })));
  el.pager.hidden = lastPage <= 1;

  renderChips(el.chips, s, { onRemove: removeFilter, onClear: clearFilters });
  facetLists.render(res.facets ?? {}, s);
  yearFilter.update(yearFacet, s);
  showFacets(!el.facetYear.hidden || el.facetLists.childElementCount > 0);

  for (const a of el.exportList.querySelectorAll('a')) a.href = api.exportUrl(a.dataset.format, filterParams(s));
  el.exportMenu.hidden = res.total === 0;
}

// Without facets to show, the results take the whole width.
function showFacets(any) {
  el.filtersToggle.hidden = !any;
  el.facets.hidden = !any;
  el.facets.parentElement.classList.toggle('no-facets', !any);
}

// A refused request shows the API's message next to the box; a failure of the
// server or the network shows a banner with Retry.
function showSearchError(e) {
  el.results.replaceChildren();
  facetLists.render({}, state);
  el.facetYear.hidden = true;
  showFacets(false);
  renderChips(el.chips, state, { onRemove: removeFilter, onClear: clearFilters });
  el.pager.hidden = true;
  el.empty.hidden = true;
  el.didYouMean.hidden = true;
  el.understood.hidden = true;
  el.exportMenu.hidden = true;
  if (e instanceof api.ApiError && e.status >= 400 && e.status < 500) {
    el.status.textContent = 'The query was not accepted.';
    showQueryError(e.message);
  } else {
    el.status.textContent = 'The search could not be run.';
    showBanner(e instanceof api.NetworkError
      ? `${e.message} Check that citesearch-server is running, then retry.`
      : `The server could not search: ${e.message}`);
  }
}

function showQueryError(message) {
  el.queryError.textContent = message;
  el.q.setAttribute('aria-invalid', 'true');
}

function clearQueryError() {
  el.queryError.textContent = '';
  el.q.removeAttribute('aria-invalid');
}

function showBanner(text) {
  el.bannerText.textContent = text;
  el.banner.hidden = false;
}

function hideBanner() {
  el.banner.hidden = true;
}

// ---- the record view ----------------------------------------------------------

let recordController = null;
let shownRecord = null;

async function loadRecord(id, { force = false } = {}) {
  cancelSearch();
  if (!force && shownRecord === id) {
    refreshRecordLinks();
    settleFocus();
    return;
  }
  recordController?.abort();
  const controller = (recordController = new AbortController());
  const { signal } = controller;
  el.recordView.setAttribute('aria-busy', 'true');
  try {
    const rec = await api.record(id, { signal });
    if (signal.aborted) return;
    hideBanner();
    shownRecord = id;
    document.title = `${rec.title || 'Record'} – citesearch`;
    renderRecord(el.recordView, rec, {
      backHref: resultsHref(),
      filterHref: (name, value) => urlFromState(searchFor(name, value)),
    });
    api.similar(id, { signal })
      .then((answer) => renderSimilar(el.recordView, answer.hits ?? [], null, recordHref))
      .catch((e) => { if (!api.isAbort(e)) renderSimilar(el.recordView, [], e, recordHref); });
  } catch (e) {
    if (api.isAbort(e) || signal.aborted) return;
    shownRecord = null;
    if (e instanceof api.NetworkError || e.status >= 500) showBanner(`${e.message} The record could not be loaded.`);
    renderRecordError(el.recordView, e, resultsHref());
    document.title = 'Record not available – citesearch';
  } finally {
    el.recordView.removeAttribute('aria-busy');
  }
  settleFocus();
}

// The back link follows the search state the record was opened from.
function refreshRecordLinks() {
  const back = el.recordView.querySelector('#back-to-results');
  if (back) back.href = resultsHref();
}

// ---- focus ----------------------------------------------------------------------

function settleFocus() {
  const focus = pendingFocus;
  pendingFocus = null;
  if (!focus) return;
  if (focus === 'record') el.recordView.querySelector('#record-title')?.focus();
  else if (focus === 'results') (el.results.querySelector('a.record-link') ?? el.status).focus?.();
  else if (focus === 'search') el.q.focus();
  else if (focus === 'chips') (el.chips.querySelector('button') ?? el.q).focus();
  else if (focus.hit) {
    const link = el.results.querySelector(`a.record-link[data-record="${CSS.escape(focus.hit)}"]`);
    (link ?? el.main).focus();
  }
}

// ---- start --------------------------------------------------------------------------

api.stats().then((s) => {
  const n = (s.records ?? 0).toLocaleString('en');
  el.footerStats.textContent = `${n} records indexed${s.last_indexed ? `, last updated ${new Date(s.last_indexed).toLocaleString('en')}` : ''}.`;
  el.landingStats.textContent = `Search ${n} records: titles, abstracts, authors, journals and keywords, with PubMed-style field tags.`;
}).catch((e) => {
  if (e instanceof api.NetworkError && isLanding(state)) showBanner(`${e.message} Check that citesearch-server is running, then retry.`);
});

el.q.value = state.q;
render();
if (isLanding(state) && !state.record) el.q.focus();
