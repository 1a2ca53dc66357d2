import { DELEGATED_APP, DEMO_APP, DEMO_DOMAIN, DEMO_TENANT_ID, DEMO_USERS, READONLY_APP } from './index';
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
	const post = (body: Record<string, string>, headers: Record<string, string> = {}, tenant?: string) =>
		fetch(tokenUrl(tenant), { method: 'POST', body: new URLSearchParams(body), headers });

	// docs: "OAuth 2.0 client credentials flow": scope {resource}/.default, response token_type/expires_in/access_token
	test('client credentials with secret in the body returns a bearer token', async () => {
		const response = await post({ grant_type: 'client_credentials', client_id: DEMO_APP.clientId, client_secret: DEMO_APP.clientSecret, scope: 'https://graph.microsoft.com/.default' });
		const body = await json(response);
		expect(response.status).toBe(200);
		expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
		expect(typeof body.access_token).toBe('string');
		expect(body.refresh_token).toBeUndefined();
	});

	// RFC 6749 2.3.1 (client_secret_basic), accepted by the identity platform; national cloud and emulator scopes
	test('client credentials with HTTP Basic auth, by domain name, with national-cloud and emulator scopes', async () => {
		const basic = Buffer.from(`${DEMO_APP.clientId}:${DEMO_APP.clientSecret}`).toString('base64');
		for (const scope of ['https://graph.microsoft.us/.default', 'https://microsoftgraph.chinacloudapi.cn/.default', `${h.emu.url}/.default`]) {
			const response = await post({ grant_type: 'client_credentials', scope }, { Authorization: `Basic ${basic}` }, DEMO_DOMAIN);
			expect(response.status).toBe(200);
		}
	});

	// docs: AADSTS7000215 invalid_client; AADSTS1002012 scope needs /.default; AADSTS90002 unknown tenant
	test('wrong secret, missing /.default, unknown tenant are refused with AADSTS errors', async () => {
		let response = await post({ grant_type: 'client_credentials', client_id: DEMO_APP.clientId, client_secret: 'nope', scope: 'https://graph.microsoft.com/.default' });
		expect(response.status).toBe(401);
		expect(await json(response)).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
		response = await post({ grant_type: 'client_credentials', client_id: DEMO_APP.clientId, client_secret: DEMO_APP.clientSecret, scope: 'User.Read.All' });
		expect((await json(response)).error).toBe('invalid_scope');
		response = await post({ grant_type: 'client_credentials', client_id: DEMO_APP.clientId, client_secret: DEMO_APP.clientSecret, scope: 'https://graph.microsoft.com/.default' }, {}, 'fabrikam.com');
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
		const tokens = await json(post({ grant_type: 'authorization_code', client_id: DELEGATED_APP.clientId, client_secret: DELEGATED_APP.clientSecret, code, redirect_uri: redirect }, {}, 'common'));
		expect(tokens.refresh_token).toBeDefined();
		expect(tokens.scope).toContain('User.Read.All');
		const me = await h.graph('GET', '/me', { token: tokens.access_token });
		expect(me.body.id).toBe(DEMO_USERS.admin.id);
		// A code is single use (AADSTS54005).
		const again = await post({ grant_type: 'authorization_code', client_id: DELEGATED_APP.clientId, client_secret: DELEGATED_APP.clientSecret, code, redirect_uri: redirect });
		expect((await json(again)).error).toBe('invalid_grant');
		const refreshed = await json(post({ grant_type: 'refresh_token', client_id: DELEGATED_APP.clientId, client_secret: DELEGATED_APP.clientSecret, refresh_token: tokens.refresh_token }));
		expect(refreshed.access_token).toBeDefined();
		// Delegated token lacks User.ReadWrite.All: writes to users are denied.
		const write = await h.graph('PATCH', `/users/${DEMO_USERS.lee.id}`, { token: refreshed.access_token, body: { jobTitle: 'x' } });
		expect(write.status).toBe(403);
	});

	// docs: "offline_access": without it no refresh token is issued
	test('no refresh token without offline_access', async () => {
		const redirect = 'http://localhost/cb';
		const answer = await fetch(`${h.emu.url}/${DEMO_TENANT_ID}/oauth2/v2.0/authorize?client_id=${DELEGATED_APP.clientId}&response_type=code&redirect_uri=${encodeURIComponent(redirect)}&scope=User.Read.All`, { redirect: 'manual' });
		const code = new URL(answer.headers.get('location') as string).searchParams.get('code') as string;
		const tokens = await json(post({ grant_type: 'authorization_code', client_id: DELEGATED_APP.clientId, client_secret: DELEGATED_APP.clientSecret, code, redirect_uri: redirect }));
		expect(tokens.access_token).toBeDefined();
		expect(tokens.refresh_token).toBeUndefined();
	});

	// docs: Graph errors: 401 InvalidAuthenticationToken for a missing, unknown or expired token
	test('missing, unknown and expired tokens get 401 InvalidAuthenticationToken', async () => {
		expect((await h.graph('GET', '/users', { token: null })).body.error.code).toBe('InvalidAuthenticationToken');
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
		const denied = await h.graph('PATCH', `/users/${DEMO_USERS.lee.id}`, { token, body: { jobTitle: 'x' } });
		expect(denied.status).toBe(403);
		expect(denied.body.error).toMatchObject({ code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' });
		expect((await h.graph('GET', '/subscribedSkus', { token })).status).toBe(403);
	});

	// docs: Graph error shape {error:{code,message,innerError:{date,request-id,client-request-id}}} and request-id header
	test('errors carry request-id and date in innerError and a request-id header', async () => {
		const answer = await h.graph('GET', '/users/nobody@contoso.com', { headers: { 'client-request-id': 'abc-123' } });
		expect(answer.status).toBe(404);
		expect(answer.body.error.code).toBe('Request_ResourceNotFound');
		expect(answer.body.error.innerError['request-id']).toBe(answer.headers.get('request-id'));
		expect(answer.body.error.innerError['client-request-id']).toBe('abc-123');
		expect(answer.body.error.innerError.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
	});
});
