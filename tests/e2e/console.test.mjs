// End to end: the release build (dist/) served by `python3 -m http.server`, loaded in Debian's
// headless Chromium through playwright-core. Run by `./dev test`, or by hand after `trunk build`:
//   node --test tests/e2e/*.test.mjs     (KUBEPLAY_DIST defaults to ../../dist)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, out } from './harness.mjs';

const START = '2025-01-01 00:00:00 UTC';

let browser, baseUrl, stop;
before(async () => ({ browser, baseUrl, stop } = await start()));
after(async () => stop?.());

/** A fresh page on the app, with page errors collected so a panic fails the test. */
async function openApp(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(baseUrl);
  await page.getByTestId('clock').waitFor();
  return { page, context, errors };
}

const clockText = (page) => page.getByTestId('clock').textContent();

test('the page loads paused at the default start time', async () => {
  const { page, context, errors } = await openApp();
  assert.equal(await clockText(page), START);
  assert.equal(await page.title(), 'kubeplay');
  assert.equal(await page.getByTestId('play').count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a long sleep moves the clock a day per tick, then runs what was typed meanwhile', async () => {
  const { page, context, errors } = await openApp();
  const input = page.getByTestId('console-input');
  await input.click();
  await input.fill('sleep 20d');
  await input.press('Enter');
  await input.fill('echo awake');
  await input.press('Enter');
  // Part way: the clock has left the start but not reached the end, and the page still answers.
  await page.waitForFunction(
    (start) => document.querySelector('[data-testid=clock]').textContent !== start, START, { timeout: 5_000 });
  assert.notEqual(await clockText(page), '2025-01-21 00:00:00 UTC', 'twenty days are not done in one frame');
  const output = page.getByTestId('console-output');
  await output.locator('[data-stream=stdout]', { hasText: 'awake' }).waitFor({ timeout: 20_000 });
  assert.equal(await clockText(page), '2025-01-21 00:00:00 UTC');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a typed command shows in the console and play moves the clock', async () => {
  const { page, context, errors } = await openApp();
  const input = page.getByTestId('console-input');
  await input.click();
  await input.fill('kubectl version');
  await input.press('Enter');
  const output = page.getByTestId('console-output');
  await output.locator('.cmd-text', { hasText: 'kubectl version' }).waitFor();
  await output.locator('[data-stream=stdout]').first().waitFor();
  assert.equal(await input.inputValue(), '', 'Enter clears the prompt');

  await page.getByTestId('play').click();
  await page.getByTestId('pause').waitFor();
  await page.waitForFunction(
    (start) => document.querySelector('[data-testid=clock]').textContent !== start, START, { timeout: 5_000 });
  await page.getByTestId('pause').click();
  const paused = await clockText(page);
  await page.waitForTimeout(1_200);
  assert.equal(await clockText(page), paused, 'paused time must not move');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Enter inside an open heredoc adds a line; the finished script runs', async () => {
  const { page, context, errors } = await openApp();
  const input = page.getByTestId('console-input');
  await input.click();
  for (const line of ['kubectl apply -f - <<EOF', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:',
    '  name: settings', 'data:', '  mode: fast']) {
    await input.pressSequentially(line);
    await input.press('Enter');
  }
  const output = page.getByTestId('console-output');
  assert.equal(await output.locator('.cmd').count(), 0, 'nothing runs before EOF');
  assert.match(await input.inputValue(), /^kubectl apply -f - <<EOF\napiVersion: v1\n/);
  await input.pressSequentially('EOF');
  await input.press('Enter');
  await output.locator('.cmd-body', { hasText: 'kind: ConfigMap' }).waitFor();
  assert.equal(await input.inputValue(), '');
  // Output goes to stdout, and a typo to stderr with its exit status: styled apart.
  await input.fill('kubectl gett pods');
  await input.press('Enter');
  await output.locator('[data-stream=stderr]').first().waitFor();
  await output.locator('.status').first().waitFor();
  const colors = await page.evaluate(() => ['stdout', 'stderr'].map((s) =>
    getComputedStyle(document.querySelector(`[data-stream=${s}]`)).color));
  assert.notEqual(colors[0], colors[1], 'stdout and stderr look different');
  // ↑ recalls the last command.
  await input.press('ArrowUp');
  assert.equal(await input.inputValue(), 'kubectl gett pods');
  assert.deepEqual(errors, []);
  await context.close();
});

/** A short session worth looking at: a manifest applied, a listing, a typo, time fast-forwarded. */
async function demoSession(page) {
  const input = page.getByTestId('console-input');
  const run = async (text) => { await input.fill(text); await input.press('Enter'); };
  await run('kubectl version');
  await run(['kubectl apply -f - <<EOF', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: settings',
    'data:', '  mode: fast', '---', 'apiVersion: v1', 'kind: Service', 'metadata:', '  name: web', 'spec:',
    '  clusterIP: None', '  selector:', '    app: web', '  ports:', '  - port: 80', 'EOF'].join('\n'));
  await run('kubectl gett svc');
  await page.getByTestId('speed').getByRole('radio', { name: '600×' }).click();
  await page.getByTestId('play').click();
  // 600×: a simulated minute per 100 ms tick.
  await page.waitForFunction(
    () => /^2025-01-01 00:(0[3-9]|[1-5]\d)/.test(document.querySelector('[data-testid=clock]').textContent),
    null, { timeout: 5_000 });
  await page.getByTestId('pause').click();
  await run('kubectl get configmaps,services');
  await input.fill('kubectl get svc web -o yaml');
}

test('fast-forward at 600× and keep screenshots (light, dark, small laptop)', async () => {
  const shots = [
    { name: 'console-light', colorScheme: 'light', viewport: { width: 1280, height: 800 } },
    { name: 'console-dark', colorScheme: 'dark', viewport: { width: 1280, height: 800 } },
    { name: 'console-laptop', colorScheme: 'light', viewport: { width: 1024, height: 640 } },
  ];
  for (const { name, ...options } of shots) {
    const { page, context, errors } = await openApp(options);
    await demoSession(page);
    assert.notEqual(await clockText(page), START);
    await page.screenshot({ path: join(out, `${name}.png`) });
    assert.deepEqual(errors, []);
    await context.close();
  }
});
