// End to end: the playground as a learner uses it. Apply the seed's todo-db from the editor, run
// the clock, see todo-db-0 and todo-db-1 Running with their DNS names, share the session and open
// the link in a fresh browser context, go back in time, reload, and walk every built-in scenario
// (screenshots in tests/e2e/out/, copied to docs/screenshots/ for the README).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, out } from './harness.mjs';

let browser, baseUrl, stop;
before(async () => ({ browser, baseUrl, stop } = await start()));
after(async () => stop?.());

async function open(url = baseUrl, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, ...options });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await page.getByTestId('clock').waitFor();
  return { page, context, errors };
}

const pod = (page, name) => page.locator(`[data-testid=pod][data-name="${name}"]`);

/** Plays at `speed` until `done()` holds in the page, then pauses. */
async function playUntil(page, speed, done, arg, timeout = 30_000) {
  await page.getByTestId(`speed-${speed}`).click();
  await page.getByTestId('play').click();
  await page.waitForFunction(done, arg, { timeout });
  if (await page.getByTestId('pause').count()) await page.getByTestId('pause').click();
}

const podRunning = (name) => {
  const el = document.querySelector(`[data-testid=pod][data-name="${name}"]`);
  return el?.dataset.phase === 'Running' && el?.dataset.status === 'Running';
};

/** What the cluster view shows, as comparable data. */
async function clusterState(page) {
  return page.evaluate(() => ({
    clock: document.querySelector('[data-testid=clock]').textContent,
    pods: [...document.querySelectorAll('[data-testid=pod]')]
      .map((e) => `${e.dataset.name} ${e.dataset.phase} ${e.dataset.status}`).sort(),
    pvcs: [...document.querySelectorAll('[data-testid=pvc]')].map((e) => `${e.dataset.name} ${e.dataset.phase}`).sort(),
    dns: [...document.querySelectorAll('[data-testid=dns-record]')].map((e) => `${e.dataset.name} ${e.dataset.ip}`).sort(),
  }));
}

test('apply todo-db, see both pods Running with DNS names, share, and replay the link elsewhere', async () => {
  const { page, context, errors } = await open();
  await page.getByTestId('apply').click();
  await page.getByTestId('apply-output').getByText('statefulset.apps/todo-db created').waitFor();
  await pod(page, 'todo-db-0').waitFor();
  await playUntil(page, '60', podRunning, 'todo-db-1');
  assert.equal(await pod(page, 'todo-db-0').getAttribute('data-phase'), 'Running');
  for (const name of ['todo-db-0', 'todo-db-1']) {
    await page.locator(`[data-testid=dns-record][data-name="${name}.todo-db.default.svc.cluster.local"]`).waitFor();
  }
  await page.screenshot({ path: join(out, 'playground-todo-db.png') });
  const before = await clusterState(page);

  await page.getByTestId('share').click();
  await page.waitForFunction(() => location.hash.startsWith('#s=v1.'));
  const link = page.url();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, link, 'the clipboard holds the same link as the address bar');

  // A fresh context: no localStorage, nothing shared but the URL.
  const other = await open(link);
  await other.page.waitForFunction((clock) =>
    document.querySelector('[data-testid=clock]')?.textContent === clock, before.clock);
  await pod(other.page, 'todo-db-1').waitFor();
  assert.deepEqual(await clusterState(other.page), before, 'the link reproduces the identical run');
  assert.deepEqual(other.errors, []);
  await other.context.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test('drag the timeline back: the cluster as it was, then forward again', async () => {
  const { page, context, errors } = await open();
  await page.getByTestId('apply').click();
  await playUntil(page, '60', podRunning, 'todo-db-1');
  const latest = await clusterState(page);
  // Back to the first second: nothing was scheduled yet.
  await page.getByTestId('timeline').evaluate((el) => {
    el.value = '500';
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await page.waitForFunction(() => !document.querySelector('[data-testid=pod][data-phase=Running]'));
  assert.match(await page.getByTestId('clock').textContent(), /^2025-01-01 00:00:00/);
  await page.getByTestId('timeline-now').click();
  await page.waitForFunction(podRunning, 'todo-db-1');
  assert.deepEqual(await clusterState(page), latest);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a reload loses nothing: session, editor and history come back from localStorage', async () => {
  const { page, context, errors } = await open();
  const editor = page.getByTestId('editor');
  await editor.fill('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kept\ndata:\n  a: b\n');
  await page.getByTestId('apply').click();
  const input = page.getByTestId('console-input');
  await input.fill('kubectl get configmap kept');
  await input.press('Enter');
  await page.getByTestId('jump-10m').click();
  const clock = await page.getByTestId('clock').textContent();
  await page.reload();
  // After the reload the app mounts again: wait for the clock to exist, then to read as before.
  await page.waitForFunction((c) => document.querySelector('[data-testid=clock]')?.textContent === c, clock);
  assert.match(await editor.inputValue(), /name: kept/);
  await input.press('ArrowUp');
  assert.equal(await input.inputValue(), 'kubectl get configmap kept');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an invalid field is marked on its line in the apiserver\'s words', async () => {
  const { page, context, errors } = await open();
  await page.getByTestId('editor').fill(
    'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  replica: 2\n');
  await page.getByTestId('apply').click();
  const problem = page.locator('[data-testid=problem][data-line="6"]');
  await problem.waitFor();
  assert.match(await problem.textContent(), /strict decoding error: unknown field "spec.replica"/);
  assert.equal(await page.locator('.gutter-line.error').textContent(), '6');
  assert.deepEqual(errors, []);
  await context.close();
});

/** Walks one built-in scenario: apply every tab, run each step's command, play until done. */
async function walkScenario(page, index) {
  await page.getByTestId('scenario-picker').selectOption(String(index));
  await page.getByTestId('tour').waitFor();
  const tabs = page.getByTestId('editor-tab');
  for (let i = 0; i < await tabs.count(); i++) {
    await tabs.nth(i).click();
    await page.getByTestId('apply').click();
    await page.getByTestId('apply-output').waitFor();
    await page.getByTestId('jump-1m').click();
  }
  const steps = page.getByTestId('tour-step');
  for (let i = 0; i < await steps.count(); i++) {
    const run = steps.nth(i).getByRole('button', { name: 'Run' });
    if (await run.count()) {
      await run.click();
      await page.getByTestId('jump-1m').click();
    }
    const done = (n) => document.querySelectorAll('[data-testid=tour-step]')[n].dataset.done === 'true';
    if (!(await page.evaluate(done, i))) await playUntil(page, '600', done, i, 60_000);
  }
}

test('every built-in scenario can be walked to the end in the browser', async () => {
  const { page, context, errors } = await open();
  const ids = await page.getByTestId('scenario-picker').locator('option').evaluateAll(
    (opts) => opts.map((o) => o.value).filter((v) => v !== ''));
  assert.ok(ids.length >= 5, `the seed tour has five scenarios: ${ids}`);
  const names = ['todo-db', 'sleep-with-pvc', 'pi-job', 'pi-job-random', 'todo-db-backup'];
  for (const id of ids) {
    await walkScenario(page, Number(id));
    const states = await page.getByTestId('tour-step').evaluateAll((els) => els.map((e) => e.dataset.done));
    assert.ok(states.every((d) => d === 'true'), `scenario ${id}: ${states}`);
    await page.waitForTimeout(600); // let the cards' colour transitions finish before the picture
    await page.screenshot({ path: join(out, `scenario-${names[Number(id)] ?? id}.png`) });
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('light, dark and small-laptop screenshots of a running todo-db', async () => {
  const shots = [
    { name: 'playground-light', colorScheme: 'light', viewport: { width: 1440, height: 900 } },
    { name: 'playground-dark', colorScheme: 'dark', viewport: { width: 1440, height: 900 } },
    { name: 'playground-laptop', colorScheme: 'light', viewport: { width: 1280, height: 720 } },
  ];
  for (const { name, ...options } of shots) {
    const { page, context, errors } = await open(baseUrl, options);
    await page.getByTestId('apply').click();
    await playUntil(page, '60', podRunning, 'todo-db-1');
    await pod(page, 'todo-db-0').click();
    await page.getByTestId('details').waitFor();
    await page.screenshot({ path: join(out, `${name}.png`) });
    assert.deepEqual(errors, []);
    await context.close();
  }
});
