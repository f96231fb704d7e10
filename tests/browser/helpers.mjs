// Shared set-up for the browser tests: Debian's headless Chromium driven by
// playwright-core against the real citesearch-server that run.sh started.
// Every wait is bounded, and any request that leaves the loopback interface
// is refused and recorded (the page must need nothing from outside).

import { readFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const BASE = process.env.CITESEARCH_URL;
if (!BASE) throw new Error('CITESEARCH_URL is not set: run the browser tests with tests/browser/run.sh BUILD_DIR');

export const SEED = {
  doi: '10.1259/bjr.20220548',
  title: 'Synergizing liver systemic treatments with interventional oncology: friend or foe?',
  query: 'immune checkpoint interventional radiology',
};

// Screenshots go to a temporary folder so a test run leaves the work tree as it
// was; `CITESEARCH_SCREENSHOTS=docs/screenshots bash tests/browser/run.sh build`
// refreshes the ones shown in the README.
export const SCREENSHOTS = process.env.CITESEARCH_SCREENSHOTS
  ? path.resolve(process.env.CITESEARCH_SCREENSHOTS)
  : path.join(os.tmpdir(), 'citesearch-screenshots');
export const TIMEOUT = 10_000;

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    timeout: 30_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

// A fresh context and page. `problems` collects what must never happen:
// requests off the machine, page errors, console errors, CSP violations.
export async function openPage(browser, { width = 1280, height = 900, colorScheme = 'light', permissions = [] } = {}) {
  const context = await browser.newContext({
    viewport: { width, height }, colorScheme, baseURL: BASE, acceptDownloads: true, reducedMotion: 'reduce', permissions,
  });
  context.setDefaultTimeout(TIMEOUT);
  context.setDefaultNavigationTimeout(15_000);
  const problems = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || LOCAL_HOSTS.has(url.hostname)) return route.continue();
    problems.push(`external request: ${url.href}`);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.problems = problems;
  return { context, page, problems };
}

// Closes the context and fails the test if anything in `problems` happened.
export async function closePage({ context, problems }, { allow = [] } = {}) {
  await context.close();
  const left = problems.filter((p) => !allow.some((re) => re.test(p)));
  assert.deepEqual(left, [], 'the page made external requests or reported errors');
}

// The JSON API directly (to compare the page with what the API says).
export async function api(pathAndQuery) {
  const res = await fetch(new URL(pathAndQuery, BASE), { signal: AbortSignal.timeout(TIMEOUT) });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

// Waits until the results list has finished loading and shows a status.
export async function settled(page) {
  await page.waitForFunction(() => {
    const busy = document.getElementById('results').getAttribute('aria-busy') === 'true';
    const status = document.getElementById('status').textContent;
    return !busy && status !== '';
  }, null, { timeout: TIMEOUT });
}

// Types into the box and presses Enter; resolves when the results are in.
export async function searchFor(page, q) {
  await page.fill('#q', q);
  await page.press('#q', 'Enter');
  await page.waitForFunction((want) => new URLSearchParams(location.search).get('q') === want, q, { timeout: TIMEOUT });
  await settled(page);
}

export const hitTitles = (page) => page.locator('#results .hit-title').allTextContents();
export const urlParams = (page) => new URL(page.url()).searchParams;

// axe-core, injected into the page under test; returns the serious and
// critical violations, each with the nodes it found.
export async function seriousViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ')}`).join('\n  ')}`);
}

// document width within the viewport: no horizontal scrolling.
export function horizontalOverflow(page) {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 1 && el.checkVisibility())
      .slice(0, 5)
      .map((el) => `${el.localName}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`);
    return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, wide };
  });
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, name), fullPage: false });
}

// A facet value that narrows the given search (count below the total), preferring journals.
export async function narrowingFacet(query) {
  const { body } = await api(`/api/search?q=${encodeURIComponent(query)}&size=1&facets=journal,type,keyword,author`);
  for (const name of ['journal', 'type', 'keyword', 'author']) {
    const value = (body.facets?.[name] ?? []).find((v) => v.count < body.total && v.count > 0);
    if (value) return { name, value: value.value, count: value.count, total: body.total };
  }
  throw new Error(`no facet value narrows the search ${JSON.stringify(query)} (total ${body.total})`);
}
