// The pipeline stages editor over HTTP (cgi-bin/sales/stages.c,
// docs/sales-forecast.md): add, rename, change the default probability,
// reorder, archive an unused stage; the refusals (a stage with deals, the
// won stage, the last lost stage, a second won stage, bad probabilities),
// stale versions (409), the HTML forms without JS, the board and the deal
// forms following, the database's own guard, and who may. The test
// leaves the seeded stages as they were (its own stages end archived).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { USERS, RUN, signIn, assertJson, assertProblem, assertHtml, assertRedirect, textOf, createCustomer } from '../lib/client.mjs';
import { sql, ROOT } from '../lib/stack.mjs';

let admin, sales;
before(async () => {
	[admin, sales] = await Promise.all([USERS.admin, USERS.sales].map((u) => signIn(u)));
});

const stages = async () => assertJson(await admin.getJson('/sales/stages'), 200, 'stages').items;
const inUse = async () => (await stages()).filter((s) => !s.archived_at);
const tag = RUN.slice(-6);

describe('pipeline stages editor', () => {
	let added, lostStage, customer, dealInIt;
	const seeded = 'enquiry,site_survey,design,proposal,negotiation,won,lost';

	after(async () => {
		// whatever happened, the seeded order and no stage of ours in use
		for (const s of await inUse())
			if (s.key.includes(tag.toLowerCase()) && !s.in_use)
				await admin.json('DELETE', `/sales/stages/${s.id}`, { version: s.version });
	});

	test('JSON: the stages in order; add an open stage (after the open ones) and a lost one (at the end)', async () => {
		const list = await inUse();
		assert.equal(list.filter((s) => !s.label.includes(tag)).map((s) => s.key).join(','), seeded);
		const won = list.find((s) => s.key === 'won');
		assert.deepEqual(Object.keys(won).sort(), ['archived_at', 'created_at', 'id', 'in_use', 'key', 'label', 'outcome',
			'position', 'probability', 'updated_at', 'url', 'version']);
		assert.equal(won.url, `/sales/stages/${won.id}`);

		const r = await admin.postJson('/sales/stages', { label: `Contract review ${tag}`, probability: 70 });
		added = assertJson(r, 201, 'add');
		assert.equal(r.headers.get('location'), `/sales/stages/${added.id}`);
		assert.equal(added.key, `contract_review_${tag}`.toLowerCase());
		assert.equal(added.outcome, 'open');
		assert.equal(added.probability, 70);
		assert.equal(added.version, 1);
		assert.equal(added.in_use, false);
		lostStage = assertJson(await admin.postJson('/sales/stages', { label: `No budget ${tag}`, probability: 0, outcome: 'lost', key: `nobudget_${tag}`.toLowerCase() }), 201, 'add lost');
		const keys = (await inUse()).map((s) => s.key);
		assert.deepEqual(keys.slice(keys.indexOf('negotiation'), keys.indexOf('negotiation') + 3), ['negotiation', added.key, 'won']);
		assert.equal(keys[keys.length - 1], lostStage.key);
		assert.equal(assertJson(await admin.getJson(`/sales/stages/${added.id}`), 200).label, `Contract review ${tag}`);
		assert.equal(sql(`SELECT count(*) FROM core.audit WHERE action = 'stage.create' AND entity_id = ${added.id}`), '1');
	});

	test('the board and the deal forms pick it up; a deal takes its default probability and keeps it', async () => {
		const b = assertJson(await sales.getJson('/deals/board'), 200).stages.map((s) => s.id);
		assert.ok(b.indexOf(added.key) === b.indexOf('negotiation') + 1, `board columns ${b}`);
		const form = assertHtml(await sales.getHtml('/deals/new'), 200);
		assert.match(form, new RegExp(`<option value="${added.key}"[^>]*>Contract review ${tag} \\(70%\\)</option>`));
		customer = await createCustomer(admin, { name: `Stages Customer ${RUN}`, kind: 'residential' });
		dealInIt = assertJson(await sales.postJson('/deals', { title: `Stages ${RUN}`, customer_id: customer.id, stage: added.key, value_cents: 1000 }), 201);
		assert.equal(dealInIt.probability, 70);
		// rename and a new default: the deal keeps its 70
		const p = assertJson(await admin.patchJson(`/sales/stages/${added.id}`, { version: 1, label: `Contract check ${tag}`, probability: 65 }), 200, 'patch');
		assert.equal(p.version, 2);
		assert.equal(p.probability, 65);
		assert.equal(p.key, added.key, 'the key stays');
		assert.equal(assertJson(await sales.getJson(`/deals/${dealInIt.id}`), 200).probability, 70);
		assert.equal(assertJson(await sales.getJson(`/deals/${dealInIt.id}`), 200).stage_label, `Contract check ${tag}`);
		added = p;
	});

	test('bad input and stale versions', async () => {
		const bad = async (r, field) => assert.ok(assertProblem(r, 422).errors[field], field);
		await bad(await admin.patchJson(`/sales/stages/${added.id}`, { version: added.version, probability: 101 }), 'probability');
		await bad(await admin.patchJson(`/sales/stages/${added.id}`, { version: added.version, probability: 'half' }), 'probability');
		await bad(await admin.patchJson(`/sales/stages/${added.id}`, { version: added.version, probability: -1 }), 'probability');
		await bad(await admin.patchJson(`/sales/stages/${added.id}`, { version: added.version, label: '  ' }), 'label');
		await bad(await admin.patchJson(`/sales/stages/${added.id}`, { version: added.version, outcome: 'won' }), 'outcome');
		await bad(await admin.postJson('/sales/stages', { label: `Second won ${tag}`, probability: 100, outcome: 'won' }), 'outcome');
		await bad(await admin.postJson('/sales/stages', { label: `Bad key ${tag}`, probability: 5, key: 'Has Spaces' }), 'key');
		await bad(await admin.postJson('/sales/stages', { label: `Contract review ${tag}`, probability: 5 }), 'label');   // its key is taken
		await bad(await admin.postJson('/sales/stages', { label: `No prob ${tag}` }), 'probability');
		assertProblem(await admin.patchJson(`/sales/stages/${added.id}`, { label: 'x', probability: 5 }), 422, 'no version');
		// a stale version: 409 with the current stage, nothing written
		const stale = assertProblem(await admin.patchJson(`/sales/stages/${added.id}`, { version: 1, label: 'Stale', probability: 1 }), 409);
		assert.ok(stale);
		assert.equal(sql(`SELECT label FROM sales.stages WHERE id = ${added.id}`), `Contract check ${tag}`);
		assertProblem(await admin.json('POST', `/sales/stages/${added.id}/move`, { version: 1, direction: 'up' }), 409, 'stale move');
		assertProblem(await admin.json('DELETE', `/sales/stages/${lostStage.id}`, { version: 99 }), 409, 'stale archive');
		assertProblem(await admin.getJson('/sales/stages/999999'), 404);
	});

	test('reorder: up and down swap with the neighbour', async () => {
		const before = (await inUse()).map((s) => s.key);
		const up = assertJson(await admin.json('POST', `/sales/stages/${added.id}/move`, { version: added.version, direction: 'up' }), 200, 'up');
		let keys = (await inUse()).map((s) => s.key);
		assert.deepEqual(keys.slice(keys.indexOf(added.key), keys.indexOf(added.key) + 2), [added.key, 'negotiation']);
		assert.equal(up.version, added.version + 1);
		const down = assertJson(await admin.json('POST', `/sales/stages/${added.id}/move`, { version: up.version, direction: 'down' }), 200, 'down');
		keys = (await inUse()).map((s) => s.key);
		assert.deepEqual(keys, before);
		added = down;
		const first = (await inUse())[0];
		assert.ok(assertProblem(await admin.json('POST', `/sales/stages/${first.id}/move`, { version: first.version, direction: 'up' }), 422).errors.direction);
		assert.ok(assertProblem(await admin.json('POST', `/sales/stages/${first.id}/move`, { version: first.version, direction: 'left' }), 422).errors.direction);
	});

	test('archive: not while deals are in it, never the won stage or the last lost one', async () => {
		let p = assertProblem(await admin.json('DELETE', `/sales/stages/${added.id}`, { version: added.version }), 422, 'in use');
		assert.match(p.errors.key, /1 deal is in this stage/);
		const won = (await inUse()).find((s) => s.key === 'won');
		p = assertProblem(await admin.json('DELETE', `/sales/stages/${won.id}`, { version: won.version }), 422, 'won');
		assert.match(p.errors.key, /won stage stays/);
		// the seeded lost stage may go only while ours is there (and it has deals: that is said first otherwise)
		const lost = (await inUse()).find((s) => s.key === 'lost');
		p = assertProblem(await admin.json('DELETE', `/sales/stages/${lost.id}`, { version: lost.version }), 422, 'lost in use');
		assert.match(p.errors.key, /deals? (is|are) in this stage/);
		const a = assertJson(await admin.json('DELETE', `/sales/stages/${lostStage.id}`, { version: lostStage.version }), 200, 'archive ours');
		assert.ok(a.archived_at);
		p = assertProblem(await admin.json('DELETE', `/sales/stages/${lost.id}`, { version: lost.version }), 422, 'last lost');
		assert.match(p.errors.key, /At least one lost stage must stay/);
		// the deal moves on; then the stage can go, and is offered nowhere
		assertJson(await sales.patchJson(`/deals/${dealInIt.id}`, { version: dealInIt.version, stage: 'design' }), 200);
		const gone = assertJson(await admin.json('DELETE', `/sales/stages/${added.id}`, {}, { headers: { 'If-Match': `"${added.version}"` } }), 200, 'archive');
		assert.ok(gone.archived_at);
		assert.equal(sql(`SELECT count(*) FROM core.audit WHERE action = 'stage.archive' AND entity_id = ${added.id}`), '1');
		assert.ok(!assertJson(await sales.getJson('/deals/board'), 200).stages.some((s) => s.id === added.key), 'not on the board');
		assert.doesNotMatch(assertHtml(await sales.getHtml('/deals/new'), 200), new RegExp(`value="${added.key}"`));
		assert.ok(assertProblem(await sales.postJson('/deals', { title: 'x', customer_id: customer.id, stage: added.key }), 422).errors.stage);
		const all = await stages();
		assert.equal(all[all.length - 1].archived_at === null, false, 'archived ones last');
		assert.equal((await inUse()).filter((s) => !s.label.includes(tag)).map((s) => s.key).join(','), seeded);
	});

	test('the database refuses a second won stage, a stage with deals archived, an outcome changed, whatever writes it', () => {
		const fails = (q, why) => assert.throws(() => execFileSync('psql', [`host=${ROOT}/var/run dbname=hearth user=hearth`, '-XAtqc', q],
			{ encoding: 'utf8', stdio: 'pipe' }), why);
		fails("UPDATE sales.stages SET archived_at = now() WHERE key = 'won'", /stage won has deals/);
		fails("UPDATE sales.stages SET outcome = 'open' WHERE key = 'lost'", /keeps its key and outcome/);
		fails(`INSERT INTO sales.stages (key, label, position, probability, outcome) VALUES ('won2_${tag.toLowerCase()}', 'Won 2', 999, 100, 'won')`, /exactly one won stage/);
		assert.equal(sql("SELECT count(*) FROM sales.stages WHERE outcome = 'won' AND archived_at IS NULL"), '1');
	});

	test('HTML: the editor works with plain forms; errors and conflicts come back on the page', async () => {
		await admin.loadCsrf('/sales/stages');
		const page = assertHtml(await admin.getHtml('/sales/stages'), 200);
		assert.match(page, /aria-current="page"[^>]*>Stages</);
		const design = (await inUse()).find((s) => s.key === 'design');
		assert.match(page, new RegExp(`<form class="stage-edit" method="post" action="/sales/stages/${design.id}"`));
		// add through the form
		let r = await admin.postForm('/sales/stages', { label: `Form stage ${tag}`, probability: '33', outcome: 'open', key: '' });
		assert.equal(assertRedirect(r), '/sales/stages');
		const mine = (await inUse()).find((s) => s.label === `Form stage ${tag}`);
		assert.equal(mine.probability, 33);
		// a bad probability: the page again (422) with the message in that stage's form
		r = await admin.postForm(`/sales/stages/${mine.id}`, { _method: 'PATCH', version: String(mine.version), label: `Form stage ${tag}`, probability: '150' });
		let html = assertHtml(r, 422);
		assert.match(html, new RegExp(`id="f-probability-${mine.id}-error"`));
		assert.match(html, new RegExp(`id="f-probability-${mine.id}"[^>]*value="150"`), 'the value sent is kept');
		// rename by form: 303 and the flash
		r = await admin.postForm(`/sales/stages/${mine.id}`, { _method: 'PATCH', version: String(mine.version), label: `Form renamed ${tag}`, probability: '34' });
		assert.equal(assertRedirect(r), '/sales/stages');
		assert.match(textOf(assertHtml(await admin.getHtml('/sales/stages'), 200)), new RegExp(`Stage “Form renamed ${tag}” saved`));
		// the old version again: 409, the page says so, nothing written
		r = await admin.postForm(`/sales/stages/${mine.id}`, { _method: 'PATCH', version: String(mine.version), label: 'Overwrite', probability: '1' });
		html = assertHtml(r, 409);
		assert.match(textOf(html), /Someone else changed this stage/);
		assert.equal(sql(`SELECT label || ':' || probability FROM sales.stages WHERE id = ${mine.id}`), `Form renamed ${tag}:34`);
		// archive by form
		r = await admin.postForm(`/sales/stages/${mine.id}`, { _method: 'DELETE', version: String(mine.version + 1) });
		assert.equal(assertRedirect(r), '/sales/stages');
		assert.ok(sql(`SELECT archived_at FROM sales.stages WHERE id = ${mine.id}`));
	});

	test('sales admins only', async () => {
		assertProblem(await sales.getJson('/sales/stages'), 403);
		assertProblem(await sales.postJson('/sales/stages', { label: 'x', probability: 1 }), 403);
		assert.doesNotMatch(assertHtml(await sales.getHtml('/deals'), 200), /href="\/sales\/stages"/);
	});
});
