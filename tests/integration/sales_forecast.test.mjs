// The sales forecast over HTTP (cgi-bin/sales/forecast.c,
// docs/sales-forecast.md): weighted pipeline by expected-close month and
// won revenue by closing month, checked against numbers computed by hand
// (half-up rounding per deal), every month of the range present, the
// owner filter, the CSV's exact rows, the page's SVG chart and table, bad
// input (422) and permissions. The months are of a far year of this run's
// own; what other runs left in them is read first and the test's numbers
// are what its own deals add to that.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { USERS, RUN, signIn, assertJson, assertProblem, assertHtml, textOf, createCustomer, parseCsv } from '../lib/client.mjs';
import { sql } from '../lib/stack.mjs';

// A year of this run's own (after the board test's 2040-2089), so only its
// deals are in the months asked.
const seed = parseInt(RUN.slice(-6), 16);
const Y = 2100 + (seed % 99);          // dates go up to 2200 (lib/valid.c)
const mon = (m) => `${Y}-${String(m).padStart(2, '0')}`;

let admin, sales, viewer, tech, customer, salesId, adminId;
before(async () => {
	[admin, sales, viewer, tech] = await Promise.all([USERS.admin, USERS.sales, USERS.viewer, USERS.tech].map((u) => signIn(u)));
	customer = await createCustomer(admin, { name: `Forecast Customer ${RUN}`, kind: 'residential' });
	salesId = Number(sql(`SELECT id FROM auth.users WHERE email = '${USERS.sales}'`));
	adminId = Number(sql(`SELECT id FROM auth.users WHERE email = '${USERS.admin}'`));
});

const deal = async (title, over) => assertJson(await sales.postJson('/deals', {
	title: `Forecast ${RUN} ${title}`, customer_id: customer.id, stage: 'design', value_cents: 100000,
	owner_id: salesId, ...over,
}), 201, `deal ${title}`);
const forecast = async (c, q) => assertJson(await c.getJson(`/sales/forecast?${q}`), 200, `forecast ${q}`);
const zero = (month) => ({ month, open_deals: 0, pipeline_cents: 0, weighted_cents: 0, won_deals: 0, won_cents: 0 });
const KEYS = ['open_deals', 'pipeline_cents', 'weighted_cents', 'won_deals', 'won_cents'];
// what f's months (and totals) hold beyond base's
const added = (f, base) => f.items.map((it, i) => ({ month: it.month, ...Object.fromEntries(KEYS.map((k) => [k, it[k] - base.items[i][k]])) }));
const addedTotals = (f, base) => Object.fromEntries(KEYS.map((k) => [k, f.totals[k] - base.totals[k]]));
// "$1,234.50", as the page writes money
const usd = (c) => `$${Math.floor(c / 100).toLocaleString('en-US')}.${String(c % 100).padStart(2, '0')}`;

describe('sales forecast', () => {
	let dDeal, base, baseSales, baseAdmin;
	const range = `from=${mon(2)}&to=${mon(6)}`;
	before(async () => {
		base = await forecast(sales, range);
		baseSales = await forecast(sales, `${range}&owner_id=${salesId}`);
		baseAdmin = await forecast(sales, `${range}&owner_id=${adminId}`);
		// March: four open deals; weighted by hand, half up per deal:
		//   12,345 × 30% = 3,703.5 → 3,704;  99,999 × 55% = 54,999.45 → 54,999 (admin's)
		//   1 × 50% = 0.5 → 1;  3 × 50% = 1.5 → 2            → 58,706 of 112,348
		await deal('a', { value_cents: 12345, probability: 30, expected_close: `${mon(3)}-01` });
		await deal('b', { value_cents: 99999, probability: 55, expected_close: `${mon(3)}-31`, owner_id: adminId, stage: 'proposal' });
		await deal('c', { value_cents: 1, probability: 50, expected_close: `${mon(3)}-15` });
		dDeal = await deal('d', { value_cents: 3, probability: 50, expected_close: `${mon(3)}-15`, stage: 'negotiation' });
		// May: one open deal at its stage's 40% (250,000 → 100,000); a lost
		// one, an archived one and one in June of the year before: not counted
		await deal('e', { value_cents: 250000, expected_close: `${mon(5)}-20` });
		await deal('lost', { value_cents: 900000, expected_close: `${mon(5)}-20`, stage: 'lost', lost_reason: 'Went quiet' });
		const gone = await deal('archived', { value_cents: 800000, expected_close: `${mon(5)}-21` });
		assertJson(await sales.deleteJson(`/deals/${gone.id}`), 200, 'archive');
		await deal('before', { value_cents: 500000, expected_close: `${Y - 1}-06-30` });
		// won: 700,000 closed in May and 123,456 in March (admin's); the
		// closing time is the fixture (the stage trigger stamps now())
		const w1 = await deal('won may', { value_cents: 700000, stage: 'won', expected_close: `${mon(1)}-10` });
		const w2 = await deal('won march', { value_cents: 123456, stage: 'won', owner_id: adminId });
		sql(`UPDATE sales.deals SET closed_at = '${mon(5)}-31 23:59:59+00' WHERE id = ${w1.id}`);
		sql(`UPDATE sales.deals SET closed_at = '${mon(3)}-01 00:00:00+00' WHERE id = ${w2.id}`);
	});

	test('JSON: every month of the range, weighted pipeline and won revenue by hand', async () => {
		const f = await forecast(sales, range);
		assert.equal(f.from, mon(2));
		assert.equal(f.to, mon(6));
		assert.equal(f.owner_id, null);
		assert.deepEqual(f.items.map((x) => x.month), [2, 3, 4, 5, 6].map(mon), 'every month, in order');
		assert.deepEqual(added(f, base), [
			zero(mon(2)),
			{ month: mon(3), open_deals: 4, pipeline_cents: 112348, weighted_cents: 58706, won_deals: 1, won_cents: 123456 },
			zero(mon(4)),
			{ month: mon(5), open_deals: 1, pipeline_cents: 250000, weighted_cents: 100000, won_deals: 1, won_cents: 700000 },
			zero(mon(6)),
		]);
		assert.deepEqual(addedTotals(f, base), { open_deals: 5, pipeline_cents: 362348, weighted_cents: 158706, won_deals: 2, won_cents: 823456 });
		assert.equal(typeof f.undated.open_deals, 'number');
		assert.equal(typeof f.undated.weighted_cents, 'number');
		// a deal moved on changes the months: March's "d" lost → out of the pipeline
		const d = dDeal;
		assertJson(await sales.patchJson(`/deals/${d.id}`, { version: d.version, stage: 'lost', lost_reason: 'Budget' }), 200, 'lose d');
		const after = await forecast(sales, range);
		assert.deepEqual(added(after, base)[1], { month: mon(3), open_deals: 3, pipeline_cents: 112345, weighted_cents: 58704, won_deals: 1, won_cents: 123456 });
		assertJson(await sales.patchJson(`/deals/${d.id}`, { version: d.version + 1, stage: 'negotiation' }), 200, 'reopen d');
	});

	test('the owner filter, and the default range of 13 months around this one', async () => {
		const mine = await forecast(sales, `${range}&owner_id=${salesId}`);
		assert.equal(mine.owner_id, salesId);
		assert.deepEqual(added(mine, baseSales)[1], { month: mon(3), open_deals: 3, pipeline_cents: 12349, weighted_cents: 3707, won_deals: 0, won_cents: 0 });
		assert.deepEqual(added(mine, baseSales)[3], { month: mon(5), open_deals: 1, pipeline_cents: 250000, weighted_cents: 100000, won_deals: 1, won_cents: 700000 });
		const theirs = await forecast(sales, `${range}&owner_id=${adminId}`);
		assert.deepEqual(added(theirs, baseAdmin)[1], { month: mon(3), open_deals: 1, pipeline_cents: 99999, weighted_cents: 54999, won_deals: 1, won_cents: 123456 });
		assert.deepEqual(added(theirs, baseAdmin)[3], zero(mon(5)));

		const now = new Date();
		const ym = (d) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
		const def = await forecast(viewer, '');
		assert.equal(def.items.length, 13);
		assert.equal(def.from, ym(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 6, 1))));
		assert.equal(def.to, ym(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 6, 1))));
		assert.equal(def.items[6].month, ym(now));
		// format=json answers the same as Accept: application/json
		const viaQuery = await sales.fetch(`/sales/forecast?${range}&format=json`);
		assert.match(viaQuery.headers.get('content-type'), /^application\/json/);
		assert.deepEqual((await viaQuery.json()).items, (await forecast(sales, range)).items);
	});

	test('CSV: the exact rows behind the chart', async () => {
		const f = await forecast(sales, range);
		const r = await sales.fetch(`/sales/forecast?${range}&format=csv`);
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type'), /^text\/csv/);
		assert.match(r.headers.get('content-disposition'), /filename="sales-forecast\.csv"/);
		const rows = parseCsv(await r.text()).filter((row) => row.length > 1);
		assert.deepEqual(rows[0], ['month', ...KEYS]);
		assert.deepEqual(rows.slice(1), f.items.map((it) => [it.month, ...KEYS.map((k) => String(it[k]))]));
		assert.deepEqual(rows[2].slice(1).map(Number).map((v, i) => v - base.items[1][KEYS[i]]), [4, 112348, 58706, 1, 123456]);
	});

	test('HTML: an accessible SVG chart and the same numbers in a table', async () => {
		const html = assertHtml(await sales.getHtml(`/sales/forecast?${range}`), 200, 'page');
		const svg = html.match(/<svg[^>]*class="chart"[\s\S]*?<\/svg>/);
		assert.ok(svg, 'the chart is in the page');
		assert.match(svg[0], /role="img" aria-labelledby="forecast-chart-title forecast-chart-desc"/);
		assert.match(svg[0], /<title id="forecast-chart-title">Sales forecast by month<\/title><desc id="forecast-chart-desc">/);
		assert.equal((svg[0].match(/<rect class="chart-bar /g) || []).length, 10, 'two bars a month');
		const f = await forecast(sales, range);
		const [mar, apr, may] = [f.items[1], f.items[2], f.items[3]];
		assert.ok(svg[0].includes(`<title>Mar · Weighted pipeline: ${usd(mar.weighted_cents)}</title>`), 'March\'s bar');
		assert.ok(svg[0].includes(`<title>May · Won revenue: ${usd(may.won_cents)}</title>`), 'May\'s bar');
		assert.match(svg[0], new RegExp(`class="chart-sublabel"[^>]*>${Y}<`), 'the year under the first month');
		const table = textOf(html.slice(html.indexOf('t-forecast')));
		for (const [label, m] of [[`Mar ${Y}`, mar], [`Apr ${Y}`, apr]])
			assert.ok(table.includes(`${label} ${m.open_deals} ${usd(m.pipeline_cents)} ${usd(m.weighted_cents)} ${m.won_deals} ${usd(m.won_cents)}`), label);
		const t = f.totals;
		assert.ok(table.includes(`Total ${t.open_deals} ${usd(t.pipeline_cents)} ${usd(t.weighted_cents)} ${t.won_deals} ${usd(t.won_cents)}`), 'totals');
		if (base.items[1].weighted_cents === 0) assert.ok(table.includes('$587.06'), 'the hand-computed March, grouped');
		assert.match(html, /href="\/sales\/forecast\?format=csv&amp;from=\d{4}-\d\d&amp;to=\d{4}-\d\d/);
		assert.match(html, new RegExp(`href="/deals\\?close_month=${mon(3)}"`), 'a month links to its deals');
		assert.match(html, /aria-current="page"[^>]*>Forecast</, 'the subnav marks the forecast');
	});

	test('bad input: 422 with the field, JSON and HTML', async () => {
		const bad = async (q, field) => {
			const p = assertProblem(await sales.getJson(`/sales/forecast?${q}`), 422, q);
			assert.ok(p.errors[field], `${q}: errors.${field} in ${JSON.stringify(p.errors)}`);
		};
		await bad('from=2026-13', 'from');
		await bad('from=26-01', 'from');
		await bad('to=2026-1', 'to');
		await bad('from=2026-00', 'from');
		await bad('from=2027-01&to=2026-12', 'to');
		await bad('from=2026-01&to=2029-01', 'to');     // 37 months
		await bad('owner_id=abc', 'owner_id');
		await bad('owner_id=0', 'owner_id');
		assertJson(await sales.getJson('/sales/forecast?from=2026-01&to=2028-12'), 200, '36 months');
		const page = assertHtml(await sales.getHtml('/sales/forecast?from=2026-13'), 422, 'page');
		assert.match(textOf(page), /A month as YYYY-MM\./);
		assert.doesNotMatch(page, /<svg[^>]*class="chart"/);
	});

	test('the deals list filters by close month too (where a month of the forecast links)', async () => {
		const q = `q=${encodeURIComponent(`Forecast ${RUN}`)}`;
		const l = assertJson(await sales.getJson(`/deals?close_month=${mon(3)}&${q}&limit=50`), 200);
		assert.deepEqual(l.items.map((d) => d.title).sort(), ['a', 'b', 'c', 'd'].map((t) => `Forecast ${RUN} ${t}`));
		assert.ok(l.items.every((d) => d.expected_close.startsWith(mon(3))));
		const mine = assertJson(await sales.getJson(`/deals?close_month=${mon(3)}&${q}&owner_id=${adminId}`), 200);
		assert.deepEqual(mine.items.map((d) => d.title), [`Forecast ${RUN} b`]);
		assert.equal(assertJson(await sales.getJson(`/deals?close_month=${mon(4)}&${q}`), 200).items.length, 0);
		const csv = await (await sales.fetch(`/deals?close_month=${mon(5)}&${q}&format=csv`)).text();
		// May: the open one and the lost one (the archived one is not listed)
		assert.deepEqual(parseCsv(csv).slice(1).filter((r) => r.length > 1).map((r) => r[1]).sort(),
			[`Forecast ${RUN} e`, `Forecast ${RUN} lost`]);
		for (const bad of ['2026-13', '2026-1', 'May', '2026-05-01'])
			assert.ok(assertProblem(await sales.getJson(`/deals?close_month=${bad}`), 422, bad).errors.close_month);
		const page = assertHtml(await sales.getHtml(`/deals?close_month=${mon(3)}`), 200);
		assert.match(page, new RegExp(`name="close_month" placeholder="YYYY-MM" value="${mon(3)}"`));
		assert.match(assertHtml(await sales.getHtml('/deals?close_month=2026-13'), 422), /A month as YYYY-MM\./);
		// the board's "more" link keeps the month
		const b = assertJson(await sales.getJson(`/deals/board?close_month=${mon(3)}`), 200);
		assert.equal(b.stages.find((x) => x.id === 'design').more_url, `/deals?stage=design&close_month=${mon(3)}`);
	});

	test('permissions: readers see it, a technician does not', async () => {
		assertJson(await viewer.getJson(`/sales/forecast?${range}`), 200, 'viewer');
		assertProblem(await tech.getJson(`/sales/forecast?${range}`), 403, 'technician');
	});
});
