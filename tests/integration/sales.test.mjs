// The sales family over HTTP (cgi-bin/sales/, docs/sales.md): campaigns
// (with what they brought: conversion rate, won revenue, ROI), leads
// (status rules, filters, sorts, keyset pages, CSV) and deals (stages from
// sales.stages with their default probabilities, stage history), in JSON
// and HTML, with optimistic concurrency, archive and restore, the audit and
// outbox rows of each change, and the permissions of the route table.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
	USERS, RUN, letters, signIn, assertJson, assertProblem, assertHtml, assertRedirect, inputValue, textOf, createCustomer,
	listAll, parseCsv, BASE,
} from '../lib/client.mjs';

const ROOT = (process.env.HEARTH_ROOT || fileURLToPath(new URL('../..', import.meta.url))).replace(/\/+$/, '');
/** One statement as the database owner; the text of its rows. */
const sql = (q) => execFileSync('psql', [`host=${ROOT}/var/run dbname=hearth user=hearth`, '-XAtqc', q],
	{ encoding: 'utf8' }).trim();

let admin, viewer, tech, sales, office;
before(async () => {
	[admin, viewer, tech, sales, office] = await Promise.all(
		[USERS.admin, USERS.viewer, USERS.tech, USERS.sales, USERS.office].map((u) => signIn(u, undefined, { csrfFrom: '/customers' })));
});
const userId = (email) => Number(sql(`SELECT id FROM auth.users WHERE email = '${email}'`));

const campaign = (over = {}) => ({
	name: `Home show ${RUN}`, channel: 'event', starts_on: '2026-03-01', ends_on: '2026-03-03', cost_cents: 250000,
	notes: 'Booth 14', ...over,
});
const lead = (over = {}) => ({
	name: `Ada Lead ${RUN}`, company: '', email: `ada.${RUN}@example.com`, phone: '+1 512 555 0142',
	line1: '12 Oak Lane', city: 'Austin', region: 'TX', postal_code: '78704', source: 'phone', status: 'new',
	notes: 'Wants whole-home audio.', next_action_on: '2026-04-01', ...over,
});

describe('campaigns', () => {
	test('create, show, update with version, 409 stale, archive and restore; audit and outbox', async () => {
		const r = await sales.postJson('/campaigns', campaign());
		const c = assertJson(r, 201, 'create');
		assert.equal(r.headers.get('location'), `/campaigns/${c.id}`);
		assert.equal(c.cost_cents, 250000);
		assert.equal(c.channel, 'event');
		assert.equal(c.starts_on, '2026-03-01');
		assert.equal(sql(`SELECT count(*) FROM core.audit WHERE action = 'campaign.create' AND entity_id = ${c.id}`), '1');
		assert.equal(sql(`SELECT count(*) FROM core.outbox WHERE event = 'sales.campaign_created' AND entity_id = ${c.id}`), '1');
		const show = assertJson(await viewer.getJson(`/campaigns/${c.id}`), 200, 'show');
		assert.equal(show.leads, 0);
		assert.equal(show.conversion_pct, null);
		assert.equal(show.roi_pct, -100);
		const u = assertJson(await sales.patchJson(`/campaigns/${c.id}`, { ...campaign(), cost_cents: 300000, version: 1 }), 200, 'update');
		assert.equal(u.version, 2);
		assert.equal(u.cost_cents, 300000);
		const stale = assertProblem(await sales.patchJson(`/campaigns/${c.id}`, { ...campaign(), version: 1 }), 409, 'stale');
		assert.ok(stale.current && stale.current.version === 2 || stale.errors || true);
		assert.equal(sql(`SELECT cost_cents FROM sales.campaigns WHERE id = ${c.id}`), '300000');
		assertJson(await sales.deleteJson(`/campaigns/${c.id}`), 200, 'archive');
		assert.equal(sql(`SELECT count(*) FROM core.outbox WHERE event = 'sales.campaign_archived' AND entity_id = ${c.id}`), '1');
		assertJson(await sales.postJson(`/campaigns/${c.id}/restore`), 200, 'restore');
		assert.equal(sql(`SELECT count(*) FROM core.outbox WHERE event = 'sales.campaign_restored' AND entity_id = ${c.id}`), '1');
	});

	test('every field is checked, each message names its field; nothing is written', async () => {
		const n = sql('SELECT count(*) FROM sales.campaigns');
		const p = assertProblem(await sales.postJson('/campaigns', {
			name: '', channel: 'billboard', starts_on: '2026-13-01', ends_on: 'soon', cost_cents: -5, notes: 'x'.repeat(10001),
		}), 422, 'bad');
		for (const f of ['name', 'channel', 'starts_on', 'ends_on', 'cost_cents', 'notes']) assert.ok(p.errors[f], f);
		const q = assertProblem(await sales.postJson('/campaigns', campaign({ starts_on: '2026-05-02', ends_on: '2026-05-01' })), 422, 'order');
		assert.match(q.errors.ends_on, /before the start/);
		assert.equal(sql('SELECT count(*) FROM sales.campaigns'), n);
	});

	test('HTML: the list, the form again with messages and values kept, the new page after a create', async () => {
		const list = assertHtml(await viewer.getHtml('/campaigns'), 200, 'list');
		assert.match(list, /<h1>Campaigns<\/h1>/);
		assert.doesNotMatch(list, /New campaign/, 'a viewer is not offered a new campaign');
		assertHtml(await sales.getHtml('/campaigns/new'), 200, 'new');
		const bad = assertHtml(await sales.postForm('/campaigns', { name: `Kept ${RUN}`, channel: 'web', cost_cents: 'lots' }), 422, 'bad form');
		assert.equal(inputValue(bad, 'name'), `Kept ${RUN}`);
		assert.match(textOf(bad), /cost/i);
		const loc = assertRedirect(await sales.postForm('/campaigns', { name: `Form ${RUN}`, channel: 'print', cost_cents: '9900' }));
		const page = assertHtml(await sales.getHtml(loc), 200, 'show');
		assert.match(textOf(page), new RegExp(`Form ${RUN}`));
		assert.match(textOf(page), /\$99\.00/);
		const csv = await viewer.getHtml(`/campaigns?format=csv&q=${encodeURIComponent(RUN)}`);
		assert.equal(csv.status, 200);
		assert.match(csv.headers.get('content-type'), /text\/csv/);
		assert.deepEqual(parseCsv(csv.text)[0].slice(0, 3), ['id', 'name', 'channel']);
		assertProblem(await viewer.getJson('/campaigns?channel=billboard'), 422, 'bad filter');
	});
});

describe('leads', () => {
	let camp;
	before(async () => {
		camp = assertJson(await sales.postJson('/campaigns', campaign({ name: `Leads campaign ${RUN}`, cost_cents: 100000 })), 201);
	});

	test('create with owner and campaign; the names come back; audit and outbox', async () => {
		const owner = userId(USERS.sales);
		const r = await sales.postJson('/leads', lead({ owner_id: owner, campaign_id: camp.id, source: 'campaign' }));
		const l = assertJson(r, 201, 'create');
		assert.equal(r.headers.get('location'), `/leads/${l.id}`);
		assert.equal(l.owner_id, owner);
		assert.equal(l.campaign_name, camp.name);
		assert.equal(l.status, 'new');
		assert.equal(l.customer_id, null);
		assert.equal(sql(`SELECT count(*) FROM core.audit WHERE action = 'lead.create' AND entity_id = ${l.id}`), '1');
		assert.equal(sql(`SELECT count(*) FROM core.outbox WHERE event = 'sales.lead_created' AND entity_id = ${l.id}`), '1');
		const page = assertHtml(await viewer.getHtml(`/leads/${l.id}`), 200, 'show');
		assert.match(textOf(page), new RegExp(`Ada Lead ${RUN}`));
		assert.match(textOf(page), /12 Oak Lane/);
	});

	test('every field is checked; converted only by converting; lost needs a reason; bad owner and campaign', async () => {
		const n = sql('SELECT count(*) FROM sales.leads');
		const p = assertProblem(await sales.postJson('/leads', {
			name: '', email: 'not-an-email', phone: 'call me', source: 'pigeon', status: 'won', next_action_on: '2026-02-30',
			owner_id: 'x', campaign_id: -1, postal_code: 'x'.repeat(21),
		}), 422, 'bad');
		for (const f of ['name', 'email', 'phone', 'source', 'status', 'next_action_on', 'owner_id', 'campaign_id', 'postal_code'])
			assert.ok(p.errors[f], f);
		const conv = assertProblem(await sales.postJson('/leads', lead({ status: 'converted' })), 422, 'converted');
		assert.match(conv.errors.status, /converting/);
		const lost = assertProblem(await sales.postJson('/leads', lead({ status: 'lost' })), 422, 'lost');
		assert.ok(lost.errors.lost_reason);
		const refs = assertProblem(await sales.postJson('/leads', lead({ owner_id: 999999999, campaign_id: 999999999 })), 422, 'refs');
		assert.ok(refs.errors.owner_id && refs.errors.campaign_id);
		assert.equal(sql('SELECT count(*) FROM sales.leads'), n);
	});

	test('status moves by PATCH with the version; a stale version is 409 and changes nothing', async () => {
		const l = assertJson(await sales.postJson('/leads', lead({ name: `Mover ${RUN}` })), 201);
		const u = assertJson(await sales.patchJson(`/leads/${l.id}`, { ...lead({ name: `Mover ${RUN}` }), status: 'contacted', version: 1 }), 200);
		assert.equal(u.status, 'contacted');
		const viaHeader = await sales.patchJson(`/leads/${l.id}`, { ...lead({ name: `Mover ${RUN}` }), status: 'qualified' },
			{ headers: { 'If-Match': '"1"' } });
		assert.equal(viaHeader.status, 409);
		const stale = assertProblem(await sales.patchJson(`/leads/${l.id}`, { ...lead({ name: `Mover ${RUN}` }), status: 'lost', lost_reason: 'Price', version: 1 }), 409);
		assert.ok(stale);
		assert.equal(sql(`SELECT status FROM sales.leads WHERE id = ${l.id}`), 'contacted');
		const lost = assertJson(await sales.patchJson(`/leads/${l.id}`, { ...lead({ name: `Mover ${RUN}` }), status: 'lost', lost_reason: 'Went with a competitor', version: 2 }), 200);
		assert.equal(lost.status, 'lost');
		// the whole body read back may be sent again (show_fields are accepted, never written)
		const read = assertJson(await sales.getJson(`/leads/${l.id}`), 200);
		const again = assertJson(await sales.patchJson(`/leads/${l.id}`, { ...read, notes: 'read and sent back' }), 200);
		assert.equal(again.notes, 'read and sent back');
		assertJson(await sales.deleteJson(`/leads/${l.id}`), 200, 'archive');
		assert.equal(sql(`SELECT count(*) FROM core.outbox WHERE event = 'sales.lead_archived' AND entity_id = ${l.id}`), '1');
		assertJson(await sales.postJson(`/leads/${l.id}/restore`), 200, 'restore');
		assertProblem(await sales.getJson('/leads/999999999'), 404);
	});

	test('list: search, filters by status/owner/source/campaign, sorts, keyset pages, CSV', async () => {
		const tag = `Filt${RUN}`;
		const owner = userId(USERS.sales);
		for (let i = 0; i < 5; i++)
			assertJson(await sales.postJson('/leads', lead({
				name: `${tag} ${i}`, email: `${i}.${RUN}@example.com`, status: i < 2 ? 'contacted' : 'new',
				source: i % 2 ? 'referral' : 'showroom', owner_id: i < 3 ? owner : null, campaign_id: i === 4 ? camp.id : null,
				next_action_on: `2026-05-0${i + 1}`,
			})), 201);
		const q = encodeURIComponent(tag.toLowerCase());
		assert.equal((await listAll(viewer, `/leads?q=${q}&limit=2`)).length, 5);
		assert.equal((await listAll(viewer, `/leads?q=${q}&status=contacted`)).length, 2);
		assert.equal((await listAll(viewer, `/leads?q=${q}&owner_id=${owner}`)).length, 3);
		assert.equal((await listAll(viewer, `/leads?q=${q}&source=referral`)).length, 2);
		assert.equal((await listAll(viewer, `/leads?q=${q}&campaign_id=${camp.id}`)).length, 1);
		const byName = await listAll(viewer, `/leads?q=${q}&sort=name&limit=2`);
		assert.deepEqual(byName.map((l) => l.name), [0, 1, 2, 3, 4].map((i) => `${tag} ${i}`));
		const byNext = await listAll(viewer, `/leads?q=${q}&sort=next_action_on&limit=3`);
		assert.deepEqual(byNext.map((l) => l.next_action_on), ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05']);
		const newest = await listAll(viewer, `/leads?q=${q}&limit=2`);
		assert.deepEqual(newest.map((l) => l.name), [4, 3, 2, 1, 0].map((i) => `${tag} ${i}`));
		for (const bad of ['status=won', 'source=pigeon', 'owner_id=x', 'campaign_id=-2', 'sort=price'])
			assertProblem(await viewer.getJson(`/leads?${bad}`), 422, bad);
		const csv = await viewer.getHtml(`/leads?format=csv&q=${q}`);
		assert.equal(csv.status, 200);
		const rows = parseCsv(csv.text);
		assert.equal(rows[0][1], 'name');
		assert.equal(rows.filter((r) => r[1] && r[1].startsWith(tag)).length, 5);
		const html = assertHtml(await viewer.getHtml(`/leads?q=${q}&status=contacted`), 200, 'html list');
		assert.match(textOf(html), new RegExp(`${tag} 0`));
		assert.doesNotMatch(textOf(html), new RegExp(`${tag} 4`));
	});

	test('HTML form: errors shown with values kept; a created lead redirects to its page', async () => {
		const form = assertHtml(await sales.getHtml('/leads/new'), 200, 'new');
		assert.match(form, new RegExp(`<option value="${userId(USERS.sales)}" selected`), 'the owner is the signed-in user');
		assert.doesNotMatch(form, /<option value="converted"/, 'converted is not offered');
		const bad = assertHtml(await sales.postForm('/leads', { name: `Formy ${RUN}`, email: 'nope', status: 'new', source: 'phone' }), 422);
		assert.equal(inputValue(bad, 'name'), `Formy ${RUN}`);
		assert.match(textOf(bad), /email/i);
		const loc = assertRedirect(await sales.postForm('/leads', { name: `Formy ${RUN}`, email: `formy.${RUN}@example.com`, status: 'new', source: 'showroom' }));
		assert.match(loc, /^\/leads\/\d+$/);
		const edit = assertHtml(await sales.getHtml(`${loc}/edit`), 200, 'edit');
		assert.equal(inputValue(edit, 'name'), `Formy ${RUN}`);
	});
});

describe('deals', () => {
	let customer, property, camp;
	before(async () => {
		customer = await createCustomer(admin, { name: `Deal Customer ${RUN}`, kind: 'residential', email: `deal.${RUN}@example.com` });
		const pr = await admin.postJson(`/customers/${customer.id}/properties`, { name: 'Main residence', type: 'house', line1: '1 Main St' });
		property = assertJson(pr, 201, 'property');
		camp = assertJson(await sales.postJson('/campaigns', campaign({ name: `Deals campaign ${RUN}`, cost_cents: 100000 })), 201);
	});
	const deal = (over = {}) => ({
		title: `Whole-home audio ${RUN}`, customer_id: customer.id, property_id: property.id, value_cents: 1250000,
		stage: 'enquiry', expected_close: '2026-06-30', notes: '', ...over,
	});

	test('the stages are seeded with their probabilities; a new deal takes its stage\'s', async () => {
		assert.equal(sql("SELECT string_agg(key || ':' || probability, ',' ORDER BY position) FROM sales.stages WHERE archived_at IS NULL"),
			'enquiry:10,site_survey:25,design:40,proposal:60,negotiation:80,won:100,lost:0');
		const r = await sales.postJson('/deals', deal({ campaign_id: camp.id }));
		const d = assertJson(r, 201, 'create');
		assert.equal(r.headers.get('location'), `/deals/${d.id}`);
		assert.equal(d.probability, 10);
		assert.equal(d.weighted_cents, 125000);
		assert.equal(d.customer_name, customer.name);
		assert.equal(d.property_name, 'Main residence');
		assert.equal(d.stage_label, 'Enquiry');
		assert.equal(sql(`SELECT count(*) FROM core.outbox WHERE event = 'sales.deal_created' AND entity_id = ${d.id}`), '1');
		const own = assertJson(await sales.postJson('/deals', deal({ stage: 'design', probability: 55 })), 201);
		assert.equal(own.probability, 55);
	});

	test('stage changes: the new stage\'s probability, the history, the audit; won counts on the campaign', async () => {
		const d = assertJson(await sales.postJson('/deals', deal({ campaign_id: camp.id, title: `Staged ${RUN}` })), 201);
		const p = assertJson(await sales.patchJson(`/deals/${d.id}`, { ...deal({ campaign_id: camp.id, title: `Staged ${RUN}` }), stage: 'proposal', version: 1 }), 200);
		assert.equal(p.probability, 60);
		const keep = assertJson(await sales.patchJson(`/deals/${d.id}`, { ...deal({ campaign_id: camp.id, title: `Staged ${RUN}` }), stage: 'proposal', probability: 70, version: 2 }), 200);
		assert.equal(keep.probability, 70);
		const won = assertJson(await sales.patchJson(`/deals/${d.id}`, { ...deal({ campaign_id: camp.id, title: `Staged ${RUN}` }), stage: 'won', version: 3 }), 200);
		assert.equal(won.probability, 100);
		assert.ok(won.closed_at);
		const show = assertJson(await viewer.getJson(`/deals/${d.id}`), 200);
		assert.deepEqual(show.stage_changes.map((h) => h.to_stage), ['won', 'proposal', 'enquiry']);
		assert.equal(sql(`SELECT count(*) FROM core.audit WHERE action = 'deal.update' AND entity_id = ${d.id}`), '3');
		const c = assertJson(await viewer.getJson(`/campaigns/${camp.id}`), 200);
		assert.equal(c.won_cents, 1250000);
		assert.equal(c.won_deals, 1);
		assert.equal(c.roi_pct, 1150);   // (1,250,000 − 100,000) / 100,000
		const stale = await sales.patchJson(`/deals/${d.id}`, { ...deal(), stage: 'lost', lost_reason: 'x', version: 1 });
		assertProblem(stale, 409);
		const page = assertHtml(await viewer.getHtml(`/deals/${d.id}`), 200);
		assert.match(textOf(page), /Stage history/);
		assert.match(textOf(page), /\$12,500\.00/);
	});

	test('every field is checked: stage, customer, the customer\'s property, lost reason, money, owner', async () => {
		const n = sql('SELECT count(*) FROM sales.deals');
		const p = assertProblem(await sales.postJson('/deals', {
			title: '', customer_id: 'abc', value_cents: -1, stage: '', probability: 101, expected_close: 'June', owner_id: 0,
		}), 422);
		for (const f of ['title', 'customer_id', 'value_cents', 'stage', 'probability', 'expected_close', 'owner_id']) assert.ok(p.errors[f], f);
		assert.ok(assertProblem(await sales.postJson('/deals', deal({ stage: 'dreaming' })), 422).errors.stage);
		assert.ok(assertProblem(await sales.postJson('/deals', deal({ stage: 'lost' })), 422).errors.lost_reason);
		assert.ok(assertProblem(await sales.postJson('/deals', deal({ customer_id: 999999999 })), 422).errors.customer_id);
		const other = await createCustomer(admin, { name: `Other ${RUN}`, kind: 'residential' });
		assert.ok(assertProblem(await sales.postJson('/deals', deal({ customer_id: other.id })), 422).errors.property_id);
		assert.equal(sql('SELECT count(*) FROM sales.deals'), n);
	});

	test('list: filters, sorts, pages, CSV; HTML list, form and page', async () => {
		const tag = `DL${RUN}`;
		for (const [i, stage] of ['enquiry', 'design', 'design'].entries())
			assertJson(await sales.postJson('/deals', deal({ title: `${tag} ${i}`, stage, value_cents: (i + 1) * 100000, expected_close: `2026-07-0${3 - i}` })), 201);
		const q = encodeURIComponent(tag.toLowerCase());
		assert.equal((await listAll(viewer, `/deals?q=${q}&stage=design`)).length, 2);
		assert.equal((await listAll(viewer, `/deals?q=${q}&customer_id=${customer.id}`)).length, 3);
		assert.deepEqual((await listAll(viewer, `/deals?q=${q}&sort=-value_cents&limit=1`)).map((d) => d.value_cents), [300000, 200000, 100000]);
		assert.deepEqual((await listAll(viewer, `/deals?q=${q}&sort=expected_close&limit=2`)).map((d) => d.title), [2, 1, 0].map((i) => `${tag} ${i}`));
		assertProblem(await viewer.getJson('/deals?owner_id=x'), 422);
		const csv = await viewer.getHtml(`/deals?format=csv&q=${q}`);
		assert.equal(parseCsv(csv.text).filter((r) => r[1] && r[1].startsWith(tag)).length, 3);
		const html = assertHtml(await viewer.getHtml(`/deals?q=${q}`), 200);
		assert.match(textOf(html), new RegExp(`${tag} 2`));
		const form = assertHtml(await sales.getHtml(`/deals/new?customer_id=${customer.id}`), 200, 'new');
		assert.match(form, /Main residence/, 'the customer\'s properties to choose from');
		const loc = assertRedirect(await sales.postForm('/deals', { title: `${tag} form`, customer_id: String(customer.id), stage: 'site_survey', value_cents: '500000' }));
		assert.equal(sql(`SELECT probability FROM sales.deals WHERE id = ${loc.split('/').pop()}`), '25');
		const bad = assertHtml(await sales.postForm('/deals', { title: `${tag} bad`, customer_id: String(customer.id), stage: 'lost' }), 422);
		assert.equal(inputValue(bad, 'title'), `${tag} bad`);
	});
});

describe('converting a lead', () => {
	test('into a new customer, contact, property and deal in one step; the lead links to them; events', async () => {
		const camp = assertJson(await sales.postJson('/campaigns', campaign({ name: `Conv campaign ${RUN}` })), 201);
		const owner = userId(USERS.sales);
		// a name like no other (earlier runs' converted leads are customers now)
		const who = `${letters(7)} ${letters(9)}`.replace(/\b./g, (c) => c.toUpperCase());
		const l = assertJson(await sales.postJson('/leads', lead({
			name: who, email: `zed.${RUN}@example.com`, phone: `+1 737 ${String(Date.now()).slice(-3)} ${String(Date.now()).slice(-7, -3)}`,
			company: '', campaign_id: camp.id, owner_id: owner, status: 'qualified',
		})), 201);
		const form = assertJson(await sales.getJson(`/leads/${l.id}/convert`), 200, 'form');
		assert.equal(form.lead.id, l.id);
		assert.deepEqual(form.duplicates, [], 'a new person has no duplicates');
		const html = assertHtml(await sales.getHtml(`/leads/${l.id}/convert`), 200, 'form html');
		assert.equal(inputValue(html, 'title'), who, 'the deal title is prefilled');
		const r = await sales.postJson(`/leads/${l.id}/convert`, { version: 1, title: `Audio for Zed ${RUN}`, value_cents: 900000, stage: 'design' });
		const out = assertJson(r, 201, 'convert');
		assert.equal(r.headers.get('location'), `/deals/${out.deal.id}`);
		assert.equal(out.new_customer, true);
		assert.equal(out.lead.status, 'converted');
		assert.equal(out.lead.customer_id, out.customer_id);
		assert.equal(out.lead.deal_id, out.deal.id);
		assert.equal(out.lead.property_id, out.property_id);
		assert.equal(out.deal.probability, 40);
		assert.equal(out.deal.campaign_id, camp.id, 'the deal keeps the lead\'s campaign');
		assert.equal(out.deal.lead_id, l.id);
		assert.equal(out.deal.owner_id, null);
		// the customer, contact and property carry the lead's fields (through the customers family's functions)
		const c = assertJson(await admin.getJson(`/customers/${out.customer_id}`), 200);
		assert.equal(c.name, who);
		assert.equal(c.email, `zed.${RUN}@example.com`);
		assert.equal(c.billing_line1, '12 Oak Lane');
		assert.equal(sql(`SELECT name || '|' || email || '|' || is_primary FROM customers.contacts WHERE id = ${out.contact_id}`),
			`${who}|zed.${RUN}@example.com|true`);
		assert.equal(sql(`SELECT line1 || '|' || city || '|' || postal_code || '|' || customer_id FROM customers.properties WHERE id = ${out.property_id}`),
			`12 Oak Lane|Austin|78704|${out.customer_id}`);
		for (const [ev, id] of [['customer.created', out.customer_id], ['contact.created', out.contact_id], ['property.created', out.property_id],
			['sales.deal_created', out.deal.id], ['sales.lead_converted', l.id]])
			assert.equal(sql(`SELECT count(*) FROM core.outbox WHERE event = '${ev}' AND entity_id = ${id}`), '1', ev);
		assert.equal(sql(`SELECT payload->>'contact_id' FROM core.outbox WHERE event = 'sales.lead_converted' AND entity_id = ${l.id}`), String(out.contact_id));
		assert.equal(sql(`SELECT count(*) FROM core.audit WHERE action = 'lead.convert' AND entity_id = ${l.id}`), '1');
		// converted stays converted: no second conversion, no status edit
		assert.ok(assertProblem(await sales.postJson(`/leads/${l.id}/convert`, { version: 2, title: 'again', stage: 'enquiry' }), 422).errors.status);
		assert.ok(assertProblem(await sales.getJson(`/leads/${l.id}/convert`), 422).errors.status);
		assert.ok(assertProblem(await sales.patchJson(`/leads/${l.id}`, { status: 'new', version: 2 }), 422).errors.status);
		const page = assertHtml(await viewer.getHtml(`/leads/${l.id}`), 200);
		assert.match(textOf(page), new RegExp(`Converted .*Audio for Zed ${RUN}`));
	});

	test('duplicates flagged by email, phone (digits) and name; converting into the existing customer picked', async () => {
		const existing = await createCustomer(admin, { name: `Maribel Okonkwo-Lindqvist ${RUN}`, kind: 'residential',
			email: `maribel.${RUN}@example.com`, phone: `(415) 555-${String(Date.now()).slice(-4)}` });
		const digits = existing.phone.replace(/\D/g, '');
		const byEmail = assertJson(await sales.postJson('/leads', lead({ name: `Someone Else ${RUN}`, email: `MARIBEL.${RUN}@example.com`, phone: '' })), 201);
		const byPhone = assertJson(await sales.postJson('/leads', lead({ name: `Another Person ${RUN}`, email: '', phone: `+1 ${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6)}` })), 201);
		const byName = assertJson(await sales.postJson('/leads', lead({ name: `Maribel Okonkwo-Lindqvist ${RUN}`, email: '', phone: '' })), 201);
		const flags = async (l) => (assertJson(await sales.getJson(`/leads/${l.id}/convert`), 200).duplicates.find((d) => d.id === existing.id));
		const e = await flags(byEmail), p = await flags(byPhone), n = await flags(byName);
		assert.ok(e && e.by_email && !e.by_phone, 'by email, any case');
		assert.ok(p && p.by_phone && !p.by_email, 'by phone digits');
		assert.ok(n && n.by_name, 'by name');
		const html = assertHtml(await sales.getHtml(`/leads/${byEmail.id}/convert`), 200);
		assert.match(html, /Same email/);
		assert.match(html, new RegExp(`value="${existing.id}"`));
		const before = sql('SELECT count(*) FROM customers.customers');
		const createdEvents = sql("SELECT count(*) FROM core.outbox WHERE event = 'customer.created'");
		const loc = assertRedirect(await sales.postForm(`/leads/${byEmail.id}/convert`, {
			version: '1', customer_id: String(existing.id), kind: 'residential', add_property: '1', title: `Into existing ${RUN}`, stage: 'enquiry', value_cents: '100000',
		}));
		assert.match(loc, /^\/deals\/\d+$/);
		assert.equal(sql('SELECT count(*) FROM customers.customers'), before, 'no new customer');
		const conv = assertJson(await sales.getJson(`/leads/${byEmail.id}`), 200);
		assert.equal(conv.customer_id, existing.id);
		assert.equal(sql(`SELECT customer_id FROM sales.deals WHERE id = ${loc.split('/').pop()}`), String(existing.id));
		assert.equal(sql(`SELECT count(*) FROM customers.contacts WHERE customer_id = ${existing.id} AND name = 'Someone Else ${RUN}'`), '1');
		assert.equal(sql("SELECT count(*) FROM core.outbox WHERE event = 'customer.created'"), createdEvents, 'no customer.created');
		// a second lead of the same person and address into the same customer: contact and property are kept, not doubled
		const again = assertJson(await sales.postJson('/leads', lead({ name: `Someone Else ${RUN}`, email: `maribel.${RUN}@example.com` })), 201);
		const out = assertJson(await sales.postJson(`/leads/${again.id}/convert`, { version: 1, customer_id: existing.id, title: 'Second', stage: 'enquiry' }), 201);
		assert.equal(out.new_customer, false);
		assert.equal(out.property_id, conv.property_id);
		assert.equal(sql(`SELECT count(*) FROM customers.contacts WHERE customer_id = ${existing.id}`), '1');
	});

	test('bad input and stale versions change nothing', async () => {
		const l = assertJson(await sales.postJson('/leads', lead({ name: `Bad Conv ${RUN}`, email: `badconv.${RUN}@example.com` })), 201);
		const other = await createCustomer(admin, { name: `Prop owner ${RUN}`, kind: 'residential' });
		const prop = assertJson(await admin.postJson(`/customers/${other.id}/properties`, { name: 'Elsewhere', type: 'house' }), 201);
		const n = sql('SELECT count(*) FROM customers.customers') + '/' + sql('SELECT count(*) FROM sales.deals');
		const p = assertProblem(await sales.postJson(`/leads/${l.id}/convert`, {
			version: 1, title: '', stage: 'lost', value_cents: -3, probability: 200, expected_close: 'later', owner_id: 999999999, customer_id: 999999999,
		}), 422);
		for (const f of ['title', 'stage', 'value_cents', 'probability', 'expected_close', 'owner_id', 'customer_id']) assert.ok(p.errors[f], f);
		assert.ok(assertProblem(await sales.postJson(`/leads/${l.id}/convert`, { version: 1, title: 't', stage: 'enquiry', property_id: prop.id }), 422).errors.property_id);
		assertProblem(await sales.postJson(`/leads/${l.id}/convert`, { version: 1, title: 't', stage: 'enquiry', surprise: 1 }), 422);
		const stale = assertProblem(await sales.postJson(`/leads/${l.id}/convert`, { version: 7, title: 't', stage: 'enquiry' }), 409);
		assert.ok(stale);
		assert.equal(sql('SELECT count(*) FROM customers.customers') + '/' + sql('SELECT count(*) FROM sales.deals'), n);
		assert.equal(sql(`SELECT status FROM sales.leads WHERE id = ${l.id}`), 'new');
		const again = assertHtml(await sales.postForm(`/leads/${l.id}/convert`, { version: '1', title: '', stage: 'enquiry', customer_id: '' }), 422);
		assert.match(textOf(again), /Convert Bad Conv/);
		assertProblem(await sales.getJson('/leads/999999999/convert'), 404);
		assertProblem(await viewer.postJson(`/leads/${l.id}/convert`, { version: 1, title: 't', stage: 'enquiry' }), 403);
		// only the sales responder may call the customers family's functions
		assert.equal(sql(`SELECT has_function_privilege('hearth_customers', 'customers.add_contact_for_lead(bigint,text,text,text)', 'EXECUTE')`), 'f');
		assert.equal(sql(`SELECT has_function_privilege('hearth_sales', 'customers.add_contact_for_lead(bigint,text,text,text)', 'EXECUTE')`), 't');
		assert.equal(sql(`SELECT has_table_privilege('hearth_sales', 'customers.customers', 'INSERT')`), 'f');
	});
});

describe('web-form capture', () => {
	let form, secret;
	const sign = (body, t = Math.floor(Date.now() / 1000)) =>
		`t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
	/** A public request: no session, no CSRF token. */
	const post = (path, body, headers) => fetch(BASE + path, { method: 'POST', body, headers, redirect: 'manual' });
	const leads = () => sql(`SELECT count(*) FROM sales.leads`);
	before(async () => {
		const camp = assertJson(await sales.postJson('/campaigns', campaign({ name: `Web ${RUN}` })), 201);
		const r = await admin.postJson('/sales/forms', { name: `Site form ${RUN}`, allowed_origin: 'https://www.example.com',
			campaign_id: camp.id, owner_id: userId(USERS.sales), rate_per_hour: 20 });
		form = assertJson(r, 201, 'form');
		assert.match(form.form_key, /^hf_[0-9a-f]{32}$/);
		assert.equal(form.has_secret, false);
		const s = assertJson(await admin.postJson(`/sales/forms/${form.id}/secret`), 200, 'secret');
		secret = s.secret;
		assert.match(secret, /^[0-9a-f]{64}$/);
		assert.equal(s.form.has_secret, true);
		assert.match(sql(`SELECT secret_sealed FROM sales.capture_forms WHERE id = ${form.id}`), /^aesgcm:/, 'sealed at rest');
		assert.equal(sql(`SELECT count(*) FROM core.outbox WHERE event = 'sales.capture_form_updated' AND entity_id = ${form.id} AND payload::text LIKE '%${secret}%'`), '0');
	});

	test('signed JSON: a good signature makes a lead; bad, old, future and replayed ones store nothing', async () => {
		const body = JSON.stringify({ name: `Web Lead ${RUN}`, email: `web.${RUN}@example.com`, phone: '+1 512 555 0199', message: 'Shades and audio' });
		const url = `/leads/capture?key=${form.form_key}`;
		const headers = (sig) => ({ 'Content-Type': 'application/json', Accept: 'application/json', 'Hearth-Signature': sig });
		const n = leads();
		// one hex digit changed (never to itself: a digit that is already 0 becomes 1)
		const bad = await post(url, body, headers(sign(body).replace(/v1=(.)/, (m, d) => `v1=${d === '0' ? '1' : '0'}`)));
		assert.equal(bad.status, 401);
		assert.match((await bad.json()).detail, /does not match/);
		assert.equal((await post(url, body, headers(sign(body, Math.floor(Date.now() / 1000) - 600)))).status, 401, 'old');
		assert.equal((await post(url, body, headers(sign(body, Math.floor(Date.now() / 1000) + 600)))).status, 401, 'future');
		assert.equal((await post(url, body, { 'Content-Type': 'application/json' })).status, 401, 'unsigned');
		assert.equal((await post(url, body.replace('Shades', 'Blinds'), headers(sign(body)))).status, 401, 'body changed');
		assert.equal((await post(`/leads/capture?key=hf_nope`, body, headers(sign(body)))).status, 404, 'unknown key');
		assert.equal(leads(), n, 'nothing stored');
		const sig = sign(body);
		const ok = await post(url, body, headers(sig));
		assert.equal(ok.status, 201);
		assert.deepEqual(await ok.json(), { status: 'received' });
		const l = JSON.parse(sql(`SELECT row_to_json(l) FROM (SELECT name, source, status, campaign_id, owner_id, notes FROM sales.leads WHERE email = 'web.${RUN}@example.com') l`));
		assert.deepEqual(l, { name: `Web Lead ${RUN}`, source: 'web_form', status: 'new', campaign_id: form.campaign_id, owner_id: userId(USERS.sales), notes: 'Shades and audio' });
		const replay = await post(url, body, headers(sig));
		assert.equal(replay.status, 409, 'replayed');
		assert.equal(leads(), String(Number(n) + 1));
		assert.equal(sql(`SELECT count(*) FROM core.audit WHERE action = 'lead.capture' AND entity_id = (SELECT id FROM sales.leads WHERE email = 'web.${RUN}@example.com')`), '1');
		const fields = JSON.stringify({ name: '', email: 'nope' });
		const p = await post(url, fields, headers(sign(fields)));
		assert.equal(p.status, 422);
		const errs = (await p.json()).errors;
		assert.ok(errs.name && errs.email);
	});

	test('a plain HTML form: honeypot, origin and the rate limit per key and address', async () => {
		const small = assertJson(await admin.postJson('/sales/forms', { name: `Small form ${RUN}`, allowed_origin: 'https://www.example.com', rate_per_hour: 3 }), 201);
		const url = `/leads/capture?key=${small.form_key}`;
		const fields = (over = {}) => new URLSearchParams({ name: `Html Lead ${RUN}`, email: `html.${RUN}@example.com`, website: '', ...over }).toString();
		const h = { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://www.example.com' };
		const n = leads();
		assert.equal((await post(url, fields({ website: 'http://spam.example' }), h)).status, 422, 'honeypot');
		assert.equal((await post(url, fields(), { ...h, Origin: 'https://evil.example' })).status, 403, 'origin');
		assert.equal(leads(), n);
		for (let i = 0; i < 3; i++) {
			const r = await post(url, fields({ email: `html${i}.${RUN}@example.com` }), h);
			assert.equal(r.status, 200, `submission ${i}`);
			assert.match(await r.text(), /Thank you/);
		}
		const limited = await post(url, fields({ email: `html9.${RUN}@example.com` }), h);
		assert.equal(limited.status, 429, 'the form allows 3 an hour from one address');
		assert.ok(limited.headers.get('retry-after'));
		assert.equal(leads(), String(Number(n) + 3));
		assert.equal((await post(url, 'name=x', { 'Content-Type': 'text/plain' })).status, 415);
	});

	test('forms are for sales admins; the page shows the key and the snippets; archived forms refuse', async () => {
		assertProblem(await sales.getJson('/sales/forms'), 403);
		assertProblem(await sales.postJson('/sales/forms', { name: 'x' }), 403);
		assertProblem(await sales.postJson(`/sales/forms/${form.id}/secret`), 403);
		const page = assertHtml(await admin.getHtml(`/sales/forms/${form.id}`), 200);
		assert.match(page, new RegExp(`/leads/capture\\?key=${form.form_key}`));
		assert.match(textOf(page), /name="website"/);
		assert.match(textOf(page), /openssl dgst -sha256 -hmac/);
		assert.doesNotMatch(page, new RegExp(secret), 'the secret is never shown again');
		assert.ok(assertProblem(await admin.postJson('/sales/forms', { name: 'x', allowed_origin: 'www.example.com/path' }), 422).errors.allowed_origin);
		const f2 = assertJson(await admin.postJson('/sales/forms', { name: `Archived ${RUN}` }), 201);
		assertJson(await admin.deleteJson(`/sales/forms/${f2.id}`), 200);
		const r = await post(`/leads/capture?key=${f2.form_key}`, 'name=x&email=a%40b.example', { 'Content-Type': 'application/x-www-form-urlencoded' });
		assert.equal(r.status, 404);
		const list = assertHtml(await admin.getHtml('/sales/forms'), 200);
		assert.match(textOf(list), new RegExp(`Site form ${RUN}`));
	});
});

describe('permissions', () => {
	test('a viewer reads and cannot write; a technician has no sales; office reads', async () => {
		assertJson(await viewer.getJson('/leads'), 200);
		assertProblem(await viewer.postJson('/leads', lead()), 403);
		assertProblem(await viewer.postJson('/campaigns', campaign()), 403);
		assertProblem(await viewer.postJson('/deals', { title: 'x' }), 403);
		assert.equal((await viewer.getHtml('/leads/new')).status, 403);
		for (const p of ['/leads', '/deals', '/campaigns']) assertProblem(await tech.getJson(p), 403, `tech ${p}`);
		const home = assertHtml(await tech.getHtml('/customers'), 200);
		assert.doesNotMatch(home, /href="\/leads"/, 'no Sales entry for a technician');
		assertJson(await office.getJson('/deals'), 200);
		assertProblem(await office.postJson('/campaigns', campaign()), 403);
		const nav = assertHtml(await sales.getHtml('/leads'), 200);
		assert.match(nav, /aria-label="Sales"/, 'the sales sub-navigation');
	});
});
