// A resource's part of the contract, from its descriptor (lib/resource.h,
// printed by `hearth-<family> --api`): the record, list and input schemas
// and one operation per layer step (list, show, new, edit, create, update,
// archive, restore). Nothing here names a resource: a new one, or a new
// field, enters the contract by being described to lib/resource.

const pascal = (s) => s.replace(/(^|_)([a-z])/g, (_, __, c) => c.toUpperCase());
const refTo = (name) => ({ $ref: `#/components/schemas/${name}` });

/** A field's value as the record shows it. */
function valueSchema(f) {
	let s;
	switch (f.kind) {
	case 'text': s = { type: 'string', maxLength: f.max || undefined }; break;
	case 'email': s = { type: 'string', maxLength: 254 }; break;   // the app's check (valid.c), not RFC 5321's
	case 'phone': s = { type: 'string', maxLength: 40 }; break;
	case 'enum': s = { enum: f.choices }; break;
	case 'bool': s = { type: 'boolean' }; break;
	case 'int': s = { type: 'integer', minimum: f.min, maximum: f.max_int }; break;
	case 'id': s = { type: 'integer', minimum: 1 }; break;
	case 'date': s = { type: 'string', format: 'date' }; break;
	case 'datetime': s = { type: 'string', format: 'date-time' }; break;
	case 'list': s = { type: 'array', maxItems: f.max, items: { type: 'string', maxLength: f.item_max } }; break;
	case 'rows': s = {
		type: 'array',
		description: `Listed with the record (the show page's rows)${f.path ? `, each with its url (${f.path}/{id})` : ''}.`,
		items: f.path ? { type: 'object', required: ['id', 'url'], properties: { id: { type: 'integer' }, url: { type: 'string', format: 'uri-reference' } } } : { type: 'object' },
	}; break;
	default: throw new Error(`unknown field kind ${f.kind} (${f.name})`);
	}
	if (f.default !== undefined) s.default = f.default;
	if (s.maxLength === undefined) delete s.maxLength;
	// A required field always has a value; any other may be null.
	// (lists are [] and booleans false; a choice with a default has it).
	if (!f.required && f.kind !== 'list' && f.kind !== 'rows' && f.kind !== 'bool' && !(f.kind === 'enum' && f.default))
		return nullable(s);
	return s;
}

function nullable(s) {
	if (s.enum) return { ...s, enum: [...s.enum, null] };
	return { ...s, type: [s.type, 'null'] };
}

/** What a request may send for a field (JSON or form): lists also as "a, b", booleans and numbers also as text. */
function inputSchema(f) {
	const s = valueSchema(f);
	if (f.kind === 'list') return { oneOf: [s, { type: 'string', description: 'Comma-separated.' }] };
	if (f.kind === 'bool') return { type: ['boolean', 'string'], description: 'true/false, or "on"/"1" from a form.' };
	if (f.kind === 'int' || f.kind === 'id') return { ...s, type: [...[s.type].flat(), 'string'] };
	return s;
}

const STANDARD = {
	id: { type: 'integer', minimum: 1, readOnly: true },
	version: { type: 'integer', minimum: 1, readOnly: true, description: 'Send it back with an update (or If-Match).' },
	archived_at: { type: ['string', 'null'], format: 'date-time', readOnly: true },
	created_at: { type: 'string', format: 'date-time', readOnly: true },
	updated_at: { type: 'string', format: 'date-time', readOnly: true },
};

/** The record's properties: fields, the layer's own columns, the parent's, read-only columns and links. */
function recordProperties(res) {
	const props = {};
	for (const f of res.fields) props[f.name] = valueSchema(f);
	Object.assign(props, STANDARD);
	if (res.archivable === false) delete props.archived_at;   // no archive step: no archived_at column
	if (res.parent) {
		props[res.parent.field] = { type: 'integer', minimum: 1, readOnly: true };
		props[res.parent.name_field] = { type: 'string', readOnly: true };
		props[`${res.parent.singular}_url`] = { type: 'string', format: 'uri-reference', readOnly: true, description: `The ${res.parent.singular}.` };
	}
	for (const f of res.read_fields) props[f.name] = { ...valueSchema({ ...f, required: f.required }), readOnly: true };
	props.url = { type: 'string', format: 'uri-reference', readOnly: true, description: `This ${res.name}: ${res.path}/{id}.` };
	for (const l of res.links)
		props[l.name] = { type: 'string', format: 'uri-reference', readOnly: true, description: `${res.path}/{id}${l.suffix}` };
	return props;
}

export function resourceSchemas(res) {
	const P = pascal(res.name);
	const props = recordProperties(res);
	const always = ['id', 'version', ...(res.archivable === false ? [] : ['archived_at']), 'created_at', 'updated_at', 'url',
		...res.fields.map((f) => f.name), ...res.links.map((l) => l.name)];
	if (res.parent) always.push(res.parent.field, res.parent.name_field, `${res.parent.singular}_url`);
	const writable = Object.fromEntries(res.fields.map((f) => [f.name, inputSchema(f)]));
	return {
		[P]: {
			type: 'object',
			description: `A ${res.label.toLowerCase()} (${res.path}/{id}).`,
			required: always,
			additionalProperties: false,
			properties: props,
		},
		[`${P}ListItem`]: {
			type: 'object',
			description: `A ${res.label.toLowerCase()} as lists show it: the list's columns (not every field) and its url.`,
			required: ['id', 'url'],
			additionalProperties: false,
			properties: props,
		},
		[`${P}List`]: {
			type: 'object',
			required: ['items', 'next'],
			additionalProperties: false,
			properties: {
				items: { type: 'array', items: refTo(`${P}ListItem`) },
				next: { type: ['string', 'null'], description: 'The cursor of the next page (pass it as after=), or null on the last.' },
			},
		},
		[`${P}Create`]: {
			type: 'object',
			required: res.fields.filter((f) => f.required).map((f) => f.name),
			properties: writable,
			additionalProperties: false,
		},
		[`${P}Update`]: {
			type: 'object',
			description: 'Any of the fields, with the version read (or If-Match). The whole record read with GET may be sent back: its read-only fields pass when unchanged.',
			properties: { ...props, ...writable, version: { type: ['integer', 'string'] } },
			additionalProperties: false,
		},
	};
}

const html = { 'text/html': { schema: { type: 'string' } } };
const json = (name) => ({ 'application/json': { schema: refTo(name) } });

function bodyOf(res, name) {
	return {
		required: true,
		content: {
			'application/json': { schema: refTo(name) },
			'application/x-www-form-urlencoded': { schema: refTo(name) },
		},
	};
}

function listParameters(res) {
	const q = (name, schema, description) => ({ name, in: 'query', required: false, schema, description });
	const ps = [
		q('q', { type: 'string', maxLength: 200 }, 'Search text.'),
		q('sort', { enum: res.sorts, default: res.sorts[0] }, 'Order ("-" first: newest first).'),
		q('limit', { type: 'integer', minimum: 1, maximum: 200, default: 50 }, 'Items per page.'),
		q('after', { type: 'string' }, 'The cursor the previous page gave as next.'),
		q('archived', { enum: ['1', 'true', 'on'] }, 'Include archived records.'),
		q('format', { enum: res.csv ? ['json', 'csv'] : ['json'] }, 'Instead of the Accept header.'),
	];
	for (const f of res.filters) {
		const schema = f.kind === 'choice' ? { enum: f.choices } : f.kind === 'id' ? { type: 'integer', minimum: 1 } : { type: 'string', maxLength: f.max };
		ps.push(q(f.name, schema, `Only ${res.plural.toLowerCase()} with this ${f.name.replace(/_/g, ' ')}.`));
	}
	return ps;
}

const LOCATION = { Location: { description: 'The new record\'s URL.', schema: { type: 'string' } } };
const SEE_OTHER = { description: 'HTML forms: on to the page (with a flash).', headers: { Location: { schema: { type: 'string' } } } };

/** One layer step on res at route rt, as an OpenAPI operation. */
export function operationFor(res, rt) {
	const P = pascal(res.name);
	const label = res.label.toLowerCase();
	const scoped = res.parent && rt.pattern.startsWith(res.parent.path);
	switch (rt.op) {
	case 'list':
		return {
			summary: scoped ? `List a ${res.parent.singular}'s ${res.plural.toLowerCase()}` : `List ${res.plural.toLowerCase()}`,
			parameters: listParameters(res),
			responses: {
				200: {
					description: 'A page of the list.',
					content: { ...json(`${P}List`), ...(res.csv ? { 'text/csv': { schema: { type: 'string' } } } : {}), ...html },
				},
			},
		};
	case 'show':
		return {
			summary: `Get a ${label}`,
			description: res.show_fields.length ? `With ${res.show_fields.join(', ')}.` : undefined,
			responses: {
				200: { description: `The ${label}.`, headers: { ETag: { schema: { type: 'string' } } }, content: { ...json(P), ...html } },
				304: { description: 'Not modified (If-None-Match).' },
			},
		};
	case 'new':
		return {
			summary: `The new-${label} form`,
			description: 'An HTML form; JSON gives what the form starts from.',
			responses: { 200: { description: 'The form.', content: { ...html, 'application/json': { schema: { type: 'object' } } } } },
		};
	case 'edit':
		return {
			summary: `The edit form of a ${label}`,
			description: 'An HTML form; JSON gives the record.',
			responses: { 200: { description: 'The form.', content: { ...html, ...json(P) } } },
		};
	case 'create':
		return {
			summary: scoped ? `Add a ${label} to a ${res.parent.singular}` : `Create a ${label}`,
			requestBody: bodyOf(res, `${P}Create`),
			responses: {
				201: { description: `The new ${label}.`, headers: LOCATION, content: json(P) },
				303: SEE_OTHER,
			},
		};
	case 'update':
		return {
			summary: `Update a ${label}`,
			description: 'A JSON object with any of the fields and the version read (a form sends POST with _method=PATCH).',
			parameters: [{ name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'The ETag a GET gave (or "<version>"), instead of the version field.' }],
			requestBody: bodyOf(res, `${P}Update`),
			responses: { 200: { description: `The ${label} as saved.`, content: json(P) }, 303: SEE_OTHER },
		};
	case 'archive':
	case 'restore':
		return {
			summary: rt.op === 'archive' ? `Archive a ${label}` : `Restore an archived ${label}`,
			description: rt.op === 'archive' ? 'History stays; archived records leave lists (archived=1 shows them).'
				: (res.parent ? `422 while its ${res.parent.singular} is archived.` : undefined),
			responses: {
				200: { description: `The ${label}.`, content: json(P) },
				303: SEE_OTHER,
				...(rt.op === 'restore' && res.parent ? { 422: { $ref: '#/components/responses/Error422' } } : {}),
			},
		};
	default:
		throw new Error(`${rt.method} ${rt.pattern}: unknown operation ${rt.op}`);
	}
}
