// The pipeline board over HTTP (cgi-bin/sales/board.c, docs/sales.md):
// columns by stage with count, value and weighted value (checked against
// what this test computes from the deals it made), the owner and
// close-month filters, the per-column cap with its "more" link, the stage
// change by a card's form (PATCH /deals/:id with its version, back to the
// board; a stale version gives the board again with nothing written) and
// the permissions (a viewer reads the board, cannot move a card).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { USERS, RUN, signIn, assertJson, assertProblem, assertHtml, assertRedirect, textOf, createCustomer } from '../lib/client.mjs';
import { usd } from '../lib/money.mjs';

const ROOT = (process.env.HEARTH_ROOT || fileURLToPath(new URL('../..', import.meta.url))).replace(/\/+$/, '');
const sql = (q) => execFileSync('psql', [`host=${ROOT}/var/run dbname=hearth user=hearth`, '-XAtqc', q],
	{ encoding: 'utf8' }).trim();

// A close month of this run's own, so only its deals are in the filtered board.
const seed = parseInt(RUN.slice(-6), 16);
const YEAR = 2040 + (seed % 50), MONTH = 1 + (seed >> 8) % 11;
const M = `${YEAR}-${String(MONTH).padStart(2, '0')}`;
const NEXT = `${YEAR}-${String(MONTH + 1).padStart(2, '0')}`;
const weighted = (v, p) => Math.floor((v * p + 50) / 100);   // half up, as board.c

let admin, sales, viewer, customer, salesId, adminId;
before(async () => {
	[admin, sales, viewer] = await Promise.all([USERS.admin, USERS.sales, USERS.viewer].map((u) => signIn(u)));
	customer = await createCustomer(admin, { name: `Board Customer ${RUN}`, kind: 'residential' });
	salesId = Number(sql(`SELECT id FROM auth.users WHERE email = '${USERS.sales}'`));
	adminId = Number(sql(`SELECT id FROM auth.users WHERE email = '${USERS.admin}'`));
});

const deal = async (over) => assertJson(await sales.postJson('/deals', {
	title: `Board ${RUN} ${over.title}`, customer_id: customer.id, stage: 'design', value_cents: 100000,
	expected_close: `${M}-15`, owner_id: salesId, ...over, ...(over.title ? { title: `Board ${RUN} ${over.title}` } : {}),
}), 201, `deal ${over.title}`);
const board = async (c, q) => assertJson(await c.getJson(`/deals/board?${q}`), 200, `board ${q}`);

describe('pipeline board', () => {
	let mine, other, later;
	before(async () => {
		mine = [
			await deal({ title: 'a', stage: 'design', value_cents: 12345, probability: 30 }),    // 3703.5 → 3704
			await deal({ title: 'b', stage: 'design', value_cents: 250000 }),                     // the stage's 40%
			await deal({ title: 'c', stage: 'proposal', value_cents: 99999, probability: 55 }),   // 54999.45 → 54999
			await deal({ title: 'd', stage: 'won', value_cents: 700000 }),
		];
		other = await deal({ title: 'admin', owner_id: adminId, value_cents: 5000 });
		later = await deal({ title: 'later', expected_close: `${NEXT}-02`, value_cents: 7000 });
	});

	test('JSON: columns in the stages order with totals the test computes', async () => {
		const b = await board(sales, `owner_id=${salesId}&close_month=${M}`);
		const order = sql('SELECT string_agg(key, \',\' ORDER BY position, key) FROM sales.stages WHERE archived_at IS NULL');
		assert.equal(b.stages.map((s) => s.id).join(','), order);
		const col = (id) => b.stages.find((s) => s.id === id);
		for (const id of ['design', 'proposal', 'won']) {
			const ds = mine.filter((d) => d.stage === id);
			assert.equal(col(id).count, ds.length, `${id} count`);
			assert.equal(col(id).value_cents, ds.reduce((a, d) => a + d.value_cents, 0), `${id} value`);
			assert.equal(col(id).weighted_cents, ds.reduce((a, d) => a + weighted(d.value_cents, d.probability), 0), `${id} weighted`);
		}
		assert.equal(col('design').weighted_cents, 3704 + 100000);
		assert.equal(col('proposal').weighted_cents, 54999);
		assert.equal(col('enquiry').count, 0);
		assert.equal(col('enquiry').value_cents, 0);
		// open columns carry their cards (newest first); won and lost only totals
		assert.deepEqual(col('design').deals.map((d) => d.id), [mine[1].id, mine[0].id]);
		assert.deepEqual(col('won').deals, []);
		const card = col('proposal').deals[0];
		assert.equal(card.title, `Board ${RUN} c`);
		assert.equal(card.customer_name, customer.name);
		assert.equal(card.value_cents, 99999);
		assert.equal(card.probability, 55);
		assert.equal(card.weighted_cents, 54999);
		assert.equal(card.expected_close, `${M}-15`);
		assert.equal(card.owner_id, salesId);
		assert.ok(card.owner_name);
		assert.equal(card.version, 1);
		assert.equal(card.url, `/deals/${card.id}`);
		assert.equal(col('design').more_url, `/deals?stage=design&owner_id=${salesId}&close_month=${M}`);
	});

	test('filters: owner and close month', async () => {
		const ids = (b) => b.stages.flatMap((s) => s.deals.map((d) => d.id));
		const month = await board(sales, `close_month=${M}`);
		assert.ok(ids(month).includes(other.id), 'any owner: the admin\'s deal');
		assert.ok(!ids(month).includes(later.id), 'next month\'s deal is out');
		const design = month.stages.find((s) => s.id === 'design');
		assert.equal(design.count, 3);
		assert.equal(design.value_cents, 12345 + 250000 + 5000);
		const owned = await board(sales, `owner_id=${salesId}&close_month=${M}`);
		assert.ok(!ids(owned).includes(other.id), 'owner filter');
		const next = await board(sales, `owner_id=${salesId}&close_month=${NEXT}`);
		assert.deepEqual(ids(next), [later.id]);
		assertProblem(await sales.getJson('/deals/board?close_month=2026-13'), 422, 'bad month');
		assertProblem(await sales.getJson('/deals/board?close_month=2026-+1'), 422, 'bad month sign');
		assertProblem(await sales.getJson('/deals/board?owner_id=x1'), 422, 'bad owner');
	});

	test('HTML: columns, cards, totals, filter form, a stage form per card', async () => {
		const { status, text } = await sales.getHtml(`/deals/board?owner_id=${salesId}&close_month=${M}`);
		assert.equal(status, 200);
		const t = textOf(text);
		assert.match(t, /Pipeline board/);
		assert.match(t, new RegExp(`Board ${RUN} a`));
		assert.ok(t.includes(usd(12345 + 250000)), 'design value');
		assert.ok(t.includes(`weighted ${usd(103704)}`), 'design weighted');
		assert.match(text, /<form class="filters" method="get" action="\/deals\/board"/);
		assert.match(text, new RegExp(`value="${M}"`));
		assert.match(text, new RegExp(`<form class="board-move" method="post" action="/deals/${mine[0].id}\\?back=`));
		const v = await viewer.getHtml(`/deals/board?close_month=${M}`);
		assert.equal(v.status, 200, 'a viewer reads the board');
		assert.ok(!v.text.includes('class="board-move"'), 'a viewer gets no stage forms');
	});

	test('stage change by form: 303 back to the board; a stale version changes nothing', async () => {
		const back = `/deals/board?owner_id=${salesId}&close_month=${M}`;
		const path = `/deals/${mine[0].id}?back=${encodeURIComponent(back)}`;
		const loc = assertRedirect(await sales.postForm(path, { _method: 'PATCH', version: '1', stage: 'negotiation' }), 303, 'move');
		assert.equal(loc, back);
		const moved = assertJson(await sales.getJson(`/deals/${mine[0].id}`), 200);
		assert.equal(moved.stage, 'negotiation');
		assert.equal(moved.version, 2);
		assert.equal(moved.title, `Board ${RUN} a`, 'other fields kept');
		assert.equal(moved.value_cents, 12345);
		assert.equal(sql(`SELECT count(*) FROM sales.deal_stage_changes WHERE deal_id = ${mine[0].id} AND to_stage = 'negotiation'`), '1');
		const stale = await sales.postForm(path, { _method: 'PATCH', version: '1', stage: 'enquiry' });
		assertHtml(stale, 409, 'stale');
		assert.match(textOf(stale.text), /Someone else changed this deal/);
		assert.match(textOf(stale.text), /Pipeline board/);
		assert.equal(sql(`SELECT stage || ' ' || version FROM sales.deals WHERE id = ${mine[0].id}`), 'negotiation 2');
		// lost needs a reason: the board again with the message, nothing written
		const lost = await sales.postForm(path, { _method: 'PATCH', version: '2', stage: 'lost' });
		assertHtml(lost, 422, 'lost without a reason');
		assert.match(textOf(lost.text), /Say why the deal was lost/);
		assert.equal(sql(`SELECT stage FROM sales.deals WHERE id = ${mine[0].id}`), 'negotiation');
		// without ?back the deal's own page, as before
		assert.equal(assertRedirect(await sales.postForm(`/deals/${mine[0].id}`, { _method: 'PATCH', version: '2', stage: 'design' })),
			`/deals/${mine[0].id}`);
		// a back that is not the board is ignored
		assert.equal(assertRedirect(await sales.postForm(`/deals/${mine[0].id}?back=${encodeURIComponent('https://example.com/')}`,
			{ _method: 'PATCH', version: '3', stage: 'proposal' })), `/deals/${mine[0].id}`);
	});

	test('permissions: a viewer reads, cannot move', async () => {
		assertJson(await viewer.getJson(`/deals/board?close_month=${M}`), 200, 'viewer reads');
		const r = await viewer.postForm(`/deals/${mine[1].id}?back=%2Fdeals%2Fboard`, { _method: 'PATCH', version: '1', stage: 'proposal' });
		assert.equal(r.status, 403);
		assert.equal(sql(`SELECT stage FROM sales.deals WHERE id = ${mine[1].id}`), 'design');
	});

	test('a column holds at most cards_per_column cards; the rest through its "more" link', async () => {
		const b0 = await board(sales, `close_month=${NEXT}`);
		const cap = b0.cards_per_column;
		assert.equal(cap, 25);
		for (let i = 0; i < cap + 2; i++)
			await deal({ title: `cap ${i}`, stage: 'enquiry', expected_close: `${NEXT}-20`, value_cents: 100 + i });
		const b = await board(sales, `close_month=${NEXT}`);
		const col = b.stages.find((s) => s.id === 'enquiry');
		assert.equal(col.count, cap + 2);
		assert.equal(col.deals.length, cap);
		assert.equal(col.value_cents, Array.from({ length: cap + 2 }, (_, i) => 100 + i).reduce((a, x) => a + x, 0));
		const { text } = await sales.getHtml(`/deals/board?close_month=${NEXT}`);
		assert.ok(text.includes(`<a class="quiet" href="/deals?stage=enquiry&amp;close_month=${NEXT}">More: all 27 deals</a>`), 'the "more" link keeps the month');
		// and the list it opens has them
		assert.equal((await sales.getJson(`/deals?stage=enquiry&close_month=${NEXT}&limit=50`)).body.items.length, cap + 2);
	});
});
