import { DELEGATED_APP, DEMO_APP, DEMO_APPLICATIONS, READONLY_APP } from '../../../../emulator';
import {
	json,
	paired,
	roundTrips,
	run,
	runFailing,
	useEmulator,
} from '../../../../integration/setup';

const world = useEmulator();

// docs: "List applications" with $select=passwordCredentials,keyCredentials; "passwordCredential" and
// "keyCredential" resource types (keyId, displayName, endDateTime)
describe('Application > Get Expiring Credentials', () => {
	const params = (extra: Record<string, unknown> = {}) => ({
		resource: 'application',
		operation: 'getExpiringCredentials',
		...extra,
	});

	it('one item per credential ending within N days, with app, type, key id, name, end date and days left', async () => {
		const within30 = json(await run(world.emulator, params({ withinDays: 30 })));
		// The read-only app's secret ends in 20 days (demo tenant); the others run 365 days and more.
		expect(within30).toEqual([
			expect.objectContaining({
				applicationId: DEMO_APPLICATIONS[READONLY_APP.clientId].objectId,
				appId: READONLY_APP.clientId,
				applicationName: 'Reporting (read-only)',
				type: 'secret',
				keyId: DEMO_APPLICATIONS[READONLY_APP.clientId].secretKeyId,
				displayName: 'reporting',
				expired: false,
				hint: READONLY_APP.clientSecret.slice(0, 3),
			}),
		]);
		expect([19, 20]).toContain(within30[0].daysLeft);
		const within400 = json(
			await run(world.emulator, params({ withinDays: 400, credentialType: 'secret' })),
		);
		expect(within400.map((item) => item.appId).sort()).toEqual(
			[DELEGATED_APP.clientId, READONLY_APP.clientId].sort(),
		);
	});

	it('certificates too; an ended one is included with expired: true and negative days left', async () => {
		const { emulator } = world;
		emulator.admin.registerCertificate(
			DEMO_APP.clientId,
			emulator.admin.keyCredentials(DEMO_APP.clientId)[0].key,
			{
				startDateTime: '2020-01-01T00:00:00Z',
				endDateTime: '2021-01-01T00:00:00Z',
				displayName: 'CN=old',
			},
		);
		const certificates = json(
			await run(emulator, params({ withinDays: 0, credentialType: 'certificate' })),
		);
		expect(certificates).toEqual([
			expect.objectContaining({
				appId: DEMO_APP.clientId,
				type: 'certificate',
				displayName: 'CN=old',
				expired: true,
				usage: 'Verify',
			}),
		]);
		expect(certificates[0].daysLeft as number).toBeLessThan(-365);
	});

	it('chosen applications by client ID; all applications at the floor of one request per 999', async () => {
		const { emulator } = world;
		const chosen = json(
			await run(
				emulator,
				params({
					withinDays: 3650,
					scope: 'chosen',
					appIds: `${DEMO_APP.clientId}, ${DELEGATED_APP.clientId}`,
				}),
			),
		);
		expect(new Set(chosen.map((item) => item.appId))).toEqual(
			new Set([DEMO_APP.clientId, DELEGATED_APP.clientId]),
		);
		emulator.admin.seedApplications(2100, [10, 400]);
		emulator.admin.clearLog();
		const output = await run(emulator, params({ withinDays: 30, credentialType: 'secret' }), [
			{ json: {} },
		]);
		expect(output).toHaveLength(1050 + 1);
		expect(roundTrips(emulator)).toBe(3);
		expect(new Set(paired(output).map((pair) => JSON.stringify(pair)))).toEqual(
			new Set([JSON.stringify({ item: 0 })]),
		);
	});

	it('refuses bad input before any request', async () => {
		const { emulator } = world;
		emulator.admin.clearLog();
		const notGuid = await runFailing(emulator, params({ scope: 'chosen', appIds: 'my-app' }));
		expect(notGuid.message).toContain('not a GUID');
		const days = await runFailing(emulator, params({ withinDays: -1 }));
		expect(days.message).toContain('Within (Days)');
		expect(roundTrips(emulator)).toBe(0);
	});
});
