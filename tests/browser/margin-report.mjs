// Prints how far the margin items stand below their lines at 1400×900, for this edition and
// the dense fixture: `node tests/browser/margin-report.mjs` from the repository root, after
// `cargo build --release`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, glossatorBinary, serveFolder } from './chromium.mjs';
import { measureInPage, median } from './margin.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const editions = { edition: repo, dense: join(repo, 'tests', 'fixtures', 'dense') };
const out = mkdtempSync(join(tmpdir(), 'glossator-margin-'));
for (const [name, root] of Object.entries(editions)) {
  const built = spawnSync(glossatorBinary, ['build', '--root', root, '--output', join(out, name)], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`${name}: ${built.stderr}`);
}
const { server, base } = await serveFolder(out, 22000);
const browser = await launchChromium();
const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
try {
  for (const name of Object.keys(editions)) {
    const drifts = [];
    let overlaps = 0;
    for (const slug of readdirSync(join(out, name, 'essay')).filter(s => !s.includes('.'))) {
      await page.goto(`${base}${name}/essay/${slug}/index.html`);
      await page.evaluate(() => document.fonts.ready);
      const items = await page.evaluate(measureInPage);
      drifts.push(...items.map(i => i.drift));
      overlaps += items.filter(i => i.overlaps.length || i.overtext).length;
    }
    console.log(`${name}: ${drifts.length} items, drift median ${median(drifts)} px, max ${Math.max(...drifts)} px, `
      + `${drifts.filter(d => d > 300).length} over 300 px, ${overlaps} overlapping`);
  }
} finally {
  await browser.close();
  server.kill();
}
