import type { KeyObject } from 'node:crypto';
import { createHash, generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';

import type { StoredPassword } from './applications';
import { demoApplication, passwordState } from './applications';
import type { KeyCredential } from './client-assertion';
import { checkClientAssertion, demoKeyCredentials } from './client-assertion';
import type { Clock } from './clock';
import {
	DELEGATED_APP,
	DEMO_APP,
	DEMO_DOMAINS,
	DEMO_TENANT_ID,
	DEMO_USERS,
	MEMBERSHIP_APP,
	READONLY_APP,
} from './demo-tenant';
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
	/** PKCE (RFC 7636) of the authorization request: the code can only be redeemed with its verifier. */
	codeChallenge?: string;
	codeChallengeMethod?: 'plain' | 'S256';
	/** The OpenID Connect `nonce` of the authorization request, echoed in the id token. */
	nonce?: string;
}

/** What the HTTP front knows of a request to the identity endpoints. */
export interface IdentityRequest {
	/** Scheme and host the client used (the issuer and links are built on it). */
	base: string;
	/** The `client-request-id` header MSAL sends: Entra answers it as `correlation_id`. */
	clientRequestId?: string;
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
		{
			clientId: DEMO_APP.clientId,
			clientSecret: DEMO_APP.clientSecret,
			permissions: DEMO_APP.permissions,
			keyCredentials: demoKeyCredentials(),
			...demoApplication(DEMO_APP.clientId, DEMO_APP.clientSecret, now),
		},
		{
			clientId: READONLY_APP.clientId,
			clientSecret: READONLY_APP.clientSecret,
			permissions: READONLY_APP.permissions,
			...demoApplication(READONLY_APP.clientId, READONLY_APP.clientSecret, now),
		},
		// Not an application object here (not listed by /applications): a token endpoint client only.
		{
			clientId: MEMBERSHIP_APP.clientId,
			clientSecret: MEMBERSHIP_APP.clientSecret,
			permissions: MEMBERSHIP_APP.permissions,
		},
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

/** Entra's timestamp form in error answers: `2016-01-09 02:02:12Z`. */
export function entraTimestamp(time: number): string {
	return new Date(time)
		.toISOString()
		.replace('T', ' ')
		.replace(/\.\d{3}Z$/, 'Z');
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One signing key for every emulator in the process (made on first use: RSA key generation is slow). */
let signingKey: { privateKey: KeyObject; jwk: Record<string, unknown> } | undefined;

function idTokenKey(): { privateKey: KeyObject; jwk: Record<string, unknown> } {
	if (!signingKey) {
		const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		const exported = publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
		const kid = createHash('sha256').update(String(exported.n)).digest('base64url').slice(0, 27);
		signingKey = { privateKey, jwk: { kty: 'RSA', use: 'sig', kid, n: exported.n, e: exported.e } };
	}
	return signingKey;
}

const base64url = (value: unknown): string =>
	Buffer.from(JSON.stringify(value)).toString('base64url');

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

	issue(
		appId: string,
		permissions: Iterable<string>,
		userId?: string,
	): { accessToken: string; expiresIn: number } {
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
		const header = {
			'WWW-Authenticate':
				'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"',
		};
		if (!match)
			throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.', header);
		const info = this.tokens.get(match[1].trim());
		if (!info)
			throw new GraphError(
				401,
				'InvalidAuthenticationToken',
				'Access token validation failure.',
				header,
			);
		if (this.clock.now() >= info.expiresAt) {
			throw new GraphError(
				401,
				'InvalidAuthenticationToken',
				'Lifetime validation failed, the token is expired.',
				header,
			);
		}
		return info;
	}

	revokeSessions(userId: string): void {
		this.revokedAt.set(userId, this.clock.now());
	}

	// ---- /authorize ----------------------------------------------------------------------------

	/** Auto-consents as the demo admin and redirects with `code` and `state`. */
	authorize(tenant: string, query: URLSearchParams, request: IdentityRequest): OAuthResult {
		const redirectUri = query.get('redirect_uri') ?? '';
		try {
			if (!this.tenantKind(tenant))
				throw new OAuthError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`);
			const app = this.delegatedApp(query.get('client_id') ?? '', tenant);
			if (query.get('response_type') !== 'code') {
				throw new OAuthError(
					400,
					'unsupported_response_type',
					70005,
					"The provided value for the input parameter 'response_type' is not allowed for this request. Expected value: 'code'.",
				);
			}
			this.checkRedirect(app, redirectUri);
			const scopes = this.delegatedScopes(query.get('scope') ?? '', app);
			const pkce = this.pkceOf(query);
			const code = token();
			const now = this.clock.now();
			this.codes.set(code, {
				appId: app.clientId,
				userId: DEMO_USERS.admin.id,
				scopes,
				redirectUri,
				expiresAt: now + 600_000,
				issuedAt: now,
				...pkce,
				nonce: query.get('nonce') ?? undefined,
			});
			const target = new URL(redirectUri);
			target.searchParams.set('code', code);
			const state = query.get('state');
			if (state !== null) target.searchParams.set('state', state);
			target.searchParams.set('session_state', token().slice(0, 16));
			return { status: 302, headers: { Location: target.toString() } };
		} catch (error) {
			if (!(error instanceof OAuthError)) throw error;
			return { status: error.status, body: this.errorBody(error, request) };
		}
	}

	/**
	 * `code_challenge` and `code_challenge_method` (plain when left out; S256 recommended) of an
	 * authorization request (docs: "OAuth 2.0 authorization code flow", request an authorization code).
	 */
	private pkceOf(query: URLSearchParams): Pick<Grant, 'codeChallenge' | 'codeChallengeMethod'> {
		const challenge = query.get('code_challenge');
		if (challenge === null) return {};
		const method = query.get('code_challenge_method') ?? 'plain';
		if (method !== 'plain' && method !== 'S256') {
			throw new OAuthError(
				400,
				'invalid_request',
				501491,
				`Invalid size of Code_Challenge parameter or unsupported code_challenge_method '${method}'.`,
			);
		}
		return { codeChallenge: challenge, codeChallengeMethod: method };
	}

	// ---- /token --------------------------------------------------------------------------------

	handleToken(
		tenant: string,
		form: URLSearchParams,
		authorization: string | undefined,
		request: IdentityRequest,
	): OAuthResult {
		const graphBase = request.base;
		try {
			const kind = this.tenantKind(tenant);
			if (!kind)
				throw new OAuthError(
					400,
					'invalid_request',
					90002,
					`Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
				);
			const grantType = form.get('grant_type');
			if (!grantType)
				throw new OAuthError(
					400,
					'invalid_request',
					900144,
					"The request body must contain the following parameter: 'grant_type'.",
				);
			const app = this.clientAuth(form, authorization, tenant, graphBase);
			if (grantType === 'client_credentials')
				return this.clientCredentials(app, kind, form, graphBase);
			if (grantType === 'authorization_code') return this.redeemCode(app, form, request);
			if (grantType === 'refresh_token') return this.redeemRefresh(app, form, request);
			throw new OAuthError(
				400,
				'unsupported_grant_type',
				70003,
				'The app requested an unsupported grant type.',
			);
		} catch (error) {
			if (!(error instanceof OAuthError)) throw error;
			return { status: error.status, body: this.errorBody(error, request) };
		}
	}

	/** Client authentication: `client_id`/`client_secret` in the body, or HTTP Basic (RFC 6749 2.3.1). */
	private clientAuth(
		form: URLSearchParams,
		authorization: string | undefined,
		tenant: string,
		endpoint: string,
	): AppRegistration {
		if (form.has('client_assertion') || form.has('client_assertion_type'))
			return this.assertedApp(form, tenant, endpoint);
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
			throw new OAuthError(
				400,
				'unauthorized_client',
				700016,
				`Application with identifier '${clientId}' was not found in the directory '${tenant}'.`,
			);
		}
		if (!secret) {
			throw new OAuthError(
				401,
				'invalid_client',
				7000218,
				"The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
			);
		}
		const state = app.passwordCredentials
			? passwordState(app, secret, this.clock.now())
			: secret === app.clientSecret
				? 'valid'
				: 'unknown';
		if (state === 'expired') {
			throw new OAuthError(
				401,
				'invalid_client',
				7000222,
				`The provided client secret keys for app '${app.clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
			);
		}
		if (state !== 'valid') {
			throw new OAuthError(
				401,
				'invalid_client',
				7000215,
				'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
			);
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
			sameTenant: (a, b) =>
				a.toLowerCase() === b.toLowerCase() ||
				(this.tenantKind(a) === 'tenant' && this.tenantKind(b) === 'tenant'),
			keysOf: (clientId) => {
				const app = this.apps.get(clientId);
				return app ? (app.keyCredentials ?? []) : undefined;
			},
		});
		if (!result.ok)
			throw new OAuthError(result.status, result.error, result.aadsts, result.message);
		return this.apps.get(result.clientId) as AppRegistration;
	}

	/** App-only: the scope must be `{resource}/.default` for Graph (any national cloud) or the emulator. */
	private clientCredentials(
		app: AppRegistration,
		kind: 'tenant' | 'multi',
		form: URLSearchParams,
		graphBase: string,
	): OAuthResult {
		if (kind === 'multi') {
			throw new OAuthError(
				400,
				'invalid_request',
				undefined,
				'Client credentials need a tenant-specific endpoint (tenant id or verified domain), not common or organizations.',
			);
		}
		const scopes = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
		if (!scopes.length)
			throw new OAuthError(
				400,
				'invalid_scope',
				70011,
				"The provided request must include a 'scope' input parameter.",
			);
		for (const scope of scopes) {
			const resource = scope.endsWith('/.default')
				? scope.slice(0, -'/.default'.length).replace(/\/$/, '')
				: undefined;
			if (resource === undefined) {
				throw new OAuthError(
					400,
					'invalid_scope',
					1002012,
					`The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
				);
			}
			if (!this.isGraphResource(resource, graphBase)) {
				throw new OAuthError(
					400,
					'invalid_resource',
					500011,
					`The resource principal named ${resource} was not found in the tenant named ${DEMO_TENANT_ID}.`,
				);
			}
		}
		const issued = this.issue(app.clientId, app.permissions);
		return {
			status: 200,
			body: {
				token_type: 'Bearer',
				expires_in: issued.expiresIn,
				ext_expires_in: issued.expiresIn,
				access_token: issued.accessToken,
			},
		};
	}

	private isGraphResource(resource: string, graphBase: string): boolean {
		const lower = resource.toLowerCase();
		return (
			GRAPH_RESOURCES.includes(lower) ||
			lower === graphBase.toLowerCase() ||
			lower === graphBase.toLowerCase().replace('127.0.0.1', 'localhost')
		);
	}

	private redeemCode(
		app: AppRegistration,
		form: URLSearchParams,
		request: IdentityRequest,
	): OAuthResult {
		const code = form.get('code') ?? '';
		const grant = this.codes.get(code);
		if (!grant || grant.appId !== app.clientId) {
			throw new OAuthError(
				400,
				'invalid_grant',
				54005,
				'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
			);
		}
		this.codes.delete(code);
		if (this.clock.now() > grant.expiresAt)
			throw new OAuthError(
				400,
				'invalid_grant',
				70008,
				'The provided authorization code or refresh token has expired due to inactivity.',
			);
		const redirect = form.get('redirect_uri') ?? '';
		if (redirect !== grant.redirectUri) {
			// At redemption Entra answers invalid_grant AADSTS70000 (AADSTS50011 is the authorize-time mismatch).
			throw new OAuthError(
				400,
				'invalid_grant',
				70000,
				"The provided value for the 'redirect_uri' is not valid. The value must exactly match the redirect URI used to obtain the authorization code.",
			);
		}
		this.checkVerifier(grant, form.get('code_verifier'));
		return this.delegatedTokens(grant, form, request);
	}

	/** RFC 7636 4.6: the verifier must turn into the code's challenge (S256: base64url of its SHA-256). */
	private checkVerifier(grant: Grant, verifier: string | null): void {
		if (grant.codeChallenge === undefined) return;
		const derived =
			verifier === null
				? undefined
				: grant.codeChallengeMethod === 'S256'
					? createHash('sha256').update(verifier).digest('base64url')
					: verifier;
		if (derived !== grant.codeChallenge) {
			throw new OAuthError(
				400,
				'invalid_grant',
				50148,
				'The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.',
			);
		}
	}

	private redeemRefresh(
		app: AppRegistration,
		form: URLSearchParams,
		request: IdentityRequest,
	): OAuthResult {
		const grant = this.refreshTokens.get(form.get('refresh_token') ?? '');
		if (!grant || grant.appId !== app.clientId) {
			throw new OAuthError(
				400,
				'invalid_grant',
				9002313,
				'Invalid request. Request is malformed or invalid.',
			);
		}
		const revoked = this.revokedAt.get(grant.userId);
		if (revoked !== undefined && grant.issuedAt <= revoked) {
			throw new OAuthError(
				400,
				'invalid_grant',
				50173,
				'The provided grant has expired due to it being revoked, a fresh auth token is needed.',
			);
		}
		const requested = form.get('scope');
		const scopes = requested
			? this.delegatedScopes(requested, app).filter((s) => grant.scopes.includes(s) || OIDC.has(s))
			: grant.scopes;
		return this.delegatedTokens(
			{ ...grant, scopes, issuedAt: grant.issuedAt, nonce: undefined },
			form,
			request,
		);
	}

	/**
	 * A refresh token only when `offline_access` was asked for (docs: "offline_access" scope), an id
	 * token when `openid` was, and `client_info` when the client sent `client_info=1` (MSAL does: it
	 * builds the account, `uid.utid`, from it).
	 */
	private delegatedTokens(
		grant: Grant,
		form: URLSearchParams,
		request: IdentityRequest,
	): OAuthResult {
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
			this.refreshTokens.set(refresh, { ...grant, issuedAt: this.clock.now(), nonce: undefined });
			body.refresh_token = refresh;
		}
		if (grant.scopes.includes('openid')) body.id_token = this.idToken(grant, request);
		if (form.get('client_info') === '1')
			body.client_info = base64url({ uid: grant.userId, utid: DEMO_TENANT_ID });
		return { status: 200, body };
	}

	/**
	 * An id token (docs: "Microsoft identity platform ID tokens", v2.0 claims), signed RS256 with the
	 * key published at `/{tenant}/discovery/v2.0/keys`.
	 */
	private idToken(grant: Grant, request: IdentityRequest): string {
		const user = Object.values(DEMO_USERS).find((candidate) => candidate.id === grant.userId);
		const now = Math.floor(this.clock.now() / 1000);
		const key = idTokenKey();
		const claims: Record<string, unknown> = {
			aud: grant.appId,
			iss: `${request.base}/${DEMO_TENANT_ID}/v2.0`,
			iat: now,
			nbf: now,
			exp: now + 3600,
			name: user?.displayName,
			oid: grant.userId,
			preferred_username: user?.userPrincipalName,
			sub: createHash('sha256')
				.update(`${grant.appId}:${grant.userId}`)
				.digest('base64url')
				.slice(0, 43),
			tid: DEMO_TENANT_ID,
			ver: '2.0',
		};
		if (grant.nonce) claims.nonce = grant.nonce;
		const unsigned = `${base64url({ typ: 'JWT', alg: 'RS256', kid: key.jwk.kid })}.${base64url(claims)}`;
		return `${unsigned}.${sign('sha256', Buffer.from(unsigned), key.privateKey).toString('base64url')}`;
	}

	/** The JSON Web Key Set of the id token signing key. */
	keys(): Record<string, unknown> {
		return { keys: [idTokenKey().jwk] };
	}

	/**
	 * The OpenID Connect discovery document (`/{tenant}/v2.0/.well-known/openid-configuration`), with
	 * the endpoints on the host the client used. MSAL reads it to find the token endpoint.
	 */
	openIdConfiguration(tenant: string, request: IdentityRequest): OAuthResult {
		const kind = this.tenantKind(tenant);
		if (!kind) {
			const error = new OAuthError(
				400,
				'invalid_tenant',
				90002,
				`Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
			);
			return { status: 400, body: this.errorBody(error, request) };
		}
		const path = `${request.base}/${tenant}`;
		return {
			status: 200,
			body: {
				token_endpoint: `${path}/oauth2/v2.0/token`,
				token_endpoint_auth_methods_supported: [
					'client_secret_post',
					'private_key_jwt',
					'client_secret_basic',
				],
				jwks_uri: `${path}/discovery/v2.0/keys`,
				response_modes_supported: ['query', 'fragment', 'form_post'],
				subject_types_supported: ['pairwise'],
				id_token_signing_alg_values_supported: ['RS256'],
				response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
				scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
				issuer: `${request.base}/${kind === 'tenant' ? DEMO_TENANT_ID : '{tenantid}'}/v2.0`,
				request_uri_parameter_supported: false,
				userinfo_endpoint: `${request.base}/oidc/userinfo`,
				authorization_endpoint: `${path}/oauth2/v2.0/authorize`,
				device_authorization_endpoint: `${path}/oauth2/v2.0/devicecode`,
				http_logout_supported: true,
				frontchannel_logout_supported: true,
				end_session_endpoint: `${path}/oauth2/v2.0/logout`,
				claims_supported: [
					'sub',
					'iss',
					'aud',
					'exp',
					'iat',
					'nonce',
					'preferred_username',
					'name',
					'tid',
					'ver',
					'oid',
				],
				code_challenge_methods_supported: ['plain', 'S256'],
				tenant_region_scope: 'WW',
				cloud_instance_name: 'microsoftonline.com',
				cloud_graph_host_name: 'graph.windows.net',
				msgraph_host: new URL(request.base).host,
			},
		};
	}

	private delegatedApp(clientId: string, tenant: string): AppRegistration {
		const app = this.apps.get(clientId);
		if (!app)
			throw new OAuthError(
				400,
				'unauthorized_client',
				700016,
				`Application with identifier '${clientId}' was not found in the directory '${tenant}'.`,
			);
		if (!app.delegated)
			throw new OAuthError(
				400,
				'invalid_request',
				7000112,
				'Application is not configured for delegated sign-in in this emulator.',
			);
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
			throw new OAuthError(
				400,
				'invalid_request',
				50011,
				`The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${app.clientId}'.`,
			);
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
			else
				throw new OAuthError(
					400,
					'invalid_scope',
					70011,
					`The provided value for the input parameter 'scope' is not valid. The scope ${raw} is not valid.`,
				);
		}
		return [...new Set(result)];
	}

	/**
	 * Entra's error answer (docs: "Microsoft identity platform error codes", error response): GUID
	 * `trace_id`, `correlation_id` = the client-request-id the client sent, the same Trace ID,
	 * Correlation ID and Timestamp (`2016-01-09 02:02:12Z`) lines in `error_description`, `error_uri`.
	 */
	private errorBody(error: OAuthError, request: IdentityRequest): Record<string, unknown> {
		const prefix = error.aadsts ? `AADSTS${error.aadsts}: ` : '';
		const traceId = randomUUID();
		const sent = request.clientRequestId?.trim();
		const correlationId = sent && GUID.test(sent) ? sent.toLowerCase() : randomUUID();
		const timestamp = entraTimestamp(this.clock.now());
		const body: Record<string, unknown> = {
			error: error.error,
			error_description: `${prefix}${error.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
			error_codes: error.aadsts ? [error.aadsts] : [],
			timestamp,
			trace_id: traceId,
			correlation_id: correlationId,
		};
		if (error.aadsts)
			body.error_uri = `https://login.microsoftonline.com/error?code=${error.aadsts}`;
		return body;
	}
}
