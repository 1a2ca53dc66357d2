/**
 * Fault corpus, input (issue 15 I1 to I3) and the emulator's listing cache: against the emulator,
 * through a FaultServer proxy that records what reached the wire.
 */
import { DEMO_APP, DEMO_DOMAIN, DEMO_TENANT_ID, startEmulator } from '../emulator';
import { useEmulator } from '../integration/setup';
import { FaultServer } from './servers';
import { runAction, secret, useFaultCorpus } from './corpus';

const world = useEmulator();
const faults = useFaultCorpus(() => world.emulator.url);
beforeAll(() => secret(DEMO_APP.clientSecret));

const asDemo = { app: DEMO_APP, tenantId: DEMO_TENANT_ID };
const create = (overrides: Record<string, unknown>) => ({
	resource: 'user',
	operation: 'create',
	displayName: 'Input Check',
	userPrincipalName: `input.check@${DEMO_DOMAIN}`,
	password: 'Input-Check-2024!',
	...overrides,
});
const writes = () => faults.server.graphRequests.filter((request) => request.method !== 'GET');

describe('I1: User > Create checks the display name length', () => {
	it('a 300-character display name fails before any request', async () => {
		const run = await runAction(
			faults.server,
			create({ displayName: 'x'.repeat(300) }),
			undefined,
			asDemo,
		);
		expect(run.error?.message).toMatch(/"Display Name" is longer than 256 characters/);
		expect(faults.server.graphRequests).toHaveLength(0);
	});

	it('256 characters pass', async () => {
		const run = await runAction(
			faults.server,
			create({ displayName: 'y'.repeat(256) }),
			undefined,
			asDemo,
		);
		expect(run.error).toBeUndefined();
		expect(run.output[0][0].json.displayName).toBe('y'.repeat(256));
	});
});

describe('I2: Employee Hire Date takes real dates only', () => {
	for (const value of [
		'={{ 5 }}',
		'2024-02-30',
		'2024-13-01',
		'next monday',
		'2024-02-29T25:00:00Z',
	]) {
		it(`"${value}" fails before any request`, async () => {
			const run = await runAction(
				faults.server,
				create({ additionalFields: { employeeHireDate: value } }),
				undefined,
				asDemo,
			);
			expect(run.error?.message).toMatch(/"Employee Hire Date" is not a date/);
			expect(writes()).toHaveLength(0);
		});
	}

	it('2024-02-29 (a leap day) is sent as that day', async () => {
		const run = await runAction(
			faults.server,
			create({ additionalFields: { employeeHireDate: '2024-02-29T00:00:00Z' } }),
			undefined,
			asDemo,
		);
		expect(run.error).toBeUndefined();
		expect(JSON.parse(writes()[0].body).employeeHireDate).toBe('2024-02-29T00:00:00.000Z');
	});
});

describe('I3: a raw filter cannot break out of the combined filter', () => {
	it("x') or (accountEnabled eq false with Account Enabled = true: refused before any request", async () => {
		const run = await runAction(
			faults.server,
			{
				resource: 'user',
				operation: 'getAll',
				returnAll: true,
				filters: {
					accountEnabled: true,
					filter: "displayName eq 'x') or (accountEnabled eq false",
				},
			},
			undefined,
			asDemo,
		);
		expect(run.error?.message).toMatch(/"Filter \(OData\)" is not a complete filter/);
		expect(faults.server.graphRequests).toHaveLength(0);
	});

	it('an unclosed quote is refused; a balanced filter is wrapped and combined', async () => {
		const unclosed = await runAction(
			faults.server,
			{ resource: 'user', operation: 'getAll', filters: { filter: "displayName eq 'x" } },
			undefined,
			asDemo,
		);
		expect(unclosed.error?.message).toMatch(/string literal is not closed/);
		const run = await runAction(
			faults.server,
			{
				resource: 'user',
				operation: 'getAll',
				returnAll: true,
				filters: {
					accountEnabled: true,
					filter:
						"(startsWith(displayName, 'A') or startsWith(displayName, 'B')) and userType eq 'Member'",
				},
			},
			undefined,
			asDemo,
		);
		expect(run.error).toBeUndefined();
		expect(run.output[0].length).toBeGreaterThan(0);
		const sent = decodeURIComponent(faults.server.graphRequests.at(-1)!.url);
		expect(sent).toContain(
			"accountEnabled eq true and ((startsWith(displayName, 'A') or startsWith(displayName, 'B')) and userType eq 'Member')",
		);
	});

	it('Group > Get Many checks its Filter (OData) the same way', async () => {
		const run = await runAction(
			faults.server,
			{
				resource: 'group',
				operation: 'getAll',
				filters: { groupType: 'security', filter: "displayName eq 'x') or (true" },
			},
			undefined,
			asDemo,
		);
		expect(run.error?.message).toMatch(/"Filter \(OData\)" is not a complete filter/);
		expect(faults.server.graphRequests).toHaveLength(0);
	});
});

describe('the emulator caches filtered listings per instance', () => {
	it("two emulators in one test never answer each other's listings", async () => {
		const other = await startEmulator();
		const otherProxy = await new FaultServer(other.url).start();
		try {
			const add = async (server: FaultServer, name: string) =>
				await runAction(
					server,
					create({
						displayName: name,
						userPrincipalName: `${name.replace(/ /g, '.').toLowerCase()}@${DEMO_DOMAIN}`,
					}),
					undefined,
					asDemo,
				);
			expect((await add(faults.server, 'Zeta Only Here')).error).toBeUndefined();
			expect((await add(otherProxy, 'Zeta Only There')).error).toBeUndefined();
			const list = async (server: FaultServer) =>
				(
					await runAction(
						server,
						{
							resource: 'user',
							operation: 'getAll',
							returnAll: true,
							filters: { displayNameStartsWith: 'Zeta' },
						},
						undefined,
						asDemo,
					)
				).output[0].map((item) => item.json.displayName);
			expect(await list(faults.server)).toEqual(['Zeta Only Here']);
			expect(await list(otherProxy)).toEqual(['Zeta Only There']);
		} finally {
			await otherProxy.stop();
			await other.stop();
		}
	});
});
