// What a new user found missing on the pages: the customers family's lists
// reachable from a sub-navigation, times that say their zone, and an audit
// log in words (its JSON keeps the codes).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { USERS, RUN, signIn, assertHtml, assertJson, createCustomer, textOf } from '../lib/client.mjs';

let admin, sales;
before(async () => {
	admin = await signIn(USERS.admin);
	sales = await signIn(USERS.sales);
});

/** The sub-navigation's links: [{ href, label, current }]. */
function subnav(html) {
	const m = /<nav class="subnav"[^>]*>([\s\S]*?)<\/nav>/.exec(html);
	if (!m) return null;
	return [...m[1].matchAll(/<a href="([^"]+)"( aria-current="(page|true)")?>([^<]+)<\/a>/g)]
		.map((a) => ({ href: a[1], current: a[3] || null, label: a[4] }));
}

describe('sub-navigation', () => {
	test('every customers page shows the family\'s lists, the current one marked', async () => {
		const c = await createCustomer(sales, { name: `Subnav ${RUN}` });
		const want = ['/customers', '/contacts', '/properties', '/communications', '/documents'];
		const cases = [
			['/customers', '/customers', 'page'], ['/contacts', '/contacts', 'page'],
			['/properties', '/properties', 'page'], ['/communications', '/communications', 'page'],
			['/documents', '/documents', 'page'], [`/customers/${c.id}`, '/customers', 'true'],
			[`/customers/${c.id}/contacts/new`, '/customers', 'true'],
		];
		for (const [path, current, how] of cases) {
			const links = subnav(assertHtml(await sales.getHtml(path), 200, path));
			assert.ok(links, `no sub-navigation on ${path}`);
			assert.deepEqual(links.map((l) => l.href), want, path);
			assert.deepEqual(links.filter((l) => l.current).map((l) => [l.href, l.current]), [[current, how]], path);
		}
		assert.deepEqual(subnav((await sales.getHtml('/contacts')).text).map((l) => l.label),
			['Customers', 'Contacts', 'Properties', 'Communications', 'Documents']);
	});

	test('not on other families\' pages, nor signed out', async () => {
		assert.equal(subnav(assertHtml(await admin.getHtml('/auth/users'), 200)), null);
		assert.equal(subnav((await admin.getHtml('/auth/login')).text), null);
	});
});

describe('times with their zone', () => {
	test('a communication\'s time says the company zone (America/Chicago in the dev stack)', async () => {
		const c = await createCustomer(sales, { name: `Zone ${RUN}` });
		const winter = assertJson(await sales.postJson(`/customers/${c.id}/communications`,
			{ kind: 'call', direction: 'inbound', subject: 'Winter', occurred_at: '2026-01-15T20:05:00Z' }), 201);
		const summer = assertJson(await sales.postJson(`/customers/${c.id}/communications`,
			{ kind: 'call', direction: 'inbound', subject: 'Summer', occurred_at: '2026-07-15T19:05:00Z' }), 201);
		assert.equal(winter.occurred_at, '2026-01-15T20:05:00Z', 'the API keeps UTC');
		const w = assertHtml(await sales.getHtml(`/communications/${winter.id}`), 200);
		assert.match(w, /<time datetime="2026-01-15T14:05:00-06:00" title="America\/Chicago time \(UTC-06:00\)">15 Jan 2026, 14:05 CST<\/time>/);
		const s = assertHtml(await sales.getHtml(`/communications/${summer.id}`), 200);
		assert.match(s, />15 Jul 2026, 14:05 CDT<\/time>/);
	});
});

describe('the audit log in words', () => {
	test('readable times and actions on the pages; codes in JSON', async () => {
		const c = await createCustomer(sales, { name: `Audit words ${RUN}` });
		assertJson(await sales.patchJson(`/customers/${c.id}`, { notes: 'n', version: 1 }), 200);
		const html = assertHtml(await admin.getHtml(`/auth/audit?entity=customer&entity_id=${c.id}`), 200);
		const text = textOf(html);
		assert.ok(text.includes('Customer updated'), 'update in words');
		assert.ok(text.includes('Customer created'), 'create in words');
		assert.match(text, /\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d:\d\d C[SD]T/, 'a readable local time with its zone');
		assert.doesNotMatch(text, /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/, 'no ISO times');
		const list = assertJson(await admin.getJson(`/auth/audit?entity=customer&entity_id=${c.id}`), 200);
		assert.deepEqual(list.items.map((i) => i.action), ['customer.update', 'customer.create']);
		assert.equal(list.items[0].action_label, undefined, 'JSON keeps the codes only');
		const page = textOf(assertHtml(await admin.getHtml(`/auth/audit/${list.items[0].id}`), 200));
		assert.ok(page.includes('Customer updated'));
		assert.ok(page.includes('customer.update'), 'the code is still on the entry\'s page');
		const logins = textOf((await admin.getHtml('/auth/audit?action=auth.login&limit=5')).text);
		assert.ok(logins.includes('Signed in'));
	});
});
