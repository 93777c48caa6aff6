// Headless Chromium for the tests: Debian's system browser (no download), driven by
// playwright-core; undefined (and the reason) where it is not installed.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export async function launchChromium(): Promise<{ browser?: Browser; missing?: string }> {
  const executablePath = process.env.CHROMIUM_PATH ?? CANDIDATES.find((p) => existsSync(p));
  if (!executablePath) return { missing: `no Chromium at ${CANDIDATES.join(', ')} (apt-get install chromium)` };
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
  return { browser };
}
