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

// The guides (docs/*.md at /api/<name>, tools/openapi/guides.mjs): every one
// the reference lists opens without error and fits the screen; the
// webhooks guide has the signature check its admin page points to.
test('the guides the reference lists: each opens, fits 360 px, no script; the webhooks one from its admin page', async () => {
	const { ctx, page, problems } = await watchedPage({ width: 360, height: 740 });
	await page.goto('/api');
	const hrefs = await page.locator('main a[href^="/api/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
	assert.ok(hrefs.includes('/api/webhooks') && hrefs.includes('/api/imports'), `guides listed: ${hrefs}`);
	assert.ok(!hrefs.includes('/api/adding-a-resource'), 'the developers\' guide is not published');
	for (const href of hrefs) {
		await page.goto(href);
		assert.equal(await page.locator('script').count(), 0, href);
		assert.ok((await page.locator('main .guide').innerText()).length > 200, `${href} has a body`);
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		assert.ok(width <= 360, `${href} is ${width} px wide on a 360 px screen`);
	}
	await page.goto('/api/webhooks#the-signature');
	assert.match(await page.locator('h2#the-signature').innerText(), /signature/i);
	assert.ok(await page.locator('pre code', { hasText: 'openssl dgst -sha256 -hmac' }).count() >= 1);
	await page.screenshot({ path: join(SHOTS, 'api-guide-webhooks-phone.png') });
	const miss = await page.request.get('/api/no-such-guide');
	assert.equal(miss.status(), 404);
	assert.deepEqual(problems, []);
	await ctx.close();
	// an admin's way in: the webhooks page links the guide
	const admin = await watchedPage({ width: 1280, height: 800 });
	await admin.page.goto('/auth/login');
	await admin.page.fill('#f-email', USERS.admin);
	await admin.page.fill('#f-password', PASSWORD);
	await Promise.all([admin.page.waitForNavigation(), admin.page.click('form[action="/auth/login"] button[type="submit"]')]);
	await admin.page.goto('/auth/webhooks');
	await Promise.all([admin.page.waitForURL((u) => u.pathname === '/api/webhooks'), admin.page.click('main a[href="/api/webhooks"]')]);
	await admin.page.screenshot({ path: join(SHOTS, 'api-guide-webhooks-desktop.png') });
	assert.deepEqual(admin.problems, []);
	await admin.ctx.close();
});
