// Prints how far the margin items stand below their lines at 1400×900, for this edition and
// the dense fixture, with the margin laid out by glossator.js and, for comparison, with the
// stylesheet's stacked floats alone (the script blocked); saves screenshots of each edition's
// first section both ways to target/test-artifacts/margin/. From the repository root, after
// `cargo build --release`: `node tests/browser/margin-report.mjs`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, glossatorBinary, serveFolder } from './chromium.mjs';
import { measureInPage, median } from './margin.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const artifacts = join(repo, 'target', 'test-artifacts', 'margin');
mkdirSync(artifacts, { recursive: true });
const editions = { edition: repo, dense: join(repo, 'tests', 'fixtures', 'dense') };
const out = mkdtempSync(join(tmpdir(), 'glossator-margin-'));
for (const [name, root] of Object.entries(editions)) {
  const built = spawnSync(glossatorBinary, ['build', '--root', root, '--output', join(out, name)], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`${name}: ${built.stderr}`);
}
const { server, base } = await serveFolder(out, 22000);
const browser = await launchChromium();
try {
  for (const layout of ['floats', 'script']) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    if (layout === 'floats') await context.route('**/glossator.js', r => r.abort());
    const page = await context.newPage();
    for (const name of Object.keys(editions)) {
      const drifts = [];
      let overlaps = 0;
      // The sections in their order: the contents page lists them so.
      await page.goto(`${base}${name}/index.html`);
      const dir = join(out, name, 'essay');
      const slugs = readdirSync(dir).filter(s => statSync(join(dir, s)).isDirectory());
      const order = await page.evaluate(slugs => slugs.map(s => [s, document.body.innerHTML.indexOf(`essay/${s}/`)]), slugs);
      order.sort((a, b) => a[1] - b[1]);
      for (const [i, [slug]] of order.entries()) {
        await page.goto(`${base}${name}/essay/${slug}/index.html`);
        await page.evaluate(() => document.fonts.ready);
        await page.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))));
        const items = await page.evaluate(measureInPage);
        drifts.push(...items.map(i => i.drift));
        overlaps += items.filter(i => i.overlaps.length || i.overtext).length;
        if (i === 0) await page.screenshot({ path: join(artifacts, `${name}-${slug}-${layout}.png`) });
      }
      console.log(`${layout}, ${name}: ${drifts.length} items, drift median ${median(drifts)} px, `
        + `max ${Math.max(...drifts)} px, ${drifts.filter(d => d > 300).length} over 300 px, ${overlaps} overlapping`);
    }
    await context.close();
  }
  console.log(`screenshots in ${artifacts}`);
} finally {
  await browser.close();
  server.kill();
}
