/**
 * Both grant types of the Microsoft Entra ID credential inside a real n8n 2.8, against the emulator:
 * - client credentials: n8n fetches the app-only token from the emulator's token endpoint itself and
 *   stores it;
 * - authorization code: a token pair obtained through the emulator's authorize redirect, whose access
 *   token has expired: n8n gets a 401, refreshes through our credential's token URL with the refresh
 *   token, stores the new pair and the request succeeds;
 * - authorization code "Connect" as the editor does it: n8n's /rest/oauth2-credential/auth builds the
 *   authorize URL from our credential, the emulator redirects to n8n's callback, n8n redeems the code.
 */
import {
	DELEGATED_APP,
	DEMO_APP,
	DEMO_TENANT_ID,
	DEMO_USERS,
	startEmulator,
	type RunningEmulator,
} from '../emulator';
import { DEMO_CERTIFICATE, UNREGISTERED_CERTIFICATE } from '../emulator/demo-certificate';
import { CREDENTIAL_TYPE, emulatorCredentialData } from '../runtime/lib/fixtures';
import { httpJson, nodeItems, setupOwner } from '../runtime/lib/n8n';
import { byId, createSandbox, entraNode, linearWorkflow, type Sandbox } from './harness';

const DELEGATED_SCOPES =
	'offline_access User.ReadWrite.All Group.ReadWrite.All GroupMember.ReadWrite.All';

/** GET without following redirects; returns the Location header. */
async function redirectOf(url: string, headers: Record<string, string> = {}): Promise<URL> {
	const response = await fetch(url, { redirect: 'manual', headers });
	const location = response.headers.get('location');
	if (response.status !== 302 || !location)
		throw new Error(
			`expected a redirect from ${url}, got ${response.status}: ${await response.text()}`,
		);
	return new URL(location, url);
}

/** The authorization code flow by hand: authorize (auto-consent as the demo admin), then redeem the code. */
async function delegatedTokens(
	emulatorUrl: string,
	redirectUri: string,
): Promise<Record<string, any>> {
	const authorize = new URL(`${emulatorUrl}/${DEMO_TENANT_ID}/oauth2/v2.0/authorize`);
	authorize.search = new URLSearchParams({
		client_id: DELEGATED_APP.clientId,
		response_type: 'code',
		redirect_uri: redirectUri,
		response_mode: 'query',
		scope: DELEGATED_SCOPES,
		state: 'e2e-state',
	}).toString();
	const back = await redirectOf(authorize.toString());
	expect(back.searchParams.get('state')).toBe('e2e-state');
	const code = back.searchParams.get('code');
	expect(code).toBeTruthy();
	const response = await fetch(`${emulatorUrl}/${DEMO_TENANT_ID}/oauth2/v2.0/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			grant_type: 'authorization_code',
			code: code!,
			redirect_uri: redirectUri,
			client_id: DELEGATED_APP.clientId,
			client_secret: DELEGATED_APP.clientSecret,
			scope: DELEGATED_SCOPES,
		}),
	});
	const body = (await response.json()) as Record<string, any>;
	expect(response.status).toBe(200);
	expect(body.refresh_token).toBeTruthy();
	return body;
}

const TOKEN_PATH = `/${DEMO_TENANT_ID}/oauth2/v2.0/token`;

describe('credential grant types in n8n', () => {
	let sandbox: Sandbox;
	let emulator: RunningEmulator;

	beforeAll(async () => {
		emulator = await startEmulator();
		sandbox = await createSandbox('credentials');
	});

	afterAll(async () => {
		await emulator?.stop();
	});

	/** Graph and identity calls made since the log was cleared, as "METHOD path status". */
	function calls(): string[] {
		return emulator.admin
			.requestLog()
			.map((entry) => `${entry.method} ${entry.path.split('?')[0]} ${entry.status}`);
	}

	it('client credentials: n8n fetches the app-only token from the token endpoint and stores it', async () => {
		const credential = { id: 'e2eClientCreds01', name: 'client credentials (e2e)' };
		await sandbox.importCredentials([
			{
				...credential,
				type: CREDENTIAL_TYPE,
				data: emulatorCredentialData(emulator.url, DEMO_APP, 'clientCredentials'),
			},
		]);
		await sandbox.importWorkflows([
			linearWorkflow('credCC', 'client credentials', [
				entraNode(
					'Get Adele',
					{ resource: 'user', operation: 'get', user: byId(DEMO_USERS.admin.id) },
					credential,
				),
			]),
		]);
		emulator.admin.clearLog();
		const result = await sandbox.execute('credCC');
		expect(result.ok).toBe(true);
		expect(nodeItems(result.run!, 'Get Adele')[0]).toMatchObject({
			id: DEMO_USERS.admin.id,
			displayName: 'Adele Vance',
		});
		const log = calls();
		const tokenCall = log.findIndex((c) => c === `POST ${TOKEN_PATH} 200`);
		const graphCall = log.findIndex((c) => c === `GET /v1.0/users/${DEMO_USERS.admin.id} 200`);
		expect(tokenCall).toBeGreaterThanOrEqual(0);
		expect(graphCall).toBeGreaterThan(tokenCall);
		const stored = await sandbox.exportCredential(credential.id);
		const tokenData = stored.data.oauthTokenData as Record<string, unknown>;
		expect(typeof tokenData.access_token).toBe('string');
		expect(tokenData.refresh_token).toBeUndefined();

		// a second run reuses the stored token: no token request
		emulator.admin.clearLog();
		expect((await sandbox.execute('credCC')).ok).toBe(true);
		expect(calls().filter((c) => c.includes(TOKEN_PATH))).toEqual([]);
	});

	it('authorization code: an expired access token is refreshed with the refresh token through our credential', async () => {
		const tokens = await delegatedTokens(
			emulator.url,
			'http://localhost:5678/rest/oauth2-credential/callback',
		);
		// the access token lives 3600 s: move the emulator's clock past it
		emulator.admin.advanceClock(2 * 3600);
		const expired = await fetch(`${emulator.url}/v1.0/me`, {
			headers: { authorization: `Bearer ${tokens.access_token}` },
		});
		expect(expired.status).toBe(401);

		const credential = { id: 'e2eAuthCode00001', name: 'authorization code (e2e)' };
		await sandbox.importCredentials([
			{
				...credential,
				type: CREDENTIAL_TYPE,
				data: emulatorCredentialData(emulator.url, DELEGATED_APP, 'authorizationCode', {
					delegatedScopes: DELEGATED_SCOPES,
					oauthTokenData: tokens,
				}),
			},
		]);
		await sandbox.importWorkflows([
			linearWorkflow('credAC', 'authorization code', [
				entraNode(
					'Get Megan',
					{ resource: 'user', operation: 'get', user: byId(DEMO_USERS.megan.id) },
					credential,
				),
			]),
		]);
		emulator.admin.clearLog();
		const result = await sandbox.execute('credAC');
		if (!result.ok)
			throw new Error(
				`${result.run?.data.resultData.error?.message}\n${result.stdout.slice(-3000)}`,
			);
		expect(nodeItems(result.run!, 'Get Megan')[0]).toMatchObject({ id: DEMO_USERS.megan.id });

		// 401 with the expired token, one token request (the refresh: n8n has no code to redeem), then 200
		const log = calls();
		const userPath = `/v1.0/users/${DEMO_USERS.megan.id}`;
		expect(log).toEqual([`GET ${userPath} 401`, `POST ${TOKEN_PATH} 200`, `GET ${userPath} 200`]);
		// n8n stored the refreshed pair: a new access token and the rotated refresh token
		const stored = await sandbox.exportCredential(credential.id);
		const tokenData = stored.data.oauthTokenData as Record<string, unknown>;
		expect(tokenData.access_token).toEqual(expect.any(String));
		expect(tokenData.access_token).not.toBe(tokens.access_token);
		expect(tokenData.refresh_token).toEqual(expect.any(String));
		expect(tokenData.refresh_token).not.toBe(tokens.refresh_token);
		// the refreshed token works directly against Graph
		const direct = await fetch(`${emulator.url}/v1.0/me`, {
			headers: { authorization: `Bearer ${tokenData.access_token}` },
		});
		expect(direct.status).toBe(200);
		expect(((await direct.json()) as { id: string }).id).toBe(DEMO_USERS.admin.id);
	});

	it('authorization code "Connect": n8n builds the authorize URL from our credential and redeems the code at its callback', async () => {
		const credential = { id: 'e2eConnect000001', name: 'connect (e2e)' };
		await sandbox.importCredentials([
			{
				...credential,
				type: CREDENTIAL_TYPE,
				data: emulatorCredentialData(emulator.url, DELEGATED_APP, 'authorizationCode', {
					delegatedScopes: DELEGATED_SCOPES,
				}),
			},
		]);
		const server = await sandbox.start();
		try {
			const cookie = (await setupOwner(server.url))!;
			const auth = await httpJson(
				'GET',
				`${server.url}/rest/oauth2-credential/auth?id=${credential.id}`,
				undefined,
				{ cookie },
			);
			expect(auth.status).toBe(200);
			const authorizeUrl = new URL(auth.body.data);
			expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(
				`${emulator.url}/${DEMO_TENANT_ID}/oauth2/v2.0/authorize`,
			);
			expect(authorizeUrl.searchParams.get('client_id')).toBe(DELEGATED_APP.clientId);
			expect(authorizeUrl.searchParams.get('scope')).toBe(DELEGATED_SCOPES);
			expect(authorizeUrl.searchParams.get('response_mode')).toBe('query');

			const callback = await redirectOf(authorizeUrl.toString());
			expect(`${callback.origin}${callback.pathname}`).toBe(
				`${server.url}/rest/oauth2-credential/callback`,
			);
			const done = await fetch(callback.toString(), { headers: { cookie } });
			const page = await done.text();
			expect(done.status).toBe(200);
			expect(page).not.toMatch(/error/i);
		} finally {
			await server.stop();
		}
		const stored = await sandbox.exportCredential(credential.id);
		const tokenData = stored.data.oauthTokenData as Record<string, unknown>;
		expect(tokenData.access_token).toEqual(expect.any(String));
		expect(tokenData.refresh_token).toEqual(expect.any(String));

		await sandbox.importWorkflows([
			linearWorkflow('credConnect', 'connect', [
				entraNode(
					'Get Lee',
					{ resource: 'user', operation: 'get', user: byId(DEMO_USERS.lee.id) },
					credential,
				),
			]),
		]);
		const result = await sandbox.execute('credConnect');
		expect(result.ok).toBe(true);
		expect(nodeItems(result.run!, 'Get Lee')[0]).toMatchObject({ id: DEMO_USERS.lee.id });
	});

	/*
	 * n8n evaluates a credential's test request where only `$credentials` is set (`$self` is empty), so
	 * the test request's URL is built from `$credentials`: the Test button must reach the configured
	 * Graph host (here the emulator), not graph.microsoft.com.
	 */
	it('credential "Test" button: n8n tests the credential against the configured Graph host', async () => {
		const good = { id: 'e2eTestButton001', name: 'test button (e2e)' };
		const badSecret = { id: 'e2eTestButton002', name: 'test button, wrong secret (e2e)' };
		const goodData = emulatorCredentialData(emulator.url, DEMO_APP, 'clientCredentials');
		const badData = emulatorCredentialData(
			emulator.url,
			{ clientId: DEMO_APP.clientId, clientSecret: 'not-the-secret' },
			'clientCredentials',
		);
		await sandbox.importCredentials([
			{ ...good, type: CREDENTIAL_TYPE, data: goodData },
			{ ...badSecret, type: CREDENTIAL_TYPE, data: badData },
		]);
		const server = await sandbox.start();
		try {
			const cookie = (await setupOwner(server.url))!;
			const testCredential = async (
				credential: { id: string; name: string },
				data: Record<string, unknown>,
			) =>
				(
					await httpJson(
						'POST',
						`${server.url}/rest/credentials/test`,
						{ credentials: { ...credential, type: CREDENTIAL_TYPE, data } },
						{ cookie },
					)
				).body.data;
			emulator.admin.clearLog();
			const wrong = await testCredential(badSecret, badData);
			expect(wrong.status).toBe('Error');
			const ok = await testCredential(good, goodData);
			expect(calls()).toContain('GET /v1.0/users 200');
			expect(ok).toEqual({ status: 'OK', message: 'Connection successful!' });
		} finally {
			await server.stop();
		}
	});

	/*
	 * Certificate sign-in (n8n 2.30+ signs the client assertion from the credential's Private Key and
	 * Certificate): a workflow runs with it; one whose certificate is not uploaded to the app fails with
	 * the cause named; the Test button answers OK for the good one and Error for the other, and no
	 * answer carries key material.
	 */
	it('certificate sign-in: a workflow runs with it, a certificate not uploaded is named, the Test button works', async () => {
		// Its own emulator: earlier tests move the shared one's clock by hours, and an assertion is checked
		// against the login server's clock (5 minutes of skew allowed).
		const emulator = await startEmulator();
		const calls = () =>
			emulator.admin
				.requestLog()
				.map((entry) => `${entry.method} ${entry.path.split('?')[0]} ${entry.status}`);
		try {
			const good = { id: 'e2eCertificate01', name: 'certificate (e2e)' };
			const unregistered = { id: 'e2eCertificate02', name: 'certificate not uploaded (e2e)' };
			const certificateData = (pair: { privateKey: string; certificate: string }) =>
				emulatorCredentialData(
					emulator.url,
					{ clientId: DEMO_APP.clientId, clientSecret: '' },
					'clientCredentials',
					{ clientCredentialType: 'certificate', ...pair },
				);
			await sandbox.importCredentials([
				{ ...good, type: CREDENTIAL_TYPE, data: certificateData(DEMO_CERTIFICATE) },
				{ ...unregistered, type: CREDENTIAL_TYPE, data: certificateData(UNREGISTERED_CERTIFICATE) },
			]);
			await sandbox.importWorkflows([
				linearWorkflow('credCert', 'certificate', [
					entraNode(
						'Get Adele',
						{ resource: 'user', operation: 'get', user: byId(DEMO_USERS.admin.id) },
						good,
					),
				]),
				linearWorkflow('credCertBad', 'certificate not uploaded', [
					entraNode(
						'Get Adele',
						{ resource: 'user', operation: 'get', user: byId(DEMO_USERS.admin.id) },
						unregistered,
					),
				]),
			]);
			emulator.admin.clearLog();
			const ok = await sandbox.execute('credCert');
			expect(ok.ok).toBe(true);
			expect(nodeItems(ok.run!, 'Get Adele')[0]).toMatchObject({ id: DEMO_USERS.admin.id });
			expect(calls()).toContain(`POST ${TOKEN_PATH} 200`);

			const bad = await sandbox.execute('credCertBad');
			expect(bad.ok).toBe(false);
			const error = bad.run!.data.resultData.error as
				| { message?: string; description?: string }
				| undefined;
			expect(error?.message).toMatch(
				/certificate is not uploaded to the app registration \(AADSTS700027/,
			);
			expect(JSON.stringify(bad.run!.data.resultData)).not.toMatch(
				/BEGIN (RSA )?PRIVATE KEY|BEGIN CERTIFICATE|MIIE/,
			);

			const server = await sandbox.start();
			try {
				const cookie = (await setupOwner(server.url))!;
				const testCredential = async (
					credential: { id: string; name: string },
					data: Record<string, unknown>,
				) =>
					(
						await httpJson(
							'POST',
							`${server.url}/rest/credentials/test`,
							{ credentials: { ...credential, type: CREDENTIAL_TYPE, data } },
							{ cookie },
						)
					).body.data;
				const passed = await testCredential(good, certificateData(DEMO_CERTIFICATE));
				expect(passed).toEqual({ status: 'OK', message: 'Connection successful!' });
				const refused = await testCredential(
					unregistered,
					certificateData(UNREGISTERED_CERTIFICATE),
				);
				expect(refused.status).toBe('Error');
				// n8n 2.41's Test button shows its OAuth client's wording for invalid_client, not Entra's reason.
				expect(refused.message).toMatch(/Client authentication failed/);
				expect(JSON.stringify(refused)).not.toMatch(/BEGIN|MII/);
			} finally {
				await server.stop();
			}
		} finally {
			await emulator.stop();
		}
	});

	it('certificate sign-in, authorization code: "Connect" redeems the code and the refresh works, both signed with the certificate', async () => {
		const emulator = await startEmulator();
		try {
			// No client secret in the credential: a token request without the assertion would get AADSTS7000218.
			emulator.admin.setTokenLifetime(2);
			const credential = { id: 'e2eCertConnect01', name: 'certificate connect (e2e)' };
			await sandbox.importCredentials([
				{
					...credential,
					type: CREDENTIAL_TYPE,
					data: emulatorCredentialData(
						emulator.url,
						{ clientId: DELEGATED_APP.clientId, clientSecret: '' },
						'authorizationCode',
						{
							delegatedScopes: DELEGATED_SCOPES,
							clientCredentialType: 'certificate',
							...DEMO_CERTIFICATE,
						},
					),
				},
			]);
			const server = await sandbox.start();
			try {
				const cookie = (await setupOwner(server.url))!;
				const auth = await httpJson(
					'GET',
					`${server.url}/rest/oauth2-credential/auth?id=${credential.id}`,
					undefined,
					{ cookie },
				);
				expect(auth.status).toBe(200);
				const callback = await redirectOf(String(auth.body.data));
				const done = await fetch(callback.toString(), { headers: { cookie } });
				expect(done.status).toBe(200);
				expect(await done.text()).not.toMatch(/error/i);
			} finally {
				await server.stop();
			}
			const connected = (await sandbox.exportCredential(credential.id)).data
				.oauthTokenData as Record<string, unknown>;
			expect(connected.refresh_token).toEqual(expect.any(String));

			// The 2-second access token has expired by now: the run refreshes it (with a new assertion).
			await sandbox.importWorkflows([
				linearWorkflow('credCertAC', 'certificate authorization code', [
					entraNode(
						'Get Megan',
						{ resource: 'user', operation: 'get', user: byId(DEMO_USERS.megan.id) },
						credential,
					),
				]),
			]);
			emulator.admin.clearLog();
			const result = await sandbox.execute('credCertAC');
			if (!result.ok)
				throw new Error(
					`${result.run?.data.resultData.error?.message}\n${result.stdout.slice(-3000)}`,
				);
			expect(nodeItems(result.run!, 'Get Megan')[0]).toMatchObject({ id: DEMO_USERS.megan.id });
			expect(
				emulator.admin
					.requestLog()
					.map((entry) => `${entry.method} ${entry.path.split('?')[0]} ${entry.status}`),
			).toContain(`POST ${TOKEN_PATH} 200`);
			const refreshed = (await sandbox.exportCredential(credential.id)).data
				.oauthTokenData as Record<string, unknown>;
			expect(refreshed.refresh_token).not.toBe(connected.refresh_token);
		} finally {
			await emulator.stop();
		}
	});
});
