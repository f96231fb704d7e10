// Facets beside the results (a year histogram with a range, and value lists
// with counts) and the chips that show and remove active filters.

import { h, keepFocus, debounce } from './dom.js';
import { typeLabel } from './citation.js';

export const LIST_FACETS = [
  { name: 'journal', title: 'Journals' },
  { name: 'author', title: 'Authors' },
  { name: 'type', title: 'Types' },
  { name: 'keyword', title: 'Keywords' },
];
export const FACET_PARAM = ['year', ...LIST_FACETS.map((f) => f.name)].join(',');
const FILTER_LABEL = { journal: 'Journal', author: 'Author', type: 'Type', keyword: 'Keyword', source: 'Source' };
const SHOWN = 6;

export const displayValue = (name, value) => (name === 'type' ? typeLabel(value) : value);

// The value lists. onToggle(name, value) adds or removes a filter.
export class FacetLists {
  constructor(container, { onToggle }) {
    this.container = container;
    this.onToggle = onToggle;
    this.expanded = new Set();
    container.addEventListener('click', (e) => {
      const button = e.target.closest('button[data-facet]');
      if (button) this.onToggle(button.dataset.facet, button.dataset.value);
    });
  }

  render(facets, state) {
    keepFocus(this.container, () => {
      const sections = LIST_FACETS.map(({ name, title }) => this.section(name, title, facets?.[name] ?? [], state.filters[name]));
      this.container.replaceChildren(...sections.filter(Boolean));
    });
  }

  section(name, title, values, selected) {
    // Selected values always show, first, even when the answer left them out.
    const listed = new Map(values.map((v) => [v.value, v.count]));
    const rows = [
      ...selected.map((value) => ({ value, count: listed.get(value) })),
      ...values.filter((v) => !selected.includes(v.value)),
    ];
    if (rows.length === 0) return null;
    const open = this.expanded.has(name);
    const id = `facet-${name}`;
    const items = rows.map((row, i) =>
      h('li', { hidden: !open && i >= SHOWN && !selected.includes(row.value) },
        h('button', {
          type: 'button', class: 'facet-value', 'aria-pressed': String(selected.includes(row.value)),
          dataset: { facet: name, value: row.value, focusKey: `facet:${name}:${row.value}` },
        },
        h('span', { class: 'facet-label' }, displayValue(name, row.value)),
        row.count != null ? h('span', { class: 'count' }, row.count.toLocaleString('en')) : null)));
    let more = null;
    if (rows.length > SHOWN) {
      more = h('button', {
        type: 'button', class: 'link-button more', 'aria-expanded': String(open), 'aria-controls': `${id}-list`,
        dataset: { focusKey: `more:${name}` },
      }, open ? 'Show fewer' : `Show ${rows.length - SHOWN} more`);
      more.addEventListener('click', () => {
        const nowOpen = !this.expanded.has(name);
        if (nowOpen) this.expanded.add(name);
        else this.expanded.delete(name);
        items.forEach((li, i) => { li.hidden = !nowOpen && i >= SHOWN && li.querySelector('[aria-pressed="true"]') === null; });
        more.setAttribute('aria-expanded', String(nowOpen));
        more.textContent = nowOpen ? 'Show fewer' : `Show ${rows.length - SHOWN} more`;
      });
    }
    return h('section', { class: 'facet', 'aria-labelledby': `${id}-title` },
      h('h2', { id: `${id}-title` }, title),
      h('ul', { id: `${id}-list`, class: 'facet-list' }, items),
      more);
  }
}

// The year facet: a histogram you can drag across, two range sliders and two
// number inputs that all edit the same range. onCommit(from, to) applies it;
// null means open-ended.
export class YearFilter {
  constructor(els, { onCommit }) {
    Object.assign(this, els);
    this.onCommit = onCommit;
    this.domain = null; // [first, last] year shown
    this.range = [null, null];
    this.commitLater = debounce(() => this.commit(), 450);

    const sliderInput = (which) => () => {
      let lo = Number(this.minSlider.value);
      let hi = Number(this.maxSlider.value);
      if (lo > hi) {
        if (which === 'min') hi = lo;
        else lo = hi;
      }
      this.preview(lo === this.domain[0] ? null : lo, hi === this.domain[1] ? null : hi);
    };
    this.minSlider.addEventListener('input', sliderInput('min'));
    this.maxSlider.addEventListener('input', sliderInput('max'));
    // Keyboard steps fire a change each; commit once the user pauses.
    this.minSlider.addEventListener('change', () => this.commitLater());
    this.maxSlider.addEventListener('change', () => this.commitLater());

    const typed = () => {
      const read = (input) => (/^\d{1,4}$/.test(input.value.trim()) ? Number(input.value) : null);
      this.preview(read(this.fromInput), read(this.toInput), { keepInputs: true });
      this.commit();
    };
    this.fromInput.addEventListener('change', typed);
    this.toInput.addEventListener('change', typed);

    this.histogram.addEventListener('pointerdown', (e) => this.brushStart(e));
  }

  // base: year facet without the year range applied (so the whole histogram
  // stays visible while a range is selected); current: with it.
  update(base, state) {
    const years = (base ?? []).map((v) => ({ year: Number(v.value), count: v.count })).filter((v) => Number.isInteger(v.year) && v.year > 0);
    const filtered = state.yearFrom != null || state.yearTo != null;
    this.section.hidden = years.length === 0 && !filtered;
    this.range = [state.yearFrom, state.yearTo];
    if (years.length === 0) {
      this.domain = null;
      this.histogram.replaceChildren();
      this.setInputs();
      this.minSlider.parentElement.hidden = true;
      return;
    }
    let first = Math.min(...years.map((v) => v.year));
    let last = Math.max(...years.map((v) => v.year));
    if (last - first > 150) first = last - 150; // keep bars visible; the inputs reach further
    this.domain = [first, last];
    const counts = new Map(years.map((v) => [v.year, v.count]));
    const max = Math.max(...years.map((v) => v.count));
    const bars = [];
    for (let y = first; y <= last; y++) {
      const count = counts.get(y) ?? 0;
      const bar = h('span', { class: 'bar', title: `${y}: ${count}`, dataset: { year: y } });
      bar.style.height = `${count === 0 ? 0 : Math.max(6, Math.round((count / max) * 100))}%`;
      bars.push(bar);
    }
    this.histogram.replaceChildren(...bars);
    this.histogram.dataset.first = first;
    this.histogram.dataset.last = last;
    const single = first === last;
    this.minSlider.parentElement.hidden = single;
    for (const slider of [this.minSlider, this.maxSlider]) {
      slider.min = first;
      slider.max = last;
      slider.step = 1;
    }
    this.setInputs();
  }

  preview(from, to, { keepInputs = false } = {}) {
    this.range = [from, to];
    this.setInputs(keepInputs);
  }

  setInputs(keepInputs = false) {
    const [from, to] = this.range;
    if (!keepInputs) {
      this.fromInput.value = from ?? '';
      this.toInput.value = to ?? '';
    }
    if (this.domain) {
      const clamp = (y) => Math.min(this.domain[1], Math.max(this.domain[0], y));
      const lo = clamp(from ?? this.domain[0]);
      const hi = clamp(to ?? this.domain[1]);
      this.minSlider.value = lo;
      this.maxSlider.value = hi;
      this.minSlider.setAttribute('aria-valuetext', from == null ? `any year (from ${this.domain[0]})` : String(lo));
      this.maxSlider.setAttribute('aria-valuetext', to == null ? `any year (to ${this.domain[1]})` : String(hi));
      for (const bar of this.histogram.children) {
        const y = Number(bar.dataset.year);
        bar.classList.toggle('in-range', y >= lo && y <= hi);
      }
    }
    this.fromInput.placeholder = this.domain ? String(this.domain[0]) : '';
    this.toInput.placeholder = this.domain ? String(this.domain[1]) : '';
  }

  commit() {
    this.commitLater.cancel();
    this.onCommit(this.range[0], this.range[1]);
  }

  yearAt(clientX) {
    const box = this.histogram.getBoundingClientRect();
    const [first, last] = this.domain;
    const n = last - first + 1;
    const i = Math.floor(((clientX - box.left) / box.width) * n);
    return first + Math.min(n - 1, Math.max(0, i));
  }

  // Drag across the histogram to select a range; a click selects one year.
  brushStart(e) {
    if (!this.domain || e.button !== 0) return;
    e.preventDefault();
    const anchor = this.yearAt(e.clientX);
    this.histogram.setPointerCapture(e.pointerId);
    const set = (x) => {
      const y = this.yearAt(x);
      this.preview(Math.min(anchor, y), Math.max(anchor, y));
    };
    set(e.clientX);
    const move = (ev) => set(ev.clientX);
    const up = () => {
      this.histogram.removeEventListener('pointermove', move);
      this.histogram.removeEventListener('pointerup', up);
      this.histogram.removeEventListener('pointercancel', up);
      this.commit();
    };
    this.histogram.addEventListener('pointermove', move);
    this.histogram.addEventListener('pointerup', up);
    this.histogram.addEventListener('pointercancel', up);
  }
}

// A chip per active filter; onRemove(name, value) drops one ('year' for the
// range), onClear() drops them all.
export function renderChips(ul, state, { onRemove, onClear }) {
  const chip = (label, name, value) =>
    h('li', null, h('button', {
      type: 'button', class: 'chip', 'aria-label': `Remove filter ${label}`,
      dataset: { focusKey: `chip:${name}:${value}` },
      onclick: () => onRemove(name, value),
    }, h('span', null, label), h('span', { class: 'chip-x', 'aria-hidden': 'true' }, '×')));
  const chips = [];
  for (const name of Object.keys(state.filters)) {
    for (const value of state.filters[name]) chips.push(chip(`${FILTER_LABEL[name] ?? name}: ${displayValue(name, value)}`, name, value));
  }
  const { yearFrom: from, yearTo: to } = state;
  if (from != null || to != null) {
    const label = from != null && to != null ? (from === to ? `Year: ${from}` : `Years: ${from}–${to}`) : from != null ? `Years: from ${from}` : `Years: up to ${to}`;
    chips.push(chip(label, 'year', ''));
  }
  if (chips.length > 1) {
    chips.push(h('li', null, h('button', { type: 'button', class: 'link-button clear-all', dataset: { focusKey: 'chip:clear' }, onclick: onClear }, 'Clear all filters')));
  }
  ul.replaceChildren(...chips);
  ul.hidden = chips.length === 0;
}
