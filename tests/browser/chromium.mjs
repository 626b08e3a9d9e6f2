// Debian's Chromium as every browser test launches it: headless, as root, and quiet on a
// machine whose network is closed (without these flags it keeps trying to reach Google).
// And the glossator binary the tests run: GLOSSATOR_BIN, else the release build in
// CARGO_TARGET_DIR, else in the repository's target/.
import { chromium } from 'playwright-core';
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
