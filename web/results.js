// The result list, its status line and the pager.

import { h, markedText } from './dom.js';
import { typeLabel } from './citation.js';

const AUTHORS_SHOWN = 3;

// One hit as a list item. recordHref(id) gives the record view's URL.
// `heading` is the title's element (h3 where the list sits under an h2).
export function hitItem(hit, recordHref, heading = 'h2') {
  const title = hit.snippet?.title ? markedText(hit.snippet.title) : hit.title || '(untitled)';
  return h('li', { class: 'hit', dataset: { id: hit.id } },
    h(heading, { class: 'hit-title' },
      h('a', { href: recordHref(hit.id), class: 'record-link', dataset: { record: hit.id, focusKey: `hit:${hit.id}` } }, title)),
    authorLine(hit.authors ?? [], hit.authors_total ?? (hit.authors ?? []).length, hit.id),
    metaLine(hit),
    hit.snippet?.abstract ? h('p', { class: 'snippet' }, markedText(hit.snippet.abstract)) : null,
  );
}

// "A; B; C et al." with a button that shows every name the hit carries.
function authorLine(authors, total, id) {
  if (authors.length === 0) return null;
  const p = h('p', { class: 'authors' });
  const more = total - AUTHORS_SHOWN;
  if (more <= 0) {
    p.append(authors.join('; '));
    return p;
  }
  const shortList = h('span', null, authors.slice(0, AUTHORS_SHOWN).join('; '));
  const listId = `authors-${id}`;
  const full = h('span', { id: listId, hidden: true }, authors.join('; '),
    total > authors.length ? `; and ${total - authors.length} more` : '');
  const label = h('span', null, 'et al.');
  const hint = h('span', { class: 'visually-hidden' }, ` (all ${total} authors)`);
  const toggle = h('button', { type: 'button', class: 'link-button et-al', 'aria-expanded': 'false', 'aria-controls': listId }, label, hint);
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    label.textContent = open ? 'show fewer' : 'et al.';
    hint.hidden = open;
    shortList.hidden = open;
    full.hidden = !open;
  });
  p.append(shortList, full, ' ', toggle);
  return p;
}

function metaLine(hit) {
  const parts = [];
  if (hit.journal) parts.push(h('span', { class: 'journal' }, hit.journal));
  if (hit.year) parts.push(h('span', null, String(hit.year)));
  if (hit.type) parts.push(h('span', { class: 'type' }, typeLabel(hit.type)));
  if (hit.doi) parts.push(h('a', { href: `https://doi.org/${hit.doi}`, class: 'doi', rel: 'noopener noreferrer' }, `doi:${hit.doi}`));
  if (parts.length === 0) return null;
  const p = h('p', { class: 'meta' });
  parts.forEach((part, i) => {
    if (i > 0) p.append(h('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '));
    p.append(part);
  });
  return p;
}

// "46 results (1.7 ms)"; "About 10,000 results" when the total is an estimate.
export function statusText(res) {
  const n = res.total.toLocaleString('en');
  const count = res.total === 1 ? '1 result' : `${res.total_exact === false ? 'About ' : ''}${n} results`;
  const ms = res.took_ms < 10 ? res.took_ms.toFixed(1) : Math.round(res.took_ms).toString();
  return `${count} (${ms} ms)${res.timed_out ? ', search stopped early: results may be incomplete' : ''}`;
}

// Page links: 1 … 4 5 [6] 7 8 … 20, with Previous and Next.
// pageHref(n) gives each page's URL.
export function pagerItems(page, lastPage, pageHref) {
  if (lastPage <= 1) return [];
  const wanted = new Set([1, lastPage]);
  for (let n = page - 2; n <= page + 2; n++) if (n >= 1 && n <= lastPage) wanted.add(n);
  const numbers = [...wanted].sort((a, b) => a - b);
  const items = [];
  const link = (n, label, extra = {}) =>
    h('li', null, h('a', { href: pageHref(n), class: 'page-link', dataset: { page: n, focusKey: `page:${label}` }, ...extra }, label));
  items.push(page > 1 ? link(page - 1, 'Previous', { rel: 'prev' }) : h('li', null, h('span', { class: 'page-link disabled', 'aria-hidden': 'true' }, 'Previous')));
  let prev = 0;
  for (const n of numbers) {
    if (n - prev > 1) items.push(h('li', { class: 'gap', 'aria-hidden': 'true' }, '…'));
    items.push(n === page
      ? h('li', null, h('a', { href: pageHref(n), class: 'page-link current', 'aria-current': 'page', 'aria-label': `Page ${n}`, dataset: { page: n, focusKey: 'page:current' } }, String(n)))
      : link(n, String(n), { 'aria-label': `Page ${n}` }));
    prev = n;
  }
  items.push(page < lastPage ? link(page + 1, 'Next', { rel: 'next' }) : h('li', null, h('span', { class: 'page-link disabled', 'aria-hidden': 'true' }, 'Next')));
  return [h('ul', null, items)];
}
