// Benchmark (prints figures, asserts nothing): the release build's size, cold load to interactive,
// and how long applying each seed example takes from the click to the first frame showing it.
//   trunk build --release && node tests/e2e/bench.mjs        (KUBEPLAY_DIST defaults to ../../dist)
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(process.env.KUBEPLAY_DIST ?? join(here, '..', '..', 'dist'));
const RUNS = 5;

function serve(dir) {
  return new Promise((ok, fail) => {
    const proc = spawn('python3', ['-u', '-m', 'http.server', '--bind', '127.0.0.1', '--directory', dir, '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    proc.stdout.on('data', (c) => { seen += c; const m = seen.match(/port (\d+)/); if (m) ok({ proc, url: `http://127.0.0.1:${m[1]}/` }); });
    proc.on('exit', (code) => fail(new Error(`http.server exited ${code}`)));
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;

for (const f of readdirSync(dist).filter((f) => /\.(wasm|js|css)$/.test(f))) {
  const bytes = readFileSync(join(dist, f));
  console.log(`size  ${f.replace(/-[0-9a-f]{16}/, '')}: ${kb(bytes.length)} (${kb(gzipSync(bytes, { level: 9 }).length)} gzipped)`);
}

const { proc, url } = await serve(dist);
const profile = mkdtempSync(join(tmpdir(), 'kubeplay-bench-'));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  env: { ...process.env, XDG_CONFIG_HOME: join(profile, 'c'), XDG_CACHE_HOME: join(profile, 'k') },
});
try {
  const loads = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(url);
    await page.getByTestId('pod').or(page.getByTestId('node')).first().waitFor();
    loads.push(Date.now() - t0);
    await context.close();
  }
  console.log(`load  cold load to interactive (first node drawn), median of ${RUNS}: ${median(loads)} ms  [${loads.join(', ')}]`);

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  const scenarios = await page.getByTestId('scenario-picker').locator('option').evaluateAll(
    (o) => o.map((x) => [x.value, x.textContent]).filter(([v]) => v !== ''));
  for (const [value, title] of scenarios) {
    await page.getByTestId('scenario-picker').selectOption(value);
    await page.getByTestId('tour').waitFor();
    const tabs = page.getByTestId('editor-tab');
    for (let t = 0; t < await tabs.count(); t++) {
      await tabs.nth(t).click();
      // Click → reducer (kubectl apply, controllers settle, snapshot) → render → next frame.
      const ms = await page.evaluate(() => new Promise((done) => {
        const t0 = performance.now();
        document.querySelector('[data-testid=apply]').click();
        requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));
      }));
      console.log(`apply ${title.split(':')[0]} tab ${t + 1}: ${ms.toFixed(1)} ms to the next frame`);
    }
  }
  await context.close();
} finally {
  await browser.close();
  proc.kill();
  rmSync(profile, { recursive: true, force: true });
}
