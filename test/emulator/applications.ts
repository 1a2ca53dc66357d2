import { randomBytes, randomUUID } from 'node:crypto';

import type { Ctx, Reply } from './context';
import { json, noContent, queryString } from './context';
import type { Env } from './env';
import { GraphError, badRequest, notFound } from './errors';
import type { KeyCredential } from './client-assertion';
import { keyCredentialFor } from './client-assertion';
import { DEMO_APPLICATIONS } from './demo-tenant';
import type { AppRegistration } from './identity';
import { evaluate, parseFilter, parseSelect, parseTop } from './odata';
import { requirePermission } from './permissions';
import { requireObject } from './validate';

/**
 * Graph's application resource for the app registrations the identity platform knows (identity.ts),
 * as far as credential hygiene needs it (docs: "application resource type", "List applications",
 * "Get application", "application: addPassword", "application: removePassword",
 * "passwordCredential resource type"). An added secret works at the token endpoint at once and is
 * refused once its end date has passed (AADSTS7000222), as Entra does.
 *
 * Not modelled: ownership (Application.ReadWrite.OwnedBy is therefore not accepted), addKey/removeKey,
 * PATCH of anything but keyCredentials, create/delete, $search, $orderby, $expand.
 */

/** Graph's passwordCredential, plus the secret value the emulator keeps to check token requests. */
export interface StoredPassword {
	keyId: string;
	displayName: string | null;
	hint: string;
	startDateTime: string;
	endDateTime: string;
	customKeyIdentifier: null;
	secret: string;
}

/** "Permissions" tables of List/Get application and addPassword/removePassword (app-only, without OwnedBy). */
const READ = [
	'Application.Read.All',
	'Application.ReadWrite.All',
	'Directory.Read.All',
	'Directory.ReadWrite.All',
];
const WRITE = ['Application.ReadWrite.All'];

const PROPERTIES = new Set([
	'id',
	'appId',
	'displayName',
	'createdDateTime',
	'signInAudience',
	'passwordCredentials',
	'keyCredentials',
	'description',
	'notes',
	'identifierUris',
	'tags',
	'requiredResourceAccess',
	'web',
	'publisherDomain',
]);
const DEFAULT_PAGE = 100;
/** Two years: addPassword's default lifetime ("passwordCredential": endDateTime defaults to two years). */
const DEFAULT_LIFETIME_MS = 2 * 365 * 24 * 3600 * 1000;

/** What Graph shows of a secret: never its value (secretText is null outside addPassword's answer). */
function passwordView(password: StoredPassword): Record<string, unknown> {
	return {
		customKeyIdentifier: null,
		displayName: password.displayName,
		endDateTime: password.endDateTime,
		hint: password.hint,
		keyId: password.keyId,
		secretText: null,
		startDateTime: password.startDateTime,
	};
}

function applicationView(
	app: AppRegistration,
	select: string[] | undefined,
): Record<string, unknown> {
	const full: Record<string, unknown> = {
		id: app.objectId,
		appId: app.clientId,
		displayName: app.displayName ?? null,
		createdDateTime: app.createdDateTime ?? null,
		signInAudience: 'AzureADMyOrg',
		description: null,
		notes: null,
		identifierUris: [],
		tags: [],
		requiredResourceAccess: [],
		web: {
			redirectUris: app.redirectUris?.filter((uri) => uri !== '*') ?? [],
			homePageUrl: null,
			logoutUrl: null,
		},
		publisherDomain: 'contoso.onmicrosoft.com',
		passwordCredentials: (app.passwordCredentials ?? []).map(passwordView),
		// In a listing Graph returns the key credentials' metadata; `key` itself only for a single object.
		keyCredentials: (app.keyCredentials ?? []).map((key) => ({ ...key, key: null })),
	};
	if (!select || select.includes('*')) return full;
	return Object.fromEntries(['id', ...select].map((name) => [name, full[name]]));
}

/** Applications in a stable order (by object id), as a listing pages through them. */
function applications(env: Env): AppRegistration[] {
	return [...env.identity.apps.values()]
		.filter((app) => app.objectId)
		.sort((a, b) => String(a.objectId).localeCompare(String(b.objectId)));
}

/** `{id}` or `(appId='{appId}')` (Get application: both addressing forms of v1.0). */
function findApplication(env: Env, segment: string): AppRegistration {
	const byAppId =
		/^\(appId='([^']*)'\)$/.exec(segment) ?? /^applications\(appId='([^']*)'\)$/.exec(segment);
	const app = byAppId
		? env.identity.apps.get(byAppId[1])
		: applications(env).find(
				(candidate) => candidate.objectId?.toLowerCase() === segment.toLowerCase(),
			);
	if (!app?.objectId) throw notFound(byAppId ? byAppId[1] : segment);
	return app;
}

function listApplications(ctx: Ctx, env: Env): Reply {
	requirePermission(ctx, READ);
	const select = parseSelect(ctx.query.get('$select'), PROPERTIES, 'microsoft.graph.application');
	const filterText = ctx.query.get('$filter');
	const filter = filterText ? parseFilter(filterText).node : undefined;
	const top = parseTop(ctx.query.get('$top'), DEFAULT_PAGE);
	const matching = applications(env).filter(
		(app) => !filter || evaluate(filter, applicationView(app, undefined)),
	);
	const skip = ctx.query.get('$skiptoken');
	const start = skip === null ? 0 : Number(Buffer.from(skip, 'base64url').toString('utf8'));
	if (!Number.isInteger(start) || start < 0) throw badRequest('Invalid $skiptoken value.');
	const page = matching.slice(start, start + top);
	const body: Record<string, unknown> = {
		'@odata.context': `${ctx.base}/v1.0/$metadata#applications`,
		value: page.map((app) => applicationView(app, select)),
	};
	if (start + top < matching.length) {
		const params = [...ctx.query.entries()].filter(([key]) => key !== '$skiptoken');
		params.push(['$skiptoken', Buffer.from(String(start + top)).toString('base64url')]);
		body['@odata.nextLink'] = `${ctx.base}/v1.0/applications?${queryString(params)}`;
	}
	return json(200, body);
}

function addPassword(ctx: Ctx, env: Env, app: AppRegistration): Reply {
	requirePermission(ctx, WRITE);
	const body = ctx.body === undefined || ctx.body === null ? {} : requireObject(ctx.body);
	const wanted =
		body.passwordCredential === undefined ? {} : requireObject(body.passwordCredential);
	const now = env.clock.now();
	const start = typeof wanted.startDateTime === 'string' ? Date.parse(wanted.startDateTime) : now;
	const end =
		typeof wanted.endDateTime === 'string'
			? Date.parse(wanted.endDateTime)
			: start + DEFAULT_LIFETIME_MS;
	if (Number.isNaN(start) || Number.isNaN(end))
		throw badRequest(
			"Invalid value specified for property 'endDateTime' of resource 'PasswordCredential'.",
		);
	if (end <= start) throw badRequest('Key credential end date is invalid.');
	const secret = randomBytes(30).toString('base64url').slice(0, 40);
	const password: StoredPassword = {
		keyId: randomUUID(),
		displayName: typeof wanted.displayName === 'string' ? wanted.displayName : null,
		hint: secret.slice(0, 3),
		startDateTime: new Date(start).toISOString(),
		endDateTime: new Date(end).toISOString(),
		customKeyIdentifier: null,
		secret,
	};
	app.passwordCredentials = [...(app.passwordCredentials ?? []), password];
	return json(200, {
		'@odata.context': `${ctx.base}/v1.0/$metadata#microsoft.graph.passwordCredential`,
		...passwordView(password),
		secretText: secret,
	});
}

function removePassword(ctx: Ctx, env: Env, app: AppRegistration): Reply {
	requirePermission(ctx, WRITE);
	const body = requireObject(ctx.body);
	const keyId = typeof body.keyId === 'string' ? body.keyId.toLowerCase() : '';
	const before = app.passwordCredentials ?? [];
	if (!before.some((password) => password.keyId === keyId)) {
		throw new GraphError(
			400,
			'Request_BadRequest',
			`No password credential found with keyId '${keyId}'.`,
		);
	}
	app.passwordCredentials = before.filter((password) => password.keyId !== keyId);
	return noContent();
}

/**
 * PATCH /applications/{id} with `keyCredentials` (Update application; "keyCredential resource
 * type"): the collection is replaced by the one sent. Each entry carries its certificate in `key`
 * (base64 DER); start and end default to the certificate's validity. An entry without `key` keeps the
 * registered key of the same `keyId`. Other properties are not modelled.
 */
function patchApplication(ctx: Ctx, app: AppRegistration): Reply {
	requirePermission(ctx, WRITE);
	const body = requireObject(ctx.body);
	const unknown = Object.keys(body).filter((name) => name !== 'keyCredentials');
	if (unknown.length)
		throw badRequest(
			`The emulator updates only keyCredentials of an application, not: ${unknown.join(', ')}.`,
		);
	if (!Array.isArray(body.keyCredentials))
		throw badRequest(
			"Invalid value specified for property 'keyCredentials' of resource 'Application'.",
		);
	const next: KeyCredential[] = body.keyCredentials.map((raw) => {
		const entry = requireObject(raw);
		const keyId = typeof entry.keyId === 'string' ? entry.keyId.toLowerCase() : undefined;
		if (entry.key === undefined || entry.key === null) {
			const kept = (app.keyCredentials ?? []).find((key) => key.keyId === keyId);
			if (!kept) throw badRequest("Property 'key' is required for a new key credential.");
			return kept;
		}
		if (entry.type !== 'AsymmetricX509Cert' || entry.usage !== 'Verify') {
			throw badRequest(
				"Only key credentials of type 'AsymmetricX509Cert' with usage 'Verify' are supported.",
			);
		}
		try {
			return keyCredentialFor(String(entry.key), {
				keyId,
				displayName: typeof entry.displayName === 'string' ? entry.displayName : undefined,
				startDateTime: typeof entry.startDateTime === 'string' ? entry.startDateTime : undefined,
				endDateTime: typeof entry.endDateTime === 'string' ? entry.endDateTime : undefined,
			});
		} catch {
			throw badRequest('Invalid certificate: key value is invalid certificate');
		}
	});
	app.keyCredentials = next;
	return noContent();
}

/** `/applications`, `/applications/{id}`, `/applications(appId='...')`, `.../addPassword`, `.../removePassword`. */
export function routeApplications(ctx: Ctx, env: Env, s: string[], m: string): Reply {
	const byAppIdInFirst = /^applications(\(appId='[^']*'\))$/.exec(s[0]);
	const segments = byAppIdInFirst ? ['applications', byAppIdInFirst[1], ...s.slice(1)] : s;
	if (segments.length === 1) {
		if (m !== 'GET')
			throw new GraphError(
				405,
				'Request_BadRequest',
				'Specified HTTP method is not allowed for the request target.',
			);
		return listApplications(ctx, env);
	}
	const app = findApplication(env, segments[1]);
	if (segments.length === 2 && m === 'GET') {
		requirePermission(ctx, READ);
		const select = parseSelect(ctx.query.get('$select'), PROPERTIES, 'microsoft.graph.application');
		const view = applicationView(app, select);
		// A single object: the key credentials carry their `key` (docs: keyCredential "key").
		if (view.keyCredentials) view.keyCredentials = app.keyCredentials ?? [];
		return json(200, {
			'@odata.context': `${ctx.base}/v1.0/$metadata#applications/$entity`,
			...view,
		});
	}
	if (segments.length === 2 && m === 'PATCH') return patchApplication(ctx, app);
	if (segments.length === 3 && m === 'POST' && segments[2] === 'addPassword')
		return addPassword(ctx, env, app);
	if (segments.length === 3 && m === 'POST' && segments[2] === 'removePassword')
		return removePassword(ctx, env, app);
	throw new GraphError(
		400,
		'Request_BadRequest',
		`Unsupported request for applications: ${m} ${segments.join('/')}`,
	);
}

/**
 * The token endpoint's check of a client secret against the app's password credentials: the value
 * of one that has started and not ended; an ended one is "expired" (AADSTS7000222), as Entra says.
 */
export function passwordState(
	app: AppRegistration,
	secret: string,
	now: number,
): 'valid' | 'expired' | 'unknown' {
	const match = (app.passwordCredentials ?? []).find((password) => password.secret === secret);
	if (!match) return 'unknown';
	if (Date.parse(match.endDateTime) <= now) return 'expired';
	return Date.parse(match.startDateTime) <= now ? 'valid' : 'unknown';
}

/** Registers `count` generated applications (large tenants for paging tests), with secrets ending at the given offsets in days. */
export function seedApplications(
	env: Env,
	count: number,
	endsInDays: number[] = [400],
): AppRegistration[] {
	const now = env.clock.now();
	const created: AppRegistration[] = [];
	for (let index = 0; index < count; index++) {
		const clientId = randomUUID();
		const days = endsInDays[index % endsInDays.length];
		const secret = randomBytes(24).toString('base64url');
		const app: AppRegistration = {
			clientId,
			clientSecret: '',
			permissions: [],
			objectId: randomUUID(),
			displayName: `Generated app ${String(index + 1).padStart(4, '0')}`,
			createdDateTime: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
			passwordCredentials: [
				{
					keyId: randomUUID(),
					displayName: 'generated',
					hint: secret.slice(0, 3),
					startDateTime: new Date(now - 86_400_000).toISOString(),
					endDateTime: new Date(now + days * 86_400_000).toISOString(),
					customKeyIdentifier: null,
					secret,
				},
			],
			keyCredentials: [],
		};
		env.identity.apps.set(clientId, app);
		created.push(app);
	}
	return created;
}

/** The demo apps' application objects (demo-tenant.ts DEMO_APPLICATIONS): fixed ids, names and secret lifetimes. */
export function demoApplication(
	clientId: string,
	secret: string,
	now: number,
): Pick<AppRegistration, 'objectId' | 'displayName' | 'createdDateTime' | 'passwordCredentials'> {
	const demo = DEMO_APPLICATIONS[clientId];
	return {
		objectId: demo.objectId,
		displayName: demo.displayName,
		createdDateTime: '2024-01-15T09:00:00Z',
		passwordCredentials: [
			{
				keyId: demo.secretKeyId,
				displayName: demo.secretName,
				hint: secret.slice(0, 3),
				startDateTime: new Date(now - 30 * 86_400_000).toISOString(),
				endDateTime: new Date(now + demo.secretEndsInDays * 86_400_000).toISOString(),
				customKeyIdentifier: null,
				secret,
			},
		],
	};
}
