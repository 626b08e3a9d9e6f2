// Every reader (issue 21): the built edition and the fixture tests/fixtures/readers, read in
// Chromium as readers who depend on these would read them: at 320 px (a phone, or 400% zoom),
// in forced colours (Windows high contrast, dark and light), by a screen reader (the
// accessibility tree Chromium gives it), by touch, and at the reader's own default text size.
// Run from the repository root after `cargo build --release`: `npm --prefix tests/browser test`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, glossatorBinary } from './chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const artifacts = join(repo, 'target', 'test-artifacts', 'browser');

/** The two editions read here: this repository's and the fixture, each built into `out/<name>`. */
const EDITIONS = { edition: repo, fixture: join(repo, 'tests', 'fixtures', 'readers') };

let out, server, browser, base;
/** Every HTML page of each built edition, as paths below the site's root. */
const pages = {};

function htmlFiles(dir) {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

before(async () => {
  out = mkdtempSync(join(tmpdir(), 'glossator-readers-'));
  for (const [name, root] of Object.entries(EDITIONS)) {
    const site = join(out, name);
    const built = spawnSync(glossatorBinary, ['build', '--root', root, '--output', site], { encoding: 'utf8' });
    assert.equal(built.status, 0, `${name} builds: ${built.stderr}`);
    pages[name] = htmlFiles(site).map(p => relative(site, p)).sort();
  }
  const port = 20000 + Math.floor(Math.random() * 2000);
  server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', out],
    { stdio: 'ignore' });
  base = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(base)).ok) break; } catch { await new Promise(r => setTimeout(r, 100)); }
  }
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.kill();
});

async function open(path, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, ...options });
  const page = await context.newPage();
  if (path) await page.goto(base + path);
  return page;
}

/** Every page of both editions, as paths from the server's root. */
function everyPage() {
  return Object.entries(pages).flatMap(([name, list]) => list.map(p => `${name}/${p}`));
}

/** The sections of an edition, as paths from the server's root. */
function sections(name) {
  return pages[name].filter(p => p.startsWith('essay/')).map(p => `${name}/${p}`);
}

/** Opens every note on the page, as a reader on a phone could. */
async function openEveryNote(page) {
  await page.evaluate(() => {
    for (const t of document.querySelectorAll('button.note-toggle[aria-expanded="false"]')) t.click();
  });
}

/** The elements whose right edge passes the viewport's, outside boxes that scroll themselves. */
function overflowing() {
  const width = document.documentElement.clientWidth;
  const scrolls = e => e.closest('pre, .table-scroll');
  return [...document.querySelectorAll('body *')]
    .filter(e => !scrolls(e))
    .map(e => [e, e.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0 && r.right > width + 0.5)
    .slice(0, 3)
    .map(([e, r]) => `${e.tagName.toLowerCase()}.${e.className} to ${Math.round(r.right)} px: “${e.textContent.slice(0, 50)}”`);
}

test('at 320 px no page is wider than the viewport, with its notes closed or open', async () => {
  const page = await open(null, { viewport: { width: 320, height: 640 }, hasTouch: true, isMobile: true });
  const checked = [];
  for (const path of everyPage()) {
    await page.goto(base + path);
    for (const state of ['closed', 'open']) {
      if (state === 'open') await openEveryNote(page);
      const [scroll, client] = await page.evaluate(() =>
        [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      assert.ok(scroll <= client,
        `${path}, notes ${state}: ${scroll} px wide at ${client} px; ${(await page.evaluate(overflowing)).join('; ')}`);
    }
    checked.push(path);
  }
  // Every kind of page of both editions was read.
  for (const kind of ['index.html', 'essay/', 'notes/index.html', 'notes/', 'glosses/', 'glossary/', 'bibliography/',
    'citations/', 'print/', '404.html', 'about/']) {
    assert.ok(checked.some(p => p.startsWith(`fixture/${kind}`)), `the fixture has a page ${kind}`);
  }
  assert.ok(checked.filter(p => p.startsWith('edition/')).length > 40, 'every page of the edition');
});
