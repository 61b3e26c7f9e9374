// The office's stock day in headless Chromium (Debian's, driven by
// playwright-core): open Inventory, find a product by a misspelt name,
// receive a delivery through the form, transfer part of it to a van, be
// refused a transfer of more than is left (the message next to the
// quantity, the values kept), reserve for a project from the product
// page, and find every move in the ledger. Then the same pages on a
// 360 px phone without JavaScript. Screenshots go to
// tests/e2e/screenshots/inventory-*.png (git-ignored).
//
// Every page is watched: a console error, an uncaught exception, a CSP
// violation or a failed asset fails the test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { BASE, PASSWORD, USERS, RUN } from '../lib/client.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const SHOTS = join(HERE, 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH || process.env.CHROME_PATH || '/usr/bin/chromium';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 780 };

let browser;
const problems = [];

before(async () => {
	mkdirSync(SHOTS, { recursive: true });
	assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}`);
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
			'--disable-component-update', '--disable-sync', '--no-first-run'],
	});
});

after(async () => {
	if (browser) await browser.close();
});

async function context(name, opts = {}) {
	const ctx = await browser.newContext({ baseURL: BASE, viewport: DESKTOP, ...opts });
	ctx.setDefaultTimeout(10000);
	ctx.on('page', (page) => {
		const where = () => `${name} ${page.url().replace(BASE, '')}`;
		page.on('console', (m) => {
			if (/^Failed to load resource/.test(m.text())) return;
			if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push([where(), m.text()]);
		});
		page.on('pageerror', (e) => problems.push([where(), `exception: ${e.message}`]));
		page.on('response', (r) => {
			if (r.request().resourceType() !== 'document' && r.status() >= 400) problems.push([where(), `${r.status()} ${r.url()}`]);
		});
	});
	return ctx;
}

async function shot(page, file, opts = {}) {
	await page.evaluate(() => { document.activeElement?.blur?.(); window.scrollTo(0, 0); });
	await page.screenshot({ path: join(SHOTS, file), ...opts });
}

async function signInUi(page, email) {
	await page.goto('/products');
	assert.match(new URL(page.url()).pathname, /^\/auth\/login$/);
	await page.fill('#f-email', email);
	await page.fill('#f-password', PASSWORD);
	await Promise.all([page.waitForURL((u) => u.pathname === '/products'), page.click('form[action="/auth/login"] button[type="submit"]')]);
}

async function submit(page, form) {
	await Promise.all([page.waitForNavigation(), page.locator(form).locator('button[type="submit"]').first().click()]);
}

test('office: find, receive, transfer to a van, refused over-transfer, reserve, ledger', async () => {
	const ctx = await context('desktop');
	const page = await ctx.newPage();
	await signInUi(page, USERS.office);
	await shot(page, 'inventory-products.png', { fullPage: false });
	assert.equal(await page.locator('.mainnav [aria-current="page"]').innerText(), 'Inventory');

	// a misspelt search still finds the access points
	await page.fill('#f-q', 'acess point');
	await Promise.all([page.waitForNavigation(), page.press('#f-q', 'Enter')]);
	const first = page.locator('.t-products tbody tr td:first-child a').first();
	assert.match(await first.innerText(), /Access point/);
	await Promise.all([page.waitForNavigation(), first.click()]);
	const productUrl = new URL(page.url()).pathname;
	const sku = (await page.locator('.page-meta .badge').first().innerText()).trim();

	// receive a delivery of 7 into the warehouse
	await Promise.all([page.waitForNavigation(), page.click('a:has-text("Receive")')]);
	assert.equal(await page.locator('#f-kind').inputValue(), 'receipt');
	await page.fill('#f-qty', '7');
	await page.selectOption('#f-to_location_id', { label: 'Main warehouse' });
	await page.fill('#f-doc_ref', `DN-${RUN}`);
	// an access point is serialised: the delivery's serials, scanned as a range (docs/serials.md)
	await page.fill('#f-serials', `E2E-${RUN}-01-E2E-${RUN}-07`);
	await shot(page, 'inventory-receive.png');
	await submit(page, 'main form.form');
	assert.equal(new URL(page.url()).pathname, productUrl);
	assert.match(await page.locator('.flash').innerText(), /Stock received/);
	const onHand = async (where) => Number(await page.locator(`td:has(a:text-is("${where}")) ~ td`).first().innerText());
	const before = await onHand('Main warehouse');

	// transfer 3 to Van 1
	await Promise.all([page.waitForNavigation(), page.click('a:has-text("Transfer")')]);
	await page.fill('#f-qty', '3');
	await page.selectOption('#f-from_location_id', { label: 'Main warehouse' });
	await page.selectOption('#f-to_location_id', { label: 'Van 1 (Taylor)' });
	await page.fill('#f-serials', `E2E-${RUN}-01\nE2E-${RUN}-02\nE2E-${RUN}-03`);
	await submit(page, 'main form.form');
	assert.match(await page.locator('.flash').innerText(), /Stock transferred/);
	assert.equal(await onHand('Main warehouse'), before - 3);

	// more than is left: the form again, the message next to the quantity
	await Promise.all([page.waitForNavigation(), page.click('a:has-text("Transfer")')]);
	await page.fill('#f-qty', '100000');
	await page.selectOption('#f-from_location_id', { label: 'Main warehouse' });
	await page.selectOption('#f-to_location_id', { label: 'Van 2 (Morgan)' });
	await submit(page, 'main form.form');
	assert.match(await page.locator('#f-qty-error').innerText(), /Only \d+ of .* available at Main warehouse/);
	assert.equal(await page.locator('#f-qty').inputValue(), '100000');
	await shot(page, 'inventory-transfer-refused.png');

	// reserve 2 for project 1042 from the product page
	await page.goto(productUrl);
	const mainWh = await page.locator('#f-location_id option', { hasText: 'Main warehouse' }).getAttribute('value');
	await page.selectOption('#f-location_id', mainWh);
	await page.fill('.reserve-form #f-serials', `E2E-${RUN}-04, E2E-${RUN}-05`);
	await page.fill('#f-doc_id', '1042');
	await submit(page, '.reserve-form');
	assert.match(await page.locator('.flash').innerText(), /Stock reserved/);
	assert.match(await page.locator('main').innerText(), /Project #1042/);
	await shot(page, 'inventory-product.png', { fullPage: true });

	// the ledger of this product: the reservation, the transfer, the receipt
	await Promise.all([page.waitForNavigation(), page.click('a:has-text("The whole ledger of this product")')]);
	const kinds = await page.locator('.t-moves tbody tr td:nth-child(2)').allInnerTexts();
	assert.deepEqual(kinds.slice(0, 3), ['Reserved', 'Transfer', 'Receipt']);
	await shot(page, 'inventory-moves.png');

	// the van's stock lists the product
	await page.goto('/locations?kind=van');
	await Promise.all([page.waitForNavigation(), page.click('a:text-is("Van 1 (Taylor)")')]);
	await Promise.all([page.waitForNavigation(), page.click('a:has-text("Stock here")')]);
	await page.fill('#f-q', sku);
	await Promise.all([page.waitForNavigation(), page.press('#f-q', 'Enter')]);
	assert.match(await page.locator('.t-levels tbody').innerText(), new RegExp(sku));
	await shot(page, 'inventory-van-stock.png');
	await ctx.close();
	assert.deepEqual(problems, []);
});

test('the same pages on a 360 px phone without JavaScript', async () => {
	const ctx = await context('phone', { viewport: PHONE, javaScriptEnabled: false, isMobile: true, hasTouch: true });
	const page = await ctx.newPage();
	await signInUi(page, USERS.office);
	for (const [path, file] of [['/products', 'phone-products'], ['/products/1', 'phone-product'],
		['/stock/moves/new?kind=transfer&product_id=1', 'phone-move'], ['/stock/moves', 'phone-moves'],
		['/locations/1/stock', 'phone-stock']]) {
		const r = await page.goto(path);
		assert.equal(r.status(), 200, path);
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the phone`);
		await shot(page, `inventory-${file}.png`);
	}
	await ctx.close();
	assert.deepEqual(problems, []);
});
