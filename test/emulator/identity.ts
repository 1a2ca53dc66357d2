import { randomBytes } from 'node:crypto';

import type { StoredPassword } from './applications';
import { demoApplication, passwordState } from './applications';
import type { KeyCredential } from './client-assertion';
import { checkClientAssertion, demoKeyCredentials } from './client-assertion';
import type { Clock } from './clock';
import { DELEGATED_APP, DEMO_APP, DEMO_DOMAINS, DEMO_TENANT_ID, DEMO_USERS, READONLY_APP } from './demo-tenant';
import { GraphError } from './errors';

/**
 * The Microsoft identity platform's v2.0 endpoints, as far as n8n uses them (docs: "OAuth 2.0
 * client credentials flow", "OAuth 2.0 authorization code flow", "refresh tokens"). Tokens are opaque
 * random strings mapped to {app, user, permissions, expiry}.
 */
export interface AppRegistration {
	clientId: string;
	clientSecret: string;
	/** Application permissions granted with admin consent (client credentials). */
	permissions: string[];
	/** Delegated permissions the app may be granted; absent = no delegated sign-in. */
	delegated?: string[];
	redirectUris?: string[];
	/** Certificates registered on the app (client assertions, client-assertion.ts). */
	keyCredentials?: KeyCredential[];
	/** Graph's application object (applications.ts): object id, name, secrets; without it the app is not listed. */
	objectId?: string;
	displayName?: string;
	createdDateTime?: string;
	/** Its secrets; when set, the token endpoint accepts these (and not clientSecret). */
	passwordCredentials?: StoredPassword[];
}

export interface TokenInfo {
	appId: string;
	userId?: string;
	permissions: Set<string>;
	expiresAt: number;
}

interface Grant {
	appId: string;
	userId: string;
	scopes: string[];
	redirectUri: string;
	expiresAt: number;
	issuedAt: number;
}

/** Graph's hosts in every national cloud (docs: "National cloud deployments"). */
const GRAPH_RESOURCES = [
	'https://graph.microsoft.com',
	'https://graph.microsoft.us',
	'https://dod-graph.microsoft.us',
	'https://microsoftgraph.chinacloudapi.cn',
	'00000003-0000-0000-c000-000000000000',
];

const OIDC = new Set(['openid', 'profile', 'email', 'offline_access']);

export const DELEGATED_PERMISSIONS = [
	'User.Read',
	'User.Read.All',
	'User.ReadBasic.All',
	'User.ReadWrite.All',
	'User.EnableDisableAccount.All',
	'User.RevokeSessions.All',
	'Group.Read.All',
	'Group.ReadWrite.All',
	'GroupMember.Read.All',
	'GroupMember.ReadWrite.All',
	'LicenseAssignment.Read.All',
	'LicenseAssignment.ReadWrite.All',
	'Organization.Read.All',
	'Directory.Read.All',
	'Directory.ReadWrite.All',
	'People.Read.All',
	'UserAuthenticationMethod.ReadWrite.All',
	'RoleManagement.ReadWrite.Directory',
	'AuditLog.Read.All',
];

export function demoApps(now = Date.now()): AppRegistration[] {
	return [
		{ clientId: DEMO_APP.clientId, clientSecret: DEMO_APP.clientSecret, permissions: DEMO_APP.permissions, keyCredentials: demoKeyCredentials(), ...demoApplication(DEMO_APP.clientId, DEMO_APP.clientSecret, now) },
		{ clientId: READONLY_APP.clientId, clientSecret: READONLY_APP.clientSecret, permissions: READONLY_APP.permissions, ...demoApplication(READONLY_APP.clientId, READONLY_APP.clientSecret, now) },
		{
			clientId: DELEGATED_APP.clientId,
			clientSecret: DELEGATED_APP.clientSecret,
			permissions: [],
			delegated: DELEGATED_PERMISSIONS,
			redirectUris: DELEGATED_APP.redirectUris,
			keyCredentials: demoKeyCredentials(),
			...demoApplication(DELEGATED_APP.clientId, DELEGATED_APP.clientSecret, now),
		},
	];
}

export interface OAuthResult {
	status: number;
	headers?: Record<string, string>;
	body?: Record<string, unknown>;
}

class OAuthError extends Error {
	constructor(
		readonly status: number,
		readonly error: string,
		readonly aadsts: number | undefined,
		message: string,
	) {
		super(message);
	}
}

const token = (): string => randomBytes(30).toString('base64url');

export class Identity {
	readonly apps = new Map<string, AppRegistration>();
	private readonly tokens = new Map<string, TokenInfo>();
	private readonly codes = new Map<string, Grant>();
	private readonly refreshTokens = new Map<string, Grant>();
	/** Per user: sign-in sessions revoked at this time invalidate older refresh tokens. */
	private readonly revokedAt = new Map<string, number>();

	constructor(
		private readonly clock: Clock,
		public lifetimeSeconds: number,
	) {
		for (const app of demoApps(clock.now())) this.apps.set(app.clientId, app);
	}

	/** GUID, verified domains, and (delegated only) `organizations` / `common`. */
	tenantKind(tenant: string): 'tenant' | 'multi' | undefined {
		const lower = tenant.toLowerCase();
		if (lower === DEMO_TENANT_ID || DEMO_DOMAINS.includes(lower)) return 'tenant';
		if (lower === 'organizations' || lower === 'common') return 'multi';
		return undefined;
	}

	issue(appId: string, permissions: Iterable<string>, userId?: string): { accessToken: string; expiresIn: number } {
		const accessToken = token();
		this.tokens.set(accessToken, {
			appId,
			userId,
			permissions: new Set(permissions),
			expiresAt: this.clock.now() + this.lifetimeSeconds * 1000,
		});
		return { accessToken, expiresIn: this.lifetimeSeconds };
	}

	/** App-only token for a registered app (admin helper, same as a client credentials grant). */
	issueAppToken(clientId: string): string {
		const app = this.apps.get(clientId);
		if (!app) throw new Error(`Unknown app ${clientId}`);
		return this.issue(app.clientId, app.permissions).accessToken;
	}

	/** Graph's check of the bearer token: 401 InvalidAuthenticationToken when missing, unknown or expired. */
	authenticate(authorization: string | undefined): TokenInfo {
		const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
		const header = { 'WWW-Authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"' };
		if (!match) throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.', header);
		const info = this.tokens.get(match[1].trim());
		if (!info) throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token validation failure.', header);
		if (this.clock.now() >= info.expiresAt) {
			throw new GraphError(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.', header);
		}
		return info;
	}

	revokeSessions(userId: string): void {
		this.revokedAt.set(userId, this.clock.now());
	}

	// ---- /authorize ----------------------------------------------------------------------------

	/** Auto-consents as the demo admin and redirects with `code` and `state`. */
	authorize(tenant: string, query: URLSearchParams): OAuthResult {
		const redirectUri = query.get('redirect_uri') ?? '';
		try {
			if (!this.tenantKind(tenant)) throw new OAuthError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`);
			const app = this.delegatedApp(query.get('client_id') ?? '', tenant);
			if (query.get('response_type') !== 'code') {
				throw new OAuthError(400, 'unsupported_response_type', 70005, "The provided value for the input parameter 'response_type' is not allowed for this request. Expected value: 'code'.");
			}
			this.checkRedirect(app, redirectUri);
			const scopes = this.delegatedScopes(query.get('scope') ?? '', app);
			const code = token();
			const now = this.clock.now();
			this.codes.set(code, { appId: app.clientId, userId: DEMO_USERS.admin.id, scopes, redirectUri, expiresAt: now + 600_000, issuedAt: now });
			const target = new URL(redirectUri);
			target.searchParams.set('code', code);
			const state = query.get('state');
			if (state !== null) target.searchParams.set('state', state);
			target.searchParams.set('session_state', token().slice(0, 16));
			return { status: 302, headers: { Location: target.toString() } };
		} catch (error) {
			if (!(error instanceof OAuthError)) throw error;
			return { status: error.status, body: this.errorBody(error) };
		}
	}

	// ---- /token --------------------------------------------------------------------------------

	handleToken(tenant: string, form: URLSearchParams, authorization: string | undefined, graphBase: string): OAuthResult {
		try {
			const kind = this.tenantKind(tenant);
			if (!kind) throw new OAuthError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
			const grantType = form.get('grant_type');
			if (!grantType) throw new OAuthError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
			const app = this.clientAuth(form, authorization, tenant, graphBase);
			if (grantType === 'client_credentials') return this.clientCredentials(app, kind, form, graphBase);
			if (grantType === 'authorization_code') return this.redeemCode(app, form);
			if (grantType === 'refresh_token') return this.redeemRefresh(app, form);
			throw new OAuthError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
		} catch (error) {
			if (!(error instanceof OAuthError)) throw error;
			return { status: error.status, body: this.errorBody(error) };
		}
	}

	/** Client authentication: `client_id`/`client_secret` in the body, or HTTP Basic (RFC 6749 2.3.1). */
	private clientAuth(form: URLSearchParams, authorization: string | undefined, tenant: string, endpoint: string): AppRegistration {
		if (form.has('client_assertion') || form.has('client_assertion_type')) return this.assertedApp(form, tenant, endpoint);
		let clientId = form.get('client_id') ?? '';
		let secret = form.get('client_secret') ?? undefined;
		const basic = /^Basic\s+(.+)$/i.exec(authorization ?? '');
		if (basic) {
			const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
			const colon = decoded.indexOf(':');
			clientId = decodeURIComponent(decoded.slice(0, colon));
			secret = decodeURIComponent(decoded.slice(colon + 1));
		}
		const app = this.apps.get(clientId);
		if (!app) {
			throw new OAuthError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`);
		}
		if (!secret) {
			throw new OAuthError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
		}
		const state = app.passwordCredentials ? passwordState(app, secret, this.clock.now()) : secret === app.clientSecret ? 'valid' : 'unknown';
		if (state === 'expired') {
			throw new OAuthError(401, 'invalid_client', 7000222, `The provided client secret keys for app '${app.clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`);
		}
		if (state !== 'valid') {
			throw new OAuthError(401, 'invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.');
		}
		return app;
	}

	/** Client authentication with a certificate (private_key_jwt); the checks live in client-assertion.ts. */
	private assertedApp(form: URLSearchParams, tenant: string, endpoint: string): AppRegistration {
		const result = checkClientAssertion(form, {
			clientId: form.get('client_id') ?? undefined,
			tenant,
			endpoint,
			now: this.clock.now(),
			sameTenant: (a, b) => a.toLowerCase() === b.toLowerCase() || (this.tenantKind(a) === 'tenant' && this.tenantKind(b) === 'tenant'),
			keysOf: (clientId) => {
				const app = this.apps.get(clientId);
				return app ? (app.keyCredentials ?? []) : undefined;
			},
		});
		if (!result.ok) throw new OAuthError(result.status, result.error, result.aadsts, result.message);
		return this.apps.get(result.clientId) as AppRegistration;
	}

	/** App-only: the scope must be `{resource}/.default` for Graph (any national cloud) or the emulator. */
	private clientCredentials(app: AppRegistration, kind: 'tenant' | 'multi', form: URLSearchParams, graphBase: string): OAuthResult {
		if (kind === 'multi') {
			throw new OAuthError(400, 'invalid_request', undefined, 'Client credentials need a tenant-specific endpoint (tenant id or verified domain), not common or organizations.');
		}
		const scopes = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
		if (!scopes.length) throw new OAuthError(400, 'invalid_scope', 70011, "The provided request must include a 'scope' input parameter.");
		for (const scope of scopes) {
			const resource = scope.endsWith('/.default') ? scope.slice(0, -'/.default'.length).replace(/\/$/, '') : undefined;
			if (resource === undefined) {
				throw new OAuthError(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
			}
			if (!this.isGraphResource(resource, graphBase)) {
				throw new OAuthError(400, 'invalid_resource', 500011, `The resource principal named ${resource} was not found in the tenant named ${DEMO_TENANT_ID}.`);
			}
		}
		const issued = this.issue(app.clientId, app.permissions);
		return { status: 200, body: { token_type: 'Bearer', expires_in: issued.expiresIn, ext_expires_in: issued.expiresIn, access_token: issued.accessToken } };
	}

	private isGraphResource(resource: string, graphBase: string): boolean {
		const lower = resource.toLowerCase();
		return GRAPH_RESOURCES.includes(lower) || lower === graphBase.toLowerCase() || lower === graphBase.toLowerCase().replace('127.0.0.1', 'localhost');
	}

	private redeemCode(app: AppRegistration, form: URLSearchParams): OAuthResult {
		const code = form.get('code') ?? '';
		const grant = this.codes.get(code);
		if (!grant || grant.appId !== app.clientId) {
			throw new OAuthError(400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
		}
		this.codes.delete(code);
		if (this.clock.now() > grant.expiresAt) throw new OAuthError(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity.');
		const redirect = form.get('redirect_uri') ?? '';
		if (redirect !== grant.redirectUri) {
			throw new OAuthError(400, 'invalid_grant', 50148, 'The redirect_uri specified in the token request does not match the redirect_uri used in the authorization request.');
		}
		return this.delegatedTokens(grant);
	}

	private redeemRefresh(app: AppRegistration, form: URLSearchParams): OAuthResult {
		const grant = this.refreshTokens.get(form.get('refresh_token') ?? '');
		if (!grant || grant.appId !== app.clientId) {
			throw new OAuthError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
		}
		const revoked = this.revokedAt.get(grant.userId);
		if (revoked !== undefined && grant.issuedAt <= revoked) {
			throw new OAuthError(400, 'invalid_grant', 50173, 'The provided grant has expired due to it being revoked, a fresh auth token is needed.');
		}
		const requested = form.get('scope');
		const scopes = requested ? this.delegatedScopes(requested, app).filter((s) => grant.scopes.includes(s) || OIDC.has(s)) : grant.scopes;
		return this.delegatedTokens({ ...grant, scopes, issuedAt: grant.issuedAt });
	}

	/** A refresh token only when `offline_access` was asked for (docs: "offline_access" scope). */
	private delegatedTokens(grant: Grant): OAuthResult {
		const permissions = grant.scopes.filter((scope) => !OIDC.has(scope));
		const issued = this.issue(grant.appId, permissions, grant.userId);
		const body: Record<string, unknown> = {
			token_type: 'Bearer',
			scope: grant.scopes.join(' '),
			expires_in: issued.expiresIn,
			ext_expires_in: issued.expiresIn,
			access_token: issued.accessToken,
		};
		if (grant.scopes.includes('offline_access')) {
			const refresh = token();
			this.refreshTokens.set(refresh, { ...grant, issuedAt: this.clock.now() });
			body.refresh_token = refresh;
		}
		return { status: 200, body };
	}

	private delegatedApp(clientId: string, tenant: string): AppRegistration {
		const app = this.apps.get(clientId);
		if (!app) throw new OAuthError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`);
		if (!app.delegated) throw new OAuthError(400, 'invalid_request', 7000112, 'Application is not configured for delegated sign-in in this emulator.');
		return app;
	}

	private checkRedirect(app: AppRegistration, redirectUri: string): void {
		const allowed = app.redirectUris ?? [];
		let valid = true;
		try {
			new URL(redirectUri);
		} catch {
			valid = false;
		}
		if (!valid || !(allowed.includes('*') || allowed.includes(redirectUri))) {
			throw new OAuthError(400, 'invalid_request', 50011, `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${app.clientId}'.`);
		}
	}

	/** Short names or resource-qualified names; `.default` = every delegated permission of the app. */
	private delegatedScopes(scope: string, app: AppRegistration): string[] {
		const result: string[] = [];
		for (const raw of scope.split(/\s+/).filter(Boolean)) {
			if (OIDC.has(raw)) {
				result.push(raw);
				continue;
			}
			const name = raw.includes('/') ? raw.slice(raw.lastIndexOf('/') + 1) : raw;
			if (name === '.default') result.push(...(app.delegated ?? []));
			else if (app.delegated?.includes(name)) result.push(name);
			else throw new OAuthError(400, 'invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid. The scope ${raw} is not valid.`);
		}
		return [...new Set(result)];
	}

	private errorBody(error: OAuthError): Record<string, unknown> {
		const prefix = error.aadsts ? `AADSTS${error.aadsts}: ` : '';
		return {
			error: error.error,
			error_description: `${prefix}${error.message} Trace ID: ${randomBytes(16).toString('hex')} Timestamp: ${this.clock.iso()}`,
			error_codes: error.aadsts ? [error.aadsts] : [],
			timestamp: this.clock.iso(),
			trace_id: randomBytes(16).toString('hex'),
			correlation_id: randomBytes(16).toString('hex'),
		};
	}
}
