// Buying and receiving in headless Chromium (Debian's, driven by
// playwright-core), as the office does it: a low product on the reorder
// suggestions becomes a draft purchase order in one action, the PO is
// marked as sent, half of it arrives and is received with its serials
// pasted as a spreadsheet column (one with its MAC after a tab), the rest
// stays on order, two of the new units go to a van by serial, and the
// serial's page tells where it came from and where it is. Then the same
// pages on a 360 px phone without JavaScript. Screenshots go to
// tests/e2e/screenshots/purchasing-*.png (git-ignored). A console error,
// an uncaught exception, a CSP report or a failed asset fails the test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, PASSWORD, USERS, RUN, signIn, assertJson } from '../lib/client.mjs';
import { launchBrowser, signedInPage } from '../lib/browser.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const SHOTS = join(HERE, 'screenshots');
const TAG = RUN.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(-8);
const SERIALS = [1, 2, 3, 4].map((n) => `NVR${TAG}-${String(n).padStart(3, '0')}`);
const MAC = `02:${TAG.slice(-2).toLowerCase().replace(/[^0-9a-f]/g, 'a').padStart(2, 'a')}:e2:e2:00:04`;
let browser, product, poNumber, poPath;
const problems = [];

before(async () => {
	mkdirSync(SHOTS, { recursive: true });
	browser = await launchBrowser();
	// this run's product: serialised, at its reorder point with nothing in stock, sold by a demo supplier
	const office = await signIn(USERS.office, undefined, { csrfFrom: '/products' });
	const suppliers = assertJson(await office.getJson('/suppliers?q=Signal%20Supply'), 200).items;
	const supplier = suppliers.find((s) => s.name === 'Signal Supply Co.');
	assert.ok(supplier, 'the demo supplier');
	product = assertJson(await office.postJson('/products', {
		sku: `NVR-${TAG}`, name: `Network video recorder ${TAG}`, manufacturer: 'Vantage Optics', model: `NVR-8P-${TAG}`,
		category: 'security', cost_cents: 31000, price_cents: 54900, serialised: true, reorder_point: 2, reorder_qty: 8,
	}), 201);
	assertJson(await office.postJson(`/products/${product.id}/suppliers`, {
		supplier_id: supplier.id, supplier_sku: `SSC-NVR-${TAG}`, cost_cents: 29900, pack_size: 1, preferred: true,
	}), 201);
});
after(async () => {
	if (browser) await browser.close();
});

const signedIn = (viewport, opts = {}) => signedInPage(browser,
	{ baseURL: BASE, viewport, path: '/products', email: USERS.office, password: PASSWORD, problems, ...opts });
const shot = (p, file, fullPage = true) => p.screenshot({ path: join(SHOTS, file), fullPage });
const click = (p, sel) => Promise.all([p.waitForNavigation(), p.locator(sel).first().click()]);

test('office: reorder suggestion → draft PO → sent → half received with pasted serials → two to a van → the serial\'s story', async () => {
	const { ctx, p } = await signedIn({ width: 1280, height: 800 });

	// the suggestions: this run's product among them, ticked; only it is ordered now
	await p.goto('/purchase-orders/reorder');
	const row = p.locator('tr', { hasText: product.sku });
	assert.match(await row.innerText(), /8/, 'the reorder quantity is suggested');
	for (const box of await p.locator('input[name="product_id"]').all()) await box.uncheck();
	await p.check(`#p-${product.id}`);
	await shot(p, 'purchasing-reorder.png', false);
	await click(p, 'form[action="/purchase-orders/reorder"][method="post"] button[type="submit"]');
	const flash = await p.locator('.flash').innerText();
	poNumber = /PO-\d{6}/.exec(flash)?.[0];
	assert.ok(poNumber, `a draft is named: ${flash}`);
	await click(p, `a:text-is("${poNumber}")`);
	poPath = new URL(p.url()).pathname;
	assert.match(await p.locator('main').innerText(), new RegExp(`SSC-NVR-${TAG}`), "the supplier's SKU is on the line");

	// sent to the supplier, then half of it arrives
	await click(p, 'form[action$="/send"] button[type="submit"]');
	await click(p, 'a:has-text("Receive")');
	const line = p.locator('tr', { hasText: product.sku }).locator('input[name^="qty_"]');
	assert.equal(await line.inputValue(), '8', 'the form starts with what is still to come');
	await line.fill('4');
	// the serials as copied from the supplier's packing list: CRLF lines, a MAC after a tab
	await p.locator('textarea[name^="serials_"]').fill(`${SERIALS[0]}\r\n${SERIALS[1]}\r\n${SERIALS[2]}\r\n${SERIALS[3]}\t${MAC}\r\n`);
	await shot(p, 'purchasing-receive.png');
	await click(p, 'form[action$="/receive"] button[type="submit"]');
	assert.equal(new URL(p.url()).pathname, poPath);
	assert.match(await p.locator('.flash').innerText(), /the rest stays on order/);
	assert.match(await p.locator('.page-header').innerText(), /Partly received/);
	await shot(p, 'purchasing-po-partly-received.png');

	// two of the new units into a van, named by serial
	await p.goto(`/products/${product.id}`);
	assert.match(await p.locator('main').innerText(), new RegExp(SERIALS[0]), 'the product page lists its serials in stock');
	await click(p, 'a:has-text("Transfer")');
	await p.fill('#f-qty', '2');
	await p.selectOption('#f-from_location_id', { label: 'Main warehouse' });
	await p.selectOption('#f-to_location_id', { label: 'Van 1 (Taylor)' });
	await p.fill('#f-serials', `${SERIALS[2]}\n${SERIALS[3]}`);
	await click(p, 'main form.form button[type="submit"]');
	assert.match(await p.locator('.flash').innerText(), /Stock transferred/);

	// the serial's page: received on the PO, now in Taylor's van, with its MAC
	await p.goto(`/serials?q=${encodeURIComponent(SERIALS[3])}`);
	await Promise.all([p.waitForNavigation(), p.locator('main a[href^="/serials/"]', { hasText: SERIALS[3] }).first().click()]);
	const story = await p.locator('main').innerText();
	assert.match(story, new RegExp(poNumber), 'received from the purchase order');
	assert.match(story, /Van 1 \(Taylor\)/);
	assert.match(story, new RegExp(MAC, 'i'));
	await shot(p, 'purchasing-serial.png');
	await ctx.close();
	assert.deepEqual(problems, []);
});

test('the purchasing pages on a 360 px phone without JavaScript', async () => {
	assert.ok(poPath, 'the journey made a PO');
	const { ctx, p } = await signedIn({ width: 360, height: 780 }, { javaScriptEnabled: false, isMobile: true, hasTouch: true });
	for (const [path, file] of [['/purchase-orders', 'list'], ['/purchase-orders/reorder', 'reorder'], [poPath, 'po'],
		[`${poPath}/receive`, 'receive'], [`${poPath}/print`, 'print']]) {
		const r = await p.goto(path);
		assert.equal(r.status(), 200, path);
		const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the phone`);
		await shot(p, `purchasing-phone-${file}.png`, false);
	}
	// the receive form works without JavaScript: the serials field is there for the rest
	assert.equal(await p.locator('textarea[name^="serials_"]').count(), 0, 'not on the print page');
	await p.goto(`${poPath}/receive`);
	assert.equal(await p.locator('textarea[name^="serials_"]').count(), 1);
	await ctx.close();
	assert.deepEqual(problems, []);
});
