// A distributor's price list in headless Chromium (Debian's, driven by
// playwright-core), as the office does it: from the product list to the
// import, choose the supplier and the file, check the columns, see the
// preview refuse a line (a price written "449,00"), fix the file and
// upload it again, import, watch the progress page finish, and read the
// price changes; then the same pages on a 360 px phone. Screenshots go to
// tests/e2e/screenshots/price-list-*.png (git-ignored). A console error,
// an uncaught exception or a failed asset fails the test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, PASSWORD, USERS, RUN } from '../lib/client.mjs';
import { launchBrowser, watchPage, signInThrough } from '../lib/browser.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const SHOTS = join(HERE, 'screenshots');
// The demo list with this run's new SKUs and a list price of its own, so
// every run creates three products and changes one price.
const TAG = RUN.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(-8);
const CENTS = 10 + Math.floor(Math.random() * 89);
const FIXTURE = readFileSync(join(HERE, '..', 'fixtures', 'price-list-demo.csv'), 'utf8')
	.replaceAll('SIG-', `SIG${TAG}-`).replace('64.90,129.00', `64.90,129.${CENTS}`);
let browser;
const problems = [];

before(async () => {
	mkdirSync(SHOTS, { recursive: true });
	browser = await launchBrowser();
});
after(async () => {
	if (browser) await browser.close();
});

async function page(viewport) {
	const ctx = await browser.newContext({ baseURL: BASE, viewport });
	ctx.setDefaultTimeout(15000);
	const p = watchPage(await ctx.newPage(), problems);
	await signInThrough(p, '/products', USERS.office, PASSWORD);
	return p;
}
const shot = (p, file) => p.screenshot({ path: join(SHOTS, file), fullPage: true });
const click = (p, sel) => Promise.all([p.waitForNavigation(), p.locator(sel).first().click()]);

async function uploadList(p, csv, name) {
	await p.goto('/products/imports');
	await p.selectOption('#f-supplier_id', { label: 'Signal Supply Co.' });
	await p.setInputFiles('#f-file', { name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
	await click(p, 'form.upload button[type="submit"]');
	assert.match(new URL(p.url()).pathname, /^\/products\/imports\/\d+$/);
}

test('office: upload a price list, see the bad line, fix it, import, read the price changes', async () => {
	const p = await page({ width: 1280, height: 800 });
	await click(p, 'a:has-text("Import a price list")');
	// a price with a decimal comma: the preview names the line and the field
	const bad = FIXTURE.replace('449.00', '"449,00"');
	await uploadList(p, bad, `signal-${RUN}-draft.csv`);
	assert.match(await p.locator('main').innerText(), /Supplier: Signal Supply Co\./);
	assert.equal(await p.locator('select[name="col_6"]').inputValue(), 'cost', 'Dealer Price is the cost');
	await shot(p, 'price-list-mapping.png');
	await click(p, 'button:has-text("Check every row")');
	const preview = await p.locator('main').innerText();
	assert.match(preview, /1\s*with problems/);
	assert.match(preview, /Cost: Not a number like 1234\.50\./);
	await shot(p, 'price-list-preview-problem.png');
	// fixed: every line ready; the mapping this supplier used comes back
	await p.locator('button:has-text("Cancel import")').click();
	await Promise.all([p.waitForNavigation(), p.locator('dialog[open] button[value="ok"]').click()]);
	assert.match(await p.locator('.flash').innerText(), /nothing was created/);
	await uploadList(p, FIXTURE, `signal-${RUN}.csv`);
	await click(p, 'button:has-text("Check every row")');
	assert.match(await p.locator('main').innerText(), /7\s*rows ready/);
	assert.match(await p.locator('form[action$="/apply"] button[type="submit"]').innerText(), /Import 7 price list rows/);
	await click(p, 'form[action$="/apply"] button[type="submit"]');
	await p.waitForFunction(() => /price list rows imported/.test(document.body.innerText), null, { timeout: 60000 });
	await shot(p, 'price-list-applied.png');
	await click(p, 'a:has-text("The price changes")');
	const changes = await p.locator('main').innerText();
	assert.match(changes, /3\s*products created/);
	assert.match(changes, new RegExp(`→\\s*\\$129\\.${CENTS}`));
	await shot(p, 'price-list-changes.png');
	const phone = await page({ width: 360, height: 780 });
	for (const [path, file] of [[new URL(p.url()).pathname, 'price-list-changes-360.png'], ['/products/imports', 'price-list-list-360.png']]) {
		await phone.goto(path);
		const wide = await phone.evaluate(() => document.documentElement.scrollWidth);
		assert.ok(wide <= 360, `${path} is ${wide} px wide at 360`);
		await shot(phone, file);
	}
	assert.deepEqual(problems, []);
});
