// The record view: every field, the abstract in full, copy-citation, export
// of this record, the original RIS tags, and similar records.

import { h } from './dom.js';
import { EXPORT_FORMATS, exportUrl } from './api.js';
import { formatCitation, typeLabel } from './citation.js';
import { hitItem } from './results.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// ctx: { backHref, filterHref(name, value), recordHref(id) }
export function renderRecord(article, rec, ctx) {
  const c = rec;
  const row = (label, ...value) => (value.flat().some((v) => v != null && v !== '') ? [h('dt', null, label), h('dd', null, value)] : []);
  const linkList = (name, values) => values.map((v, i) => [i > 0 ? '; ' : '', h('a', { href: ctx.filterHref(name, v) }, v)]);
  const external = (href, text) => h('a', { href, rel: 'noopener noreferrer' }, text);

  const date = c.year ? [c.day && c.month ? `${c.day} ` : '', c.month ? `${MONTHS[c.month - 1] ?? ''} ` : '', String(c.year)].join('') : '';
  const pages = c.start_page ? (c.end_page && c.end_page !== c.start_page ? `${c.start_page}–${c.end_page}` : c.start_page) : '';
  const volume = [c.volume ? `Volume ${c.volume}` : '', c.issue ? `Issue ${c.issue}` : '', pages ? `Pages ${pages}` : ''].filter(Boolean).join(', ');

  const fields = h('dl', { class: 'fields' },
    row('Authors', linkList('author', c.authors ?? [])),
    row('Editors', (c.editors ?? []).join('; ')),
    row('Journal', c.journal ? h('a', { href: ctx.filterHref('journal', c.journal) }, c.journal) : '', c.journal_abbrev && c.journal_abbrev !== c.journal ? ` (${c.journal_abbrev})` : ''),
    row('Published', date),
    row('Volume', volume),
    row('Type', c.type ? h('a', { href: ctx.filterHref('type', c.type) }, typeLabel(c.type)) : ''),
    row('DOI', c.doi ? external(`https://doi.org/${c.doi}`, c.doi) : ''),
    row('PMID', c.pmid ? external(`https://pubmed.ncbi.nlm.nih.gov/${encodeURIComponent(c.pmid)}/`, c.pmid) : ''),
    row('PMCID', c.pmcid ? external(`https://www.ncbi.nlm.nih.gov/pmc/articles/${encodeURIComponent(c.pmcid)}/`, c.pmcid) : ''),
    row('ISSN', c.issn),
    row('Publisher', c.publisher),
    row('Language', c.language),
    row('Keywords', linkList('keyword', c.keywords ?? [])),
    row('Links', (c.urls ?? []).map((u, i) => [i > 0 ? h('br') : '', /^https?:\/\//i.test(u) ? external(u, u) : u])),
    row('Notes', (c.notes ?? []).map((n, i) => [i > 0 ? h('br') : '', n])),
    row('Record id', h('code', null, rec.id)),
    row('Sources', (rec.sources ?? []).map((s, i) => [i > 0 ? h('br') : '', `${s.file}, record ${s.ordinal}, line ${s.line}`])),
  );

  const citation = formatCitation(c);
  const copyStatus = h('span', { class: 'copy-status', role: 'status' });
  const citationText = h('p', { class: 'citation-text', id: 'citation-text' }, citation);
  const copy = h('button', { type: 'button', class: 'button', id: 'copy-citation' }, 'Copy citation');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(citation);
      copyStatus.textContent = 'Citation copied.';
    } catch {
      // No clipboard access (permissions, insecure origin): select the text
      // so Ctrl+C copies it.
      const range = document.createRange();
      range.selectNodeContents(citationText);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      copyStatus.textContent = 'Press Ctrl+C to copy the selected citation.';
    }
  });

  const exports = h('ul', { class: 'export-record', 'aria-label': 'Export this record' },
    EXPORT_FORMATS.map(({ format, label }) =>
      h('li', null, h('a', { href: exportUrl(format, { ids: rec.id }), download: '', class: 'button', dataset: { format } }, label))));

  const ris = (c.ris ?? []).length
    ? h('details', { class: 'ris' },
      h('summary', null, `Original RIS fields (${c.ris.length})`),
      h('div', { class: 'table-scroll' },
        h('table', null,
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Tag'), h('th', { scope: 'col' }, 'Value'))),
          h('tbody', null, c.ris.map(([tag, value]) => h('tr', null, h('td', null, h('code', null, tag)), h('td', null, value)))))))
    : null;

  const similarList = h('ol', { class: 'results similar', id: 'similar-list', 'aria-busy': 'true' });
  const similarStatus = h('p', { class: 'muted', id: 'similar-status' }, 'Looking for similar records…');

  article.replaceChildren(
    h('nav', { class: 'record-nav', 'aria-label': 'Record' }, h('a', { href: ctx.backHref, id: 'back-to-results' }, '← Back to results')),
    h('header', null,
      h('p', { class: 'record-kicker' }, [c.type ? typeLabel(c.type) : '', c.journal, c.year].filter(Boolean).join(' · ')),
      h('h1', { id: 'record-title', tabindex: '-1' }, c.title || '(untitled)')),
    h('div', { class: 'record-body' },
      h('div', { class: 'record-main' },
        h('section', { 'aria-labelledby': 'abstract-title' },
          h('h2', { id: 'abstract-title' }, 'Abstract'),
          c.abstract ? h('p', { class: 'abstract' }, c.abstract) : h('p', { class: 'muted' }, 'No abstract.')),
        h('section', { 'aria-labelledby': 'details-title' }, h('h2', { id: 'details-title' }, 'Details'), fields),
        ris),
      h('div', { class: 'record-side' },
        h('section', { 'aria-labelledby': 'cite-title', class: 'panel' },
          h('h2', { id: 'cite-title' }, 'Cite'),
          citationText,
          h('p', null, copy, ' ', copyStatus),
          h('h3', null, 'Export this record'),
          exports),
        h('section', { 'aria-labelledby': 'similar-title', class: 'panel' },
          h('h2', { id: 'similar-title' }, 'Similar records'),
          similarStatus,
          similarList))),
  );
}

// Fills the similar-records list once its answer arrives (or fails).
export function renderSimilar(article, hits, error, recordHref) {
  const list = article.querySelector('#similar-list');
  const status = article.querySelector('#similar-status');
  if (!list) return;
  list.removeAttribute('aria-busy');
  if (error) {
    status.textContent = `Similar records could not be loaded: ${error.message}`;
    return;
  }
  status.textContent = hits.length === 0 ? 'No similar records.' : '';
  status.hidden = hits.length > 0;
  list.replaceChildren(...hits.map((hit) => hitItem(hit, recordHref, 'h3')));
}

export function renderRecordError(article, error, backHref) {
  const missing = error.status === 404;
  article.replaceChildren(
    h('nav', { class: 'record-nav', 'aria-label': 'Record' }, h('a', { href: backHref, id: 'back-to-results' }, '← Back to results')),
    h('h1', { id: 'record-title', tabindex: '-1' }, missing ? 'Record not found' : 'The record could not be loaded'),
    h('p', null, missing ? 'There is no record with this id. It may have been removed from the index.' : error.message),
  );
}
