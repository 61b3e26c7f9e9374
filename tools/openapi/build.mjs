#!/usr/bin/env node
// The API contract, built from its one source: each responder's route table
// and resource descriptors (`hearth-<family> --api`, lib/api.c) plus the
// hand-written fragments beside the handlers for the routes that are not
// resource operations (cgi-bin/<family>/*.openapi.json). Writes
// <out>/openapi.json (OpenAPI 3.1, served by nginx at /openapi.json) and
// <out>/api/index.html (the reference page, render.mjs) and the guides
// <out>/api/<name>.html (docs/*.md, guides.mjs), each only when its
// content changed. Fails (exit 1, nothing written) when a route has no
// description, a fragment describes a route no responder has, or a link
// names no route. Run by `make` (Makefile.am all-local); docs/api.md.
//
//   node tools/openapi/build.mjs --root . --out static cgi-bin/auth/hearth-auth cgi-bin/customers/hearth-customers
//   node tools/openapi/build.mjs --check-routes [--doc static/openapi.json] RESPONDER...
//       the completeness test (tests/unit/openapi_check.sh): every --routes line of the
//       responders is in the document, made now and as built, and nothing else is

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderReference } from './render.mjs';
import { renderGuides } from './guides.mjs';
import { operationFor, resourceSchemas } from './resources.mjs';
import { commonComponents, errorResponses, infoDescription, securityFor } from './common.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
	const a = { root: join(HERE, '..', '..'), out: null, bins: [], check: false, doc: null };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--root') a.root = argv[++i];
		else if (argv[i] === '--doc') a.doc = argv[++i];
		else if (argv[i] === '--out') a.out = argv[++i];
		else if (argv[i] === '--check-routes') a.check = true;
		else a.bins.push(argv[i]);
	}
	return a;
}

/** "/customers/:id/contacts" → "/customers/{id}/contacts" */
export function templatePath(pattern) {
	return pattern.replace(/:([a-z_]+)/g, '{$1}');
}

/** Every cgi-bin/<family>/*.openapi.json: { "METHOD /pattern": operation, schemas: {...} } by family. */
function loadFragments(root) {
	const byFamily = new Map();
	const dir = join(root, 'cgi-bin');
	for (const family of readdirSync(dir)) {
		const fdir = join(dir, family);
		let files;
		try { files = readdirSync(fdir).filter((f) => f.endsWith('.openapi.json')).sort(); } catch { continue; }
		const ops = new Map();
		const schemas = {};
		for (const f of files) {
			const file = join('cgi-bin', family, f);
			let doc;
			try { doc = JSON.parse(readFileSync(join(fdir, f), 'utf8')); } catch (e) { throw new Error(`${file}: ${e.message}`); }
			for (const [key, val] of Object.entries(doc)) {
				if (key === 'schemas') { Object.assign(schemas, val); continue; }
				if (key.startsWith('$')) continue;        // "$comment"
				if (!/^(GET|POST|PATCH|PUT|DELETE) \/\S*$/.test(key)) throw new Error(`${file}: "${key}" is not "METHOD /pattern"`);
				const route = key.replace(/\{([a-z_]+)\}/g, ':$1');    // "/x/{id}" as the route table writes it
				if (ops.has(route)) throw new Error(`${file}: ${key} is described twice (also in ${ops.get(route).file})`);
				ops.set(route, { op: val, file });
			}
		}
		byFamily.set(family, { ops, schemas });
	}
	return byFamily;
}

/** a's keys, then b's over them (objects merged deeply; arrays and scalars replaced). */
function merge(a, b) {
	if (!a || typeof a !== 'object' || Array.isArray(a) || !b || typeof b !== 'object' || Array.isArray(b)) return b;
	const out = { ...a };
	for (const [k, v] of Object.entries(b)) out[k] = k in a ? merge(a[k], v) : v;
	return out;
}

function pathParams(pattern) {
	return [...pattern.matchAll(/:([a-z_]+)/g)].map(([, name]) => ({
		name,
		in: 'path',
		required: true,
		schema: name === 'id' ? { type: 'integer', minimum: 1 } : { type: 'string' },
		description: name === 'id' ? 'The record\'s id.' : `The ${name}.`,
	}));
}

const SAFE = new Set(['GET', 'HEAD']);

function healthOperation(family) {
	return {
		summary: `Health of the ${family} responder`,
		description: 'Answers 200 when the family\'s workers reach PostgreSQL (load balancers and tools/hearth ask it, signed out); 503 otherwise.',
		responses: {
			200: {
				description: 'The family is up.',
				content: { 'application/json': { schema: { $ref: '#/components/schemas/Health' } } },
			},
		},
	};
}

/** The whole document from the responders' --api output and the fragments. */
export function buildDocument(apis, fragments) {
	const problems = [];
	const paths = {};
	const schemas = { ...commonComponents.schemas };
	const scopes = new Set();
	const seen = new Set();
	const ids = new Set();
	const generated = new Set();
	for (const api of apis) {
		const fam = fragments.get(api.family) || { ops: new Map(), schemas: {} };
		for (const [name, s] of Object.entries(fam.schemas)) {
			if (schemas[name]) problems.push(`schema ${name} (cgi-bin/${api.family}) is defined twice`);
			schemas[name] = s;
		}
		for (const res of Object.values(api.resources)) {
			for (const [name, s] of Object.entries(resourceSchemas(res))) {
				if (schemas[name]) problems.push(`schema ${name} (resource ${res.name}) is defined twice: a fragment's name clashes with a generated one`);
				schemas[name] = s;
				generated.add(name);
			}
		}
		for (const rt of api.routes) {
			const key = `${rt.method} ${rt.pattern}`;
			if (seen.has(key)) problems.push(`${key} is in two route tables`);
			seen.add(key);
			const frag = fam.ops.get(key);
			let op;
			if (rt.pattern === `/${api.family}/healthz`) op = healthOperation(api.family);
			else if (rt.resource) op = operationFor(api.resources[rt.resource], rt);
			else if (!frag) {
				problems.push(`${key} (${api.family}) has no description: add it to a cgi-bin/${api.family}/*.openapi.json beside its handler (docs/api.md)`);
				continue;
			}
			if (frag) op = merge(op || {}, frag.op);
			if (!op.summary) problems.push(`${key}: no summary`);
			if (!op.responses || !Object.keys(op.responses).some((s) => /^[23]/.test(s)))
				problems.push(`${key}: no success response`);
			if (rt.permission && rt.permission !== 'signed-in') scopes.add(rt.permission);
			// a handler on two routes (a child's list, scoped and global) names the first
			let id = op.operationId || rt.handler || operationId(rt);
			if (ids.has(id)) id = operationId(rt);
			ids.add(id);
			const full = {
				operationId: id,
				tags: [api.family],
				...op,
				parameters: [...pathParams(rt.pattern).filter((pp) => !(op.parameters || []).some((q) => q.in === 'path' && q.name === pp.name)),
					...(op.parameters || [])],
				security: securityFor(rt),
				'x-permission': rt.permission ?? 'public',
			};
			full.responses = { ...errorResponses(rt, full), ...full.responses };
			if (!full.parameters.length) delete full.parameters;
			const tp = templatePath(rt.pattern);
			paths[tp] ||= {};
			paths[tp][rt.method.toLowerCase()] = sortKeys(full);
		}
		for (const [key, { file }] of fam.ops)
			if (!seen.has(key)) problems.push(`${file}: ${key} is no route of hearth-${api.family} (--routes)`);
	}
	for (const [family, { ops }] of fragments)
		if (ops.size && !apis.some((a) => a.family === family))
			problems.push(`cgi-bin/${family} has contract fragments but hearth-${family} is not among the responders given (API_RESPONDERS in Makefile.am)`);
	// Links must lead somewhere: every *_url a resource declares is a GET route.
	for (const api of apis)
		for (const res of Object.values(api.resources))
			for (const l of res.links) {
				const tp = templatePath(`${res.path}/:id${l.suffix}`);
				if (!paths[tp]?.get) problems.push(`${res.name}: link ${l.name} (${res.path}/:id${l.suffix}) is no GET route`);
			}
	if (problems.length) throw new Error(problems.join('\n'));
	// A resource's generated schema that no route uses (a stock level is only
	// listed: no create, no update) is left out: the document holds what a
	// client can meet, and Redocly's no-unused-components stays quiet.
	const used = new Set();
	const walk = (v) => JSON.stringify(v, (k, x) => {
		const name = k === '$ref' && typeof x === 'string' && x.startsWith('#/components/schemas/') ? x.slice(21) : null;
		if (name && !used.has(name)) { used.add(name); walk(schemas[name]); }
		return x;
	});
	walk(paths);
	walk(commonComponents.responses);
	for (const name of Object.keys(schemas)) if (!generated.has(name)) walk(schemas[name]);
	for (const name of generated) if (!used.has(name)) delete schemas[name];
	const doc = {
		openapi: '3.1.0',
		info: {
			title: 'Hearth API',
			version: '1',
			summary: 'The CRM for smart-home integrators: the same URLs for people and scripts.',
			description: infoDescription,
			license: { name: 'Proprietary', identifier: 'LicenseRef-Hearth' },
		},
		servers: [{ url: '/', description: 'This Hearth site' }],
		tags: apis.map((a) => ({ name: a.family, description: `Routes of hearth-${a.family}.` })),
		security: [],
		paths: Object.fromEntries(Object.keys(paths).sort().map((p) => [p, paths[p]])),
		components: {
			schemas: Object.fromEntries(Object.keys(schemas).sort().map((k) => [k, schemas[k]])),
			responses: commonComponents.responses,
			securitySchemes: commonComponents.securitySchemes([...scopes].sort()),
		},
	};
	return doc;
}

function operationId(rt) {
	return `${rt.method.toLowerCase()}${rt.pattern.replace(/[^a-zA-Z0-9]+(.)?/g, (_, c) => (c ? c.toUpperCase() : ''))}`;
}

const ORDER = ['operationId', 'summary', 'description', 'tags', 'x-permission', 'security', 'parameters', 'requestBody', 'responses'];
function sortKeys(op) {
	const out = {};
	for (const k of ORDER) if (k in op) out[k] = op[k];
	for (const k of Object.keys(op)) if (!(k in out)) out[k] = op[k];
	const r = {};
	for (const s of Object.keys(out.responses).sort()) r[s] = out.responses[s];
	out.responses = r;
	return out;
}

function readApis(bins) {
	return bins.map((bin) => {
		const out = execFileSync(bin, ['--api'], { encoding: 'utf8', maxBuffer: 16 << 20 });
		try {
			return JSON.parse(out);
		} catch (e) {
			throw new Error(`${bin} --api printed no contract (${e.message}): is it built from lib/api.c?`);
		}
	});
}

/** Every (method, pattern) of every responder's --routes against the document's paths: the lists must be equal. */
export function checkRoutes(doc, bins) {
	const want = new Set();
	for (const bin of bins)
		for (const line of execFileSync(bin, ['--routes'], { encoding: 'utf8' }).split('\n').filter(Boolean)) {
			const r = JSON.parse(line);
			want.add(`${r.method.toLowerCase()} ${templatePath(r.pattern)}`);
		}
	const have = new Set();
	for (const [p, ops] of Object.entries(doc.paths)) for (const m of Object.keys(ops)) have.add(`${m} ${p}`);
	const missing = [...want].filter((k) => !have.has(k));
	const extra = [...have].filter((k) => !want.has(k));
	return { missing, extra, count: want.size };
}

function writeIfChanged(file, text) {
	if (existsSync(file) && readFileSync(file, 'utf8') === text) return false;
	mkdirSync(dirname(file), { recursive: true });
	writeFileSync(`${file}.tmp`, text);
	renameSync(`${file}.tmp`, file);
	return true;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (!args.bins.length) throw new Error('usage: build.mjs [--root DIR] [--out DIR] [--check-routes [--doc FILE]] RESPONDER...');
	const doc = buildDocument(readApis(args.bins), loadFragments(args.root));
	if (args.check) {
		// the document just made, and (--doc) the one the build wrote for nginx
		const docs = [['made now', doc]];
		if (args.doc) docs.push([args.doc, JSON.parse(readFileSync(args.doc, 'utf8'))]);
		let bad = false;
		for (const [name, d] of docs) {
			const { missing, extra, count } = checkRoutes(d, args.bins);
			for (const k of missing) console.error(`openapi: ${k} is a route but not in the document (${name})`);
			for (const k of extra) console.error(`openapi: ${k} is in the document (${name}) but no responder's route`);
			bad ||= missing.length > 0 || extra.length > 0;
			if (!bad) console.log(`openapi: ok (${name}: ${count} routes of ${args.bins.length} responders, each in the document, nothing else)`);
		}
		if (bad) process.exit(1);
	}
	if (args.out) {
		writeIfChanged(join(args.out, 'openapi.json'), `${JSON.stringify(doc, null, 2)}\n`);
		const { guides, pages } = renderGuides(args.root);
		writeIfChanged(join(args.out, 'api', 'index.html'), renderReference(doc, guides));
		for (const [path, html] of pages) writeIfChanged(join(args.out, path), html);
	}
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	main().catch((e) => {
		console.error(`openapi: ${e.message}`);
		process.exit(1);
	});
}
