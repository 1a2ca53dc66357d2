import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { execFileSync } from 'node:child_process';
import { X509Certificate, createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEMO_CERTIFICATE, UNREGISTERED_CERTIFICATE } from './demo-certificate';
import type { RunningEmulator } from './index';
import { DEMO_APP, DEMO_TENANT_ID, startEmulator } from './index';

/**
 * Microsoft's own client as the independent check of the emulator's certificate credentials:
 * @azure/msal-node acquires an app-only token with `clientCertificate` (docs: "Microsoft identity
 * platform application authentication certificate credentials",
 * https://learn.microsoft.com/entra/identity-platform/certificate-credentials; MSAL Node "Initialize
 * confidential client applications" / certificate credentials). With `thumbprintSha256` MSAL signs
 * PS256 with `x5t#S256` (the current page), with `thumbprint` RS256 with `x5t` (the earlier one).
 *
 * MSAL accepts https authorities only, so the test puts a loopback TLS front (a self-signed
 * certificate made with the openssl CLI for this run) before the emulator. MSAL's network client is
 * replaced by one that trusts exactly that certificate; the assertion, the token request and the
 * response handling stay MSAL's.
 */

const hex = (pem: string, hash: 'sha1' | 'sha256') =>
	createHash(hash).update(new X509Certificate(pem).raw).digest('hex').toUpperCase();

interface Front {
	url: string;
	ca: string;
	close(): Promise<void>;
}

/** An https server on 127.0.0.1 that forwards every request to the emulator, Host header kept. */
async function tlsFront(target: string): Promise<Front> {
	const dir = mkdtempSync(join(tmpdir(), 'entra-tls-'));
	try {
		execFileSync(
			'openssl',
			[
				'req',
				'-x509',
				'-newkey',
				'rsa:2048',
				'-nodes',
				'-keyout',
				join(dir, 'key.pem'),
				'-out',
				join(dir, 'cert.pem'),
				'-days',
				'1',
				'-subj',
				'/CN=localhost',
				'-addext',
				'subjectAltName=DNS:localhost,IP:127.0.0.1',
			],
			{ stdio: 'ignore' },
		);
		const key = readFileSync(join(dir, 'key.pem'), 'utf8');
		const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
		const upstream = new URL(target);
		const server = https.createServer({ key, cert }, (req, res) => {
			const forward = http.request(
				{
					host: upstream.hostname,
					port: upstream.port,
					method: req.method,
					path: req.url,
					headers: req.headers,
				},
				(answer) => {
					res.writeHead(answer.statusCode ?? 502, answer.headers);
					answer.pipe(res);
				},
			);
			forward.on('error', () => res.destroy());
			req.pipe(forward);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
		const port = (server.address() as AddressInfo).port;
		return {
			url: `https://localhost:${port}`,
			ca: cert,
			close: () =>
				new Promise<void>((resolve) => {
					server.close(() => resolve());
					server.closeAllConnections();
				}),
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** MSAL's INetworkModule over node:https, trusting the front's certificate (and nothing else). */
function trustingClient(ca: string, posted: string[]): INetworkModule {
	const send = <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions) =>
		new Promise<NetworkResponse<T>>((resolve, reject) => {
			if (method === 'POST') posted.push(options?.body ?? '');
			const request = https.request(url, { method, headers: options?.headers, ca }, (response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => {
					const headers: Record<string, string> = {};
					for (const [name, value] of Object.entries(response.headers))
						if (typeof value === 'string') headers[name] = value;
					resolve({
						status: response.statusCode ?? 0,
						headers,
						body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as T,
					});
				});
			});
			request.on('error', reject);
			if (options?.body) request.write(options.body);
			request.end();
		});
	return {
		sendGetRequestAsync: (url, options) => send('GET', url, options),
		sendPostRequestAsync: (url, options) => send('POST', url, options),
	};
}

describe('@azure/msal-node signs in to the emulator with a certificate', () => {
	let emu: RunningEmulator;
	let front: Front;
	beforeAll(async () => {
		emu = await startEmulator();
		front = await tlsFront(emu.url);
	});
	afterAll(async () => {
		await front.close();
		await emu.stop();
	});
	/** The token request bodies MSAL sent. */
	let posted: string[] = [];
	beforeEach(() => {
		emu.admin.reset();
		posted = [];
	});
	const sentHeader = () => {
		const assertion = new URLSearchParams(posted[posted.length - 1]).get('client_assertion') ?? '';
		return JSON.parse(Buffer.from(assertion.split('.')[0], 'base64url').toString('utf8')) as Record<
			string,
			unknown
		>;
	};

	/** MSAL for the emulator's tenant: authority metadata given, so MSAL asks no Microsoft host. */
	const msal = (clientCertificate: {
		thumbprint?: string;
		thumbprintSha256?: string;
		privateKey: string;
		x5c?: string;
	}) => {
		const authority = `${front.url}/${DEMO_TENANT_ID}`;
		const host = new URL(front.url).host;
		return new ConfidentialClientApplication({
			auth: {
				clientId: DEMO_APP.clientId,
				authority,
				clientCertificate,
				knownAuthorities: [host],
				cloudDiscoveryMetadata: JSON.stringify({
					tenant_discovery_endpoint: `${authority}/v2.0/.well-known/openid-configuration`,
					'api-version': '1.1',
					metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
				}),
				authorityMetadata: JSON.stringify({
					token_endpoint: `${authority}/oauth2/v2.0/token`,
					authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
					end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
					issuer: `${authority}/v2.0`,
					jwks_uri: `${authority}/discovery/v2.0/keys`,
				}),
			},
			system: { networkClient: trustingClient(front.ca, posted) },
		});
	};
	const graphScope = ['https://graph.microsoft.com/.default'];

	test.each([
		[
			'thumbprintSha256',
			{ thumbprintSha256: hex(DEMO_CERTIFICATE.certificate, 'sha256') },
			'PS256',
			'x5t#S256',
		],
		['thumbprint', { thumbprint: hex(DEMO_CERTIFICATE.certificate, 'sha1') }, 'RS256', 'x5t'],
	])(
		'acquireTokenByClientCredential with %s gets a token that reads Graph (MSAL signs the right algorithm and header)',
		async (_name, thumbprint, alg, header) => {
			const result = await msal({
				...thumbprint,
				privateKey: DEMO_CERTIFICATE.privateKey,
			}).acquireTokenByClientCredential({ scopes: graphScope, skipCache: true });
			expect(sentHeader()).toMatchObject({ alg, [header]: expect.any(String) });
			expect(result?.accessToken).toBeTruthy();
			const users = await fetch(`${emu.url}/v1.0/users?$top=1`, {
				headers: { Authorization: `Bearer ${result?.accessToken}` },
			});
			expect(users.status).toBe(200);
		},
	);

	// CODES 700027 until the certificate is registered on the app through Graph ("Update application":
	// PATCH /applications/{id} with keyCredentials, type AsymmetricX509Cert, usage Verify, key = base64 DER), then a token.
	test('a certificate not registered on the app is refused with AADSTS700027 until PATCH /applications registers it', async () => {
		const client = msal({
			thumbprintSha256: hex(UNREGISTERED_CERTIFICATE.certificate, 'sha256'),
			privateKey: UNREGISTERED_CERTIFICATE.privateKey,
		});
		await expect(
			client.acquireTokenByClientCredential({ scopes: graphScope, skipCache: true }),
		).rejects.toMatchObject({
			errorCode: 'invalid_client',
			errorMessage: expect.stringContaining('AADSTS700027'),
		});
		const graphToken = emu.admin.issueToken(DEMO_APP.clientId);
		const headers = { Authorization: `Bearer ${graphToken}`, 'content-type': 'application/json' };
		const current = (await (
			await fetch(
				`${emu.url}/v1.0/applications(appId='${DEMO_APP.clientId}')?$select=id,keyCredentials`,
				{ headers },
			)
		).json()) as { id: string; keyCredentials: unknown[] };
		const key = new X509Certificate(UNREGISTERED_CERTIFICATE.certificate).raw.toString('base64');
		const patched = await fetch(`${emu.url}/v1.0/applications/${current.id}`, {
			method: 'PATCH',
			headers,
			body: JSON.stringify({
				keyCredentials: [
					...current.keyCredentials,
					{ type: 'AsymmetricX509Cert', usage: 'Verify', key, displayName: 'CN=msal' },
				],
			}),
		});
		expect(patched.status).toBe(204);
		const result = await client.acquireTokenByClientCredential({
			scopes: graphScope,
			skipCache: true,
		});
		expect(result?.accessToken).toBeTruthy();
	});

	test('the right thumbprint with another key: AADSTS700027 signature mismatch', async () => {
		const client = msal({
			thumbprintSha256: hex(DEMO_CERTIFICATE.certificate, 'sha256'),
			privateKey: UNREGISTERED_CERTIFICATE.privateKey,
		});
		await expect(
			client.acquireTokenByClientCredential({ scopes: graphScope, skipCache: true }),
		).rejects.toMatchObject({
			errorMessage: expect.stringContaining('did not match the expected signature value'),
		});
	});
});
