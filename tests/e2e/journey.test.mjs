// A salesperson's day in headless Chromium (Debian's, driven by
// playwright-core): sign in, create a customer through the form, add a
// property, log a call, see it all on the customer page. Then the same
// site on a phone, without JavaScript, and in dark mode. Screenshots go
// to tests/e2e/screenshots/ (git-ignored); the desktop customer page is
// copied to docs/screenshot.png for the README when HEARTH_UPDATE_SCREENSHOT=1.
//
// Every page is watched: a console error, an uncaught exception, a CSP
// violation or a failed asset fails the test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, copyFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { BASE, PASSWORD, USERS } from '../lib/client.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const SHOTS = join(HERE, 'screenshots');
const ROOT = process.env.HEARTH_ROOT || join(HERE, '..', '..');
const DOCS_SHOT = join(ROOT, 'docs', 'screenshot.png');
const CHROMIUM = process.env.CHROMIUM_PATH || process.env.CHROME_PATH || '/usr/bin/chromium';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let browser;
const problems = [];   // [where, what] of every page of every context

before(async () => {
	mkdirSync(SHOTS, { recursive: true });
	assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
			'--disable-component-update', '--disable-sync', '--no-first-run'],
	});
});

after(async () => {
	if (browser) await browser.close();
});

/** A new context whose pages report console errors, exceptions, CSP violations and failed requests. */
async function context(name, opts = {}) {
	const ctx = await browser.newContext({ baseURL: BASE, viewport: DESKTOP, ...opts });
	ctx.setDefaultTimeout(10000);
	ctx.on('page', (page) => watch(name, page));
	return ctx;
}

function watch(name, page) {
	const where = () => `${name} ${page.url().replace(BASE, '')}`;
	page.on('console', (m) => {
		// Chromium logs every 4xx answer as "Failed to load resource", the 422 of a form shown
		// again included: failed sub-resources are caught by the 'response' listener below.
		if (/^Failed to load resource/.test(m.text())) return;
		if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push([where(), `console: ${m.text()}`]);
	});
	page.on('pageerror', (e) => problems.push([where(), `exception: ${e.message}`]));
	page.on('requestfailed', (r) => {
		// A navigation that replaces the page cancels what the old page was loading: not a fault.
		if (!/ERR_ABORTED/.test(r.failure()?.errorText || '')) problems.push([where(), `request failed: ${r.url()} ${r.failure()?.errorText}`]);
	});
	page.on('response', (r) => {
		if (r.status() >= 400 && r.request().resourceType() !== 'document') problems.push([where(), `${r.status()} for ${r.url()}`]);
	});
}

/** The problems seen so far for contexts whose name starts with prefix; clears them. */
function takeProblems(prefix) {
	const mine = problems.filter(([w]) => w.startsWith(prefix));
	for (const p of mine) problems.splice(problems.indexOf(p), 1);
	return mine.map(([w, what]) => `${w}: ${what}`);
}

async function shot(page, file, opts = {}) {
	const path = join(SHOTS, file);
	// From the top, nothing focused: filling a form scrolls and rings the last field.
	await page.evaluate(() => { document.activeElement?.blur?.(); window.scrollTo(0, 0); });
	await page.screenshot({ path, ...opts });
	return path;
}

async function signInUi(page, email = USERS.sales) {
	await page.goto('/customers');
	assert.match(new URL(page.url()).pathname, /^\/auth\/login$/, 'signed out, /customers should send us to sign in');
	await page.fill('#f-email', email);
	await page.fill('#f-password', PASSWORD);
	await Promise.all([page.waitForURL((u) => u.pathname === '/customers'), page.click('form[action="/auth/login"] button[type="submit"]')]);
}

/** Submit the page's main form by its submit button and wait for the next page. */
async function submitMain(page) {
	const form = page.locator('main form.form, main form[method="post"]').first();
	await Promise.all([page.waitForNavigation(), form.locator('button[type="submit"]').first().click()]);
}

const CUSTOMER = {
	name: 'Amara & Tobi Okafor',
	email: 'amara.okafor@example.com',
	phone: '(612) 555-0142',
	billing_line1: '4410 Lakeview Ave',
	billing_city: 'Minneapolis',
	billing_region: 'MN',
	billing_postal_code: '55410',
	tags: 'vip, lutron, service-plan',
	notes: 'Prefers texts. Dog (friendly) in the yard.',
};

let customerPath = null;

test('desktop journey: sign in, create a customer, add a property, log a call', async () => {
	const ctx = await context('desktop');
	const page = await ctx.newPage();
	await signInUi(page);
	await shot(page, 'customers-list-desktop.png');

	// New customer, through the form.
	await page.click('a[href="/customers/new"]');
	await page.waitForURL('**/customers/new');
	await page.selectOption('#f-kind', 'residential');
	for (const [f, v] of Object.entries(CUSTOMER)) {
		if (f === 'notes') await page.fill('#f-notes', v);
		else await page.fill(`#f-${f}`, v);
	}
	await shot(page, 'customer-new-desktop.png');
	await submitMain(page);
	assert.match(new URL(page.url()).pathname, /^\/customers\/\d+$/, `after create: ${page.url()}`);
	customerPath = new URL(page.url()).pathname;
	await assertVisibleText(page, 'h1', CUSTOMER.name);
	await assertVisibleText(page, 'main', 'Customer created.');

	// A contact, from the customer page.
	await page.click(`main a[href="${customerPath}/contacts/new"]`);
	await page.waitForURL(`**${customerPath}/contacts/new`);
	await page.fill('#f-name', 'Amara Okafor');
	await page.fill('#f-title', 'Homeowner');
	await page.fill('#f-email', 'amara.okafor@example.com');
	await page.fill('#f-phone', '(612) 555-0142');
	await page.check('#f-is_primary');
	await page.selectOption('#f-preferred_channel', 'sms');
	await page.fill('#f-best_time', 'weekdays after 5pm');
	await submitMain(page);
	assert.equal(new URL(page.url()).pathname, customerPath, 'after adding a contact we should be back on the customer');
	await assertVisibleText(page, 'main', 'Amara Okafor');

	// A property, from the customer page.
	await page.click(`main a[href="${customerPath}/properties/new"]`);
	await page.waitForURL(`**${customerPath}/properties/new`);
	await page.fill('#f-name', 'Lake house');
	await page.selectOption('#f-type', 'house');
	await page.fill('#f-line1', '12 Shore Rd');
	await page.fill('#f-city', 'Excelsior');
	await page.fill('#f-region', 'MN');
	await page.fill('#f-postal_code', '55331');
	await page.fill('#f-rooms', 'Kitchen, Theater, Primary bedroom, Rack closet');
	await page.fill('#f-access_notes', 'Gate code is with the neighbour at no. 14.');
	await shot(page, 'property-new-desktop.png');
	await submitMain(page);
	assert.equal(new URL(page.url()).pathname, customerPath, 'after adding a property we should be back on the customer');
	await assertVisibleText(page, 'main', 'Lake house');

	// Log a call, from the customer page.
	await page.click(`a[href^="${customerPath}/communications/new?kind=call"]`);
	await page.waitForURL(`**${customerPath}/communications/new*`);
	assert.equal(await page.inputValue('#f-kind'), 'call', 'the "Log a call" link does not preselect a call');
	await page.fill('#f-subject', 'Asked for a quote: whole-home audio');
	await page.fill('#f-body', 'Wants 4 Sonos zones and Lutron shades in the living room. Call back Thursday.');
	if (await page.locator('#f-direction').count()) await page.selectOption('#f-direction', 'inbound');
	await shot(page, 'call-new-desktop.png');
	await submitMain(page);
	assert.equal(new URL(page.url()).pathname, customerPath, 'after logging a call we should be back on the customer');

	// Everything on the customer page.
	for (const t of [CUSTOMER.name, CUSTOMER.email, 'Amara Okafor', 'Homeowner', 'Lake house', 'Asked for a quote: whole-home audio', 'Excelsior']) {
		await assertVisibleText(page, 'main', t);
	}
	await page.reload();   // without the flash message, for the picture
	const file = await shot(page, 'customer-show-desktop.png');
	await shot(page, 'customer-show-desktop-full.png', { fullPage: true });
	// Only on request, so a test run leaves the tree clean:
	// HEARTH_UPDATE_SCREENSHOT=1 tools/hearth test
	if (process.env.HEARTH_UPDATE_SCREENSHOT === '1') {
		mkdirSync(dirname(DOCS_SHOT), { recursive: true });
		copyFileSync(file, DOCS_SHOT);
	}

	// The edit form is filled from the record.
	await page.click(`a[href="${customerPath}/edit"]`);
	await page.waitForURL(`**${customerPath}/edit`);
	assert.equal(await page.inputValue('#f-name'), CUSTOMER.name);
	assert.equal(await page.inputValue('#f-billing_city'), CUSTOMER.billing_city);
	await shot(page, 'customer-edit-desktop.png');

	// A form with errors: shown again, values kept, the message by the field.
	await page.goto('/customers/new');
	await page.fill('#f-name', '');
	await page.fill('#f-email', 'not an email');
	await submitMain(page);
	assert.equal(await page.inputValue('#f-email'), 'not an email');
	assert.ok(await page.locator('#f-email-error').isVisible(), 'no visible message by the email field');
	assert.ok(await page.locator('#f-name-error').isVisible(), 'no visible message by the name field');
	await shot(page, 'customer-form-errors-desktop.png');

	// Live search (JS) finds the customer from the list page.
	await page.goto('/customers');
	const search = page.locator('main input[name="q"]').first();
	if (await search.count()) {
		await search.fill('Okafor');
		await search.press('Enter');
		await page.waitForLoadState('load');
		await page.locator(`main a[href="${customerPath}"]`).first().waitFor();
		await shot(page, 'customers-search-desktop.png');
	}

	await ctx.close();
	assert.deepEqual(takeProblems('desktop'), []);
});

test('phone (390×844): the customer page and the list fit the screen', async () => {
	assert.ok(customerPath, 'the desktop journey did not create a customer');
	const ctx = await context('phone', { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
	const page = await ctx.newPage();
	await signInUi(page, USERS.sales);
	await shot(page, 'customers-list-phone.png');
	await page.goto(customerPath);
	await assertVisibleText(page, 'h1', CUSTOMER.name);
	await shot(page, 'customer-show-phone.png');
	await shot(page, 'customer-show-phone-full.png', { fullPage: true });
	// Nothing wider than the screen: no sideways scrolling on a phone.
	for (const path of ['/customers', customerPath, '/customers/new', `${customerPath}/properties/new`]) {
		await page.goto(path);
		const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
		assert.ok(scroll <= client + 1, `${path} scrolls sideways on a phone: ${scroll}px content in ${client}px`);
	}
	await page.goto('/customers/new');
	await shot(page, 'customer-new-phone.png');
	await ctx.close();
	assert.deepEqual(takeProblems('phone'), []);
});

test('without JavaScript: sign in and create a customer through the form', async () => {
	const ctx = await context('nojs', { javaScriptEnabled: false });
	const page = await ctx.newPage();
	await page.goto('/auth/login');
	await shot(page, 'login-nojs.png');
	await signInUi(page, USERS.office);
	await page.goto('/customers/new');
	await page.fill('#f-name', 'Chen Family Trust');
	await page.selectOption('#f-kind', 'commercial');
	await page.fill('#f-email', 'office@chenfamilytrust.example');
	await page.fill('#f-phone', '952-555-0178');
	await page.fill('#f-billing_city', 'Edina');
	await submitMain(page);
	assert.match(new URL(page.url()).pathname, /^\/customers\/\d+$/, `no JS, after create: ${page.url()}`);
	await assertVisibleText(page, 'h1', 'Chen Family Trust');
	await shot(page, 'customer-show-nojs.png');
	// Archive without JS: the form posts straight away (no confirm dialog), history stays.
	const path = new URL(page.url()).pathname;
	await Promise.all([page.waitForNavigation(), page.click(`form[action="${path}"] button[type="submit"]`)]);
	await assertVisibleText(page, 'main', 'Archived');
	// Sign out works without JS too.
	await page.click('summary');
	await Promise.all([page.waitForNavigation(), page.click('form[action="/auth/logout"] button[type="submit"]')]);
	assert.equal(new URL(page.url()).pathname, '/auth/login');
	await page.goto(path);
	assert.equal(new URL(page.url()).pathname, '/auth/login', 'after sign-out the customer page is still shown');
	await ctx.close();
	assert.deepEqual(takeProblems('nojs'), []);
});

test('dark mode: the customer page', async () => {
	assert.ok(customerPath, 'the desktop journey did not create a customer');
	const ctx = await context('dark', { colorScheme: 'dark' });
	const page = await ctx.newPage();
	await signInUi(page, USERS.sales);
	await page.goto(customerPath);
	const bg = await page.evaluate(() => {
		const b = getComputedStyle(document.body).backgroundColor;
		return /^rgba\(.*,\s*0\)$|transparent/.test(b) ? getComputedStyle(document.documentElement).backgroundColor : b;
	});
	const lum = luminance(bg);
	assert.ok(lum < 0.3, `dark mode background is not dark: ${bg}`);
	await shot(page, 'customer-show-dark.png');
	await page.goto('/customers');
	await shot(page, 'customers-list-dark.png');
	await page.goto('/customers/new');
	await shot(page, 'customer-new-dark.png');
	await ctx.close();
	assert.deepEqual(takeProblems('dark'), []);
});

test('archive with the confirm dialog (JS), then the customer is marked archived', async () => {
	assert.ok(customerPath, 'the desktop journey did not create a customer');
	const ctx = await context('confirm');
	const page = await ctx.newPage();
	await signInUi(page, USERS.sales);
	await page.goto(customerPath);
	await page.click(`form[action="${customerPath}"] button[type="submit"]`);
	const dialog = page.locator('dialog[open]');
	await dialog.waitFor();
	await shot(page, 'confirm-dialog-desktop.png');
	await Promise.all([page.waitForNavigation(), dialog.locator('button[value="ok"]').click()]);
	assert.equal(new URL(page.url()).pathname, customerPath);
	await assertVisibleText(page, 'main', 'Archived');
	await ctx.close();
	assert.deepEqual(takeProblems('confirm'), []);
});

async function assertVisibleText(page, selector, text) {
	const loc = page.locator(selector).first();
	await loc.waitFor();
	const got = await loc.innerText();
	assert.ok(got.includes(text), `${selector} on ${page.url().replace(BASE, '')} does not show "${text}"`);
}

function luminance(rgb) {
	const m = rgb.match(/\d+(\.\d+)?/g);
	if (!m) return 1;
	const [r, g, b] = m.slice(0, 3).map((x) => Number(x) / 255);
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
