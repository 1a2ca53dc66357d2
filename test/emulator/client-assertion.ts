import { X509Certificate, constants, createHash, randomUUID, verify } from 'node:crypto';

import { DEMO_CERTIFICATE } from './demo-certificate';

/**
 * Certificate credentials of an app registration and the check of a client assertion, as the Microsoft
 * identity platform does it (docs: "Microsoft identity platform application authentication certificate
 * credentials", https://learn.microsoft.com/entra/identity-platform/certificate-credentials; the
 * AADSTS codes from "Microsoft Entra authentication and authorization error codes",
 * https://learn.microsoft.com/entra/identity-platform/reference-error-codes, and "Troubleshoot service
 * principal authentication", https://learn.microsoft.com/azure/developer/java/sdk/troubleshooting-authentication-service-principal).
 *
 * Both forms of the assertion are accepted, as Entra does: the current page's PS256 with an `x5t#S256`
 * (SHA-256 thumbprint) header, and the earlier RS256 with `x5t` (SHA-1), which MSAL's `thumbprint` and
 * n8n 2.30+ send. Not modelled: `jti` replay (Entra does not document rejecting a reused `jti` of a
 * client assertion), certificate chains (Entra checks the key only, not the issuer).
 */
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * Entra's allowance for clocks that differ: the page does not name one; 5 minutes is the default of
 * Microsoft.IdentityModel's TokenValidationParameters.DefaultClockSkew ("300 seconds (5 minutes)").
 */
export const CLOCK_SKEW_SECONDS = 300;

const DOCS =
	'Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .';

/** Graph's keyCredential resource (docs: "keyCredential resource type"), as the emulator stores it. */
export interface KeyCredential {
	keyId: string;
	type: 'AsymmetricX509Cert';
	usage: 'Verify';
	displayName: string;
	/** The certificate, base64 DER (what `PATCH /applications/{id}` sends in `key`). */
	key: string;
	/** The SHA-1 thumbprint, base64 (Graph's Edm.Binary; the portal sets it from the certificate). */
	customKeyIdentifier: string;
	startDateTime: string;
	endDateTime: string;
}

/** The fields of Entra's error answer; identity.ts turns them into the token endpoint's body. */
export interface AssertionFailure {
	status: number;
	error: string;
	aadsts: number;
	message: string;
}

export type AssertionResult = { ok: true; clientId: string } | ({ ok: false } & AssertionFailure);

interface ParsedCertificate {
	der: Buffer;
	sha1: Buffer;
	sha256: Buffer;
	publicKey: X509Certificate['publicKey'];
	validFrom: string;
	validTo: string;
}

function parseCertificate(pemOrBase64Der: string): ParsedCertificate {
	const text = pemOrBase64Der.trim();
	const cert = new X509Certificate(
		text.startsWith('-----BEGIN') ? text : Buffer.from(text, 'base64'),
	);
	const der = cert.raw;
	return {
		der,
		sha1: createHash('sha1').update(der).digest(),
		sha256: createHash('sha256').update(der).digest(),
		publicKey: cert.publicKey,
		validFrom: new Date(cert.validFrom).toISOString(),
		validTo: new Date(cert.validTo).toISOString(),
	};
}

/** A keyCredential for a certificate; start and end default to the certificate's validity, as in the portal. */
export function keyCredentialFor(
	certificatePem: string,
	options: {
		displayName?: string;
		startDateTime?: string;
		endDateTime?: string;
		keyId?: string;
	} = {},
): KeyCredential {
	const cert = parseCertificate(certificatePem);
	return {
		keyId: options.keyId ?? randomUUID(),
		type: 'AsymmetricX509Cert',
		usage: 'Verify',
		displayName: options.displayName ?? 'CN=certificate',
		key: cert.der.toString('base64'),
		customKeyIdentifier: cert.sha1.toString('base64'),
		startDateTime: options.startDateTime ?? cert.validFrom,
		endDateTime: options.endDateTime ?? cert.validTo,
	};
}

const fail = (status: number, error: string, aadsts: number, message: string): AssertionResult => ({
	ok: false,
	status,
	error,
	aadsts,
	message,
});
const invalidClient = (aadsts: number, message: string) =>
	fail(401, 'invalid_client', aadsts, message);

/** RFC 7518 3.3 / 3.5: the RSA algorithms a JWS may use; Entra accepts these for client assertions. */
const ALGORITHMS: Record<string, { hash: string; pss: boolean }> = {
	RS256: { hash: 'sha256', pss: false },
	RS384: { hash: 'sha384', pss: false },
	RS512: { hash: 'sha512', pss: false },
	PS256: { hash: 'sha256', pss: true },
	PS384: { hash: 'sha384', pss: true },
	PS512: { hash: 'sha512', pss: true },
};
const SALT_LENGTH: Record<string, number> = { sha256: 32, sha384: 48, sha512: 64 };

interface Jwt {
	header: Record<string, unknown>;
	payload: Record<string, unknown>;
	signingInput: string;
	signature: Buffer;
}

function decodeJwt(assertion: string): Jwt | undefined {
	const parts = assertion.split('.');
	if (parts.length !== 3) return undefined;
	try {
		const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as unknown;
		const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
		if (!header || typeof header !== 'object' || !payload || typeof payload !== 'object')
			return undefined;
		return {
			header: header as Record<string, unknown>,
			payload: payload as Record<string, unknown>,
			signingInput: `${parts[0]}.${parts[1]}`,
			signature: Buffer.from(parts[2], 'base64url'),
		};
	} catch {
		return undefined;
	}
}

export interface AssertionContext {
	/** The `client_id` of the request, if sent (RFC 7523 3.2 makes it optional). */
	clientId?: string;
	/** The tenant segment of the request path. */
	tenant: string;
	/** `http://{Host}` of the request: the audience must be this host's token endpoint. */
	endpoint: string;
	now: number;
	/** Whether two tenant spellings (id, verified domain) name the same tenant. */
	sameTenant(a: string, b: string): boolean;
	/** The app's keyCredentials; undefined = no such app. */
	keysOf(clientId: string): KeyCredential[] | undefined;
}

/** The audience Entra expects: this tenant's v2.0 token endpoint on the host the client talked to. */
function audienceMatches(aud: unknown, context: AssertionContext): boolean {
	const values = Array.isArray(aud) ? aud : [aud];
	return values.some((value) => {
		if (typeof value !== 'string') return false;
		let url: URL;
		try {
			url = new URL(value);
		} catch {
			return false;
		}
		const expected = new URL(context.endpoint);
		const match = /^\/([^/]+)\/oauth2\/v2\.0\/token\/?$/.exec(url.pathname);
		return (
			url.host.toLowerCase() === expected.host.toLowerCase() &&
			!!match &&
			context.sameTenant(decodeURIComponent(match[1]), context.tenant)
		);
	});
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Checks `client_assertion_type` + `client_assertion` of a token request; never echoes key material. */
export function checkClientAssertion(
	form: URLSearchParams,
	context: AssertionContext,
): AssertionResult {
	const type = form.get('client_assertion_type');
	const assertion = form.get('client_assertion');
	if (type !== CLIENT_ASSERTION_TYPE) {
		return fail(
			400,
			'invalid_request',
			90014,
			`The required field 'client_assertion_type' is missing from the credential or is not '${CLIENT_ASSERTION_TYPE}'. Ensure that you have all the necessary parameters for the login request.`,
		);
	}
	if (!assertion)
		return fail(
			400,
			'invalid_request',
			90014,
			"The required field 'client_assertion' is missing from the credential. Ensure that you have all the necessary parameters for the login request.",
		);
	const jwt = decodeJwt(assertion);
	if (!jwt) return fail(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.');
	const { header, payload } = jwt;

	const clientId = context.clientId || (typeof payload.iss === 'string' ? payload.iss : '');
	const keys = context.keysOf(clientId);
	if (!keys) {
		return fail(
			400,
			'unauthorized_client',
			700016,
			`Application with identifier '${clientId}' was not found in the directory '${context.tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
		);
	}
	if (payload.iss !== clientId || payload.sub !== clientId) {
		return invalidClient(
			700021,
			`Client assertion application identifier doesn't match 'client_id' parameter. ${DOCS}`,
		);
	}
	if (!audienceMatches(payload.aud, context)) {
		return invalidClient(
			700023,
			`Client assertion audience claim does not match Realm issuer. ${DOCS}`,
		);
	}
	const timeProblem = timeWindow(payload, context.now);
	if (timeProblem) return timeProblem;

	const algorithm = typeof header.alg === 'string' ? ALGORITHMS[header.alg] : undefined;
	if (!algorithm) {
		return invalidClient(
			5002738,
			`Invalid JWT token. '${String(header.alg)}' is not a supported signature algorithm. Supported signing algorithms are: '${Object.keys(ALGORITHMS).join(', ')}'`,
		);
	}
	return checkSignature(jwt, algorithm, keys, clientId, context.now);
}

/** exp required, nbf optional; both checked with the clock skew allowance (AADSTS700024). */
function timeWindow(payload: Record<string, unknown>, nowMs: number): AssertionResult | undefined {
	const now = Math.floor(nowMs / 1000);
	const exp = typeof payload.exp === 'number' ? payload.exp : undefined;
	const nbf = typeof payload.nbf === 'number' ? payload.nbf : undefined;
	if (
		exp === undefined ||
		now >= exp + CLOCK_SKEW_SECONDS ||
		(nbf !== undefined && now < nbf - CLOCK_SKEW_SECONDS)
	) {
		const from = nbf === undefined ? 'unknown' : iso(nbf);
		const until = exp === undefined ? 'unknown' : iso(exp);
		return invalidClient(
			700024,
			`Client assertion is not within its valid time range. Current time: ${iso(now)}, assertion valid from ${from}, expiry time of assertion ${until}. ${DOCS}`,
		);
	}
	return undefined;
}

/** Thumbprint lookup (`x5t#S256` first, else `x5t`), the key's own validity, then the signature (AADSTS700027). */
function checkSignature(
	jwt: Jwt,
	algorithm: { hash: string; pss: boolean },
	keys: KeyCredential[],
	clientId: string,
	nowMs: number,
): AssertionResult {
	const sha256 =
		typeof jwt.header['x5t#S256'] === 'string'
			? Buffer.from(jwt.header['x5t#S256'], 'base64url')
			: undefined;
	const sha1 =
		typeof jwt.header.x5t === 'string' ? Buffer.from(jwt.header.x5t, 'base64url') : undefined;
	const shown = (sha256 ?? sha1 ?? Buffer.alloc(0)).toString('hex').toUpperCase();
	const reason = (text: string, found?: KeyCredential) =>
		invalidClient(
			700027,
			`Client assertion contains an invalid signature. [Reason - ${text}, Thumbprint of key used by client: '${shown}'${found ? `, Found key 'Start=${found.startDateTime}, End=${found.endDateTime}'` : `, Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'`}. ${DOCS}]`,
		);
	const match = keys
		.filter((key) => key.type === 'AsymmetricX509Cert' && key.usage === 'Verify')
		.map((key) => ({ key, cert: parseCertificate(key.key) }))
		.find(({ cert }) =>
			sha256 ? cert.sha256.equals(sha256) : sha1 ? cert.sha1.equals(sha1) : false,
		);
	if (!match) return reason('The key was not found.');
	const now = nowMs;
	if (Date.parse(match.key.endDateTime) <= now)
		return reason('The key used is expired.', match.key);
	if (Date.parse(match.key.startDateTime) > now)
		return reason('The key used is not yet valid.', match.key);
	const publicKey = algorithm.pss
		? {
				key: match.cert.publicKey,
				padding: constants.RSA_PKCS1_PSS_PADDING,
				saltLength: SALT_LENGTH[algorithm.hash],
			}
		: { key: match.cert.publicKey, padding: constants.RSA_PKCS1_PADDING };
	let valid = false;
	try {
		valid =
			match.cert.publicKey.asymmetricKeyType === 'rsa' &&
			verify(algorithm.hash, Buffer.from(jwt.signingInput), publicKey, jwt.signature);
	} catch {
		valid = false;
	}
	if (!valid)
		return reason(
			'The provided signature value did not match the expected signature value.',
			match.key,
		);
	return { ok: true, clientId };
}

/** The demo app's registered certificate (test/emulator/demo-certificate.ts, TEST ONLY). */
export function demoKeyCredentials(): KeyCredential[] {
	return [
		keyCredentialFor(DEMO_CERTIFICATE.certificate, {
			displayName: 'CN=n8n-nodes-entra-id demo app (TEST ONLY)',
			keyId: 'c3d1e7a0-5b2f-4c8e-9a61-0d4e2b7f3a11',
		}),
	];
}
