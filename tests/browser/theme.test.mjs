// An editor's colours (issue 18): a content/static/custom.css that sets the light colours on
// :root, as a first try at a theme would, leaves dark mode readable, and its colours show in
// light mode. Run from the repository root after `cargo build --release`:
// `npm --prefix tests/browser test`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, glossatorBinary, serveFolder } from './chromium.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let server, browser, base;

before(async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'glossator-theme-'));
  const root = join(tmp, 'edition');
  cpSync(join(repo, 'tests', 'fixtures', 'annotated'), root, { recursive: true });
  mkdirSync(join(root, 'content', 'static'), { recursive: true });
  writeFileSync(join(root, 'content', 'static', 'custom.css'),
    ':root { --bg: #ffffff; --fg: #202020; --link: #8a3b00; --note-bg: #f0f0f0; }\n');
  const built = spawnSync(glossatorBinary, ['build', '--root', root, '--output', join(tmp, 'public')], { encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  ({ server, base } = await serveFolder(join(tmp, 'public'), 26000));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.kill();
});

/** The text and page colours of the section, and the contrast between them (WCAG). */
async function colours(scheme) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme: scheme });
  const page = await context.newPage();
  await page.goto(base + 'essay/one/index.html');
  const got = await page.evaluate(() => {
    const rgb = c => c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
    const lum = c => {
      const [r, g, b] = rgb(c).map(v => v / 255).map(v => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
    const bg = getComputedStyle(document.body).backgroundColor;
    const worst = [...document.querySelectorAll('main p, main a, .gloss, .sidenote')]
      .map(e => ratio(getComputedStyle(e).color, bg)).reduce((a, b) => Math.min(a, b), 21);
    return { bg, fg: getComputedStyle(document.body).color, worst };
  });
  await context.close();
  return got;
}

test('a custom.css that sets light colours only is used in light mode and leaves dark mode readable', async () => {
  const light = await colours('light');
  assert.equal(light.bg, 'rgb(255, 255, 255)', 'the editor\'s page colour');
  assert.equal(light.fg, 'rgb(32, 32, 32)', 'the editor\'s text colour');
  const dark = await colours('dark');
  assert.notEqual(dark.bg, 'rgb(255, 255, 255)', 'dark mode keeps a dark page');
  assert.ok(dark.worst >= 4.5, `every text in dark mode keeps 4.5:1 (worst ${dark.worst.toFixed(2)})`);
  assert.ok(light.worst >= 4.5, `and in light mode too (worst ${light.worst.toFixed(2)})`);
});
