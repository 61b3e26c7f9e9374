// The pipeline board by keyboard in Chromium (static/js/board.js): a
// focused card moves to the next or previous stage with Right/Left (the
// same PATCH as a drop, with its version), the focus stays on it after
// the board is read again, and the aria-live region says what happened;
// at the first stage nothing moves; a card changed meanwhile goes back
// with the message, nothing written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PASSWORD, USERS, RUN, signIn, assertJson, createCustomer } from '../lib/client.mjs';
import { launchBrowser, signedInPage } from '../lib/browser.mjs';
import { sql } from '../lib/stack.mjs';

// a close month of this run's own (after the other board tests' years)
const seed = parseInt(RUN.slice(-6), 16);
const M = `${2090 + (seed % 9)}-${String(1 + (seed >> 8) % 12).padStart(2, '0')}`;
let browser, a, b;
const problems = [];

before(async () => {
	browser = await launchBrowser();
	const sales = await signIn(USERS.sales);
	const customer = await createCustomer(sales, { name: `Keys Customer ${RUN}`, kind: 'residential' });
	const deal = async (title, stage) => assertJson(await sales.postJson('/deals', {
		title: `Keys ${RUN} ${title}`, customer_id: customer.id, stage, value_cents: 100000, expected_close: `${M}-10`,
	}), 201);
	a = await deal('a', 'site_survey');
	b = await deal('b', 'design');
});
after(async () => {
	if (browser) await browser.close();
});

const live = (p) => p.locator('[data-board-live]').innerText();
const focusedDeal = (p) => p.evaluate(() => document.activeElement && document.activeElement.dataset.deal);

test('Right and Left move a focused card; the focus stays on it and the move is announced', async () => {
	const { ctx, p } = await signedInPage(browser,
		{ baseURL: BASE, viewport: { width: 1280, height: 900 }, path: '/deals', email: USERS.sales, password: PASSWORD, problems });
	await p.goto(`/deals/board?close_month=${M}`);
	assert.match(await p.locator('#board-keys').innerText(), /press ← or →/);
	const card = p.locator(`.board-card[data-deal="${a.id}"]`);
	assert.equal(await card.getAttribute('tabindex'), '0');
	await card.focus();
	await p.keyboard.press('ArrowRight');
	await p.waitForSelector(`.board-col[data-stage="design"] .board-card[data-deal="${a.id}"][data-version="2"]`);
	assert.equal(sql(`SELECT stage || ' ' || version FROM sales.deals WHERE id = ${a.id}`), 'design 2');
	await p.waitForFunction(() => /Moved .* to Design\./.test(document.querySelector('[data-board-live]').textContent));
	assert.equal(await focusedDeal(p), String(a.id), 'the focus is on the card after the board was read again');
	assert.match(await p.locator('#col-design').innerText(), /\(2\)/);
	// back, then once more left: site survey, enquiry
	await p.keyboard.press('ArrowLeft');
	await p.waitForSelector(`.board-col[data-stage="site_survey"] .board-card[data-deal="${a.id}"][data-version="3"]`);
	await p.waitForFunction(() => document.activeElement && document.activeElement.classList.contains('board-card'));
	await p.keyboard.press('ArrowLeft');
	await p.waitForSelector(`.board-col[data-stage="enquiry"] .board-card[data-deal="${a.id}"][data-version="4"]`);
	await p.waitForFunction(() => /to Enquiry\./.test(document.querySelector('[data-board-live]').textContent));
	// the first stage: nothing moves, it says so
	await p.waitForFunction(() => document.activeElement && document.activeElement.classList.contains('board-card'));
	await p.keyboard.press('ArrowLeft');
	await p.waitForFunction(() => /first stage already/.test(document.querySelector('[data-board-live]').textContent));
	assert.equal(sql(`SELECT stage || ' ' || version FROM sales.deals WHERE id = ${a.id}`), 'enquiry 4');

	// someone else changes b: Right is refused, the card stays, the message is said and shown
	sql(`UPDATE sales.deals SET notes = 'changed', version = version + 1 WHERE id = ${b.id}`);
	await p.locator(`.board-card[data-deal="${b.id}"]`).focus();
	await p.keyboard.press('ArrowRight');
	await p.waitForSelector('[data-board-message]');
	assert.match(await p.locator('[data-board-message]').innerText(), /Someone else changed this deal/);
	await p.waitForFunction(() => /Someone else changed/.test(document.querySelector('[data-board-live]').textContent));
	assert.equal(await p.locator(`.board-col[data-stage="design"] .board-card[data-deal="${b.id}"]`).count(), 1);
	assert.equal(await focusedDeal(p), String(b.id));
	assert.equal(sql(`SELECT stage FROM sales.deals WHERE id = ${b.id}`), 'design');
	assert.match(await live(p), /nothing was saved/);
	await ctx.close();
	assert.deepEqual(problems, [`409 ${BASE}/deals/${b.id}`], 'the refused PATCH, nothing else');
});
