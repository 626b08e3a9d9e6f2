// `glossator serve` in a real browser: a copy of this edition served on a free loopback port,
// a section open in Chromium while its gloss is changed on disk. The page must show the new
// text by itself, back at the paragraph the reader was at; a broken quote must put an overlay
// naming the gloss file over the page, and mending it must take the overlay away.
// The time from saving the file to the reloaded page is measured and reported, not asserted.
// Run from the repository root after `cargo build --release`: `npm --prefix tests/browser test`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { launchChromium, glossatorBinary } from './chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const artifacts = join(repo, 'target', 'test-artifacts', 'browser');
const SECTION = 'essay/conclusions/';
const GLOSS = 'content/glosses/iron-law.md';
const RUNS = 7;

let edition, server, browser, base, original, stderr = '';

before(async () => {
  edition = mkdtempSync(join(tmpdir(), 'glossator-serve-'));
  for (const part of ['edition.yaml', 'content', 'themes', 'templates']) {
    if (existsSync(join(repo, part))) cpSync(join(repo, part), join(edition, part), { recursive: true });
  }
  original = readFileSync(join(edition, GLOSS), 'utf8');
  server = spawn(glossatorBinary, ['serve', '--root', edition, '--port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stderr.on('data', d => { stderr += d; });
  base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no address: ${stderr}`)), 60000);
    server.on('exit', code => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    createInterface({ input: server.stdout }).on('line', line => {
      const found = /^serving at (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(line);
      if (found) { clearTimeout(timer); resolve(found[1]); }
    });
  });
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGINT');
  if (edition) rmSync(edition, { recursive: true, force: true });
});

const sleep = ms => new Promise(r => setTimeout(r, ms));

// Polls `check` in the page until it holds; a reload under way only means "not yet".
async function until(page, check, arg, what, timeout = 15000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try { if (await page.evaluate(check, arg)) return; } catch { /* navigating */ }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; serve said: ${stderr.slice(-2000)}`);
    await sleep(10);
  }
}

async function open(path, word = 'ok') {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(base + path);
  await heard(page, word);
  return page;
}

// The page's stream is open and its last word from the server was `word`.
const heard = (page, word) => until(page, w => document.querySelector('script[data-pages]')?.dataset.state === w,
  word, `the page to hear "${word}"`);

const glossText = page => page.evaluate(() => document.getElementById('gloss-iron-law').textContent);
const overlayText = page => page.evaluate(() =>
  document.getElementById('glossator-serve-overlay')?.shadowRoot?.textContent ?? null);

// Scrolls the paragraph that holds the gloss's passage to a fixed place on the screen.
async function readAt(page) {
  return page.evaluate(() => {
    const paragraph = document.getElementById('passage-iron-law').closest('p[id]');
    window.scrollTo(0, paragraph.getBoundingClientRect().top + window.scrollY - 120);
    return { id: paragraph.id, top: paragraph.getBoundingClientRect().top };
  });
}

test('a saved gloss shows in the open section without a manual reload, at the paragraph the reader was at', async t => {
  const page = await open(SECTION);
  const latencies = [];
  for (let run = 1; run <= RUNS; run++) {
    const where = await readAt(page);
    await page.evaluate(() => { window.notReloaded = true; });
    const text = `Revised ${run}: perhaps Michels and his iron law of oligarchy.`;
    const loaded = page.waitForEvent('load', { timeout: 15000 });
    const saved = Date.now();
    writeFileSync(join(edition, GLOSS), original.replace(/Probably an allusion to/, `${text} Probably an allusion to`));
    await loaded;
    await until(page, t => document.getElementById('gloss-iron-law')?.textContent.includes(t), text, 'the new gloss text');
    const timing = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0];
      return { origin: performance.timeOrigin, shown: n.domContentLoadedEventEnd, loaded: n.loadEventEnd || n.loadEventStart,
        notReloaded: window.notReloaded === true };
    });
    assert.equal(timing.notReloaded, false, 'the page reloaded itself');
    assert.ok((await glossText(page)).includes(text));
    latencies.push({ shown: timing.origin + timing.shown - saved, loaded: timing.origin + timing.loaded - saved });
    // Back where the reader was: the same paragraph, within a line of the same place.
    await until(page, w => {
      const p = document.getElementById(w.id);
      return p && Math.abs(p.getBoundingClientRect().top - w.top) < 30;
    }, where, `paragraph ${where.id} back at ${Math.round(where.top)}px`, 5000);
    await heard(page, 'ok');
  }
  await page.screenshot({ path: join(artifacts, 'serve-reloaded.png') });
  const median = key => latencies.map(l => l[key]).sort((a, b) => a - b)[Math.floor(latencies.length / 2)];
  const report = {
    what: 'ms from writing the gloss file to the reloaded page (DOMContentLoaded; load event)',
    runs: latencies.map(l => ({ shown: Math.round(l.shown), loaded: Math.round(l.loaded) })),
    median_shown: Math.round(median('shown')), median_loaded: Math.round(median('loaded')), target: 300,
  };
  writeFileSync(join(artifacts, 'serve-latency.json'), JSON.stringify(report, null, 2) + '\n');
  t.diagnostic(`save → reloaded page: median ${report.median_shown} ms to the new text, ${report.median_loaded} ms ` +
    `to the load event, over ${RUNS} saves (target 300 ms): ${JSON.stringify(report.runs)}`);
});

test('a broken quote puts an overlay naming the gloss file over every page, and mending it takes the overlay away', async () => {
  const section = await open(SECTION);
  const contents = await open('index.html');
  const before = await glossText(section);
  await section.evaluate(() => { window.notReloaded = true; });
  writeFileSync(join(edition, GLOSS), original.replace('quote: "it is not an iron law"', 'quote: "it is not a brazen law"'));
  for (const page of [section, contents]) {
    await until(page, () => document.getElementById('glossator-serve-overlay')?.shadowRoot?.textContent
      .includes('content/glosses/iron-law.md'), null, 'the overlay');
  }
  const overlay = await overlayText(section);
  assert.match(overlay, /content\/glosses\/iron-law\.md:\d+/, 'the file and its line');
  assert.match(overlay, /is not in the essay/, 'the message');
  assert.match(overlay, /help: /, 'the help');
  assert.equal(await section.evaluate(() => window.notReloaded), true, 'the last good page stays, unreloaded');
  assert.equal(await glossText(section), before, 'still the last good build');
  await section.screenshot({ path: join(artifacts, 'serve-overlay.png') });
  assert.match(stderr, /content\/glosses\/iron-law\.md/, 'the terminal shows the same report');

  // A page opened while the build is broken shows the overlay too.
  const late = await open('glossary/', 'failed');
  assert.match(await overlayText(late), /content\/glosses\/iron-law\.md/, 'the overlay on a new page');

  writeFileSync(join(edition, GLOSS), original);
  for (const page of [section, contents, late]) {
    await until(page, () => document.readyState === 'complete' && !document.getElementById('glossator-serve-overlay'),
      null, 'the overlay to go');
  }
  await until(section, () => !document.getElementById('gloss-iron-law')?.textContent.includes('Revised'), null,
    'the mended gloss');
  assert.equal(await overlayText(contents), null);
});

test('serve wrote nothing into the edition, and a built site carries no live script', () => {
  assert.equal(readFileSync(join(edition, GLOSS), 'utf8'), original, 'the gloss is as the test left it');
  assert.ok(!existsSync(join(edition, 'public')), 'no output folder');
  const out = mkdtempSync(join(tmpdir(), 'glossator-serve-built-'));
  const built = spawnSync(glossatorBinary, ['build', '--root', edition, '--output', join(out, 'site')],
    { encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  const page = readFileSync(join(out, 'site', SECTION, 'index.html'), 'utf8');
  assert.ok(page.includes('gloss-iron-law') && !page.includes('__glossator'), 'no live script in a built page');
  rmSync(out, { recursive: true, force: true });
});
