import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, Browser, Page } from 'playwright-core';
import request from 'supertest';
import { TEST_DB_KIND } from './helpers/databases';
import { createTestApp, TestApp } from './helpers/test-app';

/** Debian's Chromium (the `chromium` package); never a downloaded browser build. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser && process.env.REQUIRE_BROWSER === '1') {
  throw new Error(`A browser is required (REQUIRE_BROWSER=1) but ${CHROMIUM} does not exist`);
}
if (!haveBrowser) {
  console.warn(`\n*** ${CHROMIUM} not found: SKIPPING the Swagger UI browser test. ***\n`);
}
// The page does not depend on the database: run once, on SQLite.
const run = haveBrowser && TEST_DB_KIND === 'sqlite' ? describe : describe.skip;
const ARTIFACTS = join(__dirname, '..', 'test-artifacts');
const PASSWORD = 'correct-horse-battery';

/**
 * Swagger UI (`/docs`) in a real, headless Chromium, driven by playwright-core: the page loads
 * cleanly, "Try it out" works on the Milliner signup, and Authorize with the password flow on
 * its default settings (client id as HTTP Basic) gets a token that `/users/me` accepts.
 * Screenshots go to test-artifacts/ (not committed).
 */
run('Swagger UI in a real browser', () => {
  jest.setTimeout(90000);
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    await request(t.http)
      .post('/sign-up')
      .send({
        username: 'browser.user',
        password: PASSWORD,
        client_id: 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox',
      })
      .expect(200);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('requestfailed', (failed) => problems.push(`request failed: ${failed.url()}`));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('loads /docs with its title, every dialect, no console error and no failed request', async () => {
    await page.goto(`${base}/docs`, { waitUntil: 'networkidle' });
    await page.waitForSelector('.opblock');
    expect(await page.title()).toBe('signup-gateway API');
    for (const tag of ['Milliner', 'SSO', 'ClientApp']) {
      expect(await page.locator(`#operations-tag-${tag}`).count()).toBe(1);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'swagger-ui.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('"Try it out" and "Execute" on the Milliner signup shows 200 and the documented body', async () => {
    const operation = page.locator('[id^="operations-Milliner-"]').first();
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.getByRole('button', { name: 'Execute' }).click();
    const live = operation.locator('.live-responses-table');
    await live.waitFor();
    expect((await live.locator('tbody .response-col_status').first().innerText()).trim()).toBe(
      '200',
    );
    expect(await live.locator('tbody .response-col_description').first().innerText()).toContain(
      '"message": "Signup for testhat saved"',
    );
    await page.screenshot({ path: join(ARTIFACTS, 'swagger-ui-milliner.png'), fullPage: true });
  });

  it('Authorize with oauth_password on its defaults, then /users/me shows 200 with the user', async () => {
    await page.getByRole('button', { name: 'Authorize' }).first().click();
    const modal = page.locator('.modal-ux');
    await modal.waitFor();
    const form = modal;
    await form.locator('input#oauth_username').fill('browser.user');
    await form.locator('input#oauth_password').fill(PASSWORD);
    // The demo client is filled in (initOAuth); the client goes as HTTP Basic by default.
    expect(await form.locator('select#password_type').inputValue()).toBe('basic');
    expect(await form.locator('input#client_id_password').inputValue()).toBe(
      'zpjfcgu8nqgrpwlsau30ycpl2mc9ox',
    );
    await modal.getByRole('button', { name: 'Apply given OAuth2 credentials' }).click();
    await modal.getByText('Authorized', { exact: true }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'swagger-ui-authorized.png') });
    await modal.locator('button.close-modal').click();
    const me = page.locator('[id^="operations-ClientApp-"][id$="_me"]').first();
    await me.locator('.opblock-summary').click();
    await me.getByRole('button', { name: 'Try it out' }).click();
    await me.getByRole('button', { name: 'Execute' }).click();
    const live = me.locator('.live-responses-table');
    await live.waitFor();
    expect((await live.locator('tbody .response-col_status').first().innerText()).trim()).toBe(
      '200',
    );
    expect(await live.locator('tbody .response-col_description').first().innerText()).toContain(
      '"username": "browser.user"',
    );
    await page.screenshot({ path: join(ARTIFACTS, 'swagger-ui-me.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
