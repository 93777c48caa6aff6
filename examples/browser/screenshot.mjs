// Takes the README's screenshot of the demo (examples/browser/screenshot.png): starts the
// demo server, lets headless Chromium (Debian's, via playwright-core) run the page to the
// end, and prints the outcome. `node examples/browser/screenshot.mjs`
import { chromium } from 'playwright-core';
import { startDemoServer } from './serve.mjs';

const { url, server } = await startDemoServer(0);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 800, height: 470 } });
  await page.goto(url);
  await page.waitForFunction(() => window.demo !== undefined, null, { timeout: 300_000 });
  console.log(await page.evaluate(() => window.demo));
  await page.screenshot({ path: new URL('./screenshot.png', import.meta.url).pathname });
} finally {
  await browser.close();
  server.close();
}
