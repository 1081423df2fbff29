// What every end-to-end script shares: the built site served by `python3 -m http.server`, and
// Debian's headless Chromium driven by playwright-core (never a downloaded browser).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const dist = resolve(process.env.KUBEPLAY_DIST ?? join(here, '..', '..', 'dist'));
export const out = join(here, 'out');
// Flags verified on our machines (see shared toolchain notes).
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Starts python's static server for `dir` on a free port; resolves with the process and URL. */
function serve(dir) {
  return new Promise((ok, fail) => {
    const proc = spawn('python3', ['-u', '-m', 'http.server', '--bind', '127.0.0.1', '--directory', dir, '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`http.server did not start: ${seen}`)), 10_000);
    proc.stdout.on('data', (chunk) => {
      seen += chunk;
      const m = seen.match(/port (\d+)/);
      if (m) { clearTimeout(timer); ok({ proc, url: `http://127.0.0.1:${m[1]}/` }); }
    });
    proc.on('exit', (code) => fail(new Error(`http.server exited ${code}: ${seen}`)));
  });
}

/** Serves dist/ and launches Chromium with a throwaway profile. `stop()` undoes both. */
export async function start() {
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`no build in ${dist}: run trunk build first`);
  mkdirSync(out, { recursive: true });
  const { proc, url } = await serve(dist);
  // Chromium writes to ~/.config and ~/.cache: keep it in a temporary profile.
  const profile = mkdtempSync(join(tmpdir(), 'kubeplay-e2e-'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ARGS,
    env: { ...process.env, XDG_CONFIG_HOME: join(profile, 'config'), XDG_CACHE_HOME: join(profile, 'cache') },
  });
  const stop = async () => {
    await browser.close();
    proc.kill();
    rmSync(profile, { recursive: true, force: true });
  };
  return { browser, baseUrl: url, stop };
}
