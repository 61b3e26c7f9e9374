// The pipeline board in Chromium (static/js/board.js): a card dragged to
// another column is PATCHed with its version and the board is read again
// (the column's count follows); a card whose deal someone else changed
// meanwhile goes back with the message, nothing written; with JS off the
// card's stage form moves it. Screenshots at 1280 and 360 px, the phone
// never wider than its screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BASE, PASSWORD, USERS, RUN, signIn, assertJson, createCustomer } from '../lib/client.mjs';
import { launchBrowser, signedInPage } from '../lib/browser.mjs';

const ROOT = (process.env.HEARTH_ROOT || fileURLToPath(new URL('../..', import.meta.url))).replace(/\/+$/, '');
const sql = (q) => execFileSync('psql', [`host=${ROOT}/var/run dbname=hearth user=hearth`, '-XAtqc', q],
	{ encoding: 'utf8' }).trim();
const seed = parseInt(RUN.slice(-6), 16);
const M = `${2040 + (seed % 50)}-${String(1 + (seed >> 8) % 12).padStart(2, '0')}`;
let browser, a, b, board;
const problems = [];

before(async () => {
	browser = await launchBrowser();
	const sales = await signIn(USERS.sales);
	const customer = await createCustomer(sales, { name: `Drag Customer ${RUN}`, kind: 'residential' });
	const deal = async (title) => assertJson(await sales.postJson('/deals', {
		title: `Drag ${RUN} ${title}`, customer_id: customer.id, stage: 'design', value_cents: 100000, expected_close: `${M}-10`,
	}), 201);
	a = await deal('a');
	b = await deal('b');
	board = `/deals/board?close_month=${M}`;
});
after(async () => {
	if (browser) await browser.close();
});

async function signedIn(viewport, opts = {}) {
	const { ctx, p } = await signedInPage(browser,
		{ baseURL: BASE, viewport, path: '/deals', email: USERS.sales, password: PASSWORD, problems, ...opts });
	await p.goto(board);
	return { ctx, p };
}
const count = (p, stage) => p.locator(`.board-col[data-stage="${stage}"] .board-card`).count();

test('drag a card to another column: saved, the board read again', async () => {
	const { ctx, p } = await signedIn({ width: 1280, height: 900 });
	assert.equal(await count(p, 'design'), 2);
	await p.dragAndDrop(`.board-card[data-deal="${a.id}"]`, '.board-col[data-stage="proposal"]');
	await p.waitForFunction((id) => document.querySelector(`.board-col[data-stage="proposal"] .board-card[data-deal="${id}"][data-version="2"]`), a.id);
	assert.equal(sql(`SELECT stage || ' ' || version FROM sales.deals WHERE id = ${a.id}`), 'proposal 2');
	assert.match(await p.locator('#col-proposal').innerText(), /\(1\)/);
	assert.match(await p.locator('#col-design').innerText(), /\(1\)/);
	// someone else changes b: the drop is refused, the card goes back
	sql(`UPDATE sales.deals SET notes = 'changed', version = version + 1 WHERE id = ${b.id}`);
	await p.dragAndDrop(`.board-card[data-deal="${b.id}"]`, '.board-col[data-stage="negotiation"]');
	await p.waitForSelector('[data-board-message]');
	assert.match(await p.locator('[data-board-message]').innerText(), /Someone else changed this deal/);
	assert.equal(await p.locator(`.board-col[data-stage="design"] .board-card[data-deal="${b.id}"]`).count(), 1);
	assert.equal(sql(`SELECT stage FROM sales.deals WHERE id = ${b.id}`), 'design');
	await p.screenshot({ path: `${ROOT}/tests/e2e/screenshots/sales-board-1280.png` });
	await ctx.close();
	assert.deepEqual(problems, [`409 ${BASE}/deals/${b.id}`], 'the refused PATCH, nothing else');
});

test('JS off: the stage form moves a card; a phone is never wider than its screen', async () => {
	const { ctx, p } = await signedIn({ width: 360, height: 800 }, { javaScriptEnabled: false });
	const sw = await p.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(sw <= 360, `page ${sw}px wide`);
	const form = p.locator(`.board-card[data-deal="${b.id}"] form.board-move`);
	const v = sql(`SELECT version FROM sales.deals WHERE id = ${b.id}`);
	await p.reload();
	await form.locator('select').selectOption('negotiation');
	await Promise.all([p.waitForNavigation(), form.locator('button').click()]);
	assert.equal(new URL(p.url()).pathname, '/deals/board');
	assert.equal(sql(`SELECT stage || ' ' || version FROM sales.deals WHERE id = ${b.id}`), `negotiation ${Number(v) + 1}`);
	await p.screenshot({ path: `${ROOT}/tests/e2e/screenshots/sales-board-360.png`, fullPage: true });
	await ctx.close();
});
