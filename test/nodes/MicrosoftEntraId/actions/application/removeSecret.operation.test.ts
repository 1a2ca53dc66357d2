import { DEMO_APP, DEMO_APPLICATIONS, DEMO_TENANT_ID } from '../../../../emulator';
import { json, run, runFailing, useEmulator, writeRoundTrips } from '../../../../integration/setup';

const world = useEmulator();

// docs: "application: removePassword" (POST .../removePassword { keyId }, 204)
describe('Application > Remove Secret', () => {
	const app = { __rl: true, mode: 'appId', value: DEMO_APP.clientId };
	const tokenStatus = async (secret: string) => {
		const form = new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: DEMO_APP.clientId,
			client_secret: secret,
			scope: 'https://graph.microsoft.com/.default',
		});
		return (
			await fetch(`${world.emulator.url}/${DEMO_TENANT_ID}/oauth2/v2.0/token`, {
				method: 'POST',
				body: form,
			})
		).status;
	};

	it('rotation: add a new secret, remove the old one; the old one stops working, the new one works', async () => {
		const { emulator } = world;
		const [added] = json(
			await run(emulator, {
				resource: 'application',
				operation: 'addSecret',
				application: app,
				label: 'new',
			}),
		);
		const oldKeyId = DEMO_APPLICATIONS[DEMO_APP.clientId].secretKeyId;
		const [removed] = json(
			await run(emulator, {
				resource: 'application',
				operation: 'removeSecret',
				application: app,
				keyId: oldKeyId,
			}),
		);
		expect(removed).toMatchObject({
			appId: DEMO_APP.clientId,
			keyId: oldKeyId,
			displayName: 'n8n',
			status: 'removed',
		});
		expect(await tokenStatus(DEMO_APP.clientSecret)).toBe(401);
		expect(await tokenStatus(String(added.secretText))).toBe(200);
	});

	it('a secret already removed: status notFound without a write, or a failure when not ignored', async () => {
		const { emulator } = world;
		const missing = '00000000-0000-4000-8000-00000000abcd';
		emulator.admin.clearLog();
		const [result] = json(
			await run(emulator, {
				resource: 'application',
				operation: 'removeSecret',
				application: app,
				keyId: missing,
			}),
		);
		expect(result.status).toBe('notFound');
		expect(writeRoundTrips(emulator)).toBe(0);
		const error = await runFailing(emulator, {
			resource: 'application',
			operation: 'removeSecret',
			application: app,
			keyId: missing,
			options: { ignoreMissing: false },
		});
		expect(error.message).toContain('has no secret with key ID');
		expect(
			(
				await runFailing(emulator, {
					resource: 'application',
					operation: 'removeSecret',
					application: app,
					keyId: 'my secret',
				})
			).message,
		).toContain('not a GUID');
	});
});
