// The API contract (docs/api.md): /openapi.json as nginx serves it, the
// conformance check every other test runs through (lib/contract.mjs) proven
// to fail on a drifted answer, the links every resource's JSON carries
// (lib/resource.c) and a PATCH of a whole record read with GET, and the
// reference page at /api.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BASE, RUN, USERS, signIn, assertJson, assertProblem, createCustomer, listAll } from '../lib/client.mjs';
import { Contract, assertConforms, loadContract } from '../lib/contract.mjs';
import { buildDocument } from '../../tools/openapi/build.mjs';

const ROOT = (process.env.HEARTH_ROOT || fileURLToPath(new URL('../..', import.meta.url))).replace(/\/+$/, '');

let admin, sales, contract, cust;

before(async () => {
	admin = await signIn(USERS.admin);
	sales = await signIn(USERS.sales);
	contract = await loadContract(BASE);
	cust = await createCustomer(sales, { name: `Contract Family ${RUN}`, email: `contract.${RUN}@example.com` });
});

/** A Response as fetch gives it, for the wrapper. */
function answer(status, body, type = 'application/json') {
	return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });
}

describe('the document', () => {
	test('GET /openapi.json: OpenAPI 3.1 JSON from nginx, not cached stale, with the site\'s security headers', async () => {
		const res = await fetch(`${BASE}/openapi.json`);
		assert.equal(res.status, 200);
		assert.match(res.headers.get('content-type'), /^application\/json/);
		assert.equal(res.headers.get('cache-control'), 'no-cache');
		assert.match(res.headers.get('content-security-policy') || '', /script-src 'self'/);
		const doc = await res.json();
		assert.equal(doc.openapi, '3.1.0');
		assert.deepEqual(doc, JSON.parse(readFileSync(`${ROOT}/static/openapi.json`, 'utf8')), 'nginx serves the built file');
	});

	test('every route of every responder (--routes) is in it, and nothing else', () => {
		const want = new Set();
		const families = readdirSync(`${ROOT}/cgi-bin`).filter((f) => existsSync(`${ROOT}/cgi-bin/${f}/hearth-${f}`));
		assert.ok(families.includes('customers') && families.includes('auth'), families.join(' '));
		for (const family of families) {
			const out = execFileSync(`${ROOT}/cgi-bin/${family}/hearth-${family}`, ['--routes'], { encoding: 'utf8' });
			for (const line of out.trim().split('\n')) {
				const r = JSON.parse(line);
				want.add(`${r.method.toLowerCase()} ${r.pattern.replace(/:([a-z_]+)/g, '{$1}')}`);
			}
		}
		const have = new Set();
		for (const [p, ops] of Object.entries(contract.doc.paths)) for (const m of Object.keys(ops)) have.add(`${m} ${p}`);
		assert.deepEqual([...have].sort(), [...want].sort());
	});

	test('security: bearer scopes from the route\'s permission, the cookie with CSRF on unsafe methods, none on public routes', () => {
		const p = contract.doc.paths;
		assert.deepEqual(p['/customers'].get.security, [{ bearer: ['customers:read'] }, { oauth2: ['customers:read'] }, { session: [] }]);
		assert.deepEqual(p['/customers'].post.security, [{ bearer: ['customers:write'] }, { oauth2: ['customers:write'] }, { session: [], csrf: [] }]);
		assert.deepEqual(p['/auth/users'].get.security, [{ session: [] }], 'admin routes: a person\'s session only');
		assert.deepEqual(p['/auth/login'].post.security, []);
		assert.deepEqual(p['/auth/oauth/token'].post.security, []);
		assert.ok(contract.doc.components.securitySchemes.oauth2.flows.clientCredentials.scopes['customers:write']);
	});

	test('a resource\'s operations come from its descriptor: fields, filters, sorts, errors', () => {
		const p = contract.doc.paths;
		const s = contract.doc.components.schemas;
		assert.deepEqual(s.CustomerCreate.required, ['name']);
		assert.deepEqual(s.Customer.properties.kind.enum, ['residential', 'commercial']);
		assert.equal(s.Customer.properties.name.maxLength, 200);
		assert.equal(s.Customer.additionalProperties, false);
		const params = Object.fromEntries(p['/customers'].get.parameters.map((x) => [x.name, x.schema]));
		assert.deepEqual(params.sort.enum, ['name', '-created_at', '-updated_at']);
		assert.deepEqual(params.kind.enum, ['residential', 'commercial']);
		assert.equal(params.limit.maximum, 200);
		for (const status of ['400', '401', '403', '404', '409', '412', '413', '415', '422', '429', '503'])
			assert.ok(p['/customers/{id}'].patch.responses[status], `PATCH /customers/{id} documents ${status}`);
		assert.equal(p['/customers/{id}/documents'].post.requestBody.content['multipart/form-data'].schema.required[0], 'file',
			'a fragment beside the handler overrides the generated body');
	});
});

describe('the build refuses what it cannot describe', () => {
	const route = (method, pattern, extra = {}) => ({ method, pattern, permission: 'things:read', no_csrf: false, ...extra });
	const api = (routes, resources = {}) => ({ family: 'things', routes: [route('GET', '/things/healthz', { permission: null }), ...routes], resources });
	const frag = (ops) => new Map([['things', { ops: new Map(Object.entries(ops).map(([k, op]) => [k.replace(/\{([a-z_]+)\}/g, ':$1'), { op, file: 'cgi-bin/things/x.openapi.json' }])), schemas: {} }]]);
	const ok = { summary: 'A thing', responses: { 200: { description: 'It.' } } };

	test('a route that is no resource step and has no fragment', () => {
		assert.throws(() => buildDocument([api([route('GET', '/things/:id')])], frag({})),
			/GET \/things\/:id \(things\) has no description: add it to a cgi-bin\/things\/\*\.openapi\.json/);
		const doc = buildDocument([api([route('GET', '/things/:id')])], frag({ 'GET /things/{id}': ok }));
		assert.ok(doc.paths['/things/{id}'].get.responses['404'], 'a path parameter: 404 added');
	});

	test('a fragment for a route no responder has; a fragment without summary or success', () => {
		assert.throws(() => buildDocument([api([])], frag({ 'GET /things/gone': ok })), /GET \/things\/gone is no route of hearth-things/);
		assert.throws(() => buildDocument([api([route('GET', '/things')])], frag({ 'GET /things': { responses: { 200: { description: 'x' } } } })), /GET \/things: no summary/);
		assert.throws(() => buildDocument([api([route('GET', '/things')])], frag({ 'GET /things': { summary: 'x', responses: { 404: { description: 'x' } } } })), /no success response/);
	});

	test('a link that leads to no GET route', () => {
		const thing = { name: 'thing', label: 'Thing', plural: 'Things', path: '/things', fields: [], read_fields: [], show_fields: [],
			links: [{ name: 'parts_url', suffix: '/parts' }], sorts: ['name'], filters: [], csv: false };
		assert.throws(() => buildDocument([api([route('GET', '/things/:id', { resource: 'thing', op: 'show', handler: 'things_show' })], { thing })], frag({})),
			/thing: link parts_url \(\/things\/:id\/parts\) is no GET route/);
	});

	test('a fragment schema named like a generated one; generated schemas no route uses are left out', () => {
		const thing = { name: 'thing', label: 'Thing', plural: 'Things', path: '/things', fields: [], read_fields: [], show_fields: [],
			links: [], sorts: ['name'], filters: [], csv: false, archivable: false };
		const show = route('GET', '/things/:id', { resource: 'thing', op: 'show', handler: 'things_show' });
		const clash = frag({});
		clash.get('things').schemas = { ThingCreate: { type: 'object' } };
		assert.throws(() => buildDocument([api([show], { thing })], clash),
			/schema ThingCreate \(resource thing\) is defined twice: a fragment's name clashes with a generated one/);
		const s = buildDocument([api([show], { thing })], frag({})).components.schemas;
		assert.ok(s.Thing, 'the record its show step answers');
		assert.deepEqual(['ThingCreate', 'ThingUpdate', 'ThingList', 'ThingListItem'].filter((n) => s[n]), [], 'no step uses them');
		assert.equal(s.Thing.properties.archived_at, undefined, 'a resource that cannot be archived has no archived_at');
		assert.ok(!s.Thing.required.includes('archived_at'));
	});
});

describe('conformance: a drifted answer fails the test that received it', () => {
	test('a field the document does not have', () => {
		const body = { ...structuredClone(cust), nickname: 'x' };
		const problems = contract.check({ method: 'GET', path: `/customers/${cust.id}`, status: 200, contentType: 'application/json', body });
		assert.ok(problems.some((p) => p.startsWith('GET /customers/{id} 200') && p.includes('nickname')), problems.join('\n'));
	});

	test('a field of the wrong type, a required one missing, a list item without its url', () => {
		let problems = contract.check({ method: 'PATCH', path: `/customers/${cust.id}`, status: 200, contentType: 'application/json', body: { ...cust, version: 'two' } });
		assert.ok(problems.some((p) => p.includes('/version must be integer')), problems.join('\n'));
		const { url, ...noUrl } = cust;
		problems = contract.check({ method: 'GET', path: `/customers/${cust.id}`, status: 200, contentType: 'application/json', body: noUrl });
		assert.ok(problems.some((p) => p.includes("required property 'url'")), problems.join('\n'));
		problems = contract.check({ method: 'GET', path: '/customers', status: 200, contentType: 'application/json', body: { items: [{ id: 1 }], next: null } });
		assert.ok(problems.some((p) => p.includes("/items/0 must have required property 'url'")), problems.join('\n'));
	});

	test('an undocumented status, path, method or content type', () => {
		assert.match(contract.check({ method: 'GET', path: '/customers', status: 418, contentType: 'application/json', body: {} })[0], /status 418 is not in the document/);
		assert.match(contract.check({ method: 'GET', path: '/customers/1/nothing', status: 200, contentType: 'application/json', body: {} })[0], /no path of the document matches/);
		assert.match(contract.check({ method: 'PUT', path: '/customers', status: 200, contentType: 'application/json', body: {} })[0], /no PUT on this path/);
		assert.match(contract.check({ method: 'GET', path: '/customers', status: 200, contentType: 'application/problem+json', body: {} })[0], /problem\+json is not documented/);
	});

	test('an error that is not problem+json as documented', () => {
		const problems = contract.check({ method: 'GET', path: `/customers/${cust.id}`, status: 404, contentType: 'application/problem+json', body: { status: 404, detail: 'x' } });
		assert.ok(problems.some((p) => p.includes("required property 'title'")), problems.join('\n'));
		// unknown addresses and methods: 404/405 problem+json, as info.description says
		assert.deepEqual(contract.check({ method: 'GET', path: '/nowhere', status: 404, contentType: 'application/problem+json', body: { type: 'about:blank', title: 'Not found', status: 404, detail: 'x' } }), []);
	});

	test('the client\'s wrapper throws an assertion naming the route', async () => {
		await assert.rejects(
			assertConforms(BASE, { method: 'GET', url: `${BASE}/customers/${cust.id}`, res: answer(200, { ...cust, nickname: 'x' }) }),
			(e) => e instanceof assert.AssertionError && /GET \/customers\/\{id\} 200: body must NOT have additional properties \(nickname\)/.test(e.message),
		);
		await assert.rejects(
			assertConforms(BASE, { method: 'POST', url: `${BASE}/customers/${cust.id}`, res: answer(418, { x: 1 }), requestBody: '_method=PATCH&name=x' }),
			/PATCH \/customers\/\{id\}: status 418 is not in the document/,
			'a form\'s _method is the route it reached',
		);
		// and the real answer passes
		await assertConforms(BASE, { method: 'GET', url: `${BASE}/customers/${cust.id}`, res: answer(200, cust) });
	});

	test('a Contract of a document that lost a field fails the real answer', async () => {
		const doc = structuredClone(contract.doc);
		delete doc.components.schemas.Customer.properties.billing_city;
		const drifted = new Contract(doc);
		const r = await sales.getJson(`/customers/${cust.id}`);
		const problems = drifted.check({ method: 'GET', path: `/customers/${cust.id}`, status: r.status, contentType: r.headers.get('content-type'), body: r.body });
		assert.ok(problems.some((p) => p.includes('billing_city')), problems.join('\n'));
	});
});

describe('links', () => {
	test('a customer carries url and its sub-resource urls, each a working list', async () => {
		const c = assertJson(await sales.getJson(`/customers/${cust.id}`), 200);
		assert.equal(c.url, `/customers/${cust.id}`);
		for (const sub of ['contacts', 'properties', 'communications', 'documents']) {
			assert.equal(c[`${sub}_url`], `/customers/${cust.id}/${sub}`);
			const list = assertJson(await sales.getJson(c[`${sub}_url`]), 200, `GET ${sub}_url`);
			assert.ok(Array.isArray(list.items));
		}
		assert.equal(assertJson(await sales.getJson(c.url), 200).id, cust.id);
	});

	test('the rows a record lists carry their url (a customer\'s contacts)', async () => {
		const contact = assertJson(await sales.postJson(`/customers/${cust.id}/contacts`, { name: `Nested Person ${RUN}` }), 201);
		const c = assertJson(await sales.getJson(`/customers/${cust.id}`), 200);
		const row = c.contacts.find((t) => t.id === contact.id);
		assert.equal(row.url, `/contacts/${contact.id}`);
		assert.equal(assertJson(await sales.getJson(row.url), 200).name, `Nested Person ${RUN}`);
	});

	test('list items carry their url; a child its parent\'s', async () => {
		const contact = assertJson(await sales.postJson(`/customers/${cust.id}/contacts`, { name: `Link Person ${RUN}` }), 201);
		assert.equal(contact.url, `/contacts/${contact.id}`);
		assert.equal(contact.customer_url, `/customers/${cust.id}`);
		const items = await listAll(sales, `/customers/${cust.id}/contacts`);
		const item = items.find((i) => i.id === contact.id);
		assert.equal(item.url, `/contacts/${contact.id}`);
		const page = assertJson(await sales.getJson(`/customers?q=${encodeURIComponent(`Contract Family ${RUN}`)}`), 200);
		assert.ok(page.items.length >= 1);
		for (const i of page.items) assert.equal(i.url, `/customers/${i.id}`);
	});

	test('a document carries download_url, which downloads it', async () => {
		const fd = new FormData();
		fd.append('file', new Blob(['wiring notes'], { type: 'text/plain' }), `notes-${RUN}.txt`);
		const d = assertJson(await sales.postMultipart(`/customers/${cust.id}/documents`, fd), 201);
		assert.equal(d.download_url, `/documents/${d.id}/download`);
		assert.equal(d.customer_url, `/customers/${cust.id}`);
		const res = await sales.fetch(d.download_url);
		assert.equal(res.status, 200);
		assert.equal(await res.text(), 'wiring notes');
	});
});

describe('PATCH with what GET gave', () => {
	test('the whole record back with one field changed → 200; its links unchanged pass', async () => {
		const c = assertJson(await sales.getJson(`/customers/${cust.id}`), 200);
		const r = await sales.patchJson(`/customers/${cust.id}`, { ...c, notes: `edited ${RUN}` });
		const saved = assertJson(r, 200);
		assert.equal(saved.notes, `edited ${RUN}`);
		assert.equal(saved.version, c.version + 1);
		assert.equal(saved.contacts_url, c.contacts_url);
		cust = saved;
	});

	test('a changed link is Read-only. (422), as any read-only field', async () => {
		const c = assertJson(await sales.getJson(`/customers/${cust.id}`), 200);
		for (const field of ['url', 'contacts_url', 'id']) {
			const body = assertProblem(await sales.patchJson(`/customers/${cust.id}`, { ...c, [field]: field === 'id' ? 1 : '/elsewhere' }), 422);
			assert.equal(body.errors[field], 'Read-only.', field);
		}
		const contact = (await listAll(sales, `/customers/${cust.id}/contacts`))[0];
		const full = assertJson(await sales.getJson(contact.url), 200);
		assertJson(await sales.patchJson(full.url, { ...full, best_time: 'mornings' }), 200);
		const bad = assertProblem(await sales.patchJson(full.url, { ...full, version: full.version + 1, customer_url: '/customers/1' }), 422);
		assert.equal(bad.errors.customer_url, 'Read-only.');
	});

	test('a stale version: 409 with the current record, links included', async () => {
		const c = assertJson(await sales.getJson(`/customers/${cust.id}`), 200);
		const body = assertProblem(await sales.patchJson(`/customers/${cust.id}`, { ...c, version: c.version - 1, notes: 'stale' }), 409);
		assert.equal(body.current.url, c.url);
		assert.equal(body.current.documents_url, c.documents_url);
	});
});

describe('the reference page', () => {
	test('GET /api: a static page without script, every route on it, the site\'s CSP', async () => {
		const res = await fetch(`${BASE}/api`);
		assert.equal(res.status, 200);
		assert.match(res.headers.get('content-type'), /^text\/html/);
		assert.match(res.headers.get('content-security-policy') || '', /default-src 'self'/);
		const html = await res.text();
		assert.doesNotMatch(html, /<script/i);
		assert.doesNotMatch(html, /style=/i);
		assert.doesNotMatch(html, /https?:\/\//, 'nothing from another host');
		for (const [p, ops] of Object.entries(contract.doc.paths))
			for (const m of Object.keys(ops))
				assert.ok(html.includes(`${m.toUpperCase()}</span> <code>${p.replace(/&/g, '&amp;')}</code>`), `${m} ${p} on the page`);
	});

	test('linked from the user menu and from /auth/tokens', async () => {
		const { text } = await admin.getHtml('/customers');
		assert.ok(/<details class="usermenu">[\s\S]*href="\/api"[\s\S]*<\/details>/.test(text), 'the user menu links /api');
		const tokens = await admin.getHtml('/auth/tokens');
		assert.ok(tokens.text.includes('href="/api"'), '/auth/tokens links /api');
		assert.ok(tokens.text.includes('href="/openapi.json"'), '/auth/tokens links /openapi.json');
	});
});
