// Benchmark (prints figures, asserts nothing): the release build's size, cold load to interactive,
// and how long applying each seed example takes from the click to the first frame showing it.
//   trunk build --release && node tests/e2e/bench.mjs        (KUBEPLAY_DIST defaults to ../../dist)
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { start, dist } from './harness.mjs';

const RUNS = 5;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;

for (const f of readdirSync(dist).filter((f) => /\.(wasm|js|css)$/.test(f))) {
  const bytes = readFileSync(join(dist, f));
  console.log(`size  ${f.replace(/-[0-9a-f]{16}/, '')}: ${kb(bytes.length)} (${kb(gzipSync(bytes, { level: 9 }).length)} gzipped)`);
}

const { browser, baseUrl: url, stop } = await start();
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
  await stop();
}
