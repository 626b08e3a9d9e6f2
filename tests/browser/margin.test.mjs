// The margin keeps up with the text (issue 20): sidenotes, margin notes and glosses stand by
// their lines on a wide screen, in this edition and in tests/fixtures/dense (a gloss on every
// sentence of long paragraphs); a shortened item opens in full by hover, click and keyboard; a
// passage and its gloss light up together; without scripts and on phones nothing is shortened.
// Run from the repository root after `cargo build --release`: `npm --prefix tests/browser test`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { launchChromium, glossatorBinary, serveFolder } from './chromium.mjs';
import { measureInPage, median } from './margin.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const dense = join(repo, 'tests', 'fixtures', 'dense');
const EDITIONS = { edition: repo, dense };
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let out, server, browser, base;

before(async () => {
  out = mkdtempSync(join(tmpdir(), 'glossator-margin-'));
  for (const [name, root] of Object.entries(EDITIONS)) {
    const built = spawnSync(glossatorBinary, ['build', '--root', root, '--output', join(out, name)], { encoding: 'utf8' });
    assert.equal(built.status, 0, `${name} builds: ${built.stderr}`);
  }
  ({ server, base } = await serveFolder(out, 24000));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.kill();
});

/** The sections of a built edition, as paths from the server's root. */
function sections(name) {
  const dir = join(out, name, 'essay');
  return readdirSync(dir).filter(s => statSync(join(dir, s)).isDirectory()).map(s => `${name}/essay/${s}/index.html`);
}

async function open(path, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  page.errors = errors;
  // Without scripts there is no layout to wait for (and no frame callback would come).
  if (path && options.javaScriptEnabled === false) await page.goto(base + path);
  else if (path) await goto(page, path);
  return page;
}

async function goto(page, path) {
  await page.goto(base + path);
  await page.evaluate(() => document.fonts.ready);
  // The layout runs again once fonts are in; give it its frame.
  await page.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** The drifts of every item of every section of an edition, checking each item on the way. */
async function checkEdition(page, name) {
  const drifts = [];
  for (const path of sections(name)) {
    await goto(page, path);
    const lineHeight = await page.evaluate(() =>
      parseFloat(getComputedStyle(document.querySelector('article.essay > p')).lineHeight));
    for (const item of await page.evaluate(measureInPage)) {
      assert.ok(item.drift <= 300, `${path}: ${item.id} starts ${item.drift} px below its line`);
      assert.ok(item.above <= lineHeight, `${path}: ${item.id} starts ${item.above} px above its paragraph`);
      assert.deepEqual(item.overlaps, [], `${path}: ${item.id} overlaps`);
      assert.equal(item.overtext, false, `${path}: ${item.id} overlaps the text column`);
      drifts.push(item.drift);
    }
  }
  return drifts;
}

test('at 1400×900 every margin item stands by its line, in this edition and in a dense one', async () => {
  const page = await open(null);
  for (const name of Object.keys(EDITIONS)) {
    const drifts = await checkEdition(page, name);
    assert.ok(drifts.length > 20, `${name} has margin items (${drifts.length})`);
    assert.ok(median(drifts) <= 40, `${name}: median ${median(drifts)} px below the line`);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the layout follows a resize, and a phone keeps the folded notes', async () => {
  const page = await open('dense/essay/page/index.html');
  await page.setViewportSize({ width: 1000, height: 800 });
  await page.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))));
  for (const item of await page.evaluate(measureInPage)) {
    assert.ok(item.drift <= 300, `${item.id} at 1000 px: ${item.drift} px below its line`);
    assert.deepEqual(item.overlaps, [], `${item.id} at 1000 px overlaps`);
    assert.equal(item.overtext, false, `${item.id} at 1000 px overlaps the text`);
  }
  await page.setViewportSize({ width: 390, height: 800 });
  await page.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))));
  const phone = await page.evaluate(() => ({
    laid: document.documentElement.classList.contains('margin-laid'),
    shown: [...document.querySelectorAll('.sidenote, .marginnote, .gloss')].filter(e => e.offsetParent).length,
  }));
  assert.deepEqual(phone, { laid: false, shown: 0 }, 'on a phone the notes wait behind their toggles');
  await page.context().close();
});

/** The state of one margin item: open, clipped (text hidden by shortening), and its box. */
function state(page, id) {
  return page.evaluate(id => {
    const item = document.getElementById(id);
    const box = item.getBoundingClientRect();
    const text = Math.max(...[...document.querySelectorAll('article.essay > p')].map(p => p.getBoundingClientRect().right));
    return {
      expanded: document.querySelector(`button[aria-controls="${id}"]`).getAttribute('aria-expanded'),
      clipped: item.scrollHeight > item.clientHeight + 1,
      overText: box.left < text - 1,
      focus: document.activeElement?.getAttribute('aria-controls') || document.activeElement?.tagName,
    };
  }, id);
}

test('a shortened item keeps its first lines; hover, click and its toggle open it in full, Escape closes it', async () => {
  const page = await open('dense/essay/page/index.html');
  // The gloss on "the gloss of Accursius" is this fixture's longest: in a crowded paragraph
  // it cannot stand in full.
  const id = 'gloss-accursius';
  const short = await page.evaluate(id => document.getElementById(id).hasAttribute('data-short'), id);
  assert.ok(short, 'the long gloss in the crowded paragraph is shortened');
  assert.equal((await state(page, id)).clipped, true, 'shortened, it hides its last lines');
  const lemma = await page.evaluate(id => getComputedStyle(document.getElementById(id), '::before').content, id);
  assert.match(lemma, /the gloss … Accursius\] /, 'it starts with its lemma: the passage\'s first and last words');

  // By the keyboard: the toggle at the passage opens it, Escape closes it and keeps the focus.
  await page.focus(`button[aria-controls="${id}"]`);
  await page.keyboard.press('Enter');
  let now = await state(page, id);
  assert.deepEqual(now, { expanded: 'true', clipped: false, overText: false, focus: id }, 'Enter opens it in full, in the margin');
  await page.keyboard.press('Escape');
  now = await state(page, id);
  assert.deepEqual(now, { expanded: 'false', clipped: true, overText: false, focus: id }, 'Escape closes it');

  // By the pointer: hovering shows it in full over its neighbours; a click keeps it open.
  await page.mouse.move(5, 5);
  await page.hover(`#${id}`);
  assert.equal((await state(page, id)).clipped, false, 'hovered, it is shown in full');
  await page.click(`#${id}`);
  await page.mouse.move(5, 5);
  now = await state(page, id);
  assert.equal(now.expanded, 'true', 'a click opens it');
  assert.equal(now.clipped, false, 'and it stays open once the pointer leaves');
  await page.click(`#${id}`);
  await page.mouse.move(5, 5);
  assert.equal((await state(page, id)).clipped, true, 'a second click closes it');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a passage and its gloss, a number and its note, light up together', async () => {
  const page = await open('dense/essay/long/index.html');
  const lit = () => page.evaluate(() => [...document.querySelectorAll('.is-paired')]
    .map(e => e.matches('mark') ? `passage ${e.dataset.gloss}` : e.matches('.note-call') ? 'call' : e.id).sort());
  await page.hover('mark[data-gloss="buried"]');
  assert.deepEqual(await lit(), ['call', 'gloss-buried', 'passage buried'], 'hovering the passage');
  await page.hover('#gloss-disputation');
  assert.deepEqual(await lit(), ['call', 'gloss-disputation', 'passage disputation'], 'hovering the gloss');
  await page.mouse.move(5, 5);
  const sidenote = await page.evaluate(() => document.querySelector('.sidenote').id);
  await page.focus(`button[aria-controls="${sidenote}"]`);
  assert.deepEqual(await lit(), ['call', sidenote].sort(), 'focusing a sidenote\'s toggle');
  const colours = await page.evaluate(() => {
    const mark = document.querySelector('mark.is-paired, .note-call.is-paired .sn-mark');
    return [getComputedStyle(mark).backgroundColor, getComputedStyle(document.body).backgroundColor];
  });
  assert.notEqual(colours[0], colours[1], 'the lit pair has a background of its own');
  await page.context().close();
});

test('without JavaScript every item is shown in full', async () => {
  const page = await open('dense/essay/page/index.html', { javaScriptEnabled: false });
  const hidden = await page.evaluate(() => [...document.querySelectorAll('.sidenote, .marginnote, .gloss')]
    .filter(e => e.offsetHeight === 0 || e.scrollHeight > e.clientHeight + 1).map(e => e.id));
  assert.deepEqual(hidden, []);
  await page.context().close();
});

test('axe-core finds nothing serious on the dense fixture, with a shortened item closed, hovered and open', async () => {
  const page = await open('dense/essay/page/index.html');
  const run = async () => {
    if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ content: axeSource });
    return page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
      .filter(v => ['serious', 'critical'].includes(v.impact))
      .map(v => ({ id: v.id, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) })));
  };
  assert.deepEqual(await run(), [], 'closed');
  await page.hover('#gloss-accursius');
  assert.deepEqual(await run(), [], 'hovered');
  await page.focus('button[aria-controls="gloss-accursius"]');
  await page.keyboard.press('Enter');
  assert.deepEqual(await run(), [], 'open');
  await page.context().close();
});
