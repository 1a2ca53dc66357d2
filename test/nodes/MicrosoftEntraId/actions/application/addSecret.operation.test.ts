import { DEMO_APP, DEMO_APPLICATIONS, DEMO_TENANT_ID } from '../../../../emulator';
import { json, run, runFailing, useEmulator } from '../../../../integration/setup';

const world = useEmulator();

// docs: "application: addPassword" (POST /applications/{id}/addPassword, /applications(appId='...'); secretText only in the answer)
describe('Application > Add Secret', () => {
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

	it('creates a secret by client ID that works at once; the value is in this output only', async () => {
		const { emulator } = world;
		const [created] = json(
			await run(emulator, {
				resource: 'application',
				operation: 'addSecret',
				application: { __rl: true, mode: 'appId', value: DEMO_APP.clientId },
				label: 'n8n rotation',
				validForDays: 90,
			}),
		);
		expect(created).toMatchObject({
			appId: DEMO_APP.clientId,
			displayName: 'n8n rotation',
			secretText: expect.any(String),
			keyId: expect.any(String),
		});
		const days = (Date.parse(String(created.endDateTime)) - Date.now()) / 86_400_000;
		expect(days).toBeGreaterThan(89.9);
		expect(days).toBeLessThan(90.1);
		expect(await tokenStatus(String(created.secretText))).toBe(200);
		const listed = json(
			await run(emulator, { resource: 'application', operation: 'getAll', returnAll: true }),
		);
		expect(JSON.stringify(listed)).not.toContain(String(created.secretText));
	});

	it('by object ID; bad input refused before any request', async () => {
		const { emulator } = world;
		const [created] = json(
			await run(emulator, {
				resource: 'application',
				operation: 'addSecret',
				application: {
					__rl: true,
					mode: 'id',
					value: DEMO_APPLICATIONS[DEMO_APP.clientId].objectId,
				},
			}),
		);
		expect(created.applicationId).toBe(DEMO_APPLICATIONS[DEMO_APP.clientId].objectId);
		expect(
			(
				await runFailing(emulator, {
					resource: 'application',
					operation: 'addSecret',
					application: { __rl: true, mode: 'appId', value: 'n8n' },
				})
			).message,
		).toContain('not a GUID');
		expect(
			(
				await runFailing(emulator, {
					resource: 'application',
					operation: 'addSecret',
					application: { __rl: true, mode: 'appId', value: DEMO_APP.clientId },
					validForDays: 1000,
				})
			).message,
		).toContain('Valid For (Days)');
	});

	it('an unknown application fails as Graph says (404), with continue-on-fail as an error item', async () => {
		const output = await run(
			world.emulator,
			{
				resource: 'application',
				operation: 'addSecret',
				application: { __rl: true, mode: 'appId', value: '11111111-2222-4333-8444-555555555555' },
			},
			undefined,
			{ continueOnFail: true },
		);
		expect(output[0].json.error).toBeDefined();
		expect(JSON.stringify(output)).not.toContain('secretText":"');
	});
});
