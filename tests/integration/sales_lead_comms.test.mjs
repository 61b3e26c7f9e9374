// Communications recorded on a lead over HTTP (cgi-bin/sales/lead_comms.c,
// docs/sales.md): JSON and the lead page's form (no JS), newest first,
// keyset pages, the first one moving a new lead to contacted in the same
// transaction, audit and outbox rows, bad input, an archived lead, a
// converted lead keeping them, permissions.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { USERS, RUN, signIn, assertJson, assertProblem, assertHtml, assertRedirect, textOf } from '../lib/client.mjs';
import { sql } from '../lib/stack.mjs';

let sales, viewer, tech;
before(async () => {
	[sales, viewer, tech] = await Promise.all([USERS.sales, USERS.viewer, USERS.tech].map((u) => signIn(u)));
});

const lead = async (name, over = {}) => assertJson(await sales.postJson('/leads', {
	name: `${name} ${RUN}`, email: `${name.toLowerCase().replace(/\W/g, '')}.${RUN}@example.com`, ...over,
}), 201, `lead ${name}`);
const record = (id, body) => sales.postJson(`/leads/${id}/communications`, body);
const count = (q) => Number(sql(q));

describe('lead communications', () => {
	test('JSON: the first one moves a new lead to contacted; audit and events in the same transaction', async () => {
		const l = await lead('Ada Comms');
		assert.equal(l.status, 'new');
		const r = await record(l.id, { kind: 'call', direction: 'in', summary: 'Asked for a whole-home audio quote.' });
		const c = assertJson(r, 201, 'record');
		assert.equal(r.headers.get('location'), `/leads/${l.id}`);
		assert.equal(c.lead_id, l.id);
		assert.equal(c.kind, 'call');
		assert.equal(c.direction, 'in');
		assert.equal(c.summary, 'Asked for a whole-home audio quote.');
		assert.equal(c.lead_status, 'contacted');
		assert.equal(c.user_id, Number(sql(`SELECT id FROM auth.users WHERE email = '${USERS.sales}'`)));
		assert.ok(c.user_name);
		assert.equal(c.lead_url, `/leads/${l.id}`);
		assert.ok(Math.abs(Date.parse(c.occurred_at) - Date.now()) < 60000, 'occurred_at defaults to now');
		const after = assertJson(await sales.getJson(`/leads/${l.id}`), 200);
		assert.equal(after.status, 'contacted');
		assert.equal(after.version, 2);
		assert.equal(count(`SELECT count(*) FROM core.audit WHERE action = 'lead_communication.create' AND entity_id = ${c.id}`), 1);
		assert.equal(count(`SELECT count(*) FROM core.outbox WHERE event = 'sales.lead_communication_added' AND entity_id = ${c.id}
			AND payload->>'summary' = 'Asked for a whole-home audio quote.'`), 1);
		assert.equal(count(`SELECT count(*) FROM core.audit WHERE action = 'lead.update' AND entity_id = ${l.id}`), 1);
		assert.equal(count(`SELECT count(*) FROM core.outbox WHERE event = 'sales.lead_updated' AND entity_id = ${l.id}`), 1);
		// the next one leaves the status (and the lead's version) alone
		assertJson(await record(l.id, { kind: 'email', summary: 'Sent the brochure.' }), 201);
		assert.equal(assertJson(await sales.getJson(`/leads/${l.id}`), 200).version, 2);
		assert.equal(count(`SELECT count(*) FROM core.outbox WHERE event = 'sales.lead_updated' AND entity_id = ${l.id}`), 1);
		// a qualified lead stays qualified
		const q = await lead('Qualified Comms');
		assertJson(await sales.patchJson(`/leads/${q.id}`, { version: 1, status: 'qualified' }), 200);
		assert.equal(assertJson(await record(q.id, { kind: 'meeting', summary: 'Showroom visit.' }), 201).lead_status, 'qualified');
	});

	test('newest first by when they happened, on the lead and in keyset pages', async () => {
		const l = await lead('Order Comms');
		const old = assertJson(await record(l.id, { kind: 'note', summary: 'oldest', occurred_at: '2026-01-05T09:00:00Z' }), 201);
		const mid = assertJson(await record(l.id, { kind: 'call', summary: 'middle', occurred_at: '2026-02-05T09:00:00Z' }), 201);
		const now = assertJson(await record(l.id, { kind: 'email', summary: 'newest' }), 201);
		assert.equal(old.occurred_at, '2026-01-05T09:00:00Z');
		const page = assertJson(await sales.getJson(`/leads/${l.id}`), 200);
		assert.deepEqual(page.communications.map((c) => c.id), [now.id, mid.id, old.id]);
		assert.deepEqual(Object.keys(page.communications[0]).sort(), ['direction', 'id', 'kind', 'occurred_at', 'summary', 'user_id', 'user_name']);
		const p1 = assertJson(await sales.getJson(`/leads/${l.id}/communications?limit=2`), 200);
		assert.deepEqual(p1.items.map((c) => c.summary), ['newest', 'middle']);
		assert.ok(p1.next);
		const p2 = assertJson(await sales.getJson(`/leads/${l.id}/communications?limit=2&after=${encodeURIComponent(p1.next)}`), 200);
		assert.deepEqual(p2.items.map((c) => c.summary), ['oldest']);
		assert.equal(p2.next, null);
		assertProblem(await sales.getJson('/leads/999999999/communications'), 404);
		assertRedirect(await sales.getHtml(`/leads/${l.id}/communications`), 303, 'a browser goes to the lead');
	});

	test('HTML: the form on the lead page records one (no JS); errors come back beside the fields', async () => {
		const l = await lead('Form Comms');
		let page = assertHtml(await sales.getHtml(`/leads/${l.id}`), 200);
		assert.match(page, new RegExp(`<form class="card-body comm-form" method="post" action="/leads/${l.id}/communications"`));
		assert.match(textOf(page), /Recording the first communication moves this lead from New to Contacted/);
		const r = await sales.postForm(`/leads/${l.id}/communications`, { kind: 'note', direction: 'out', occurred_at: '', summary: 'Gate code <1234> & dog' });
		assert.equal(assertRedirect(r), `/leads/${l.id}#communications`);
		page = assertHtml(await sales.getHtml(`/leads/${l.id}`), 200);
		assert.match(page, /Note added\./);
		assert.match(page, /Gate code &lt;1234&gt; &amp; dog/);
		assert.doesNotMatch(page, /<1234>/);
		assert.match(textOf(page), /Contacted/);
		// a summary missing and a kind that is not one: the page again, 422, values kept
		const bad = await sales.postForm(`/leads/${l.id}/communications`, { kind: 'fax', direction: 'in', summary: '  ' });
		const html = assertHtml(bad, 422);
		assert.match(html, /id="f-summary-error"/);
		assert.match(html, /id="f-kind-error"/);
		assert.match(html, /<option value="in" selected>/);
		assert.match(html, /Gate code &lt;1234&gt;/, 'the list is still there');
		assert.equal(count(`SELECT count(*) FROM sales.lead_communications WHERE lead_id = ${l.id}`), 1);
	});

	test('bad input is refused with the field, and nothing is written', async () => {
		const l = await lead('Bad Comms');
		const bad = async (body, field) => {
			const p = assertProblem(await record(l.id, body), 422, JSON.stringify(body));
			assert.ok(p.errors[field], `${field} in ${JSON.stringify(p.errors)}`);
		};
		await bad({ kind: 'sms', summary: 'x' }, 'kind');
		await bad({ summary: 'x' }, 'kind');
		await bad({ kind: 'call' }, 'summary');
		await bad({ kind: 'call', summary: 'x'.repeat(5001) }, 'summary');
		await bad({ kind: 'call', summary: 'x', direction: 'sideways' }, 'direction');
		await bad({ kind: 'call', summary: 'x', occurred_at: 'yesterday' }, 'occurred_at');
		await bad({ kind: 'call', summary: 'x', subject: 'not a field' }, 'subject');
		assertProblem(await record(999999999, { kind: 'call', summary: 'x' }), 404);
		assert.equal(count(`SELECT count(*) FROM sales.lead_communications WHERE lead_id = ${l.id}`), 0);
		assert.equal(assertJson(await sales.getJson(`/leads/${l.id}`), 200).status, 'new', 'a refusal does not touch the lead');
		// an archived lead takes none (restore it first)
		assertJson(await sales.deleteJson(`/leads/${l.id}`), 200);
		await bad({ kind: 'call', summary: 'x' }, 'lead_id');
	});

	test('a converted lead keeps its communications on its page', async () => {
		const l = await lead('Converted Comms', { line1: '1 Oak St', city: 'Austin' });
		assertJson(await record(l.id, { kind: 'call', summary: 'Before converting.' }), 201);
		assertJson(await sales.postJson(`/leads/${l.id}/convert`, { version: 2, title: `Comms deal ${RUN}`, stage: 'design' }), 201);
		const c = assertJson(await record(l.id, { kind: 'meeting', summary: 'Handover to the project team.' }), 201);
		assert.equal(c.lead_status, 'converted');
		const page = assertHtml(await viewer.getHtml(`/leads/${l.id}`), 200);
		assert.match(page, /Before converting\./);
		assert.match(page, /Handover to the project team\./);
		assert.doesNotMatch(page, /comm-form/, 'a viewer has no form');
	});

	test('permissions: a viewer reads but cannot record; a technician neither', async () => {
		const l = await lead('Perm Comms');
		assertJson(await viewer.getJson(`/leads/${l.id}/communications`), 200);
		assertProblem(await viewer.postJson(`/leads/${l.id}/communications`, { kind: 'call', summary: 'x' }), 403);
		assertProblem(await tech.getJson(`/leads/${l.id}/communications`), 403);
		assertProblem(await tech.postJson(`/leads/${l.id}/communications`, { kind: 'call', summary: 'x' }), 403);
	});
});
