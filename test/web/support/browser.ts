import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { STAFF_PASSWORD } from '../../support/factories.js';
import { closeAfterShard } from '../../support/shared-process.js';

/**
 * The console in a real browser: the real app (buildTestApp: its own database) listening on
 * 127.0.0.1 at a random port, serving web/dist, driven by Debian's Chromium through playwright-core
 * (Playwright's own browser download cannot work here). One per test file; the files of a shared
 * process (test/web-N.test.ts) share one Chromium, each page in a browser context of its own:
 *
 *   const web = await startConsole();               // in before()
 *   const page = await web.page();                  // a fresh browser context: no cookies
 *   await signIn(page, await web.user('operator'));
 *   await checkA11y(page); await screenshot(page, 'orders');
 *   await web.close();                              // in after()
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = join(root, 'test-artifacts', 'screenshots');

let consoleBuilt: Promise<void> | undefined;

/** web/dist up to date, checked once per process (the files of a shard share the check). */
function consoleBuild(): Promise<void> {
  consoleBuilt ??= buildConsoleIfStale().catch((error: unknown) => {
    consoleBuilt = undefined;
    throw error;
  });
  return consoleBuilt;
}

/** Builds web/dist when web/ changed since its last build; one test process at a time (a directory as lock). */
async function buildConsoleIfStale(): Promise<void> {
  const lock = join(root, 'web', '.build-lock');
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed process is stale after two minutes.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000) rmdirSync(lock);
      if (waited > 180_000) throw new Error('web/.build-lock held for 3 minutes: remove it if no build runs');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--if-stale', '--console-only'], { stdio: 'inherit' });
  } finally {
    rmdirSync(lock);
  }
  assert.ok(existsSync(join(root, 'web', 'dist', 'index.html')), 'web/dist/index.html was built (is Vite installed?)');
}

let processBrowser: { browser: Promise<Browser>; users: number; closedByShard: boolean } | undefined;

/**
 * The process's Chromium, launched at the first call (again if it went away); release it with
 * releaseChromium(). In a shard (test/web-N.test.ts) it stays open until the shard's last file has
 * run, each file's pages in contexts of their own; in a file run alone it closes when its last
 * user releases it, so the process can end.
 */
export async function processChromium(): Promise<Browser> {
  if (processBrowser) {
    const browser = await processBrowser.browser.catch(() => undefined);
    if (browser?.isConnected()) {
      processBrowser.users += 1;
      return browser;
    }
    processBrowser = undefined;
  }
  const browser = launchChromium();
  const entry = { browser, users: 1, closedByShard: false };
  processBrowser = entry;
  entry.closedByShard = closeAfterShard(async () => {
    if (processBrowser === entry) processBrowser = undefined;
    await (await browser.catch(() => undefined))?.close();
  });
  return browser;
}

/** One user of processChromium() done: its contexts are closed. */
export async function releaseChromium(): Promise<void> {
  const entry = processBrowser;
  if (!entry) return;
  entry.users -= 1;
  if (entry.users > 0 || entry.closedByShard) return;
  processBrowser = undefined;
  await (await entry.browser.catch(() => undefined))?.close();
}

async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface StaffUser {
  email: string;
  password: string;
  name: string;
  role: 'admin' | 'operator' | 'viewer' | 'location';
}

export interface ConsoleHarness {
  t: TestApp;
  /** http://127.0.0.1:<port> */
  url: string;
  /** The process's Chromium (processChromium): shared with other files, so close contexts, not it. */
  browser: Browser;
  /** A page in a new browser context (its own cookies) at 1280×800, its errors recorded. */
  page(): Promise<Page>;
  /** A staff account of this role (POST /v1/users with the admin key); sign in with signIn(page, user). */
  user(role: StaffUser['role'], overrides?: Record<string, unknown>): Promise<StaffUser>;
  close(): Promise<void>;
}

let userSeq = 0;
const pageErrors = new WeakMap<Page, string[]>();

export async function startConsole(options: Parameters<typeof buildTestApp>[0] = {}): Promise<ConsoleHarness> {
  await consoleBuild();
  const t = await buildTestApp(options);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const browser = await processChromium();
  const contexts: BrowserContext[] = [];
  return {
    t,
    url,
    browser,
    async page() {
      const context = await browser.newContext({ baseURL: url, viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'Europe/Paris' });
      contexts.push(context);
      const page = await context.newPage();
      const errors: string[] = [];
      pageErrors.set(page, errors);
      page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
      // A script or style refused by the Content-Security-Policy is a bug of the console.
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(`CSP: ${m.text()}`);
      });
      return page;
    },
    async user(role, overrides = {}) {
      userSeq += 1;
      const user: StaffUser = { email: `${role}-${userSeq}-${process.pid}@staff.test`, password: STAFF_PASSWORD, name: `Sam ${role} ${userSeq}`, role };
      const res = await t.call('POST', '/v1/users', { email: user.email, name: user.name, role, password: user.password, ...overrides });
      assert.equal(res.statusCode, 201, `POST /v1/users: ${res.body}`);
      return user;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await releaseChromium();
      await t.close();
    },
  };
}

/** Errors the page raised or the CSP refused since it opened: none expected. */
export function assertNoPageErrors(page: Page): void {
  assert.deepEqual(pageErrors.get(page) ?? [], [], 'the page raised no error and the CSP refused nothing');
}

/** Through the login page, as a person would; lands on the page the console opens after sign-in. */
export async function signIn(page: Page, user: Pick<StaffUser, 'email' | 'password'>, path = '/'): Promise<void> {
  await page.goto(path === '/' ? '/login' : `/login?next=${encodeURIComponent(path)}`);
  await page.getByTestId('login-email').fill(user.email);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => u.pathname === path.split('?')[0], { timeout: 15_000 });
  await page.getByTestId('page-title').waitFor();
}

let axeSource: string | undefined;

/**
 * axe-core on the page as it is now; fails on serious or critical violations (WCAG 2.1 A/AA and
 * best practices), listing each with the elements concerned. The script is evaluated through the
 * DevTools protocol, which the page's Content-Security-Policy does not govern.
 */
export async function checkA11y(page: Page): Promise<void> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate('"axe" in window'))) await page.evaluate(axeSource);
  // A drawer or a notification still fading in has the colours of half its opacity: axe would
  // measure a contrast nobody reads. Judge the page once its transitions have finished.
  await settle(page);
  // In the page (a string: this file is type-checked without the DOM).
  const violations = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) })))`)) as {
    id: string;
    impact: string | null;
    help: string;
    targets: string[];
  }[];
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious, [], `axe-core: serious or critical violations on ${page.url()}:\n${serious.map((v) => `- ${v.id} (${v.impact}): ${v.help} at ${v.targets.join(', ')}`).join('\n')}`);
}

/**
 * test-artifacts/screenshots/<name>-1280x800.png and -1024x768.png (the tablet a warehouse uses).
 * `focus`: scrolled to the top of the view at each size (a card that moves below others on a tablet).
 */
export async function screenshot(page: Page, name: string, focus?: Locator): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const before = page.viewportSize();
  for (const size of [{ width: 1280, height: 800 }, { width: 1024, height: 768 }]) {
    await page.setViewportSize(size);
    // Two frames: the layout of the new size is painted.
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    if (focus) {
      // Below the sticky header (56 px), with a little air.
      const box = await focus.boundingBox();
      if (box) await page.evaluate(`window.scrollBy({ top: ${Math.round(box.y - 72)}, behavior: 'instant' })`);
      await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    }
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${size.width}x${size.height}.png`) });
  }
  if (before) await page.setViewportSize(before);
  // Back at the first size the navigation widens again (the rail below 1200 px): a click before
  // that transition ends could land where the button was a frame earlier.
  await settle(page);
}

/** The error Mantine shows for an input, once it is marked invalid: the element named `<input id>-error`. */
export async function fieldError(page: Page, testId: string): Promise<string> {
  await page.locator(`[data-testid="${testId}"][aria-invalid="true"]`).waitFor({ timeout: 15_000 });
  const id = await page.getByTestId(testId).getAttribute('id');
  return page.locator(`[id="${id}-error"]`).innerText();
}

/** Until no CSS transition or animation runs (at most 5 s). */
export async function settle(page: Page): Promise<void> {
  // Polled with evaluate: waitForFunction would eval a string, which the CSP forbids.
  for (let i = 0; i < 50 && !(await page.evaluate('document.getAnimations().every((a) => a.playState !== "running")')); i++) await page.waitForTimeout(100);
}

/**
 * Clicks a button whose action ends in a navigation, and waits for the new URL. When the action
 * fails instead, the page shows its problem alert (`problemTestId`): the failure quotes it rather
 * than timing out on the URL without a word.
 */
export async function clickThenUrl(page: Page, testId: string, url: (u: URL) => boolean, problemTestId: string, timeout = 30_000): Promise<void> {
  await page.getByTestId(testId).click();
  const problem = page.getByTestId(problemTestId);
  // The loser of the race times out later: its rejection is caught, not left unhandled.
  const outcome = await Promise.race([
    page.waitForURL(url, { timeout }).then(() => 'navigated' as const, () => 'timeout' as const),
    problem.waitFor({ timeout }).then(() => 'problem' as const, () => 'timeout' as const),
  ]);
  if (url(new URL(page.url()))) return;
  if (outcome === 'problem') assert.fail(`after ${testId}, the page shows a problem instead of navigating: ${await problem.innerText()}`);
  assert.fail(`after ${testId}, no navigation within ${timeout} ms (still at ${page.url()})`);
}
