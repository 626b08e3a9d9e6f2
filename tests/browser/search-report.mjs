// Prints what searching a built site costs: the size of its index beside the whole site, and
// for each query the bytes of index a reader's browser loads for the first results (index.js,
// the shards of the query's words, the chunks of the results shown) and how long the results
// took to appear after the last key. Served over HTTP from loopback so the browser counts
// every file it loads. From the repository root, after `cargo build --release`:
//   node tests/browser/search-report.mjs SITE_DIR [query…]
// (`bench/search.sh` builds this edition and the 10,000-page corpus and runs it on both.)
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { launchChromium, serveFolder } from './chromium.mjs';

const [site, ...asked] = process.argv.slice(2);
if (!site) throw new Error('usage: node tests/browser/search-report.mjs SITE_DIR [query…]');
const queries = asked.length ? asked : ['Kornilov', 'councils', '"dual power"', 'so'];

function sizes(dir) {
  let bytes = 0;
  let gzip = 0;
  let files = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) {
      const inner = sizes(path);
      bytes += inner.bytes;
      gzip += inner.gzip;
      files += inner.files;
    } else {
      bytes += st.size;
      gzip += gzipSync(readFileSync(path)).length;
      files += 1;
    }
  }
  return { bytes, gzip, files };
}

const kib = n => (n / 1024).toFixed(0);
const whole = sizes(site);
const index = sizes(join(site, 'search'));
console.log(`site: ${whole.files} files, ${kib(whole.bytes)} KiB; search index: ${index.files} files, ` +
  `${kib(index.bytes)} KiB (${(100 * index.bytes / whole.bytes).toFixed(0)}% of the site), ${kib(index.gzip)} KiB gzipped`);

const { server, base } = await serveFolder(site, 32000);
const browser = await launchChromium();
try {
  console.log('| query | files loaded | KiB loaded | KiB gzipped | results shown | ms after the last key |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const query of queries) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const loaded = [];
    page.on('response', async r => {
      const path = new URL(r.url()).pathname;
      if (path.includes('/search/') && path.endsWith('.js')) loaded.push(await r.body());
    });
    await page.goto(base + 'index.html');
    await page.keyboard.press('/');
    await page.keyboard.type(query.slice(0, -1));
    const start = Date.now();
    await page.keyboard.type(query.slice(-1));
    await page.waitForFunction(q => {
      const list = document.getElementById('site-search-list');
      return !list.hidden && list.getAttribute('data-query') === q;
    }, query);
    const took = Date.now() - start;
    await page.waitForTimeout(100);
    const shown = await page.evaluate(() => document.querySelectorAll('#site-search-list .search-option:not(.search-all)').length);
    const bytes = loaded.reduce((n, b) => n + b.length, 0);
    const gzip = loaded.reduce((n, b) => n + gzipSync(b).length, 0);
    console.log(`| ${query.replace(/\|/g, '\\|')} | ${loaded.length} | ${kib(bytes)} | ${kib(gzip)} | ${shown} | ${took} |`);
    await context.close();
  }
} finally {
  await browser.close();
  server.kill();
}
