/** Installs Debian's Chromium and CJK fonts for the browser tests when they are missing. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

export function ensureChromium(): void {
  const fontsOk = fs.existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc');
  if (fs.existsSync(CHROMIUM) && fontsOk) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Chromium is missing at ${CHROMIUM}; install it with: sudo apt-get install -y chromium fonts-noto-cjk`);
  }
  process.stdout.write('# installing chromium and fonts-noto-cjk from Debian packages\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'chromium', 'fonts-noto-cjk'], { stdio: 'inherit', env });
}
