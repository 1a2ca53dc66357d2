import { createHash, createPublicKey, verify } from 'node:crypto';

import {
	DELEGATED_APP,
	DEMO_APP,
	DEMO_DOMAIN,
	DEMO_TENANT_ID,
	DEMO_USERS,
	READONLY_APP,
} from './index';
import type { Harness } from './helpers';
import { harness } from './helpers';

/** Identity platform and Graph authorization. */
const json = async (r: Response | Promise<Response>): Promise<any> => (await r).json();

describe('emulator: identity platform', () => {
	let h: Harness;
	beforeAll(async () => {
		h = await harness({ tokenLifetimeSeconds: 600 });
	});
	afterAll(() => h.emu.stop());

	const tokenUrl = (tenant = DEMO_TENANT_ID) => `${h.emu.url}/${tenant}/oauth2/v2.0/token`;
	const post = (
		body: Record<string, string>,
		headers: Record<string, string> = {},
		tenant?: string,
	) => fetch(tokenUrl(tenant), { method: 'POST', body: new URLSearchParams(body), headers });

	// docs: "OAuth 2.0 client credentials flow": scope {resource}/.default, response token_type/expires_in/access_token
	test('client credentials with secret in the body returns a bearer token', async () => {
		const response = await post({
			grant_type: 'client_credentials',
			client_id: DEMO_APP.clientId,
			client_secret: DEMO_APP.clientSecret,
			scope: 'https://graph.microsoft.com/.default',
		});
		const body = await json(response);
		expect(response.status).toBe(200);
		expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
		expect(typeof body.access_token).toBe('string');
		expect(body.refresh_token).toBeUndefined();
	});

	// RFC 6749 2.3.1 (client_secret_basic), accepted by the identity platform; national cloud and emulator scopes
	test('client credentials with HTTP Basic auth, by domain name, with national-cloud and emulator scopes', async () => {
		const basic = Buffer.from(`${DEMO_APP.clientId}:${DEMO_APP.clientSecret}`).toString('base64');
		for (const scope of [
			'https://graph.microsoft.us/.default',
			'https://microsoftgraph.chinacloudapi.cn/.default',
			`${h.emu.url}/.default`,
		]) {
			const response = await post(
				{ grant_type: 'client_credentials', scope },
				{ Authorization: `Basic ${basic}` },
				DEMO_DOMAIN,
			);
			expect(response.status).toBe(200);
		}
	});

	// docs: AADSTS7000215 invalid_client; AADSTS1002012 scope needs /.default; AADSTS90002 unknown tenant
	test('wrong secret, missing /.default, unknown tenant are refused with AADSTS errors', async () => {
		let response = await post({
			grant_type: 'client_credentials',
			client_id: DEMO_APP.clientId,
			client_secret: 'nope',
			scope: 'https://graph.microsoft.com/.default',
		});
		expect(response.status).toBe(401);
		expect(await json(response)).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
		response = await post({
			grant_type: 'client_credentials',
			client_id: DEMO_APP.clientId,
			client_secret: DEMO_APP.clientSecret,
			scope: 'User.Read.All',
		});
		expect((await json(response)).error).toBe('invalid_scope');
		response = await post(
			{
				grant_type: 'client_credentials',
				client_id: DEMO_APP.clientId,
				client_secret: DEMO_APP.clientSecret,
				scope: 'https://graph.microsoft.com/.default',
			},
			{},
			'fabrikam.com',
		);
		expect(response.status).toBe(400);
		expect((await json(response)).error_codes).toEqual([90002]);
	});

	// docs: authorization code flow: authorize redirects with code and state; offline_access gives a refresh token
	test('authorization code + refresh token (delegated, signs in as the demo admin, works on /common)', async () => {
		const redirect = 'http://localhost:5678/rest/oauth2-credential/callback';
		const authorize = `${h.emu.url}/common/oauth2/v2.0/authorize?client_id=${DELEGATED_APP.clientId}&response_type=code&redirect_uri=${encodeURIComponent(redirect)}&scope=${encodeURIComponent('offline_access User.Read.All Group.ReadWrite.All')}&state=xyz`;
		const answer = await fetch(authorize, { redirect: 'manual' });
		expect(answer.status).toBe(302);
		const location = new URL(answer.headers.get('location') as string);
		expect(location.origin + location.pathname).toBe(redirect);
		expect(location.searchParams.get('state')).toBe('xyz');
		const code = location.searchParams.get('code') as string;
		const tokens = await json(
			post(
				{
					grant_type: 'authorization_code',
					client_id: DELEGATED_APP.clientId,
					client_secret: DELEGATED_APP.clientSecret,
					code,
					redirect_uri: redirect,
				},
				{},
				'common',
			),
		);
		expect(tokens.refresh_token).toBeDefined();
		expect(tokens.scope).toContain('User.Read.All');
		const me = await h.graph('GET', '/me', { token: tokens.access_token });
		expect(me.body.id).toBe(DEMO_USERS.admin.id);
		// A code is single use (AADSTS54005).
		const again = await post({
			grant_type: 'authorization_code',
			client_id: DELEGATED_APP.clientId,
			client_secret: DELEGATED_APP.clientSecret,
			code,
			redirect_uri: redirect,
		});
		expect((await json(again)).error).toBe('invalid_grant');
		const refreshed = await json(
			post({
				grant_type: 'refresh_token',
				client_id: DELEGATED_APP.clientId,
				client_secret: DELEGATED_APP.clientSecret,
				refresh_token: tokens.refresh_token,
			}),
		);
		expect(refreshed.access_token).toBeDefined();
		// Delegated token lacks User.ReadWrite.All: writes to users are denied.
		const write = await h.graph('PATCH', `/users/${DEMO_USERS.lee.id}`, {
			token: refreshed.access_token,
			body: { jobTitle: 'x' },
		});
		expect(write.status).toBe(403);
	});

	// docs: "offline_access": without it no refresh token is issued
	test('no refresh token without offline_access', async () => {
		const redirect = 'http://localhost/cb';
		const answer = await fetch(
			`${h.emu.url}/${DEMO_TENANT_ID}/oauth2/v2.0/authorize?client_id=${DELEGATED_APP.clientId}&response_type=code&redirect_uri=${encodeURIComponent(redirect)}&scope=User.Read.All`,
			{ redirect: 'manual' },
		);
		const code = new URL(answer.headers.get('location') as string).searchParams.get(
			'code',
		) as string;
		const tokens = await json(
			post({
				grant_type: 'authorization_code',
				client_id: DELEGATED_APP.clientId,
				client_secret: DELEGATED_APP.clientSecret,
				code,
				redirect_uri: redirect,
			}),
		);
		expect(tokens.access_token).toBeDefined();
		expect(tokens.refresh_token).toBeUndefined();
	});

	// docs: Graph errors: 401 InvalidAuthenticationToken for a missing, unknown or expired token
	test('missing, unknown and expired tokens get 401 InvalidAuthenticationToken', async () => {
		expect((await h.graph('GET', '/users', { token: null })).body.error.code).toBe(
			'InvalidAuthenticationToken',
		);
		const unknown = await h.graph('GET', '/users', { token: 'garbage' });
		expect(unknown.status).toBe(401);
		const token = await h.tokenFor(DEMO_APP.clientId, DEMO_APP.clientSecret);
		expect((await h.graph('GET', '/users', { token })).status).toBe(200);
		h.emu.admin.advanceClock(601);
		const expired = await h.graph('GET', '/users', { token });
		expect(expired.status).toBe(401);
		expect(expired.body.error.code).toBe('InvalidAuthenticationToken');
		h.token = await h.tokenFor(DEMO_APP.clientId, DEMO_APP.clientSecret);
	});

	// docs: permissions: a call outside the granted permissions gets 403 Authorization_RequestDenied
	test('read-only app can read but every write is 403 Authorization_RequestDenied', async () => {
		const token = await h.tokenFor(READONLY_APP.clientId, READONLY_APP.clientSecret);
		expect((await h.graph('GET', '/users', { token })).status).toBe(200);
		expect((await h.graph('GET', '/groups', { token })).status).toBe(200);
		const denied = await h.graph('PATCH', `/users/${DEMO_USERS.lee.id}`, {
			token,
			body: { jobTitle: 'x' },
		});
		expect(denied.status).toBe(403);
		expect(denied.body.error).toMatchObject({
			code: 'Authorization_RequestDenied',
			message: 'Insufficient privileges to complete the operation.',
		});
		expect((await h.graph('GET', '/subscribedSkus', { token })).status).toBe(403);
	});

	// docs: Graph error shape {error:{code,message,innerError:{date,request-id,client-request-id}}} and request-id header
	test('errors carry request-id and date in innerError and a request-id header', async () => {
		const answer = await h.graph('GET', '/users/nobody@contoso.com', {
			headers: { 'client-request-id': 'abc-123' },
		});
		expect(answer.status).toBe(404);
		expect(answer.body.error.code).toBe('Request_ResourceNotFound');
		expect(answer.body.error.innerError['request-id']).toBe(answer.headers.get('request-id'));
		expect(answer.body.error.innerError['client-request-id']).toBe('abc-123');
		expect(answer.body.error.innerError.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
	});

	// ---- authorization code: PKCE, redirect URI, client_info, id_token (issue 20 items 4 and 6) ----

	const REDIRECT = 'http://localhost/cb';
	async function codeFor(
		extra: Record<string, string> = {},
		scope = 'openid profile offline_access User.Read.All',
	): Promise<string> {
		const query = new URLSearchParams({
			client_id: DELEGATED_APP.clientId,
			response_type: 'code',
			redirect_uri: REDIRECT,
			scope,
			...extra,
		});
		const answer = await fetch(`${h.emu.url}/${DEMO_TENANT_ID}/oauth2/v2.0/authorize?${query}`, {
			redirect: 'manual',
		});
		expect(answer.status).toBe(302);
		return new URL(answer.headers.get('location') as string).searchParams.get('code') as string;
	}
	const redeem = (
		code: string,
		extra: Record<string, string> = {},
		headers: Record<string, string> = {},
	) =>
		post(
			{
				grant_type: 'authorization_code',
				client_id: DELEGATED_APP.clientId,
				client_secret: DELEGATED_APP.clientSecret,
				code,
				redirect_uri: REDIRECT,
				...extra,
			},
			headers,
		);

	// RFC 7636 4.6 and Entra's AADSTS50148 "The code_verifier does not match the code_challenge
	// supplied in the authorization request for PKCE." (invalid_grant)
	test('a code issued with an S256 code_challenge is refused for a wrong or missing code_verifier, redeemed with the right one', async () => {
		const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
		const challenge = createHash('sha256').update(verifier).digest('base64url');
		for (const wrong of [
			{ code_verifier: 'not-the-verifier-not-the-verifier-not-the-v' },
			{},
		] as Array<Record<string, string>>) {
			const refused = await redeem(
				await codeFor({ code_challenge: challenge, code_challenge_method: 'S256' }),
				wrong,
			);
			const body = await json(refused);
			expect([refused.status, body.error, body.error_codes]).toEqual([
				400,
				'invalid_grant',
				[50148],
			]);
			expect(body.error_description).toMatch(
				/^AADSTS50148: The code_verifier does not match the code_challenge supplied in the authorization request for PKCE\./,
			);
		}
		const ok = await redeem(
			await codeFor({ code_challenge: challenge, code_challenge_method: 'S256' }),
			{ code_verifier: verifier },
		);
		expect(ok.status).toBe(200);
		// plain (the default method): the verifier is the challenge
		expect(
			(await redeem(await codeFor({ code_challenge: verifier }), { code_verifier: verifier }))
				.status,
		).toBe(200);
	});

	// AADSTS50011 is the reply-URL mismatch at /authorize (troubleshoot "Error AADSTS50011 ... redirect
	// URI mismatch"); at redemption Entra answers invalid_grant AADSTS70000 "The provided value for the
	// 'redirect_uri' is not valid." (Microsoft Q&A "Api Authentication error", 193411)
	test('a redirect_uri at redemption other than the authorize one is invalid_grant AADSTS70000, not the PKCE code', async () => {
		const refused = await redeem(await codeFor(), { redirect_uri: 'http://localhost/other' });
		const body = await json(refused);
		expect([refused.status, body.error, body.error_codes]).toEqual([400, 'invalid_grant', [70000]]);
		expect(body.error_description).toMatch(
			/^AADSTS70000: The provided value for the 'redirect_uri' is not valid\./,
		);
	});

	// docs: authorization code flow, successful response: id_token when openid is asked; MSAL sends
	// client_info=1 and builds the account (uid.utid) from client_info
	test('the token answer carries client_info (base64url JSON uid/utid) for client_info=1 and an id_token for openid', async () => {
		const tokens = await json(
			redeem(await codeFor({ nonce: 'n-0S6_WzA2Mj' }), { client_info: '1' }),
		);
		expect(JSON.parse(Buffer.from(tokens.client_info, 'base64url').toString('utf8'))).toEqual({
			uid: DEMO_USERS.admin.id,
			utid: DEMO_TENANT_ID,
		});
		const [header, claims, signature] = (tokens.id_token as string).split('.');
		expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({
			typ: 'JWT',
			alg: 'RS256',
		});
		const payload = JSON.parse(Buffer.from(claims, 'base64url').toString());
		expect(payload).toMatchObject({
			aud: DELEGATED_APP.clientId,
			iss: `${h.emu.url}/${DEMO_TENANT_ID}/v2.0`,
			oid: DEMO_USERS.admin.id,
			tid: DEMO_TENANT_ID,
			preferred_username: DEMO_USERS.admin.userPrincipalName,
			nonce: 'n-0S6_WzA2Mj',
			ver: '2.0',
		});
		// signed with the key of the discovery document's jwks_uri
		const config = await json(
			fetch(`${h.emu.url}/${DEMO_TENANT_ID}/v2.0/.well-known/openid-configuration`),
		);
		const { keys } = await json(fetch(config.jwks_uri));
		const key = createPublicKey({ key: keys[0], format: 'jwk' });
		expect(
			verify(
				'sha256',
				Buffer.from(`${header}.${claims}`),
				key,
				Buffer.from(signature, 'base64url'),
			),
		).toBe(true);
		// without openid and client_info=1: neither
		const plain = await json(redeem(await codeFor({}, 'User.Read.All')));
		expect(plain.id_token).toBeUndefined();
		expect(plain.client_info).toBeUndefined();
	});

	// docs: OpenID Connect on the Microsoft identity platform, "Find your app's OpenID configuration
	// document URI": https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration
	test('serves the OpenID Connect discovery document for a tenant id, a domain and common; unknown tenant 400', async () => {
		const config = await json(
			fetch(`${h.emu.url}/${DEMO_TENANT_ID}/v2.0/.well-known/openid-configuration`),
		);
		expect(config).toMatchObject({
			issuer: `${h.emu.url}/${DEMO_TENANT_ID}/v2.0`,
			token_endpoint: `${h.emu.url}/${DEMO_TENANT_ID}/oauth2/v2.0/token`,
			authorization_endpoint: `${h.emu.url}/${DEMO_TENANT_ID}/oauth2/v2.0/authorize`,
			jwks_uri: `${h.emu.url}/${DEMO_TENANT_ID}/discovery/v2.0/keys`,
		});
		expect(config.code_challenge_methods_supported).toContain('S256');
		expect(
			(await json(fetch(`${h.emu.url}/${DEMO_DOMAIN}/v2.0/.well-known/openid-configuration`)))
				.token_endpoint,
		).toBe(`${h.emu.url}/${DEMO_DOMAIN}/oauth2/v2.0/token`);
		expect(
			(await json(fetch(`${h.emu.url}/common/v2.0/.well-known/openid-configuration`))).issuer,
		).toBe(`${h.emu.url}/{tenantid}/v2.0`);
		expect(
			(await fetch(`${h.emu.url}/fabrikam.com/v2.0/.well-known/openid-configuration`)).status,
		).toBe(400);
		// behind a TLS front, the endpoints are https (Forwarded / X-Forwarded-Proto)
		const forwarded = await json(
			fetch(`${h.emu.url}/${DEMO_TENANT_ID}/v2.0/.well-known/openid-configuration`, {
				headers: { 'X-Forwarded-Proto': 'https' },
			}),
		);
		expect(forwarded.token_endpoint).toBe(
			`${h.emu.url.replace('http:', 'https:')}/${DEMO_TENANT_ID}/oauth2/v2.0/token`,
		);
	});

	// docs: "Microsoft identity platform error codes", error response fields: error, error_description,
	// error_codes, timestamp, trace_id, correlation_id, error_uri; e.g. "timestamp": "2016-01-09 02:02:12Z"
	test("identity errors are Entra's: GUID trace and correlation ids, the sent client-request-id, Entra's timestamp form, error_uri", async () => {
		const clientRequestId = '0fbd4b8a-3c7e-4bb1-9f0d-6f2c6cf1f3a1';
		const refused = await post(
			{
				grant_type: 'client_credentials',
				client_id: DEMO_APP.clientId,
				client_secret: 'nope',
				scope: 'https://graph.microsoft.com/.default',
			},
			{ 'client-request-id': clientRequestId },
		);
		const body = await json(refused);
		const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
		expect(body.trace_id).toMatch(guid);
		expect(body.correlation_id).toBe(clientRequestId);
		expect(body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/);
		expect(body.error_uri).toBe('https://login.microsoftonline.com/error?code=7000215');
		const lines = (body.error_description as string).split('\r\n');
		expect(lines[0]).toMatch(/^AADSTS7000215: Invalid client secret provided\./);
		expect(lines.slice(1)).toEqual([
			`Trace ID: ${body.trace_id}`,
			`Correlation ID: ${clientRequestId}`,
			`Timestamp: ${body.timestamp}`,
		]);
		// without a client-request-id the correlation id is a fresh GUID
		const other = await json(
			post({
				grant_type: 'client_credentials',
				client_id: DEMO_APP.clientId,
				client_secret: 'nope',
				scope: 'https://graph.microsoft.com/.default',
			}),
		);
		expect(other.correlation_id).toMatch(guid);
		expect(other.correlation_id).not.toBe(clientRequestId);
	});
});
