// Search in a real browser (issue 17): this edition built, then searched both as a host serves
// it over HTTP and as a reader opens it from the disk (file://), where the index can only be
// loaded by <script> elements. What each query must find is read from the edition's sources.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, cpSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { launchChromium, glossatorBinary, serveFolder } from './chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const artifacts = join(repo, 'target', 'test-artifacts', 'search');

let out, server, browser, httpBase;
const bases = {};

before(async () => {
  const site = mkdtempSync(join(tmpdir(), 'glossator-search-'));
  out = join(site, 'public');
  const built = spawnSync(glossatorBinary, ['build', '--root', repo, '--output', out], { encoding: 'utf8' });
  assert.equal(built.status, 0, `the edition builds: ${built.stderr}`);
  ({ server, base: httpBase } = await serveFolder(out, 30000));
  bases.http = httpBase;
  bases.file = pathToFileURL(out).href + '/';
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.kill();
});

async function open(base, path, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  page.errors = errors;
  await page.goto(base + path);
  return page;
}

async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => (await window.axe.run(document)).violations
    .map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) })));
}

// ---- What the sources say a query must find ----

const essayDir = join(repo, 'content', 'essay');
/** The essay's paragraphs in order, as the text layer has them: blocks of the body less
 * headings and footnote definitions, with footnote references taken out. */
function essayParagraphs() {
  const paragraphs = [];
  for (const file of readdirSync(essayDir).filter(f => f.endsWith('.md')).sort()) {
    const body = readFileSync(join(essayDir, file), 'utf8').split(/^---$/m).slice(2).join('---');
    const slug = file.replace(/\.md$/, '').replace(/^\d+-/, '');
    for (const block of body.split(/\n\s*\n/).map(b => b.trim()).filter(Boolean)) {
      if (/^(#|\[\^|```|<!--)/.test(block)) continue;
      paragraphs.push({ slug, text: block.replace(/\[\^[^\]]+\]/g, '') });
    }
  }
  return paragraphs;
}
function frontMatterTitle(file) {
  const m = readFileSync(file, 'utf8').match(/^title:\s*"?(.+?)"?\s*$/m);
  return m[1];
}
/** The notes whose title or body says `word` (not their anchors or related notes). */
function notesMentioning(word) {
  const dir = join(repo, 'content', 'notes');
  return readdirSync(dir).filter(f => {
    const text = readFileSync(join(dir, f), 'utf8');
    const body = text.split(/^---$/m).slice(2).join('---');
    return new RegExp(word, 'i').test(frontMatterTitle(join(dir, f)) + ' ' + body);
  }).map(f => frontMatterTitle(join(dir, f)));
}
/** The glossary's terms whose term, forms or definition say `word` (not their see-also). */
function termsMentioning(word) {
  const yaml = readFileSync(join(repo, 'content', 'glossary.yaml'), 'utf8');
  return yaml.split(/^- id:/m).slice(1)
    .filter(e => new RegExp(word, 'i').test(e.replace(/^\s*see_also:.*$/m, '').replace(/^[^\n]*\n/, '')))
    .map(e => e.match(/^\s*term:\s*"?(.+?)"?\s*$/m)[1]);
}

// ---- Driving the page ----

async function typeInHeader(page, query) {
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'site-search-input', '/ focuses the field');
  await page.keyboard.type(query, { delay: 20 });
  // The list of the whole query: results of its first letters may show before.
  await page.waitForFunction(q => {
    const list = document.getElementById('site-search-list');
    return !list.hidden && list.children.length > 0 && list.getAttribute('data-query') === q;
  }, query);
  return page.evaluate(() => [...document.querySelectorAll('#site-search-list [role=option]')].map(o => ({
    id: o.id,
    kind: o.querySelector('.search-kind')?.textContent ?? '',
    title: o.querySelector('.search-title')?.textContent ?? '',
    marks: [...o.querySelectorAll('mark')].map(m => m.textContent),
  })));
}

async function searchPage(base, query, options) {
  const page = await open(base, 'search/index.html?q=' + encodeURIComponent(query), options);
  const settled = () => page.waitForFunction(() => {
    const said = document.getElementById('search-page-status').textContent;
    return said && said !== document.querySelector('form.site-search').getAttribute('data-searching');
  });
  await settled();
  // Fifty at a time: show the rest.
  while (await page.isVisible('.search-more')) {
    await page.click('.search-more');
    await settled();
  }
  const results = await page.evaluate(() => [...document.querySelectorAll('#search-page-results > li')].map(li => ({
    kind: li.querySelector('.search-kind').textContent,
    title: li.querySelector('.search-title').textContent,
    place: li.querySelector('.search-place')?.textContent ?? '',
    href: li.querySelector('a').getAttribute('href'),
    snippet: li.querySelector('.search-snippet').textContent,
    marks: [...li.querySelectorAll('mark')].map(m => m.textContent),
  })));
  return { page, results };
}

for (const how of ['http', 'file']) {
  test(`${how}: "Kornilov" finds the note, the glossary entry and every paragraph that names him`, async () => {
    const base = bases[how];
    const page = await open(base, 'essay/introduction/index.html');
    const options = await typeInHeader(page, 'Kornilov');
    assert.ok(options.some(o => o.kind === 'Historical note' && o.title === frontMatterTitle(
      join(repo, 'content', 'notes', 'kornilov-affair.md'))), JSON.stringify(options));
    assert.ok(options.some(o => o.kind === 'Glossary' && /Kornilov/.test(o.title)), JSON.stringify(options));
    assert.ok(options.some(o => o.kind === 'Text'), JSON.stringify(options));
    assert.ok(options.every(o => o.kind === '' || o.marks.length > 0), 'every result marks its match');
    assert.deepEqual(page.errors, []);
    await page.screenshot({ path: join(artifacts, `header-${how}-1400.png`) });
    await page.context().close();

    const { page: all, results } = await searchPage(base, 'Kornilov');
    const paragraphs = essayParagraphs().filter(p => /kornilov/i.test(p.text));
    assert.ok(paragraphs.length >= 1);
    const texts = results.filter(r => r.kind === 'Text');
    assert.equal(texts.length, paragraphs.length, JSON.stringify(texts.map(t => t.href)));
    for (const p of paragraphs) {
      assert.ok(texts.some(t => t.href.includes(`essay/${p.slug}/index.html`)), p.slug);
    }
    for (const title of notesMentioning('kornilov')) {
      assert.ok(results.some(r => r.kind === 'Historical note' && r.title === title), title);
    }
    for (const term of termsMentioning('kornilov')) {
      assert.ok(results.some(r => r.kind === 'Glossary' && r.title === term), term);
    }
    assert.deepEqual(all.errors, []);
    await all.context().close();
  });

  test(`${how}: "Rate" finds "Räte", and words are found by their stem and their beginning`, async () => {
    const base = bases[how];
    const { page, results } = await searchPage(base, 'Rate');
    assert.ok(results.some(r => r.marks.some(m => m.startsWith('Räte'))), JSON.stringify(results.slice(0, 5)));
    await page.context().close();
    // Typed with its accent, the word's accented spelling comes first.
    const { page: accented, results: first } = await searchPage(base, 'Räte');
    assert.ok(first[0].marks.some(m => m.startsWith('Räte')), JSON.stringify(first.slice(0, 3)));
    await accented.context().close();
    // "councils" also finds the paragraphs that say only "council".
    const singular = essayParagraphs().filter(p => /\bcouncil\b/i.test(p.text) && !/\bcouncils\b/i.test(p.text));
    assert.ok(singular.length > 0);
    const { page: stems, results: found } = await searchPage(base, 'councils');
    const marked = new Set(found.flatMap(r => r.marks.map(m => m.toLowerCase())));
    assert.ok(marked.has('council') && marked.has('councils'), [...marked].join(' '));
    await stems.context().close();
  });
}

test('a phrase in quotes finds the words together, and a glossary form finds its term', async () => {
  const { page, results } = await searchPage(bases.http, '"dual power"');
  const expected = essayParagraphs().filter(p => /dual\s+power/i.test(p.text));
  const texts = results.filter(r => r.kind === 'Text');
  assert.equal(texts.length, expected.length, JSON.stringify(texts.map(t => t.snippet)));
  assert.ok(results.every(r => /dual\s+power/i.test(r.snippet + ' ' + r.title)), 'each shows the phrase');
  await page.context().close();
  // "Kornilov putsch" is a form of the glossary's "Kornilov affair": the note on the affair
  // is found though it never says "putsch".
  const { page: synonyms, results: both } = await searchPage(bases.http, 'Kornilov putsch');
  assert.ok(both.some(r => r.kind === 'Historical note' && /Kornilov affair/.test(r.title)), JSON.stringify(both.slice(0, 5)));
  await synonyms.context().close();
});

test('Enter on a result lands on its paragraph, highlighted with its words marked', async () => {
  for (const how of ['http', 'file']) {
    const page = await open(bases[how], 'index.html');
    const options = await typeInHeader(page, 'Kornilov');
    const first = options.findIndex(o => o.kind === 'Text');
    assert.ok(first >= 0);
    for (let i = 0; i <= first; i++) await page.keyboard.press('ArrowDown');
    const active = await page.evaluate(() => document.getElementById('site-search-input').getAttribute('aria-activedescendant'));
    assert.equal(active, options[first].id, 'the arrow keys move the active result');
    await Promise.all([page.waitForURL(/#p\d+$/), page.keyboard.press('Enter')]);
    const arrived = await page.evaluate(() => {
      const target = document.getElementById(location.hash.slice(1));
      return {
        hash: location.hash,
        arrival: target.classList.contains('search-arrival'),
        marks: [...target.querySelectorAll('mark.search-term')].map(m => m.textContent),
        visible: target.getBoundingClientRect().top < innerHeight,
      };
    });
    assert.ok(arrived.arrival, `${how}: the paragraph is highlighted`);
    assert.ok(arrived.marks.some(m => /^Kornilov/.test(m)), JSON.stringify(arrived));
    assert.ok(arrived.visible, 'and scrolled to');
    await page.screenshot({ path: join(artifacts, `arrival-${how}.png`) });
    await page.context().close();
  }
});

test('axe-core finds no violation on the search page or with the results open, light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { page } = await searchPage(bases.http, 'soviet', { colorScheme });
    assert.deepEqual(await axe(page), [], `search page, ${colorScheme}`);
    await page.screenshot({ path: join(artifacts, `search-page-${colorScheme}.png`) });
    await page.context().close();
    const header = await open(bases.http, 'essay/introduction/index.html', { colorScheme });
    await typeInHeader(header, 'sovi');
    await header.keyboard.press('ArrowDown');
    assert.deepEqual(await axe(header), [], `open results, ${colorScheme}`);
    await header.context().close();
  }
});

test('at 390 px the field and its results fit the screen', async () => {
  const page = await open(bases.file, 'essay/introduction/index.html', { viewport: { width: 390, height: 844 } });
  await typeInHeader(page, 'Lenin');
  const fit = await page.evaluate(() => {
    const list = document.getElementById('site-search-list').getBoundingClientRect();
    const field = document.getElementById('site-search-input').getBoundingClientRect();
    return { list: [list.left, list.right], field: [field.left, field.right], scroll: document.scrollingElement.scrollWidth };
  });
  assert.ok(fit.list[0] >= 0 && fit.list[1] <= 390, JSON.stringify(fit));
  assert.ok(fit.field[0] >= 0 && fit.field[1] <= 390, JSON.stringify(fit));
  assert.ok(fit.scroll <= 390, 'no sideways scrolling');
  await page.screenshot({ path: join(artifacts, 'header-390.png') });
  await page.context().close();
});

test('words that name parts of JavaScript objects are words like any other', async () => {
  const page = await open(bases.file, 'index.html');
  for (const query of ['constructor', '__proto__', 'toString hasOwnProperty']) {
    await page.fill('#site-search-input', '');
    await page.evaluate(() => document.activeElement.blur());
    await typeInHeader(page, query);
    const status = await page.textContent('#site-search-status');
    assert.ok(status.length > 0 && !/could not/.test(status), `${query}: ${status}`);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('without JavaScript the field is not shown and the search page says why', async () => {
  const page = await open(bases.http, 'search/index.html?q=soviet', { javaScriptEnabled: false });
  assert.equal(await page.isVisible('form.site-search'), false);
  assert.equal(await page.isVisible('.search-form'), false);
  assert.equal(await page.isVisible('.search-needs-script'), true);
  await page.context().close();
});

test('a page open while the site is rebuilt searches the new index, never a mix of two', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'glossator-search-rebuilt-'));
  const root = join(tmp, 'edition');
  cpSync(join(repo, 'tests', 'fixtures', 'small'), root, { recursive: true });
  const site = join(tmp, 'public');
  const build = () => {
    const built = spawnSync(glossatorBinary, ['build', '--root', root, '--output', site], { encoding: 'utf8' });
    assert.equal(built.status, 0, built.stderr);
  };
  build();
  const { server: small, base } = await serveFolder(site, 34000);
  try {
    const page = await open(base, 'essay/first/index.html');
    const before = await typeInHeader(page, 'Tauride');
    assert.ok(before.some(o => o.kind === 'Text'), JSON.stringify(before));
    // The essay's word is changed and the site built again under the open page.
    const essay = join(root, 'content', 'essay', '01-first.md');
    writeFileSync(essay, readFileSync(essay, 'utf8').replace('Tauride', 'Taurida'));
    build();
    await page.fill('#site-search-input', '');
    await page.evaluate(() => document.activeElement.blur());
    const after = await typeInHeader(page, 'Taurida');
    assert.ok(after.some(o => o.kind === 'Text' && o.marks.includes('Taurida')), JSON.stringify(after));
    assert.deepEqual(page.errors, []);
    await page.context().close();
  } finally {
    small.kill();
  }
});

test('the keyboard never loses the focus: Tab out of the open list, and "More results"', async () => {
  const page = await open(bases.http, 'essay/conclusions/index.html');
  await typeInHeader(page, 'Kerensky');
  await page.keyboard.press('Tab');
  const after = await page.evaluate(() => ({
    tag: document.activeElement.tagName,
    open: !document.getElementById('site-search-list').hidden,
  }));
  assert.notEqual(after.tag, 'BODY', 'Tab goes on to the next control');
  assert.notEqual(after.tag, 'UL', 'not into the list');
  assert.equal(after.open, false, 'and closes the list');
  await page.context().close();

  const { page: all, results } = await searchPage(bases.http, 'councils');
  assert.ok(results.length > 50, 'more than one round of results');
  await all.reload();
  await all.waitForSelector('.search-more-row:not([hidden])');
  await all.focus('.search-more');
  await all.keyboard.press('Enter');
  await all.waitForFunction(() => document.querySelectorAll('#search-page-results > li').length > 50);
  const focused = await all.evaluate(() => ({
    tag: document.activeElement.tagName,
    index: [...document.querySelectorAll('#search-page-results > li')].indexOf(document.activeElement.closest('li')),
  }));
  assert.equal(focused.tag, 'A', 'the focus is on a result');
  assert.equal(focused.index, 50, 'the first of the new ones');
  await all.context().close();
});

test('a gloss found by its own words opens with them marked, and a note shows its first found word', async () => {
  // "Gorter" is in glosses, not in the essay: the result is a gloss, placed at its passage.
  const glosses = join(repo, 'content', 'glosses');
  assert.ok(readdirSync(glosses).some(f => readFileSync(join(glosses, f), 'utf8').includes('Gorter')));
  assert.ok(essayParagraphs().every(p => !p.text.includes('Gorter')));
  for (const width of [1400, 390]) {
    const page = await open(bases.file, 'index.html', { viewport: { width, height: 844 } });
    const options = await typeInHeader(page, 'Gorter');
    const gloss = options.findIndex(o => o.kind === 'Gloss');
    assert.ok(gloss >= 0, JSON.stringify(options));
    for (let i = 0; i <= gloss; i++) await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForURL(/#passage-/), page.keyboard.press('Enter')]);
    const seen = await page.evaluate(() => {
      const passage = document.getElementById(location.hash.slice(1));
      const gloss = document.getElementById('gloss-' + passage.getAttribute('data-gloss'));
      const mark = gloss.querySelector('mark.search-term');
      const box = mark && mark.getBoundingClientRect();
      return { marked: mark?.textContent, shown: !!box && box.width > 0 && box.height > 0 };
    });
    assert.match(seen.marked ?? '', /^Gorter/, `${width}: the gloss's word is marked`);
    assert.ok(seen.shown, `${width}: and shown`);
    await page.screenshot({ path: join(artifacts, `gloss-arrival-${width}.png`) });
    await page.context().close();
  }
  // A note is a result without a place: its first found word is brought into view.
  const page = await open(bases.http, 'index.html', { viewport: { width: 390, height: 844 } });
  const options = await typeInHeader(page, 'Riga');
  const page1 = options.findIndex(o => o.kind === 'Page' || o.kind === 'Historical note');
  assert.ok(page1 >= 0, JSON.stringify(options));
  for (let i = 0; i <= page1; i++) await page.keyboard.press('ArrowDown');
  await Promise.all([page.waitForURL(/\?hl=/), page.keyboard.press('Enter')]);
  await page.waitForTimeout(300);
  const inView = await page.evaluate(() => {
    const mark = document.querySelector('mark.search-term');
    const box = mark.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= innerHeight;
  });
  assert.ok(inView, 'the first marked word is on the screen');
  await page.context().close();
});
