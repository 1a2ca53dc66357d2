import {
	X509Certificate,
	constants,
	createHash,
	createPrivateKey,
	randomUUID,
	sign,
} from 'node:crypto';

import { CLIENT_ASSERTION_TYPE, CLOCK_SKEW_SECONDS } from './client-assertion';
import { DEMO_CERTIFICATE, EC_CERTIFICATE, UNREGISTERED_CERTIFICATE } from './demo-certificate';
import type { Harness } from './helpers';
import { sharedHarness } from './helpers';
import { DELEGATED_APP, DEMO_APP, DEMO_DOMAIN, DEMO_TENANT_ID, READONLY_APP } from './index';

/**
 * Certificate credentials (private_key_jwt) at the emulator's token endpoint. Every expectation is
 * from Microsoft's pages:
 * - CERT = "Microsoft identity platform application authentication certificate credentials",
 *   https://learn.microsoft.com/entra/identity-platform/certificate-credentials (header alg/typ/x5t,
 *   x5t#S256 on the current page; claims aud, exp, iss, jti, nbf, sub, iat)
 * - CODES = "Microsoft Entra authentication and authorization error codes",
 *   https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 * - TROUBLE = "Troubleshoot service principal authentication" (ClientCertificateCredential and
 *   ClientAssertionCredential tables: 700027, 700016, 700021, 700023, 700024),
 *   https://learn.microsoft.com/azure/developer/java/sdk/troubleshooting-authentication-service-principal
 * The assertions here are built by the test itself (an independent signer): the package's own (n8n's)
 * is checked in test/harness/certificate.test.ts.
 */

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');
const thumbprint = (pem: string, hash: 'sha1' | 'sha256') =>
	createHash(hash).update(new X509Certificate(pem).raw).digest();

interface Build {
	alg?: string;
	pair?: { privateKey: string; certificate: string };
	header?: Record<string, unknown>;
	claims?: Record<string, unknown>;
	/** Changes the signed JWT after signing (tampering). */
	after?: (jwt: string) => string;
}

function assertion(aud: string, options: Build = {}): string {
	const alg = options.alg ?? 'PS256';
	const pair = options.pair ?? DEMO_CERTIFICATE;
	const now = Math.floor(Date.now() / 1000);
	const header = alg.startsWith('PS')
		? {
				alg,
				typ: 'JWT',
				'x5t#S256': b64url(thumbprint(pair.certificate, 'sha256')),
				...options.header,
			}
		: { alg, typ: 'JWT', x5t: b64url(thumbprint(pair.certificate, 'sha1')), ...options.header };
	const claims = {
		aud,
		iss: DEMO_APP.clientId,
		sub: DEMO_APP.clientId,
		jti: randomUUID(),
		nbf: now,
		iat: now,
		exp: now + 600,
		...options.claims,
	};
	const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
	const key = createPrivateKey(pair.privateKey);
	const signature = alg.startsWith('PS')
		? sign('sha256', Buffer.from(input), {
				key,
				padding: constants.RSA_PKCS1_PSS_PADDING,
				saltLength: 32,
			})
		: alg === 'ES256'
			? sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' })
			: sign('sha256', Buffer.from(input), key);
	const jwt = `${input}.${b64url(signature)}`;
	return options.after ? options.after(jwt) : jwt;
}

describe('emulator: certificate credentials (client assertions)', () => {
	const h: Harness = sharedHarness();
	const tokenUrl = (tenant = DEMO_TENANT_ID) => `${h.emu.url}/${tenant}/oauth2/v2.0/token`;
	/** What a client sends for the client credentials grant with a certificate (CERT, "Using the assertion"). */
	const request = async (jwt: string, extra: Record<string, string> = {}, tenant?: string) => {
		const body = new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: DEMO_APP.clientId,
			scope: 'https://graph.microsoft.com/.default',
			client_assertion_type: CLIENT_ASSERTION_TYPE,
			client_assertion: jwt,
			...extra,
		});
		const response = await fetch(tokenUrl(tenant), { method: 'POST', body });
		return { status: response.status, body: (await response.json()) as Record<string, any> };
	};
	const expectCode = (
		answer: { status: number; body: Record<string, any> },
		status: number,
		error: string,
		code: number,
	) => {
		expect(answer.status).toBe(status);
		expect(answer.body).toMatchObject({ error, error_codes: [code] });
		expect(answer.body.error_description).toMatch(new RegExp(`^AADSTS${code}: `));
		// No key material in an error body: neither the private key nor the certificate.
		expect(JSON.stringify(answer.body)).not.toMatch(/BEGIN|PRIVATE|MII/);
	};

	// CERT: the current page's PS256 + x5t#S256 and the earlier RS256 + x5t (SHA-1), both accepted.
	test.each(['PS256', 'RS256'])(
		'a %s assertion signed with the registered certificate gets an app-only token that works on Graph',
		async (alg) => {
			const answer = await request(assertion(tokenUrl(), { alg }));
			expect(answer.status).toBe(200);
			expect(answer.body).toMatchObject({ token_type: 'Bearer' });
			const users = await h.graph('GET', '/users?$top=1', { token: answer.body.access_token });
			expect(users.status).toBe(200);
		},
	);

	// CERT: aud is the tenant's token endpoint; the tenant may be named by a verified domain (RFC 7523 3: client_id optional).
	test('the audience may name the tenant by domain; client_id may be left out (iss names the app)', async () => {
		const answer = await request(assertion(tokenUrl(DEMO_DOMAIN)), { client_id: '' });
		expect(answer.status).toBe(200);
	});

	// The delegated app has the demo certificate too: the refresh grant authenticates the client the same way.
	test('the delegated app authenticates the authorization code grant with an assertion', async () => {
		const redirect = 'http://localhost/cb';
		const authorize = await fetch(
			`${h.emu.url}/${DEMO_TENANT_ID}/oauth2/v2.0/authorize?client_id=${DELEGATED_APP.clientId}&response_type=code&redirect_uri=${encodeURIComponent(redirect)}&scope=${encodeURIComponent('offline_access User.Read.All')}`,
			{ redirect: 'manual' },
		);
		const code = new URL(authorize.headers.get('location') as string).searchParams.get(
			'code',
		) as string;
		const claims = { iss: DELEGATED_APP.clientId, sub: DELEGATED_APP.clientId };
		const tokens = await request(assertion(tokenUrl(), { claims }), {
			grant_type: 'authorization_code',
			client_id: DELEGATED_APP.clientId,
			code,
			redirect_uri: redirect,
			scope: 'offline_access User.Read.All',
		});
		expect(tokens.status).toBe(200);
		const refreshed = await request(assertion(tokenUrl(), { claims }), {
			grant_type: 'refresh_token',
			client_id: DELEGATED_APP.clientId,
			refresh_token: tokens.body.refresh_token,
			scope: '',
		});
		expect(refreshed.status).toBe(200);
	});

	// TROUBLE/CODES 700027: "Ensure that you've uploaded the specified certificate to the Microsoft Entra application registration"
	test('a certificate that is not registered on the app: AADSTS700027, key not found', async () => {
		const answer = await request(assertion(tokenUrl(), { pair: UNREGISTERED_CERTIFICATE }));
		expectCode(answer, 401, 'invalid_client', 700027);
		expect(answer.body.error_description).toContain('The key was not found.');
		expect(answer.body.error_description).toContain(
			thumbprint(UNREGISTERED_CERTIFICATE.certificate, 'sha256').toString('hex').toUpperCase(),
		);
		// The read-only app has no certificate at all.
		const other = await request(
			assertion(tokenUrl(), { claims: { iss: READONLY_APP.clientId, sub: READONLY_APP.clientId } }),
			{ client_id: READONLY_APP.clientId },
		);
		expectCode(other, 401, 'invalid_client', 700027);
	});

	// CODES 700027; the registration's endDateTime is what Entra checks ("The key used is expired").
	test('an expired certificate registration: AADSTS700027, key expired', async () => {
		h.emu.admin.setKeyCredentials(DEMO_APP.clientId, []);
		h.emu.admin.registerCertificate(DEMO_APP.clientId, DEMO_CERTIFICATE.certificate, {
			startDateTime: '2020-01-01T00:00:00Z',
			endDateTime: '2021-01-01T00:00:00Z',
		});
		const answer = await request(assertion(tokenUrl(), { alg: 'RS256' }));
		expectCode(answer, 401, 'invalid_client', 700027);
		expect(answer.body.error_description).toContain('The key used is expired.');
		expect(answer.body.error_description).toContain(
			"Found key 'Start=2020-01-01T00:00:00Z, End=2021-01-01T00:00:00Z'",
		);
	});

	// CODES 700027: the thumbprint names a registered certificate but another key signed.
	test('signed with another key than the registered certificate: AADSTS700027, signature mismatch', async () => {
		const header = { 'x5t#S256': b64url(thumbprint(DEMO_CERTIFICATE.certificate, 'sha256')) };
		const answer = await request(assertion(tokenUrl(), { pair: UNREGISTERED_CERTIFICATE, header }));
		expectCode(answer, 401, 'invalid_client', 700027);
		expect(answer.body.error_description).toContain(
			'The provided signature value did not match the expected signature value.',
		);
	});

	// Each field of a signed assertion changed afterwards: the signature no longer matches (700027).
	test.each([
		['header alg', (jwt: string) => swapPart(jwt, 0, (header) => ({ ...header, alg: 'RS256' }))],
		[
			'payload exp',
			(jwt: string) =>
				swapPart(jwt, 1, (claims) => ({ ...claims, exp: Number(claims.exp) + 3600 })),
		],
		[
			'payload jti',
			(jwt: string) => swapPart(jwt, 1, (claims) => ({ ...claims, jti: randomUUID() })),
		],
		[
			'signature',
			(jwt: string) => `${jwt.slice(0, -6)}${jwt.slice(-6) === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA'}`,
		],
	])('tampered %s after signing: AADSTS700027', async (_name, after) => {
		expectCode(await request(assertion(tokenUrl(), { after })), 401, 'invalid_client', 700027);
	});

	// TROUBLE 700021: "the sub and issuer values ... should be equal to the clientId"
	test.each([{ iss: READONLY_APP.clientId }, { sub: READONLY_APP.clientId }, { sub: undefined }])(
		'iss/sub not the client id (%o): AADSTS700021',
		async (claims) => {
			expectCode(await request(assertion(tokenUrl(), { claims })), 401, 'invalid_client', 700021);
		},
	);

	// TROUBLE 700023: "Client assertion audience claim does not match Realm issuer"
	test.each([
		['another tenant', () => tokenUrl('fabrikam.onmicrosoft.com')],
		['another host', () => `https://login.microsoftonline.com/${DEMO_TENANT_ID}/oauth2/v2.0/token`],
		['the authorize endpoint', () => `${h.emu.url}/${DEMO_TENANT_ID}/oauth2/v2.0/authorize`],
	])('audience %s: AADSTS700023', async (_name, aud) => {
		expectCode(await request(assertion(aud())), 401, 'invalid_client', 700023);
	});

	// TROUBLE 700024: "Client assertion is not within its valid time range"; clock skew allowance of 5 minutes.
	test('expired, not yet valid or without exp: AADSTS700024; within the clock skew allowance it passes', async () => {
		const now = Math.floor(Date.now() / 1000);
		const late = { nbf: now - 3600, iat: now - 3600, exp: now - CLOCK_SKEW_SECONDS - 30 };
		const early = {
			nbf: now + CLOCK_SKEW_SECONDS + 60,
			iat: now + CLOCK_SKEW_SECONDS + 60,
			exp: now + 3600,
		};
		for (const claims of [late, early, { exp: undefined }]) {
			const answer = await request(assertion(tokenUrl(), { claims }));
			expectCode(answer, 401, 'invalid_client', 700024);
			expect(answer.body.error_description).toContain('Current time:');
		}
		const skewed = { nbf: now + 120, iat: now + 120, exp: now + 420 };
		expect((await request(assertion(tokenUrl(), { claims: skewed }))).status).toBe(200);
		const justExpired = { nbf: now - 600, iat: now - 600, exp: now - 60 };
		expect((await request(assertion(tokenUrl(), { claims: justExpired }))).status).toBe(200);
	});

	// An EC (ES256) assertion is refused: Entra signs and checks client assertions with RSA only.
	test('an EC key (ES256): refused', async () => {
		h.emu.admin.registerCertificate(DEMO_APP.clientId, EC_CERTIFICATE.certificate);
		const jwt = assertion(tokenUrl(), {
			alg: 'ES256',
			pair: EC_CERTIFICATE,
			header: { 'x5t#S256': b64url(thumbprint(EC_CERTIFICATE.certificate, 'sha256')) },
		});
		const answer = await request(jwt);
		expect(answer.status).toBe(401);
		expect(answer.body.error).toBe('invalid_client');
	});

	// CODES 700016 (unknown app), 90014 (missing field), 50027 (malformed JWT).
	test('unknown app, wrong assertion type, malformed assertion', async () => {
		const unknown = '11111111-2222-3333-4444-555555555555';
		expectCode(
			await request(assertion(tokenUrl(), { claims: { iss: unknown, sub: unknown } }), {
				client_id: unknown,
			}),
			400,
			'unauthorized_client',
			700016,
		);
		expectCode(
			await request(assertion(tokenUrl()), {
				client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer',
			}),
			400,
			'invalid_request',
			90014,
		);
		expectCode(await request('not-a-jwt'), 400, 'invalid_request', 50027);
	});

	test("the admin HTTP API registers and lists an app's certificates", async () => {
		const admin = (path: string, method: string, body?: unknown) =>
			fetch(`${h.emu.url}/_emulator/apps/${DEMO_APP.clientId}/${path}`, {
				method,
				body: body === undefined ? undefined : JSON.stringify(body),
				headers: { 'content-type': 'application/json' },
			});
		expect((await request(assertion(tokenUrl(), { pair: UNREGISTERED_CERTIFICATE }))).status).toBe(
			401,
		);
		const added = (await (
			await admin('certificates', 'POST', { certificate: UNREGISTERED_CERTIFICATE.certificate })
		).json()) as Record<string, unknown>;
		expect(added).toMatchObject({
			type: 'AsymmetricX509Cert',
			usage: 'Verify',
			customKeyIdentifier: thumbprint(UNREGISTERED_CERTIFICATE.certificate, 'sha1').toString(
				'base64',
			),
		});
		expect((await request(assertion(tokenUrl(), { pair: UNREGISTERED_CERTIFICATE }))).status).toBe(
			200,
		);
		const listed = (await (await admin('keyCredentials', 'GET')).json()) as { value: unknown[] };
		expect(listed.value).toHaveLength(2);
		await admin('keyCredentials', 'PUT', { value: [] });
		expect((await request(assertion(tokenUrl()))).body.error_codes).toEqual([700027]);
	});

	test("reset restores the demo app's certificate", async () => {
		h.emu.admin.setKeyCredentials(DEMO_APP.clientId, []);
		h.emu.admin.reset();
		expect(h.emu.admin.keyCredentials(DEMO_APP.clientId)).toHaveLength(1);
		expect((await request(assertion(tokenUrl()))).status).toBe(200);
	});
});

function swapPart(
	jwt: string,
	index: 0 | 1,
	change: (value: Record<string, unknown>) => Record<string, unknown>,
): string {
	const parts = jwt.split('.');
	parts[index] = b64url(
		JSON.stringify(change(JSON.parse(Buffer.from(parts[index], 'base64url').toString('utf8')))),
	);
	return parts.join('.');
}
