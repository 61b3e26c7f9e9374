// What every operation of the contract shares: the conventions (info
// description), the problem+json schema and error answers, and the
// security schemes (a cookie session with its CSRF header, bearer tokens
// with scopes). build.mjs adds these to each route; docs/api.md.

export const infoDescription = `Hearth answers people and scripts at the same URLs.
Send \`Accept: application/json\` (or \`?format=json\`) for JSON; list routes also answer \`?format=csv\`.
Without either, the same routes answer HTML pages (not described here).

**Authentication.** Scripts send \`Authorization: Bearer <token>\`: a personal API token (made at
[/auth/tokens](/auth/tokens) or with \`hearthctl token create\`) or an OAuth2 client-credentials access
token from \`POST /auth/oauth/token\`. A token's scopes (\`customers:read\`, \`customers:write\`, ...) narrow
what its user's role allows; routes marked \`auth:admin\` need a person's session. Browsers use the
\`hearth_session\` cookie; an unsafe request (POST, PATCH, DELETE) with the cookie also sends the session's
CSRF token in \`X-CSRF-Token\` (or \`_csrf\` in a form).

**Resources.** JSON fields are snake_case; every record has \`id\`, \`version\`, \`created_at\`, \`updated_at\`
(RFC 3339, UTC) and \`url\`, and links what a script needs next (\`customer_url\`, \`contacts_url\`,
\`download_url\`, ...). Lists answer \`{"items": [...], "next": cursor|null}\`; pass \`after=<next>\` for the
next page (\`limit\` ≤ 200). An update carries the \`version\` it read (or \`If-Match\` with the ETag):
a stale one gets 409 with the current record in \`current\`. A record read with GET may be sent back
whole: read-only fields (\`id\`, \`url\`, ...) pass when unchanged and get \`Read-only.\` otherwise; any
other unknown key gets 422 \`Unknown field.\`.

**Errors** are \`application/problem+json\` (\`type\`, \`title\`, \`status\`, \`detail\`, \`errors\` per field).
An address no route answers gets 404, a method a path does not answer 405 (with \`Allow\`), both as
problem+json. 429 comes with \`Retry-After\` (sign-in, tokens and the API are rate limited per address),
503 with \`Retry-After\` when the database is unavailable.`;

const problemSchema = {
	type: 'object',
	description: 'RFC 9457 problem details.',
	required: ['type', 'title', 'status', 'detail'],
	additionalProperties: false,
	properties: {
		type: { type: 'string', description: '"about:blank": the status says it all.' },
		title: { type: 'string' },
		status: { type: 'integer', minimum: 400, maximum: 599 },
		detail: { type: 'string' },
		errors: {
			type: 'object',
			description: 'A message per field that was wrong (422).',
			additionalProperties: { type: 'string' },
		},
		current: { type: 'object', description: 'On 409: the record as it is now.' },
		request_id: { type: 'string', description: 'The request id nginx gave it (X-Request-Id).' },
	},
};

const ERRORS = {
	400: 'Malformed request (bad JSON, bad encoding, a header too large).',
	401: 'Not signed in (no session, an expired one, or no valid bearer token).',
	403: 'Not allowed: the role or the token\'s scopes lack the permission, the CSRF token is missing, or a password change or two-factor enrolment is pending.',
	404: 'No such record (or parent).',
	406: 'None of the accepted types can be answered.',
	409: 'Conflict: the record changed since it was read (the current one is in `current`), or the action does not fit its state.',
	412: 'If-Match names no version of this record.',
	413: 'The body is too large.',
	415: 'The body\'s Content-Type is not one this route reads.',
	422: 'Invalid input: `errors` says what is wrong with each field or query parameter.',
	429: 'Too many requests from this address; see Retry-After.',
	503: 'The database is unavailable; see Retry-After.',
};

export const commonComponents = {
	schemas: {
		Problem: problemSchema,
		Health: {
			type: 'object',
			required: ['status', 'family'],
			additionalProperties: false,
			properties: { status: { const: 'ok' }, family: { type: 'string' } },
		},
	},
	responses: Object.fromEntries(Object.entries(ERRORS).map(([status, description]) => [
		`Error${status}`,
		{ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
	])),
	securitySchemes: (scopes) => ({
		bearer: {
			type: 'http',
			scheme: 'bearer',
			description: 'A personal API token (/auth/tokens, `hearthctl token create`) or an OAuth2 access token. The scopes an operation lists are those the token needs.',
		},
		oauth2: {
			type: 'oauth2',
			description: 'OAuth2 client credentials: clients are registered by an admin at /auth/oauth/clients.',
			flows: {
				clientCredentials: {
					tokenUrl: '/auth/oauth/token',
					scopes: Object.fromEntries(scopes.map((s) => [s, `The ${s.replace(':', ' ')} permission.`])),
				},
			},
		},
		session: {
			type: 'apiKey',
			in: 'cookie',
			name: 'hearth_session',
			description: 'The browser session from POST /auth/login.',
		},
		csrf: {
			type: 'apiKey',
			in: 'header',
			name: 'X-CSRF-Token',
			description: 'The session\'s CSRF token (the page\'s <meta name="csrf-token">), needed with the cookie on POST, PATCH and DELETE.',
		},
	}),
};

const SAFE = new Set(['GET', 'HEAD']);

/** The security requirement of a route, from its permission (lib/auth.c's auth_has). */
export function securityFor(rt) {
	const perm = rt.permission;
	if (perm == null) return [];                       // public (routes_check.sh's allowlist)
	const session = SAFE.has(rt.method) || rt.no_csrf ? { session: [] } : { session: [], csrf: [] };
	if (perm.endsWith(':admin')) return [session];     // tokens carry no admin scopes
	if (perm === 'signed-in') {
		const scopes = SAFE.has(rt.method) ? [] : ['auth:write'];
		return [{ bearer: scopes }, session];
	}
	return [{ bearer: [perm] }, { oauth2: [perm] }, session];
}

const ref = (status) => ({ $ref: `#/components/responses/Error${status}` });

/** The error answers a route can give, from what the pipeline does (lib/app.c, lib/req.c, nginx). */
export function errorResponses(rt, op) {
	const out = {};
	const add = (s) => { out[s] = ref(s); };
	add(400);
	if (rt.permission != null) add(401);
	add(403);                                          // permission, CSRF, or a pending gate
	if (rt.pattern.includes(':') || op['x-not-found']) add(404);
	add(406);
	if (op.requestBody) { add(413); add(415); add(422); }
	if ((op.parameters || []).some((p) => p.in === 'query')) add(422);
	if (rt.method === 'PATCH') { add(409); add(412); add(422); }
	add(429);
	add(503);
	delete op['x-not-found'];
	return out;
}
