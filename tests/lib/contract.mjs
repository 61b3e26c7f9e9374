// The API contract as a test oracle: every JSON answer the test client
// (client.mjs) receives is checked against /openapi.json, as nginx serves
// it, with Ajv's JSON Schema 2020-12 validator (OpenAPI 3.1's dialect).
// An answer whose path, method or status the document does not name, or
// whose body does not match the schema of that status, throws an
// AssertionError naming the route, so the test that received it fails.
// docs/api.md. HEARTH_CONTRACT=off skips the check (never in CI).

import assert from 'node:assert/strict';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const JSON_TYPE = /^application\/(problem\+)?json\b/;

/** A compiled contract: answer(...) → list of problems (empty: it conforms). */
export class Contract {
	constructor(doc) {
		this.doc = doc;
		this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
		addFormats(this.ajv);
		// components.schemas as one schema's $defs, so the document's refs resolve
		this.ajv.addSchema({ $id: 'hearth-contract', $defs: rewriteRefs(doc.components.schemas) });
		this.validators = new Map();
		this.routes = Object.keys(doc.paths).map((template) => ({
			template,
			re: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[a-z_]+\\?\}/g, '[^/]+')}$`),
			// literal segments first: /customers/new before /customers/{id}
			rank: template.split('/').map((s) => (s.startsWith('{') ? '1' : '0')).join(''),
		})).sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
	}

	/** The path template of a concrete path, or null. */
	match(path) {
		return this.routes.find((r) => r.re.test(path))?.template ?? null;
	}

	/** One compiled validator per distinct schema (every error's Problem is one), compiled when first needed. */
	validator(schema) {
		const key = schema.$ref && Object.keys(schema).length === 1 ? schema.$ref : JSON.stringify(schema);
		let v = this.validators.get(key);
		if (!v) {
			v = this.ajv.compile(rewriteRefs(schema));
			this.validators.set(key, v);
		}
		return v;
	}

	resolve(node) {
		let n = node;
		while (n && n.$ref) n = n.$ref.replace(/^#\//, '').split('/').reduce((o, k) => o?.[k], this.doc);
		return n;
	}

	/**
	 * Problems of one answer: { method, path (no query), status, contentType, body (parsed) }.
	 * Only JSON answers are checked (pages and files are not the contract's).
	 */
	check({ method, path, status, contentType, body }) {
		const ct = (contentType || '').split(';')[0].trim().toLowerCase();
		if (!JSON_TYPE.test(ct)) return [];
		const problems = [];
		const m = method.toUpperCase() === 'HEAD' ? 'get' : method.toLowerCase();
		const template = this.match(path);
		const isProblem = ct === 'application/problem+json';
		const problemOk = () => this.validate({ $ref: '#/components/schemas/Problem' }, body, problems);
		if (template == null) {
			// Any address no route answers: 404 problem+json (info.description says so).
			if (status === 404 && isProblem) return problemOk(), problems;
			return [`${method} ${path}: no path of the document matches (answered ${status})`];
		}
		const op = this.doc.paths[template][m];
		if (!op) {
			if (status === 405 && isProblem) return problemOk(), problems;
			return [`${method} ${template}: the document has no ${m.toUpperCase()} on this path (answered ${status})`];
		}
		const route = `${m.toUpperCase()} ${template}`;
		const resp = this.resolve(op.responses[String(status)] ?? op.responses.default);
		if (!resp) return [`${route}: status ${status} is not in the document (documented: ${Object.keys(op.responses).join(', ')})`];
		if (body === undefined) return [];           // 304: a status without a body
		const media = resp.content?.[ct];
		if (!media) return [`${route} ${status}: ${ct} is not documented (${Object.keys(resp.content || {}).join(', ') || 'no body'})`];
		if (media.schema) this.validate(media.schema, body, problems, route, status);
		return problems;
	}

	validate(schema, body, problems, route = 'problem', status = '') {
		const v = this.validator(schema);
		if (!v(body)) {
			for (const e of v.errors.slice(0, 8))
				problems.push(`${route} ${status}: body${e.instancePath || ''} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`);
		}
	}
}

function rewriteRefs(node) {
	if (Array.isArray(node)) return node.map(rewriteRefs);
	if (!node || typeof node !== 'object') return node;
	const out = {};
	for (const [k, v] of Object.entries(node))
		out[k] = k === '$ref' && typeof v === 'string' ? v.replace('#/components/schemas/', 'hearth-contract#/$defs/') : rewriteRefs(v);
	return out;
}

let loading = null;

/** The contract nginx serves at base/openapi.json, fetched once per test process. */
export function loadContract(base) {
	loading ||= fetch(`${base}/openapi.json`).then(async (res) => {
		assert.equal(res.status, 200, `GET /openapi.json: ${res.status}`);
		return new Contract(await res.json());
	});
	return loading;
}

/** The method a request really asks for (a form's _method overrides POST). */
export function effectiveMethod(method, body) {
	const m = (method || 'GET').toUpperCase();
	if (m !== 'POST' || body == null) return m;
	let over = null;
	if (typeof body === 'string') over = new URLSearchParams(body).get('_method');
	else if (body instanceof URLSearchParams || (typeof FormData !== 'undefined' && body instanceof FormData)) over = body.get('_method');
	return over && /^(PATCH|DELETE|PUT)$/i.test(over) ? over.toUpperCase() : m;
}

/** Throws (AssertionError naming the route) when the answer drifts from the contract. */
export async function assertConforms(base, { method, url, res, requestBody }) {
	if (process.env.HEARTH_CONTRACT === 'off') return;
	const ct = res.headers.get('content-type') || '';
	if (!JSON_TYPE.test(ct)) return;
	const text = await res.clone().text();
	let body;      // undefined: no body (304), only the status is checked
	try {
		if (text !== '') body = JSON.parse(text);
	} catch {
		assert.fail(`${method} ${url}: ${ct} answer is not JSON: ${text.slice(0, 200)}`);
	}
	const u = new URL(url);
	if (`${u.protocol}//${u.host}` !== new URL(base).origin) return;    // another server (a test's own)
	const contract = await loadContract(base);
	const problems = contract.check({
		method: effectiveMethod(method, requestBody),
		path: u.pathname,
		status: res.status,
		contentType: ct,
		body,
	});
	if (problems.length) {
		assert.fail(`the answer drifts from the API contract (/openapi.json):\n  ${problems.join('\n  ')}\n  body: ${text.slice(0, 600)}`);
	}
}
