// Every reader (issue 21): the built edition and the fixture tests/fixtures/readers, read in
// Chromium as readers who depend on these would read them: at 320 px (a phone, or 400% zoom),
// in forced colours (Windows high contrast, dark and light), by a screen reader (the
// accessibility tree Chromium gives it), by touch, and at the reader's own default text size.
// Run from the repository root after `cargo build --release`: `npm --prefix tests/browser test`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, glossatorBinary, serveFolder } from './chromium.mjs';

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
  ({ server, base } = await serveFolder(out, 20000));
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

// Colours, read in the page: WCAG's relative luminance and contrast ratio, and the colour
// actually behind an element (its own background or its nearest ancestor's, blended down to
// the canvas when translucent).
const COLOUR_HELPERS = `
  window.__colour = (() => {
    const parse = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return [r, g, b, a]; };
    const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
    const ratio = (x, y) => { const [a, b] = [lum(x), lum(y)].sort((p, q) => q - p); return (a + 0.05) / (b + 0.05); };
    const over = (top, bottom) => { const a = top[3]; return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat(1); };
    const behind = element => {
      const layers = [];
      for (let e = element; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
      }
      let colour = [255, 255, 255, 1];
      if (!layers.length || layers[layers.length - 1][3] < 1) {
        const canvas = parse(getComputedStyle(document.documentElement).backgroundColor);
        if (canvas && canvas[3] > 0) colour = canvas;
        else if (matchMedia('(forced-colors: active) and (prefers-color-scheme: dark)').matches) colour = [0, 0, 0, 1];
      }
      for (const layer of layers.reverse()) colour = over(layer, colour);
      return colour;
    };
    return { parse, ratio, behind };
  })();`;

async function withColours(page) {
  await page.addScriptTag({ content: COLOUR_HELPERS });
}

for (const scheme of ['dark', 'light']) {
  test(`in forced colours (${scheme}) every annotated passage has 3:1 contrast with what is behind it, and keeps its line`, async () => {
    const page = await open(null, { colorScheme: scheme });
    await page.emulateMedia({ forcedColors: 'active', colorScheme: scheme });
    let passages = 0;
    for (const path of everyPage()) {
      await page.goto(base + path);
      await withColours(page);
      const found = await page.evaluate(() => {
        const { parse, ratio, behind } = window.__colour;
        const problems = [];
        const marks = [...document.querySelectorAll('mark')];
        for (const m of marks) {
          const style = getComputedStyle(m);
          const contrast = ratio(parse(style.color), behind(m));
          if (contrast < 3) problems.push(`“${m.textContent.slice(0, 40)}” at ${contrast.toFixed(2)}:1`);
          // A passage of the site's essay tells which kind it is by its line, as colour
          // cannot here (the print document marks none: its notes are footnotes).
          if (m.matches('mark.passage') && !m.closest('.print-edition')) {
            const own = m.matches('.gloss-passage') ? 'solid' : 'dotted';
            if (!style.textDecorationLine.includes('underline') || style.textDecorationStyle !== own) {
              problems.push(`“${m.textContent.slice(0, 40)}” is not underlined ${own}`);
            }
            const line = ratio(parse(style.textDecorationColor), behind(m));
            if (line < 3) problems.push(`the line under “${m.textContent.slice(0, 40)}” at ${line.toFixed(2)}:1`);
          }
        }
        return { count: marks.length, forced: matchMedia('(forced-colors: active)').matches, problems };
      });
      assert.ok(found.forced, 'forced colours are emulated');
      assert.deepEqual(found.problems, [], path);
      passages += found.count;
    }
    assert.ok(passages > 300, `${passages} passages read`);
  });

  test(`in forced colours (${scheme}) toggles show open and closed apart, and focus shows`, async () => {
    const page = await open(null, { colorScheme: scheme, viewport: { width: 390, height: 800 }, hasTouch: true, isMobile: true });
    await page.emulateMedia({ forcedColors: 'active', colorScheme: scheme });
    for (const path of [...sections('edition').slice(0, 1), ...sections('fixture')]) {
      await page.goto(base + path);
      await withColours(page);
      const kinds = await page.evaluate(() => [...new Set([...document.querySelectorAll('button.note-toggle')]
        .map(t => t.className))]);
      for (const kind of kinds) {
        const selector = `button[class="${kind}"]`;
        const toggle = page.locator(selector).first();
        const look = () => toggle.evaluate(t => {
          const { parse, ratio, behind } = window.__colour;
          const s = getComputedStyle(t);
          return { background: s.backgroundColor, text: ratio(parse(s.color), behind(t)),
            edge: ratio(parse(s.borderTopColor), behind(t.parentElement)), inside: behind(t).join() };
        });
        const closed = await look();
        await toggle.click();
        const opened = await look();
        assert.notEqual(opened.inside, closed.inside, `${path} ${kind}: open and closed differ`);
        for (const [state, l] of [['closed', closed], ['open', opened]]) {
          assert.ok(l.text >= 4.5, `${path} ${kind} ${state}: its sign at ${l.text.toFixed(2)}:1`);
        }
        assert.ok(closed.edge >= 3, `${path} ${kind} closed: its edge at ${closed.edge.toFixed(2)}:1`);
        await page.keyboard.press('Shift+Tab');
        await page.keyboard.press('Tab');
        const ring = await page.evaluate(() => {
          const { parse, ratio, behind } = window.__colour;
          const e = document.activeElement;
          const s = getComputedStyle(e);
          return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), contrast: ratio(parse(s.outlineColor), behind(e.parentElement)) };
        });
        assert.ok(ring.style !== 'none' && ring.width >= 2 && ring.contrast >= 3,
          `${path} ${kind}: focus ring ${JSON.stringify(ring)}`);
      }
    }
  });
}

/** The page's accessibility tree as Chromium gives it to screen readers: its nodes by id. */
async function accessibilityTree(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  return nodes;
}

/** The names of the page's buttons in the accessibility tree, by their DOM node's id. */
async function buttonNames(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const names = [];
  for (const n of nodes) {
    if (n.ignored || n.role?.value !== 'button' || !n.backendDOMNodeId) continue;
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: n.backendDOMNodeId });
    const { result } = await cdp.send('Runtime.callFunctionOn', { objectId: object.objectId,
      functionDeclaration: 'function () { return this.getAttribute("aria-controls"); }', returnByValue: true });
    names.push({ controls: result.value, name: n.name?.value ?? '' });
  }
  await cdp.detach();
  return names;
}

/** The side of the largest square, centred on the element, that a pointer hits it in
 * everywhere (sampled on a 9 × 9 grid): the size of its target. */
function targetSize(element) {
  const box = element.getBoundingClientRect();
  const [cx, cy] = [box.left + box.width / 2, box.top + box.height / 2];
  const hits = side => {
    for (let i = 0; i <= 8; i++) for (let j = 0; j <= 8; j++) {
      const x = cx - side / 2 + (side * i) / 8, y = cy - side / 2 + (side * j) / 8;
      const hit = document.elementFromPoint(x, y);
      if (!hit || !(hit === element || element.contains(hit))) return false;
    }
    return true;
  };
  let side = 0;
  while (side < 60 && hits(side + 1)) side++;
  return side;
}

test('on a phone, the toggles of a section have distinct names from their passages, 24 px targets, and stay on their line', async () => {
  const page = await open(null, { viewport: { width: 390, height: 800 }, hasTouch: true, isMobile: true });
  let toggles = 0;
  for (const path of [...sections('edition'), ...sections('fixture')]) {
    await page.goto(base + path);
    const named = (await buttonNames(page)).filter(b => b.controls);
    assert.equal(named.length, await page.locator('button.note-toggle').count(), `${path}: every toggle is a button`);
    const names = named.map(b => b.name);
    assert.equal(new Set(names).size, names.length, `${path}: names are distinct: ${names.filter((n, i) => names.indexOf(n) !== i)}`);
    for (const { controls, name } of named) {
      const passage = await page.evaluate(id => {
        const note = document.getElementById(id);
        if (!note.classList.contains('gloss')) return null;
        return document.querySelector(`mark[data-gloss="${note.id.replace(/^gloss-/, '')}"]`).textContent;
      }, controls);
      if (passage !== null) {
        const first = passage.trim().split(/\s+/).slice(0, 3).join(' ');
        assert.ok(name.startsWith(`Gloss on ‘${first}`), `${path}: the toggle of ${controls} is “${name}”, its passage “${passage}”`);
      } else {
        assert.match(name, /^(Sidenote \d+|Margin note after ‘.+’( \(\d+\))?)$/, `${path}: ${controls}`);
      }
    }
    toggles += named.length;
    const small = await page.evaluate(size => {
      const targetSize = new Function(`return ${size}`)();
      return [...document.querySelectorAll('button.note-toggle, a.note-ref, .sn-again a')]
        .filter(t => t.getClientRects().length)
        .map(t => { t.scrollIntoView({ block: 'center' }); return [t.getAttribute('aria-controls') || t.getAttribute('href'), targetSize(t)]; })
        .filter(([, side]) => side < 24);
    }, targetSize.toString());
    assert.deepEqual(small, [], `${path}: targets under 24 px`);
    // At each width the line breaks elsewhere: the toggle is always on the line of the
    // word before it.
    for (const width of [320, 341, 367, 390, 413, 452, 521, 600, 700]) {
      await page.setViewportSize({ width, height: 800 });
      const apart = await page.evaluate(() => [...document.querySelectorAll('.note-call')].flatMap(call => {
        const toggle = call.querySelector('button');
        if (!toggle || !toggle.getClientRects().length) return [];
        // The last character of the essay's text before the call.
        let node = call.previousSibling;
        while (node && !(node.textContent.trim())) node = node.previousSibling;
        let text = node;
        while (text && text.nodeType !== 3) text = text.lastChild && [...text.childNodes].reverse().find(c => c.textContent.trim());
        if (!text) return [];
        const range = document.createRange();
        const end = text.data.trimEnd().length;
        range.setStart(text, end - 1);
        range.setEnd(text, end);
        const word = range.getBoundingClientRect();
        const box = toggle.getBoundingClientRect();
        const same = box.top < word.bottom && word.top < box.bottom && box.left >= word.left;
        return same ? [] : [`${toggle.getAttribute('aria-controls')}: toggle at ${Math.round(box.top)} px, its word at ${Math.round(word.top)} px`];
      }));
      assert.deepEqual(apart, [], `${path} at ${width} px`);
    }
    await page.setViewportSize({ width: 390, height: 800 });
  }
  assert.ok(toggles > 50, `${toggles} toggles`);
});

/** The text sizes of a section: the essay's paragraphs, its quotations, its notes. */
function textSizes() {
  const size = selector => {
    const e = document.querySelector(selector);
    return e ? parseFloat(getComputedStyle(e).fontSize) : null;
  };
  return { paragraph: size('article.essay > p'), quotation: size('article.essay > blockquote p'),
    note: size('.gloss, .sidenote'), root: parseFloat(getComputedStyle(document.documentElement).fontSize) };
}

test('text follows the reader\'s default size, and the narrow layout does not shrink it, so 200% zoom doubles it', async () => {
  for (const path of [sections('edition')[0], sections('fixture')[0]]) {
    for (const readerSize of [16, 24]) {
      const page = await open(null);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Page.enable');
      await cdp.send('Page.setFontSizes', { fontSizes: { standard: readerSize, fixed: Math.round(readerSize * 13 / 16) } });
      await page.goto(base + path);
      const wide = await page.evaluate(textSizes);
      assert.equal(wide.root, readerSize * 15 / 16, `${path}: 1rem is 15/16 of the reader's ${readerSize} px`);
      assert.ok(wide.paragraph >= readerSize, `${path}: the essay's text at ${wide.paragraph} px, the reader's size ${readerSize} px`);
      // 1400 px at 200% zoom is 700 CSS px; a phone is 320–390 px.
      for (const width of [700, 390, 320]) {
        await page.setViewportSize({ width, height: 800 });
        const narrow = await page.evaluate(textSizes);
        assert.deepEqual(narrow, wide, `${path} at ${width} px with a ${readerSize} px default: the text keeps its size`);
      }
      await page.context().close();
    }
  }
});

for (const scheme of ['light', 'dark']) {
  test(`in ${scheme} colours, citations and glossed passages are underlined at 3:1 against the page and the text`, async () => {
    const page = await open(null, { colorScheme: scheme });
    let lines = 0;
    for (const path of everyPage().filter(p => !p.includes('/print/'))) {
      await page.goto(base + path);
      await withColours(page);
      const found = await page.evaluate(() => {
        const { parse, ratio, behind } = window.__colour;
        const problems = [];
        let count = 0;
        const check = (e, line) => {
          count++;
          const [page, text] = [ratio(line, behind(e)), ratio(line, parse(getComputedStyle(e).color))];
          if (page < 3 || text < 3) {
            problems.push(`“${e.textContent.slice(0, 30)}”: ${page.toFixed(2)}:1 against the page, ${text.toFixed(2)}:1 against the text`);
          }
        };
        for (const a of document.querySelectorAll('a.citation')) {
          const s = getComputedStyle(a);
          if (!s.textDecorationLine.includes('underline')) problems.push(`“${a.textContent}” is not underlined`);
          check(a, parse(s.textDecorationColor));
        }
        // A gloss's line is drawn as a background image, in one colour.
        for (const m of document.querySelectorAll('mark.gloss-passage')) {
          const colour = parse(getComputedStyle(m).backgroundImage);
          if (!colour) problems.push(`“${m.textContent.slice(0, 30)}” has no line`);
          else check(m, colour);
        }
        return { count, problems };
      });
      assert.deepEqual(found.problems, [], path);
      lines += found.count;
    }
    assert.ok(lines > 200, `${lines} lines`);
  });
}

/**
 * What a screen reader reads of each of the essay's blocks, from Chromium's accessibility
 * tree, beside the essay's own text of the block (the DOM's text without `data-apparatus`).
 * `read` is the block's running text in the tree's order, each control (a button, or one of
 * the build's own links: ¶ numbers, †) left out, as a screen reader says a control apart as
 * one item; a note that is read in the block is running text, and shows in `read`.
 */
async function readAloud(page) {
  const cdp = await page.context().newCDPSession(page);
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const backend = async selector => {
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector });
    const ids = [];
    for (const nodeId of nodeIds) ids.push((await cdp.send('DOM.describeNode', { nodeId })).node.backendNodeId);
    return ids;
  };
  const blocks = await backend('article.essay > p.numbered, article.essay > blockquote');
  const controls = new Set(await backend('article.essay a[data-apparatus], article.essay .sn-again a, article.essay button'));
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  const byId = new Map(nodes.map(n => [n.nodeId, n]));
  const byBackend = new Map(nodes.filter(n => n.backendDOMNodeId).map(n => [n.backendDOMNodeId, n]));
  const text = node => {
    if (!node || controls.has(node.backendDOMNodeId) || node.role?.value === 'button') return '';
    if (node.role?.value === 'StaticText') return node.ignored ? '' : node.name?.value ?? '';
    return (node.childIds ?? []).map(id => text(byId.get(id))).join('');
  };
  // A word joiner (which keeps a toggle on its line) is silent.
  const read = blocks.map(b => text(byBackend.get(b)).replace(/\u2060/g, '').replace(/\s+/g, ' ').trim());
  const own = await page.evaluate(() => {
    const ownText = node => node.nodeType === 3 ? node.data
      : node.nodeType === 1 && !node.hasAttribute('data-apparatus') ? [...node.childNodes].map(ownText).join('') : '';
    return [...document.querySelectorAll('article.essay > p.numbered, article.essay > blockquote')]
      .map(b => ownText(b).replace(/\s+/g, ' ').trim());
  });
  return own.map((o, i) => ({ own: o, read: read[i] }));
}

for (const width of [1400, 390]) {
  test(`a screen reader at ${width} px reads each of the essay's sentences whole, and can open a note where it is called`, async () => {
    const page = await open(null, { viewport: { width, height: 900 } });
    let blocks = 0;
    for (const path of [...sections('edition'), ...sections('fixture')]) {
      await page.goto(base + path);
      for (const { own, read } of await readAloud(page)) {
        // A control is said apart, so the spaces about it do not matter; the words do.
        assert.equal(read.replace(/\s/g, ''), own.replace(/\s/g, ''),
          `${path}: the block is read as the essay has it:\n${read}\n${own}`);
        blocks++;
      }
    }
    assert.ok(blocks > 50, `${blocks} blocks`);
    // Take a note: its toggle opens it where it is called, named, and Escape from a link in
    // it closes it again and leaves the focus on the toggle.
    await page.goto(base + sections('fixture')[0]);
    for (const kind of ['gloss', 'sidenote', 'marginnote']) {
      const note = page.locator(`article.essay .${kind}`).first();
      const id = await note.getAttribute('id');
      const toggle = page.locator(`button[aria-controls="${id}"]`);
      await toggle.focus();
      assert.ok(await toggle.isVisible(), `${kind}: the toggle shows when the keyboard reaches it`);
      const box = await toggle.boundingBox();
      assert.ok(box.width >= 24 && box.height >= 24, `${kind}: its toggle is ${box.width}×${box.height}`);
      await page.keyboard.press('Enter');
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      const noteText = await note.evaluate(n => [...n.childNodes].filter(c => !c.classList?.contains('sn-number'))
        .map(c => c.textContent).join('').replace(/\s/g, '').toLowerCase());
      // (The tree has the label “Gloss” as the style writes it, in capitals.)
      const opened = (await readAloud(page)).map(b => b.read).join('').replace(/\s/g, '').toLowerCase();
      assert.ok(opened.includes(noteText), `${kind}: the open note is read: “${noteText}”`);
      const tree = await accessibilityTree(page);
      const named = tree.filter(n => !n.ignored && n.role?.value === 'note').map(n => n.name?.value);
      assert.ok(named.includes(await toggle.evaluate(t => t.textContent.trim().replace(/^\S+\s*/, '') && t.querySelector('.visually-hidden').textContent)),
        `${kind}: the note takes its toggle's name: ${named}`);
      const link = note.locator('a[href]').first();
      if (await link.count()) {
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement.closest('.gloss, .sidenote, .marginnote')?.id), id,
          `${kind}: Tab goes into the open note`);
        // A citation or term there shows its preview: the first Escape closes that.
        if (await page.locator('.term-popover').count()) {
          await page.keyboard.press('Escape');
          assert.equal(await page.locator('.term-popover').count(), 0, `${kind}: Escape closes the preview first`);
          assert.equal(await toggle.getAttribute('aria-expanded'), 'true', `${kind}: and leaves the note open`);
        }
        await page.keyboard.press('Escape');
      } else {
        await page.keyboard.press('Escape');
      }
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false', `${kind}: Escape closes it`);
      assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-controls')), id, `${kind}: the focus is back on its toggle`);
    }
  });
}

test('a sidenote\'s number is read once, by its toggle', async () => {
  for (const width of [1400, 390]) {
    const page = await open(sections('fixture')[0], { viewport: { width, height: 900 } });
    const toggle = page.locator('button[aria-controls="sn-1"]');
    await toggle.focus();
    await page.keyboard.press('Enter');
    const tree = await accessibilityTree(page);
    const readable = tree.filter(n => !n.ignored && n.role?.value === 'StaticText').map(n => n.name.value.trim());
    const button = tree.find(n => !n.ignored && n.role?.value === 'button' && n.name?.value === 'Sidenote 1');
    assert.ok(button, `${width} px: the toggle is “Sidenote 1”`);
    // The number is said by the toggle's name; no running text says “1” besides it (the
    // texts of links and buttons are their names: the ¶ number's link says “Paragraph 1”).
    const controls = tree.filter(n => ['link', 'button'].includes(n.role?.value));
    const ones = tree.filter(n => !n.ignored && n.role?.value === 'StaticText' && n.name.value.trim() === '1'
      && !controls.some(c => isInside(tree, n, c)));
    assert.deepEqual(ones.map(n => n.name.value), [], `${width} px: ${readable.slice(0, 5)}`);
    await page.context().close();
  }
});

function isInside(tree, node, ancestor) {
  const parent = new Map();
  for (const n of tree) for (const c of n.childIds ?? []) parent.set(c, n.nodeId);
  for (let id = node.nodeId; id; id = parent.get(id)) if (id === ancestor.nodeId) return true;
  return false;
}

test('a preview opens on a tap, a second tap follows its link, and a tap elsewhere closes it', async () => {
  const page = await open(null, { viewport: { width: 390, height: 800 }, hasTouch: true, isMobile: true });
  for (const path of [sections('fixture')[0], sections('edition')[1]]) {
    for (const selector of ['a.term', 'a.citation']) {
      await page.goto(base + path);
      const id = await page.evaluate(s => [...document.querySelectorAll(`article.essay ${s}`)]
        .find(a => !a.closest('[data-apparatus]')).id, selector);
      const link = page.locator(`[id="${id}"]`);
      const popover = page.locator('.term-popover');
      const href = await link.evaluate(a => a.href);
      await link.tap();
      await popover.waitFor({ state: 'visible' });
      assert.equal(page.url(), base + path, `${path} ${selector}: the first tap stays on the page`);
      const [word, box] = [await link.boundingBox(), await popover.boundingBox()];
      assert.ok(box.y >= word.y + word.height, `${path} ${selector}: the preview is below its word`);
      await page.locator('article.essay h1').tap();
      assert.equal(await popover.count(), 0, `${path} ${selector}: a tap elsewhere closes it`);
      await link.tap();
      await popover.waitFor({ state: 'visible' });
      await link.tap();
      await page.waitForURL(href);
      assert.equal(page.url(), href, `${path} ${selector}: the second tap follows the link`);
    }
  }
});

test('a preview stays while the pointer crosses to it, and a link in it can be followed; Escape closes it from there', async () => {
  const page = await open(null);
  // The preview's outside links lead nowhere on this closed machine: answer them here.
  await page.route(/^https:\/\/(doi\.org|www\.marxists\.org)\//, route => route.fulfill({ body: 'outside', contentType: 'text/plain' }));
  let tried = 0;
  for (const path of [sections('fixture')[0], ...sections('edition')]) {
    await page.goto(base + path);
    const works = await page.evaluate(() => [...document.querySelectorAll('article.essay a.citation')]
      .filter(a => !a.closest('[data-apparatus]'))
      .filter(a => document.getElementById(a.getAttribute('aria-describedby'))?.querySelector('a[href^="https:"]'))
      .map(a => a.id));
    if (!works.length) continue;
    tried++;
    const citation = page.locator(`#${works[0]}`);
    await citation.evaluate(c => c.scrollIntoView({ block: 'center' }));
    await citation.hover();
    const popover = page.locator('.term-popover');
    await popover.waitFor({ state: 'visible' });
    const outside = popover.locator('a[href^="https:"]').first();
    // (An address may break over lines: aim at its first.)
    const from = await citation.boundingBox();
    const to = await outside.evaluate(a => { const r = a.getClientRects()[0]; return { x: r.x, y: r.y, height: r.height }; });
    // Down across the gap, slowly, as a hand moves a mouse, then within the preview to its link.
    const box = await popover.boundingBox();
    const x = Math.min(Math.max(from.x + from.width / 2, box.x + 4), box.x + box.width - 4);
    await page.mouse.move(x, from.y + from.height / 2);
    await page.mouse.move(x, box.y + 6, { steps: 12 });
    await page.mouse.move(to.x + 4, to.y + to.height / 2, { steps: 12 });
    await page.waitForTimeout(700);
    assert.equal(await popover.count(), 1, `${path}: the preview is still there with the pointer on it`);
    assert.ok(await outside.evaluate(a => a.matches(':hover')), `${path}: the pointer is on its link`);
    await page.keyboard.press('Escape');
    assert.equal(await popover.count(), 0, `${path}: Escape closes it with the pointer on it`);
    await citation.hover();
    await popover.waitFor({ state: 'visible' });
    await page.mouse.move(x, box.y + 6, { steps: 12 });
    await page.mouse.move(to.x + 4, to.y + to.height / 2, { steps: 12 });
    const target = await outside.evaluate(a => a.href);
    await outside.click();
    await page.waitForURL(target);
    // Away from both, it closes.
    await page.goto(base + path);
    await citation.hover();
    await popover.waitFor({ state: 'visible' });
    await page.mouse.move(5, 5, { steps: 5 });
    await page.waitForTimeout(700);
    assert.equal(await popover.count(), 0, `${path}: the preview closes when the pointer leaves both`);
  }
  assert.ok(tried >= 2, `${tried} sections with a citation whose reference has an address`);
});

/** Whether a 24 px square centred on the element takes a pointer everywhere (9 points). */
function takes24(element) {
  const box = element.getBoundingClientRect();
  const [cx, cy] = [box.left + box.width / 2, box.top + box.height / 2];
  for (const dx of [-11.5, 0, 11.5]) for (const dy of [-11.5, 0, 11.5]) {
    const hit = document.elementFromPoint(cx + dx, cy + dy);
    if (!hit || !(hit === element || element.contains(hit))) return false;
  }
  return true;
}

test('the links back to citing places say where they go, apart from each other, and are 24 px targets', async () => {
  const page = await open(null);
  for (const name of Object.keys(EDITIONS)) {
    // Where every id of the essay stands: its section's title and its ¶ number.
    const places = {};
    for (const path of sections(name)) {
      await page.goto(base + path);
      Object.assign(places, await page.evaluate(path => {
        const title = document.querySelector('article.essay h1').textContent.trim();
        const found = {};
        for (const e of document.querySelectorAll('article.essay [id]')) {
          const block = e.closest('.numbered');
          if (block) found[`${path}#${e.id}`] = { title, paragraph: block.id.slice(1) };
        }
        return found;
      }, path.replace(`${name}/`, '')));
    }
    let links = 0;
    for (const list of ['bibliography/index.html', 'citations/index.html', 'glossary/index.html']) {
      await page.goto(`${base}${name}/${list}`);
      const found = await page.evaluate(([takes, list]) => {
        const takes24 = new Function(`return ${takes}`)();
        const entries = [...document.querySelectorAll('.reference, .citation-index > li, .glossary-entry')];
        return entries.map(entry => {
          const as = [...entry.querySelectorAll('.cited-at a, .citing-places a, .term-groups a')];
          return as.map(a => {
            a.scrollIntoView({ block: 'center' });
            return { entry: entry.id, name: a.textContent.replace(/\s+/g, ' ').trim(),
              href: new URL(a.href).pathname.replace(/^\/[^/]+\//, '') + new URL(a.href).hash, big: takes24(a) };
          });
        });
      }, [takes24.toString(), list]);
      for (const entry of found) {
        const names = entry.map(l => l.name);
        assert.equal(new Set(names).size, names.length, `${name}/${list} #${entry[0]?.entry}: ${names.join(' | ')}`);
        for (const l of entry) {
          links++;
          assert.ok(l.big, `${name}/${list} #${l.entry}: “${l.name}” is under 24 px`);
          const place = places[l.href];
          if (!place) continue; // a place outside the essay: a note, a page, a definition
          assert.ok(l.name.startsWith(`${place.title}, `), `${name}/${list}: “${l.name}” names its section, ${place.title}`);
          assert.match(l.name, new RegExp(`¶${place.paragraph}\\b`), `${name}/${list}: “${l.name}” leads to ¶${place.paragraph}`);
        }
      }
    }
    assert.ok(links > (name === 'edition' ? 300 : 5), `${name}: ${links} links`);
  }
});

test('the long index pages have a heading for each letter, and the list of glosses one for each section', async () => {
  const page = await open(null);
  for (const name of Object.keys(EDITIONS)) {
    for (const [list, entry, key] of [['glossary/index.html', '.glossary-entry', 'dfn'],
      ['bibliography/index.html', '.reference', '.reference-text'], ['citations/index.html', '.citation-index > li', '.cited-work a']]) {
      await page.goto(`${base}${name}/${list}`);
      const found = await page.evaluate(([entry, key]) => {
        const fold = s => s.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase().match(/[\p{L}\p{N}]/u)?.[0];
        const headings = [...document.querySelectorAll('main h2')].map(h => h.textContent.trim());
        const misplaced = [...document.querySelectorAll(entry)].filter(e => {
          const heading = e.closest('section')?.querySelector('h2')?.textContent.trim();
          return heading !== fold(e.querySelector(key).textContent);
        }).map(e => e.id);
        return { headings, misplaced, entries: document.querySelectorAll(entry).length };
      }, [entry, key]);
      assert.ok(found.headings.length >= 2, `${name}/${list}: headings ${found.headings}`);
      assert.ok(found.headings.every(h => /^[\p{Lu}\p{N}]$/u.test(h)), `${name}/${list}: letters ${found.headings}`);
      assert.deepEqual(found.headings, [...found.headings].sort((a, b) => a.localeCompare(b)), `${name}/${list}: in order`);
      assert.deepEqual(found.misplaced, [], `${name}/${list}: every entry under its letter`);
    }
    await page.goto(`${base}${name}/glosses/index.html`);
    const glosses = await page.evaluate(() => [...document.querySelectorAll('.gloss-list > li')].map(li =>
      [li.closest('section').querySelector('h2').textContent.trim(), li.querySelector('.gloss-place').textContent]));
    assert.ok(glosses.length > 3);
    for (const [heading, place] of glosses) assert.ok(place.startsWith(`${heading}, ¶`), `${name}: “${place}” under “${heading}”`);
  }
});

for (const forced of [false, true]) {
  test(`arriving at a citation or a passage marks it${forced ? ', in forced colours too' : ''}`, async () => {
    const page = await open(null);
    if (forced) await page.emulateMedia({ forcedColors: 'active', colorScheme: 'dark' });
    for (const path of [sections('fixture')[0], sections('edition')[0]]) {
      await page.goto(base + path);
      const ids = await page.evaluate(() => ['a.citation', 'mark.gloss-passage[id]', 'mark.note-passage[id]']
        .map(s => [...document.querySelectorAll(`article.essay ${s}`)].find(e => !e.closest('[data-apparatus]'))?.id));
      for (const id of ids) {
        assert.ok(id, `${path}: a place to arrive at`);
        await page.goto(`${base}${path}#${id}`);
        await withColours(page);
        const look = await page.evaluate(id => {
          const { behind, ratio, parse } = window.__colour;
          const e = document.getElementById(id);
          const [own, around] = [behind(e), behind(e.parentElement)];
          return { marked: own.join() !== around.join(), text: ratio(parse(getComputedStyle(e).color), own),
            visible: e.getBoundingClientRect().top >= 0 && e.getBoundingClientRect().bottom <= innerHeight };
        }, id);
        assert.ok(look.marked, `${path}#${id}: marked on arrival`);
        assert.ok(look.text >= 4.5, `${path}#${id}: its text at ${look.text.toFixed(2)}:1 on the mark`);
        assert.ok(look.visible, `${path}#${id}: in view`);
      }
    }
  });
}

test('phrases marked as in another language are in it, and the text around them in the edition\'s', async () => {
  const page = await open(null);
  for (const [path, phrases] of [
    // (A gloss's passage ends inside the first phrase, at “part”.)
    ['fixture/essay/margins/index.html', { fr: ['des sans-part', 'La Mésentente'] }],
    ['edition/glossary/index.html', { fr: ['la part des sans-part', 'La Mésentente', 'pour elle-même'] }],
    ['edition/glosses/index.html', { es: ['indignados'] }],
  ]) {
    await page.goto(base + path);
    const found = await page.evaluate(phrases => {
      const langOf = node => node.parentElement.closest('[lang]').getAttribute('lang');
      const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
      const texts = [];
      for (let n; (n = walker.nextNode());) texts.push(n);
      return Object.entries(phrases).flatMap(([lang, list]) => list.map(phrase => {
        const node = texts.find(t => t.data.replace(/\s+/g, ' ').includes(phrase));
        return { phrase, want: lang, got: node ? langOf(node) : null };
      }));
    }, phrases);
    for (const f of found) {
      assert.equal(f.got, f.want, `${path}: “${f.phrase}” is in ${f.want}`);
    }
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  }
});

test('axe-core finds nothing serious on any page of the fixture, nor on the sections with their notes open, wide and narrow, light and dark', async () => {
  const { readFileSync } = await import('node:fs');
  const { createRequire } = await import('node:module');
  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const run = async page => {
    await page.addScriptTag({ content: axeSource });
    return page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
      .filter(v => ['serious', 'critical'].includes(v.impact) || v.id === 'heading-order')
      .map(v => ({ id: v.id, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) })));
  };
  for (const scheme of ['light', 'dark']) {
    const page = await open(null, { colorScheme: scheme });
    for (const path of pages.fixture) {
      await page.goto(`${base}fixture/${path}`);
      assert.deepEqual(await run(page), [], `fixture/${path}, ${scheme}`);
    }
    for (const width of [1400, 390]) {
      await page.setViewportSize({ width, height: 900 });
      for (const path of [...sections('edition'), ...sections('fixture')]) {
        await page.goto(base + path);
        await page.evaluate(() => [...document.querySelectorAll('button.note-toggle')].slice(0, 3).forEach(t => t.click()));
        assert.deepEqual(await run(page), [], `${path} at ${width} px, three notes open, ${scheme}`);
      }
    }
    await page.context().close();
  }
});
