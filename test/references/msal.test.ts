import type { AuthError, Configuration } from '@azure/msal-node';
import { ConfidentialClientApplication, CryptoProvider } from '@azure/msal-node';

import type { RunningEmulator } from '../emulator';
import { DELEGATED_APP, DEMO_APP, DEMO_TENANT_ID, DEMO_USERS, startEmulator } from '../emulator';
import type { TlsFront } from './tls-front';
import { startTlsFront } from './tls-front';

/*
 * Microsoft's identity library (@azure/msal-node) against the emulator's identity endpoints, through
 * a loopback TLS front (MSAL refuses http authorities). The authority's metadata comes from the
 * emulator's OpenID Connect discovery document: `knownAuthorities` only tells MSAL to trust the host
 * instead of asking login.microsoftonline.com's instance discovery (there is no network here).
 */

let emulator: RunningEmulator;
let front: TlsFront;

beforeAll(async () => {
	emulator = await startEmulator();
	front = await startTlsFront(emulator.url);
});
afterAll(async () => {
	await front.stop();
	await emulator.stop();
});

const REDIRECT = 'http://localhost:5678/rest/oauth2-credential/callback';

function app(auth: { clientId: string; clientSecret: string }): ConfidentialClientApplication {
	const config: Configuration = {
		auth: { ...auth, authority: `${front.url}/${DEMO_TENANT_ID}`, knownAuthorities: [front.host] },
		system: { networkClient: front.msalNetworkClient },
	};
	return new ConfidentialClientApplication(config);
}

const identityCalls = () =>
	emulator.admin.requestLog().filter((entry) => entry.kind === 'identity');

async function graphStatus(accessToken: string, path: string): Promise<number> {
	return (
		await front.fetch(`${front.url}/v1.0${path}`, {
			headers: { Authorization: `Bearer ${accessToken}` },
		})
	).status;
}

/** The code of a sign-in: the emulator's /authorize consents at once and redirects with it. */
async function signIn(url: string): Promise<string> {
	const answer = await front.fetch(url);
	expect(answer.status).toBe(302);
	return new URL(answer.headers.get('location') as string).searchParams.get('code') as string;
}

describe('MSAL: client credentials', () => {
	it('gets an app-only token from the discovered token endpoint, caches it, and Graph accepts it', async () => {
		emulator.admin.clearLog();
		const client = app(DEMO_APP);
		const first = await client.acquireTokenByClientCredential({
			scopes: ['https://graph.microsoft.com/.default'],
		});
		expect(first).toMatchObject({ tokenType: 'Bearer', fromCache: false });
		const again = await client.acquireTokenByClientCredential({
			scopes: ['https://graph.microsoft.com/.default'],
		});
		expect(again).toMatchObject({ accessToken: first!.accessToken, fromCache: true });
		expect(await graphStatus(first!.accessToken, '/users?$top=1')).toBe(200);
		// discovery, then one token request
		expect(
			identityCalls().map((entry) => `${entry.method} ${entry.path.split('?')[0]} ${entry.status}`),
		).toEqual([
			`GET /${DEMO_TENANT_ID}/v2.0/.well-known/openid-configuration 200`,
			`POST /${DEMO_TENANT_ID}/oauth2/v2.0/token 200`,
		]);
	});

	it("surfaces Entra's error: invalid_client AADSTS7000215, correlation id = the client-request-id MSAL sent", async () => {
		const failure = (await app({ clientId: DEMO_APP.clientId, clientSecret: 'wrong' })
			.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] })
			.catch((error: unknown) => error)) as AuthError;
		expect(failure.errorCode).toBe('invalid_client');
		// MSAL words it "Error(s): codes - Timestamp: t - Description: d - Correlation ID: c - Trace ID: t"
		// from error_codes, timestamp, error_description, correlation_id and trace_id
		expect(failure.errorMessage).toMatch(
			/^Error\(s\): 7000215 - Timestamp: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z - Description: AADSTS7000215: Invalid client secret provided\./,
		);
		expect(failure.correlationId).toMatch(
			/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
		);
		const traceId = /Trace ID: ([0-9a-f-]{36})$/.exec(failure.errorMessage)?.[1];
		expect(traceId).toBeDefined();
		// the description's own lines name the same ids: the correlation id is the one MSAL sent
		expect(failure.errorMessage).toMatch(
			new RegExp(
				`\\sTrace ID: ${traceId}\\s+Correlation ID: ${failure.correlationId}\\s+Timestamp: `,
			),
		);
		expect(failure.errorMessage).toContain(`- Correlation ID: ${failure.correlationId} -`);
	});
});

describe('MSAL: authorization code with PKCE, refresh, silent', () => {
	const scopes = ['User.Read.All', 'Group.Read.All'];

	it('redeems a PKCE code (account from client_info and the id token), then serves silently from cache and by refresh token', async () => {
		const client = app(DELEGATED_APP);
		const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
		const url = await client.getAuthCodeUrl({
			scopes,
			redirectUri: REDIRECT,
			codeChallenge: challenge,
			codeChallengeMethod: 'S256',
			state: 'st-1',
		});
		expect(url.startsWith(`${front.url}/${DEMO_TENANT_ID}/oauth2/v2.0/authorize?`)).toBe(true);
		const code = await signIn(url);
		const result = await client.acquireTokenByCode({
			code,
			scopes,
			redirectUri: REDIRECT,
			codeVerifier: verifier,
		});
		expect(result.account).toMatchObject({
			homeAccountId: `${DEMO_USERS.admin.id}.${DEMO_TENANT_ID}`,
			tenantId: DEMO_TENANT_ID,
			username: DEMO_USERS.admin.userPrincipalName,
			localAccountId: DEMO_USERS.admin.id,
		});
		expect(result.idTokenClaims).toMatchObject({
			oid: DEMO_USERS.admin.id,
			aud: DELEGATED_APP.clientId,
		});
		expect(await graphStatus(result.accessToken, '/me')).toBe(200);

		const accounts = await client.getTokenCache().getAllAccounts();
		expect(accounts.map((account) => account.homeAccountId)).toEqual([
			`${DEMO_USERS.admin.id}.${DEMO_TENANT_ID}`,
		]);
		const silent = await client.acquireTokenSilent({ account: accounts[0], scopes });
		expect(silent).toMatchObject({ fromCache: true, accessToken: result.accessToken });

		emulator.admin.clearLog();
		const refreshed = await client.acquireTokenSilent({
			account: accounts[0],
			scopes,
			forceRefresh: true,
		});
		expect(refreshed.fromCache).toBe(false);
		expect(refreshed.accessToken).not.toBe(result.accessToken);
		expect(
			identityCalls().map((entry) => `${entry.method} ${entry.path.split('?')[0]} ${entry.status}`),
		).toEqual([`POST /${DEMO_TENANT_ID}/oauth2/v2.0/token 200`]);
		expect(await graphStatus(refreshed.accessToken, '/me')).toBe(200);
	});

	it('is refused invalid_grant AADSTS50148 with a wrong code_verifier, and AADSTS70000 with another redirect URI', async () => {
		const client = app(DELEGATED_APP);
		const { challenge } = await new CryptoProvider().generatePkceCodes();
		const other = await new CryptoProvider().generatePkceCodes();
		const code = await signIn(
			await client.getAuthCodeUrl({
				scopes,
				redirectUri: REDIRECT,
				codeChallenge: challenge,
				codeChallengeMethod: 'S256',
			}),
		);
		const wrong = (await client
			.acquireTokenByCode({ code, scopes, redirectUri: REDIRECT, codeVerifier: other.verifier })
			.catch((error: unknown) => error)) as AuthError;
		expect(wrong.errorCode).toBe('invalid_grant');
		expect(wrong.errorMessage).toMatch(
			/^Error\(s\): 50148 - .* - Description: AADSTS50148: The code_verifier does not match the code_challenge/,
		);

		const plain = await signIn(await client.getAuthCodeUrl({ scopes, redirectUri: REDIRECT }));
		const mismatch = (await client
			.acquireTokenByCode({ code: plain, scopes, redirectUri: 'http://localhost/elsewhere' })
			.catch((error: unknown) => error)) as AuthError;
		expect(mismatch.errorCode).toBe('invalid_grant');
		expect(mismatch.errorMessage).toMatch(
			/^Error\(s\): 70000 - .* - Description: AADSTS70000: The provided value for the 'redirect_uri' is not valid/,
		);
	});
});
