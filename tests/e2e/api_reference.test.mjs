// The API reference page (/api, made from /openapi.json by
// tools/openapi/render.mjs) in headless Chromium: reached from the user
// menu and from /auth/tokens, shown at 1280 and 360 px without a console
// error, a CSP violation, a failed asset or a page wider than the screen.
// Screenshots go to tests/e2e/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../lib/browser.mjs';
import { BASE, PASSWORD, USERS } from '../lib/client.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const SHOTS = join(HERE, 'screenshots');

let browser;

before(async () => {
	mkdirSync(SHOTS, { recursive: true });
	browser = await launchBrowser();
});

after(async () => {
	if (browser) await browser.close();
});

/** A page whose console errors, exceptions, CSP reports and failed assets are collected. */
async function watchedPage(viewport) {
	const ctx = await browser.newContext({ baseURL: BASE, viewport });
	ctx.setDefaultTimeout(10000);
	const page = await ctx.newPage();
	const problems = [];
	page.on('console', (m) => {
		if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
	});
	page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
	page.on('response', (r) => {
		if (r.status() >= 400) problems.push(`${r.status()} for ${r.url()}`);
	});
	return { ctx, page, problems };
}

test('from the user menu to the reference page, and from /auth/tokens', async () => {
	const { ctx, page, problems } = await watchedPage({ width: 1280, height: 800 });
	await page.goto('/auth/login');
	await page.fill('#f-email', USERS.sales);
	await page.fill('#f-password', PASSWORD);
	await Promise.all([page.waitForNavigation(), page.click('form[action="/auth/login"] button[type="submit"]')]);
	await page.click('.usermenu summary');
	await Promise.all([page.waitForURL((u) => u.pathname === '/api'), page.click('.usermenu-panel a[href="/api"]')]);
	assert.equal(await page.locator('h1').innerText(), 'Hearth API reference');
	await page.goto('/auth/tokens');
	await Promise.all([page.waitForURL((u) => u.pathname === '/api'), page.click('main a[href="/api"]')]);
	assert.deepEqual(problems, []);
	await ctx.close();
});

for (const [name, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 360, height: 740 }]]) {
	test(`the page at ${viewport.width} px: no script, no error, nothing wider than the screen`, async () => {
		const { ctx, page, problems } = await watchedPage(viewport);
		await page.goto('/api');
		assert.equal(await page.locator('script').count(), 0);
		assert.ok(await page.locator('section.card[id="patch-customers-id"]').isVisible(), 'PATCH /customers/{id} is described');
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		assert.ok(width <= viewport.width, `the page is ${width} px wide on a ${viewport.width} px screen`);
		await page.screenshot({ path: join(SHOTS, `api-reference-${name}.png`) });
		await page.goto('/api#patch-customers-id');
		await page.screenshot({ path: join(SHOTS, `api-reference-patch-${name}.png`) });
		assert.deepEqual(problems, []);
		await ctx.close();
	});
}
