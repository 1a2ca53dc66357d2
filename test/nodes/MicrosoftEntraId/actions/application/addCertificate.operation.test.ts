import { DEMO_APP, DEMO_TENANT_ID } from '../../../../emulator';
import { CLIENT_ASSERTION_TYPE } from '../../../../emulator/client-assertion';
import { DEMO_CERTIFICATE, UNREGISTERED_CERTIFICATE } from '../../../../emulator/demo-certificate';
import { json, run, runFailing, useEmulator } from '../../../../integration/setup';
import {
	X509Certificate,
	constants,
	createHash,
	createPrivateKey,
	randomUUID,
	sign,
} from 'node:crypto';

const world = useEmulator();

/** A PS256 client assertion (certificate credentials page) for the demo app, signed with `pair`. */
function assertion(aud: string, pair: { privateKey: string; certificate: string }): string {
	const b64 = (value: string | Buffer) => Buffer.from(value).toString('base64url');
	const now = Math.floor(Date.now() / 1000);
	const header = {
		alg: 'PS256',
		typ: 'JWT',
		'x5t#S256': b64(
			createHash('sha256').update(new X509Certificate(pair.certificate).raw).digest(),
		),
	};
	const claims = {
		aud,
		iss: DEMO_APP.clientId,
		sub: DEMO_APP.clientId,
		jti: randomUUID(),
		nbf: now,
		iat: now,
		exp: now + 300,
	};
	const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(claims))}`;
	return `${input}.${b64(sign('sha256', Buffer.from(input), { key: createPrivateKey(pair.privateKey), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }))}`;
}

// docs: "Update application" (PATCH replaces keyCredentials), "keyCredential resource type" (key: base64 DER; returned for a single object)
describe('Application > Add Certificate', () => {
	const app = { __rl: true, mode: 'appId', value: DEMO_APP.clientId };
	const signIn = async (pair: { privateKey: string; certificate: string }) => {
		const tokenUrl = `${world.emulator.url}/${DEMO_TENANT_ID}/oauth2/v2.0/token`;
		const body = new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: DEMO_APP.clientId,
			scope: 'https://graph.microsoft.com/.default',
			client_assertion_type: CLIENT_ASSERTION_TYPE,
			client_assertion: assertion(tokenUrl, pair),
		});
		return (await fetch(tokenUrl, { method: 'POST', body })).status;
	};

	it('registers the certificate next to the existing one; it signs in at once; twice is alreadyRegistered', async () => {
		const { emulator } = world;
		expect(await signIn(UNREGISTERED_CERTIFICATE)).toBe(401);
		const [added] = json(
			await run(emulator, {
				resource: 'application',
				operation: 'addCertificate',
				application: app,
				certificatePem: UNREGISTERED_CERTIFICATE.certificate.replace(/\n/g, ' '),
				label: 'CN=rotation',
			}),
		);
		expect(added).toMatchObject({
			appId: DEMO_APP.clientId,
			displayName: 'CN=rotation',
			status: 'added',
			keyId: expect.any(String),
		});
		expect(Date.parse(String(added.endDateTime))).toBe(
			Date.parse(new X509Certificate(UNREGISTERED_CERTIFICATE.certificate).validTo),
		);
		expect(emulator.admin.keyCredentials(DEMO_APP.clientId)).toHaveLength(2);
		expect(await signIn(UNREGISTERED_CERTIFICATE)).toBe(200);
		expect(await signIn(DEMO_CERTIFICATE)).toBe(200);
		const [again] = json(
			await run(emulator, {
				resource: 'application',
				operation: 'addCertificate',
				application: app,
				certificatePem: UNREGISTERED_CERTIFICATE.certificate,
			}),
		);
		expect(again).toMatchObject({ status: 'alreadyRegistered', keyId: added.keyId });
		expect(emulator.admin.keyCredentials(DEMO_APP.clientId)).toHaveLength(2);
	});

	it('refuses a private key or anything that is not one PEM certificate, before any request', async () => {
		const { emulator } = world;
		const key = await runFailing(emulator, {
			resource: 'application',
			operation: 'addCertificate',
			application: app,
			certificatePem: DEMO_CERTIFICATE.privateKey,
		});
		expect(key.message).toContain('holds a private key');
		expect(JSON.stringify({ message: key.message, description: key.description })).not.toMatch(
			/MII/,
		);
		const text = await runFailing(emulator, {
			resource: 'application',
			operation: 'addCertificate',
			application: app,
			certificatePem: 'hello',
		});
		expect(text.message).toContain('not one PEM certificate');
	});
});
