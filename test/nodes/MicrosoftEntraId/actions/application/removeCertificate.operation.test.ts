import { DEMO_APP } from '../../../../emulator';
import { UNREGISTERED_CERTIFICATE } from '../../../../emulator/demo-certificate';
import { json, run, runFailing, useEmulator, writeRoundTrips } from '../../../../integration/setup';

const world = useEmulator();

// docs: "Update application" (PATCH /applications/{id} with the remaining keyCredentials)
describe('Application > Remove Certificate', () => {
	const app = { __rl: true, mode: 'appId', value: DEMO_APP.clientId };

	it('removes one certificate and keeps the others; a missing one is notFound without a write', async () => {
		const { emulator } = world;
		const extra = emulator.admin.registerCertificate(
			DEMO_APP.clientId,
			UNREGISTERED_CERTIFICATE.certificate,
		);
		const demoKey = emulator.admin.keyCredentials(DEMO_APP.clientId)[0];
		const [removed] = json(
			await run(emulator, {
				resource: 'application',
				operation: 'removeCertificate',
				application: app,
				keyId: demoKey.keyId,
			}),
		);
		expect(removed).toMatchObject({
			appId: DEMO_APP.clientId,
			keyId: demoKey.keyId,
			status: 'removed',
		});
		expect(emulator.admin.keyCredentials(DEMO_APP.clientId).map((key) => key.keyId)).toEqual([
			extra.keyId,
		]);
		emulator.admin.clearLog();
		const [again] = json(
			await run(emulator, {
				resource: 'application',
				operation: 'removeCertificate',
				application: app,
				keyId: demoKey.keyId,
			}),
		);
		expect(again.status).toBe('notFound');
		expect(writeRoundTrips(emulator)).toBe(0);
		const error = await runFailing(emulator, {
			resource: 'application',
			operation: 'removeCertificate',
			application: app,
			keyId: demoKey.keyId,
			options: { ignoreMissing: false },
		});
		expect(error.message).toContain('has no certificate with key ID');
	});
});
