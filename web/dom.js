// Small DOM helpers. Everything the page shows is built from nodes and text:
// no record text ever goes through innerHTML.

// h('a', {href, class: 'x', onclick: fn}, 'text', childNode, [more]) -> element.
// Attributes that are null, undefined or false are left out; true sets "".
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value == null || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child);
  }
  return el;
}

export const byId = (id) => document.getElementById(id);

const parser = new DOMParser();

// The API's snippets are HTML in which every record character is escaped and
// only <mark>…</mark> is markup. They are parsed in an inert document (no
// scripts run, nothing loads) and rebuilt from text nodes and <mark>
// elements only, so even a snippet that broke that promise could not inject
// markup: any other element is reduced to its text.
export function markedText(html) {
  const body = parser.parseFromString(String(html), 'text/html').body;
  const out = document.createDocumentFragment();
  const walk = (node, into) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) into.append(child.data);
      else if (child.nodeType === Node.ELEMENT_NODE) {
        if (child.localName === 'mark') walk(child, into.appendChild(document.createElement('mark')));
        else walk(child, into);
      }
    }
  };
  walk(body, out);
  return out;
}

// Runs fn at most once per `ms` of quiet; .cancel() drops a pending call.
export function debounce(fn, ms) {
  let timer = 0;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}

// Keeps keyboard focus across a re-render: the focused element is found again
// by its data-focus-key in the new content.
export function keepFocus(container, render) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.dataset.focusKey : undefined;
  render();
  if (key === undefined) return;
  const again = [...container.querySelectorAll('[data-focus-key]')].find((el) => el.dataset.focusKey === key);
  if (again) again.focus();
}

// A plain left click without modifier keys: the page handles it itself;
// other clicks (new tab, new window) are left to the browser.
export function isPlainClick(event) {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}
