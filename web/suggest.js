// As-you-type suggestions for the search box: the ARIA 1.2 combobox pattern
// (the input keeps focus; aria-activedescendant points at the active option).

import { h, debounce } from './dom.js';
import * as api from './api.js';

const KIND_LABEL = { author: 'author', journal: 'journal' };

// The word being typed: the text after the last space (a quoted phrase still
// being typed counts from its opening quote).
export function lastWord(value) {
  const m = /(?:^|\s)(\S*)$/.exec(value);
  return m ? m[1] : '';
}

// Lower-case, no accents, no punctuation: to compare with the server's folded text.
const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

// What choosing a suggestion does to the box: `before` is kept as typed and
// `replacement` takes the place of the rest. A word completes the last word
// (its text is read up to its last word, so a suggestion that repeats the
// earlier words is fine too); an author or journal name becomes a field
// search, of the whole box when the name starts with all of it.
export function completion(value, suggestion) {
  const word = lastWord(value);
  let before = value.slice(0, value.length - word.length);
  const field = /^(\w+):/.exec(word)?.[1];
  const quote = (t) => (/[\s:"()]/.test(t) ? `"${t.replaceAll('"', '')}"` : t);
  const text = suggestion.text.trim();
  if (suggestion.kind === 'author' || suggestion.kind === 'journal') {
    if (before.trim() && fold(text).startsWith(fold(value))) before = '';
    return { before, replacement: `${field ?? suggestion.kind}:${quote(text)}` };
  }
  const completed = text.split(/\s+/).at(-1);
  return { before, replacement: field ? `${field}:${quote(completed)}` : completed };
}

export function applySuggestion(value, suggestion) {
  const { before, replacement } = completion(value, suggestion);
  return `${before}${replacement} `;
}

export class Suggestions {
  // onChoose(newValue) runs when a suggestion is picked.
  constructor(input, listbox, { onChoose }) {
    this.input = input;
    this.listbox = listbox;
    this.onChoose = onChoose;
    this.items = [];
    this.active = -1;
    this.controller = null;
    this.fetchLater = debounce(() => this.fetch(), 90);

    input.addEventListener('keydown', (e) => this.onKeyDown(e));
    input.addEventListener('blur', () => this.close());
    // Keep focus in the input while an option is clicked.
    listbox.addEventListener('pointerdown', (e) => e.preventDefault());
    listbox.addEventListener('click', (e) => {
      const option = e.target.closest('[role="option"]');
      if (option) this.choose(Number(option.dataset.index));
    });
  }

  // Call on every input event.
  update() {
    const word = lastWord(this.input.value).replace(/^\w+:|^"/g, '');
    if (word.length < 2 || /[*")\]]$/.test(word)) {
      this.fetchLater.cancel();
      this.controller?.abort();
      this.close();
      return;
    }
    this.fetchLater();
  }

  async fetch() {
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    const asked = this.input.value;
    try {
      const answer = await api.suggest(asked, { signal: controller.signal });
      if (controller.signal.aborted || this.input.value !== asked || document.activeElement !== this.input) return;
      // A suggestion that would leave the box as it is adds nothing; nor do repeats.
      const seen = new Set([asked.trim()]);
      this.show((answer.suggestions ?? []).filter((s) => {
        const result = applySuggestion(asked, s).trim();
        return !seen.has(result) && seen.add(result);
      }));
    } catch (e) {
      // Suggestions are a convenience: failures are shown by the search itself.
      if (!api.isAbort(e)) this.close();
    }
  }

  show(items) {
    this.items = items;
    this.active = -1;
    this.input.removeAttribute('aria-activedescendant');
    if (items.length === 0) return this.close();
    // Each option reads as the query it makes; the part it adds is bold.
    this.listbox.replaceChildren(
      ...items.map((s, i) => {
        const { before, replacement } = completion(this.input.value, s);
        return h('li', { id: `suggestion-${i}`, role: 'option', 'aria-selected': 'false', class: 'suggestion', dataset: { index: i } },
          h('span', { class: 'suggestion-text' }, before, h('strong', null, replacement)),
          KIND_LABEL[s.kind] ? h('span', { class: 'kind' }, KIND_LABEL[s.kind]) : null);
      }),
    );
    this.listbox.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
  }

  get isOpen() {
    return !this.listbox.hidden;
  }

  close() {
    this.listbox.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
    this.active = -1;
  }

  // Drops pending and in-flight requests too (the query was just submitted).
  cancel() {
    this.fetchLater.cancel();
    this.controller?.abort();
    this.close();
  }

  move(delta) {
    if (!this.isOpen) {
      if (this.items.length === 0) return;
      this.listbox.hidden = false;
      this.input.setAttribute('aria-expanded', 'true');
    }
    const n = this.items.length;
    // From "none" (-1), down goes to the first and up to the last option.
    this.active = this.active === -1 ? (delta > 0 ? 0 : n - 1) : (this.active + delta + n) % n;
    for (const [i, li] of [...this.listbox.children].entries()) li.setAttribute('aria-selected', String(i === this.active));
    const option = this.listbox.children[this.active];
    this.input.setAttribute('aria-activedescendant', option.id);
    option.scrollIntoView({ block: 'nearest' });
  }

  choose(index) {
    const s = this.items[index];
    if (!s) return;
    const value = applySuggestion(this.input.value, s);
    this.cancel();
    this.items = [];
    this.input.value = value;
    this.onChoose(value);
  }

  onKeyDown(e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        this.move(1);
        break;
      case 'ArrowUp':
        if (!this.isOpen) return;
        e.preventDefault();
        this.move(-1);
        break;
      case 'Enter':
        if (this.isOpen && this.active >= 0) {
          e.preventDefault();
          this.choose(this.active);
        }
        break;
      case 'Escape':
        if (this.isOpen) {
          // Close the list only; a second Escape clears the box (type=search default).
          e.preventDefault();
          this.close();
        }
        break;
      case 'Tab':
        this.close();
        break;
    }
  }
}
