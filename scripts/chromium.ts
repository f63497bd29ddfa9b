/** Installs Debian's Chromium and CJK fonts for the browser tests, and gdal-bin for the GIS round trip, when they are missing. */
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

export const OGR2OGR = '/usr/bin/ogr2ogr';

/**
 * Installs Debian's gdal-bin (ogr2ogr, the GDAL that QGIS uses) for the GIS round-trip test when
 * it is missing and we are root; otherwise says why not and returns false (the test then skips).
 */
export function ensureGdal(): boolean {
  if (fs.existsSync(OGR2OGR)) return true;
  if (process.getuid?.() !== 0) {
    process.stdout.write(`# gdal-bin is missing (${OGR2OGR}); install it with: sudo apt-get install -y gdal-bin\n`);
    return false;
  }
  process.stdout.write('# installing gdal-bin from Debian packages\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'gdal-bin'], { stdio: 'inherit', env });
  } catch (e) {
    process.stdout.write(`# gdal-bin could not be installed: ${(e as Error).message}\n`);
  }
  return fs.existsSync(OGR2OGR);
}
