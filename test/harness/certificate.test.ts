import { X509Certificate, createHash, createPrivateKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { tokenApiError } from '../../nodes/transport/errors';
import { CLIENT_ASSERTION_TYPE } from '../emulator/client-assertion';
import {
	DEMO_CERTIFICATE,
	EC_CERTIFICATE,
	UNREGISTERED_CERTIFICATE,
} from '../emulator/demo-certificate';
import type { RunningEmulator } from '../emulator';
import { DELEGATED_APP, DEMO_APP, DEMO_TENANT_ID, startEmulator } from '../emulator';
import type { HarnessCredentials } from './credentials';
import { resolveCredentialProperties } from './credentials';

/**
 * The package's certificate sign-in as n8n 2.41.1 performs it: the credential's fields resolved the
 * way n8n's CredentialsHelper does, handed to n8n's own OAuth2 client (@n8n/client-oauth2, with
 * `resolveClientAuthOptions` as n8n-core's createOAuth2Client and the OAuth2 callback controller call
 * it) and n8n's client assertion builder (@n8n/utils/client-assertion), all loaded from the installed
 * n8n runtime (test/runtime/n8n). The emulator checks each assertion as Entra does
 * (client-assertion.ts; codes from https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 * and https://learn.microsoft.com/entra/identity-platform/certificate-credentials).
 */
const RUNTIME = join(__dirname, '../runtime/n8n/node_modules');
const installed =
	existsSync(join(RUNTIME, '@n8n/client-oauth2/dist/index.js')) &&
	existsSync(join(RUNTIME, '@n8n/utils/dist/client-assertion.cjs'));
const describeRuntime = installed ? describe : describe.skip;

interface OAuthToken {
	accessToken: string;
	refreshToken?: string;
	data: Record<string, unknown>;
	refresh(): Promise<OAuthToken>;
}
interface N8nOAuth2 {
	ClientOAuth2: new (options: Record<string, unknown>) => {
		credentials: { getToken(): Promise<OAuthToken> };
		code: { getUri(): string; getToken(url: string): Promise<OAuthToken> };
	};
	resolveClientAuthOptions(credential: Record<string, unknown>): Record<string, unknown>;
}
interface N8nAssertion {
	buildClientAssertion(options: {
		clientId: string;
		accessTokenUri: string;
		privateKey: string;
		certificate: string;
	}): string;
}

const runtimeRequire = createRequire(__filename);
const load = <T>(path: string): T => runtimeRequire(join(RUNTIME, path)) as T;

describeRuntime("certificate sign-in through n8n 2.41's OAuth2 client (test/runtime/n8n)", () => {
	let emu: RunningEmulator;
	let oauth: N8nOAuth2;
	let n8nAssertion: N8nAssertion;
	beforeAll(async () => {
		emu = await startEmulator();
		oauth = load<N8nOAuth2>('@n8n/client-oauth2');
		n8nAssertion = load<N8nAssertion>('@n8n/utils/dist/client-assertion.cjs');
	});
	afterAll(() => emu.stop());
	beforeEach(() => emu.admin.reset());

	const credential = (overrides: Partial<HarnessCredentials> = {}) =>
		resolveCredentialProperties({
			grantType: 'clientCredentials',
			cloud: 'custom',
			tenantId: DEMO_TENANT_ID,
			graphBaseUrl: emu.url,
			loginBaseUrl: emu.url,
			clientId: DEMO_APP.clientId,
			clientSecret: '',
			clientCredentialType: 'certificate',
			privateKey: DEMO_CERTIFICATE.privateKey,
			certificate: DEMO_CERTIFICATE.certificate,
			...overrides,
		});

	/** As n8n-core's createOAuth2Client builds the client from the credential (n8n 2.41.1). */
	const client = (data: Record<string, unknown>, redirectUri?: string) =>
		new oauth.ClientOAuth2({
			clientId: data.clientId,
			...oauth.resolveClientAuthOptions(data),
			accessTokenUri: data.accessTokenUrl,
			authorizationUri: data.authUrl,
			redirectUri,
			scopes: String(data.scope).split(' ').filter(Boolean),
			authentication: data.authentication ?? 'header',
		});

	/** What the node's transport makes of n8n's token error (its AuthError keeps Entra's body). */
	const nodeMessage = (error: Error & { body?: unknown }) =>
		tokenApiError(
			{
				id: 'n',
				name: 'Entra',
				type: 'n8n-nodes-entra-id.microsoftEntraId',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{ oauthMessage: error.message, body: error.body },
			[DEMO_CERTIFICATE.privateKey, DEMO_CERTIFICATE.certificate],
		).message;

	const failure = async (promise: Promise<unknown>) => {
		try {
			await promise;
		} catch (error) {
			return error as Error & { body?: { error_codes?: number[]; error_description?: string } };
		}
		throw new Error('expected the token request to fail');
	};

	test('client credentials: the credential with a certificate gets an app-only token that reads Graph', async () => {
		const data = credential();
		expect(data.clientCredentialType).toBe('certificate');
		const token = await client(data).credentials.getToken();
		const users = await fetch(`${emu.url}/v1.0/users?$top=1`, {
			headers: { Authorization: `Bearer ${token.accessToken}` },
		});
		expect(users.status).toBe(200);
	});

	test('authorization code: the code exchange and the refresh are authenticated with the certificate', async () => {
		const redirect = 'http://localhost:5678/rest/oauth2-credential/callback';
		const data = credential({ grantType: 'authorizationCode', clientId: DELEGATED_APP.clientId });
		const oauthClient = client(data, redirect);
		const answer = await fetch(oauthClient.code.getUri(), { redirect: 'manual' });
		const token = await oauthClient.code.getToken(answer.headers.get('location') as string);
		expect(token.refreshToken).toBeDefined();
		const refreshed = await token.refresh();
		expect(refreshed.accessToken).not.toBe(token.accessToken);
	});

	test('Client Secret stays the default: a saved credential without the field sends its secret', async () => {
		const data = credential({
			clientCredentialType: undefined,
			privateKey: undefined,
			certificate: undefined,
			clientSecret: DEMO_APP.clientSecret,
		});
		expect(data.clientCredentialType).toBe('clientSecret');
		await expect(client(data).credentials.getToken()).resolves.toHaveProperty('accessToken');
	});

	// n8n's formatPemBlock: a PEM pasted on one line (spaces or literal \n for line breaks) still works.
	test.each([
		['spaces for line breaks', (pem: string) => pem.replace(/\n/g, ' ')],
		['literal \\n for line breaks', (pem: string) => pem.replace(/\n/g, '\\n')],
		['no line breaks at all', (pem: string) => pem.replace(/\n/g, '')],
	])('PEM pasted with %s', async (_name, flatten) => {
		const data = credential({
			privateKey: flatten(DEMO_CERTIFICATE.privateKey),
			certificate: flatten(DEMO_CERTIFICATE.certificate),
		});
		await expect(client(data).credentials.getToken()).resolves.toHaveProperty('accessToken');
	});

	// README: a PKCS#1 key ("BEGIN RSA PRIVATE KEY") works, also pasted on one line; an encrypted key does not.
	test('a PKCS#1 RSA key works; an encrypted key is refused with a message that holds no key material', async () => {
		const pkcs1 = createPrivateKey(DEMO_CERTIFICATE.privateKey)
			.export({ type: 'pkcs1', format: 'pem' })
			.toString();
		expect(pkcs1).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
		await expect(
			client(credential({ privateKey: pkcs1 })).credentials.getToken(),
		).resolves.toHaveProperty('accessToken');
		await expect(
			client(credential({ privateKey: pkcs1.replace(/\n/g, ' ') })).credentials.getToken(),
		).resolves.toHaveProperty('accessToken');
		const encrypted = createPrivateKey(DEMO_CERTIFICATE.privateKey)
			.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'test-only' })
			.toString();
		const error = await failure(
			client(credential({ privateKey: encrypted })).credentials.getToken(),
		);
		expect(error.message).toMatch(/Private Key/);
		// n8n names the expected PEM header; no part of the key itself.
		expect(error.message).not.toMatch(/MII[A-Za-z0-9+/]{16}|ENCRYPTED/);
	});

	test('an EC key is refused before any request, with a message that names RSA and holds no key material', async () => {
		const error = await failure(
			client(
				credential({
					privateKey: EC_CERTIFICATE.privateKey,
					certificate: EC_CERTIFICATE.certificate,
				}),
			).credentials.getToken(),
		);
		expect(error.message).toMatch(/RSA/);
		expect(error.message).not.toMatch(/BEGIN|MII/);
	});

	// The Test button's and the node's causes: the emulator answers as Entra, n8n keeps the body on its AuthError.
	test.each([
		[
			'certificate not uploaded',
			700027,
			() =>
				credential({
					privateKey: UNREGISTERED_CERTIFICATE.privateKey,
					certificate: UNREGISTERED_CERTIFICATE.certificate,
				}),
			/key was not found/,
			/certificate is not uploaded to the app registration/,
		],
		[
			'wrong key for the certificate',
			700027,
			() => credential({ privateKey: UNREGISTERED_CERTIFICATE.privateKey }),
			/signature value did not match/,
			/private key does not belong to the certificate/,
		],
	])('%s: AADSTS%s, and the node names the cause', async (_name, code, data, reason, cause) => {
		const error = await failure(client(data()).credentials.getToken());
		expect(error.body?.error_codes).toEqual([code]);
		expect(error.body?.error_description).toMatch(reason);
		expect(nodeMessage(error)).toMatch(cause);
	});

	test('expired certificate registration: AADSTS700027 "The key used is expired"', async () => {
		emu.admin.setKeyCredentials(DEMO_APP.clientId, []);
		emu.admin.registerCertificate(DEMO_APP.clientId, DEMO_CERTIFICATE.certificate, {
			startDateTime: '2020-01-01T00:00:00Z',
			endDateTime: '2021-01-01T00:00:00Z',
		});
		const error = await failure(client(credential()).credentials.getToken());
		expect(error.body?.error_description).toMatch(/AADSTS700027: .*The key used is expired/);
		expect(nodeMessage(error)).toMatch(/certificate registered on the app has expired/);
	});

	test("clock skew: a login server 10 minutes ahead refuses n8n's 5-minute assertion with AADSTS700024", async () => {
		const ahead = await startEmulator({ clockOffsetSeconds: 10 * 60 + 5 * 60 + 30 });
		try {
			const data = credential({ graphBaseUrl: ahead.url, loginBaseUrl: ahead.url });
			const error = await failure(client(data).credentials.getToken());
			expect(error.body?.error_codes).toEqual([700024]);
			expect(nodeMessage(error)).toMatch(/clock differs from Microsoft's by more than 5 minutes/);
		} finally {
			await ahead.stop();
		}
	});

	describe("n8n's assertion (RS256, x5t) is accepted and fails on every tampered field", () => {
		const tokenUrl = () => `${emu.url}/${DEMO_TENANT_ID}/oauth2/v2.0/token`;
		const build = () =>
			n8nAssertion.buildClientAssertion({
				clientId: DEMO_APP.clientId,
				accessTokenUri: tokenUrl(),
				privateKey: DEMO_CERTIFICATE.privateKey,
				certificate: DEMO_CERTIFICATE.certificate,
			});
		const send = async (assertion: string) => {
			const body = new URLSearchParams({
				grant_type: 'client_credentials',
				client_id: DEMO_APP.clientId,
				scope: `${emu.url}/.default`,
				client_assertion_type: CLIENT_ASSERTION_TYPE,
				client_assertion: assertion,
			});
			const response = await fetch(tokenUrl(), { method: 'POST', body });
			return {
				status: response.status,
				body: (await response.json()) as { error_codes?: number[] },
			};
		};
		const decode = (part: string) =>
			JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
		const encode = (value: Record<string, unknown>) =>
			Buffer.from(JSON.stringify(value)).toString('base64url');
		const tamper = (assertion: string, index: 0 | 1, change: Record<string, unknown>) => {
			const parts = assertion.split('.');
			parts[index] = encode({ ...decode(parts[index]), ...change });
			return parts.join('.');
		};

		test("header and claims are what Microsoft's earlier certificate credentials page documents", async () => {
			const assertion = build();
			const [header, claims] = assertion.split('.').slice(0, 2).map(decode);
			const sha1 = createHash('sha1')
				.update(new X509Certificate(DEMO_CERTIFICATE.certificate).raw)
				.digest('base64url');
			expect(header).toEqual({ alg: 'RS256', typ: 'JWT', x5t: sha1 });
			expect(claims).toMatchObject({
				aud: tokenUrl(),
				iss: DEMO_APP.clientId,
				sub: DEMO_APP.clientId,
			});
			expect(typeof claims.jti).toBe('string');
			expect(Number(claims.exp) - Number(claims.nbf)).toBeLessThanOrEqual(600);
			expect(build().split('.')[1]).not.toBe(assertion.split('.')[1]); // jti unique
			expect((await send(assertion)).status).toBe(200);
		});

		const now = () => Math.floor(Date.now() / 1000);
		test.each([
			['alg', 700027, 0, () => ({ alg: 'PS256' })],
			['x5t', 700027, 0, () => ({ x5t: Buffer.alloc(20, 7).toString('base64url') })],
			['aud', 700023, 1, () => ({ aud: `${emu.url}/fabrikam.onmicrosoft.com/oauth2/v2.0/token` })],
			['iss', 700021, 1, () => ({ iss: DELEGATED_APP.clientId })],
			['sub', 700021, 1, () => ({ sub: DELEGATED_APP.clientId })],
			['exp', 700024, 1, () => ({ exp: now() - 3600 })],
			['nbf', 700024, 1, () => ({ nbf: now() + 3600 })],
			['jti', 700027, 1, () => ({ jti: 'another' })],
			['iat', 700027, 1, () => ({ iat: now() - 60 })],
		] as const)('tampered %s: AADSTS%s', async (_field, code, index, change) => {
			const answer = await send(tamper(build(), index, change()));
			expect(answer.status).toBe(401);
			expect(answer.body.error_codes).toEqual([code]);
		});

		test('tampered signature: AADSTS700027', async () => {
			const parts = build().split('.');
			const signature = Buffer.from(parts[2], 'base64url');
			signature[0] ^= 0xff;
			parts[2] = signature.toString('base64url');
			expect((await send(parts.join('.'))).body.error_codes).toEqual([700027]);
		});
	});
});

if (!installed) {
	test.skip('certificate sign-in through n8n 2.41 needs the n8n runtime in test/runtime/n8n (npm start installs it)', () =>
		undefined);
}

/**
 * n8n before 2.30 has no certificate sign-in: n8n-core 2.8.1 (this package's devDependency, as in
 * the n8n 2.8.4 runtime) ignores the certificate fields and sends the (hidden, empty) client secret.
 * Entra answers AADSTS7000218; the node's error says from which n8n version certificates work.
 */
describe('certificate sign-in on n8n before 2.30 (n8n-core 2.8.1): the documented limit', () => {
	let emu: RunningEmulator;
	beforeAll(async () => {
		emu = await startEmulator();
	});
	afterAll(() => emu.stop());

	test('the node fails with "needs n8n 2.30 or later" before any token request, no key material in the error', async () => {
		const { MicrosoftEntraId } = await import('../../nodes/MicrosoftEntraId/MicrosoftEntraId.node');
		const { executeNode } = await import('./run');
		const credentials: HarnessCredentials = {
			grantType: 'clientCredentials',
			cloud: 'custom',
			tenantId: DEMO_TENANT_ID,
			graphBaseUrl: emu.url,
			loginBaseUrl: emu.url,
			clientId: DEMO_APP.clientId,
			clientSecret: '',
			clientCredentialType: 'certificate',
			privateKey: DEMO_CERTIFICATE.privateKey,
			certificate: DEMO_CERTIFICATE.certificate,
		};
		let caught: (Error & { description?: string }) | undefined;
		try {
			await executeNode(
				new MicrosoftEntraId(),
				{ resource: 'user', operation: 'getAll', limit: 1 },
				[{ json: {} }],
				{ credentials },
			);
		} catch (error) {
			caught = error as Error & { description?: string };
		}
		expect(caught?.message).toMatch(/certificate sign-in needs n8n 2\.30 or later/);
		expect(
			JSON.stringify({ message: caught?.message, description: caught?.description }),
		).not.toMatch(/BEGIN|MII/);
	});
});
