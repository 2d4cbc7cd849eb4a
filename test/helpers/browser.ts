import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's chromium (apt-get install chromium), found where the system put it: Playwright drives
 * it, nothing is downloaded. CHROMIUM_PATH names another one.
 */
export function chromiumPath(): string {
  const candidates = [
    process.env.CHROMIUM_PATH,
    ...['chromium', 'chromium-browser', 'google-chrome'].flatMap((name) => (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, name))),
    '/usr/bin/chromium', '/usr/lib/chromium/chromium',
  ].filter((path): path is string => Boolean(path));
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error('no Chromium found: apt-get install chromium, or set CHROMIUM_PATH');
  return found;
}

export async function launchChromium(): Promise<Browser> {
  // Root (as CI runs) cannot use Chromium's sandbox.
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
}
