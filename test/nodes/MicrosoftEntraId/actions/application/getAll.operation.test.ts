import { DEMO_APP, DEMO_APPLICATIONS, READONLY_APP } from '../../../../emulator';
import { json, roundTrips, run, runFailing, useEmulator } from '../../../../integration/setup';

const world = useEmulator();

// docs: "List applications" ($select, $filter on appId, $top up to 999, Application.Read.All)
describe('Application > Get Many', () => {
	it('lists the app registrations with their secrets (no values) and certificates', async () => {
		const output = json(
			await run(world.emulator, { resource: 'application', operation: 'getAll', returnAll: true }),
		);
		const demo = output.find((app) => app.appId === DEMO_APP.clientId);
		expect(demo).toMatchObject({
			id: DEMO_APPLICATIONS[DEMO_APP.clientId].objectId,
			displayName: 'n8n demo (app-only)',
		});
		expect(demo?.passwordCredentials).toEqual([
			expect.objectContaining({
				keyId: DEMO_APPLICATIONS[DEMO_APP.clientId].secretKeyId,
				secretText: null,
			}),
		]);
		expect(demo?.keyCredentials).toEqual([
			expect.objectContaining({ type: 'AsymmetricX509Cert', usage: 'Verify' }),
		]);
		expect(Object.keys(demo ?? {}).sort()).toEqual([
			'appId',
			'createdDateTime',
			'displayName',
			'id',
			'keyCredentials',
			'passwordCredentials',
			'signInAudience',
		]);
		expect(JSON.stringify(output)).not.toContain(DEMO_APP.clientSecret);
	});

	it('filters with OData and pages through a large tenant at the request floor (999 per page)', async () => {
		const { emulator } = world;
		const filtered = json(
			await run(emulator, {
				resource: 'application',
				operation: 'getAll',
				returnAll: true,
				filters: { filter: `appId eq '${READONLY_APP.clientId}'` },
			}),
		);
		expect(filtered.map((app) => app.appId)).toEqual([READONLY_APP.clientId]);
		emulator.admin.seedApplications(1500);
		emulator.admin.clearLog();
		const all = await run(emulator, {
			resource: 'application',
			operation: 'getAll',
			returnAll: true,
			output: 'selected',
			fields: ['appId'],
		});
		expect(all).toHaveLength(1503);
		expect(roundTrips(emulator)).toBe(2);
		const limited = await run(emulator, { resource: 'application', operation: 'getAll', limit: 5 });
		expect(limited).toHaveLength(5);
	});

	it('names the missing permission when the app may not read applications', async () => {
		const error = await runFailing(
			world.emulator,
			{ resource: 'application', operation: 'getAll' },
			undefined,
			{ app: READONLY_APP },
		);
		expect(error.httpCode).toBe('403');
	});
});
