// A course site in a real browser (issue 13): tests/fixtures/course, three readings sharing a
// glossary, a bibliography, notes and a syllabus, built and served on localhost. Every page
// is checked with axe-core (light and dark), at 390 px for sideways scrolling, on a wide
// screen for its margin, and with the Nu HTML Checker. The pages are found by following the
// course page's links, so a page the course page does not reach fails here too.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { launchChromium, glossatorBinary, serveFolder } from './chromium.mjs';
import { measureInPage } from './margin.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const course = join(repo, 'tests', 'fixtures', 'course');
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const artifacts = join(repo, 'target', 'test-artifacts', 'course');

let site, server, browser, base;

before(async () => {
  assert.ok(existsSync(join(course, 'content', 'readings')), 'the course fixture exists');
  site = mkdtempSync(join(tmpdir(), 'glossator-course-'));
  const out = join(site, 'public');
  const built = spawnSync(glossatorBinary, ['build', '--root', course, '--output', out], { encoding: 'utf8' });
  assert.equal(built.status, 0, `the course builds: ${built.stderr}`);
  ({ server, base } = await serveFolder(out, 28000));
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
  await page.goto(base + path);
  return page;
}

async function axe(page, options) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async o => (await window.axe.run(document, o)).violations
    .map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) })), options);
}

/** Every page of the site the course page leads to, one link deep and then each reading's. */
async function pagesOfTheCourse() {
  const page = await open('index.html');
  const links = async () => page.evaluate(() => [...document.querySelectorAll('main a[href], nav a[href]')]
    .map(a => new URL(a.getAttribute('href'), location.href))
    .filter(u => u.origin === location.origin)
    .map(u => u.pathname.slice(1)));
  const found = new Set(['index.html', ...await links()]);
  for (const path of [...found].filter(p => /^readings\/[^/]+\/index\.html$/.test(p))) {
    await page.goto(base + path);
    for (const p of await links()) found.add(p);
  }
  await page.context().close();
  return [...found].filter(p => p.endsWith('.html')).sort();
}

test('the course page leads to every reading, each reading to its sections, and each section names its reading', async () => {
  const pages = await pagesOfTheCourse();
  const readings = pages.filter(p => /^readings\/[^/]+\/index\.html$/.test(p));
  const sections = pages.filter(p => /^readings\/[^/]+\/[^/]+\/index\.html$/.test(p));
  assert.deepEqual(readings, ['readings/declaration/index.html', 'readings/federalist-10/index.html',
    'readings/gettysburg/index.html']);
  assert.equal(sections.length, 5, sections.join(', '));
  const page = await open('index.html');
  for (const path of sections) {
    await page.goto(base + path);
    const kicker = page.locator('.section-kicker a.kicker-reading');
    const reading = path.split('/')[1];
    assert.equal(new URL(await kicker.getAttribute('href'), page.url()).pathname, `/readings/${reading}/index.html`, path);
  }
  await page.goto(base + 'index.html');
  await page.screenshot({ path: join(artifacts, 'course-1400.png'), fullPage: true });
});

test('axe-core finds no serious violation on any page of the course, light and dark, and headings keep their order', async () => {
  const pages = await pagesOfTheCourse();
  assert.ok(pages.length >= 15, `${pages.length} pages`);
  for (const colorScheme of ['light', 'dark']) {
    const page = await open('index.html', { colorScheme });
    for (const path of pages) {
      await page.goto(base + path);
      const violations = await axe(page, { resultTypes: ['violations'] });
      const bad = violations.filter(v => ['serious', 'critical'].includes(v.impact) || v.id === 'heading-order');
      assert.deepEqual(bad, [], `${path}, ${colorScheme}`);
    }
  }
});

test('at 390 px no page of the course scrolls sideways', async () => {
  const pages = await pagesOfTheCourse();
  const page = await open('index.html', { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  for (const path of pages) {
    await page.goto(base + path);
    const [scroll, client] = await page.evaluate(() =>
      [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(scroll <= client, `${path}: ${scroll} > ${client}`);
  }
  await page.goto(base + 'index.html');
  await page.screenshot({ path: join(artifacts, 'course-390.png'), fullPage: true });
});

test('on a wide screen each section\'s margin items stand by their lines and overlap nothing', async () => {
  const sections = (await pagesOfTheCourse()).filter(p => /^readings\/[^/]+\/[^/]+\/index\.html$/.test(p));
  const page = await open('index.html');
  let items = 0;
  for (const path of sections) {
    await page.goto(base + path);
    await page.evaluate(() => document.fonts.ready);
    await page.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))));
    const measured = await page.evaluate(measureInPage);
    items += measured.length;
    const found = measured.flatMap(item => [
      ...(item.overtext ? [`${item.id} overlaps the text column`] : []),
      ...item.overlaps.map(other => `${item.id} overlaps ${other}`),
      ...(item.drift > 300 ? [`${item.id} is ${item.drift}px below its line`] : []),
    ]);
    assert.deepEqual(found, [], path);
  }
  // Each gloss of the course is a margin item (its notes are marks in the text).
  const glosses = [join(course, 'content', 'glosses'),
    ...readdirSync(join(course, 'content', 'readings')).map(r => join(course, 'content', 'readings', r, 'glosses'))]
    .filter(existsSync).flatMap(d => readdirSync(d).filter(f => f.endsWith('.md')));
  assert.equal(items, glosses.length, 'one margin item for each gloss of the course');
});

test('the Nu HTML Checker reports no error on any page of the course', () => {
  const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
  const result = spawnSync('java', ['-jar', jar, '--errors-only', '--skip-non-html', join(site, 'public')],
    { encoding: 'utf8' });
  assert.equal(result.error, undefined, 'java runs');
  assert.equal(result.status, 0, result.stderr);
});
