// Debian's Chromium as every browser test launches it: headless, as root, and quiet on a
// machine whose network is closed (without these flags it keeps trying to reach Google).
// And the glossator binary the tests run: GLOSSATOR_BIN, else the release build in
// CARGO_TARGET_DIR, else in the repository's target/.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const glossatorBinary = process.env.GLOSSATOR_BIN
  || join(process.env.CARGO_TARGET_DIR || join(repo, 'target'), 'release', 'glossator');

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// A static server for a built site on loopback, as a host would serve it; resolves once it
// answers. `from` is the first of 2,000 ports it may take at random.
export async function serveFolder(dir, from) {
  const port = from + Math.floor(Math.random() * 2000);
  const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dir],
    { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(base)).ok) break; } catch { await new Promise(r => setTimeout(r, 100)); }
  }
  return { server, base };
}
