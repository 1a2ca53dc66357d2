import { inspect } from 'node:util';

import type { INodeParameters, NodeParameterValueType } from 'n8n-workflow';

import { DEMO_USERS, READONLY_APP } from '../../../../emulator';
import {
	batchRoundTrips,
	byId,
	byUpn,
	graphLog,
	json,
	paired,
	roundTrips,
	run,
	runFailing,
	seedUsers,
	useEmulator,
} from '../../../../integration/setup';

/*
 * Authentication Method → Temporary Access Pass, against the emulator's model of "Create / List /
 * Delete temporaryAccessPassMethod" (v1.0) and the tenant's TAP policy.
 */

const world = useEmulator();
const create = (user: NodeParameterValueType, options: INodeParameters = {}): INodeParameters => ({
	resource: 'authenticationMethod',
	operation: 'createTemporaryAccessPass',
	user,
	options,
});

/** Everything printed to the console while `fn` runs. */
async function captureConsole<T>(fn: () => Promise<T>): Promise<{ value: T; printed: string }> {
	const printed: string[] = [];
	const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
		jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
			printed.push(args.map((arg) => inspect(arg, { depth: 8 })).join(' '));
		}),
	);
	try {
		return { value: await fn(), printed: printed.join('\n') };
	} finally {
		for (const spy of spies) spy.mockRestore();
	}
}

describe('Authentication Method → Create Temporary Access Pass', () => {
	it('creates a pass with lifetime, one-time use and start time; the pass is in the output once', async () => {
		const start = new Date(Date.now() + 86400_000).toISOString();
		const out = await run(
			world.emulator,
			create(byUpn(DEMO_USERS.alex.userPrincipalName), {
				lifetimeInMinutes: 240,
				isUsableOnce: true,
				startDateTime: start,
			}),
		);
		expect(out[0].json).toMatchObject({
			lifetimeInMinutes: 240,
			isUsableOnce: true,
			isUsable: false,
			methodUsabilityReason: 'NotYetValid',
		});
		expect(out[0].json.userId).toBe(DEMO_USERS.alex.userPrincipalName);
		expect(out[0].json.temporaryAccessPass).toMatch(/^.{8}$/);
		expect(out[0].json.startDateTime).toBe(start.replace(/\.\d{3}Z$/, 'Z'));
		expect(paired(out)).toEqual([{ item: 0 }]);
		// the tenant holds the pass (without the secret), as Graph does
		const stored = world.emulator.admin.temporaryAccessPasses(DEMO_USERS.alex.id);
		expect(stored).toEqual([
			expect.objectContaining({ id: out[0].json.id, lifetimeInMinutes: 240, isUsableOnce: true }),
		]);
		// listing shows the pass's validity but never the pass
		const listed = await run(world.emulator, {
			resource: 'authenticationMethod',
			operation: 'getTemporaryAccessPasses',
			user: byId(DEMO_USERS.alex.id),
		});
		expect(json(listed)).toEqual([
			expect.objectContaining({
				id: out[0].json.id,
				userId: DEMO_USERS.alex.id,
				lifetimeInMinutes: 240,
			}),
		]);
		expect(listed[0].json).not.toHaveProperty('temporaryAccessPass');
	});

	it('with no options sends {} as the JSON body (the entity: policy defaults), one item and in $batch', async () => {
		const single = await run(world.emulator, create(byId(DEMO_USERS.alex.id)));
		expect(single[0].json).toMatchObject({
			userId: DEMO_USERS.alex.id,
			lifetimeInMinutes: 60,
			isUsableOnce: false,
		});
		expect(single[0].json.temporaryAccessPass).toMatch(/^.{8}$/);
		const many = await run(world.emulator, create('={{ $json.user }}'), [
			{ json: { user: DEMO_USERS.megan.id } },
			{ json: { user: DEMO_USERS.lee.id } },
		]);
		expect(json(many).map((item) => item.lifetimeInMinutes)).toEqual([60, 60]);
	});

	it('keeps the pass out of errors, error items, the console and the request log', async () => {
		const { value: out, printed } = await captureConsole(() =>
			run(
				world.emulator,
				create('={{ $json.user }}'),
				[
					{ json: { user: DEMO_USERS.megan.id } },
					{ json: { user: DEMO_USERS.guest.userPrincipalName } },
				],
				{ continueOnFail: true },
			),
		);
		const pass = out[0].json.temporaryAccessPass as string;
		expect(pass).toMatch(/^.{8}$/);
		expect(out[1].json.error).toMatch(/external guest/);
		expect(JSON.stringify(out[1].json)).not.toContain(pass);
		expect(printed).not.toContain(pass);
		expect(JSON.stringify(world.emulator.admin.requestLog())).not.toContain(pass);
		expect(paired(out)).toEqual([{ item: 0 }, { item: 1 }]);

		// without Continue On Fail the node fails; its error holds no pass either
		const { value: error, printed: printed2 } = await captureConsole(() =>
			runFailing(world.emulator, create('={{ $json.user }}'), [
				{ json: { user: DEMO_USERS.lee.id } },
				{ json: { user: DEMO_USERS.guest.userPrincipalName } },
			]),
		);
		const leePass = world.emulator.admin.temporaryAccessPasses(DEMO_USERS.lee.id);
		expect(leePass).toHaveLength(1);
		const everything = `${inspect(error, { depth: 10 })} ${JSON.stringify({ message: error.message, description: error.description, context: error.context })} ${printed2}`;
		expect(everything).toMatch(/external guest/);
		expect(everything).not.toMatch(/"temporaryAccessPass":"[^"]/);
	});

	it('turns a disabled policy and a lifetime outside the policy into a clear message', async () => {
		world.emulator.admin.setTapPolicy({ state: 'disabled' });
		const disabled = await runFailing(world.emulator, create(byId(DEMO_USERS.alex.id)));
		expect(disabled.message).toMatch(
			/refused to create the Temporary Access Pass: .*not enabled.*Check the tenant's Temporary Access Pass policy/,
		);
		expect(disabled.description).toMatch(/Graph error badRequest/);
		world.emulator.admin.setTapPolicy({ state: 'enabled' });
		const tooLong = await runFailing(
			world.emulator,
			create(byId(DEMO_USERS.alex.id), { lifetimeInMinutes: 1440 }),
		);
		expect(tooLong.message).toMatch(
			/valid range between 60 and 480.*lifetime must lie between its minimum and maximum/,
		);
		expect(world.emulator.admin.temporaryAccessPasses(DEMO_USERS.alex.id)).toEqual([]);
	});

	it('checks every item before sending anything', async () => {
		world.emulator.admin.clearLog();
		const error = await runFailing(
			world.emulator,
			create('={{ $json.user }}', { lifetimeInMinutes: '={{ $json.minutes }}' }),
			[
				{ json: { user: DEMO_USERS.alex.id, minutes: 60 } },
				{ json: { user: DEMO_USERS.megan.id, minutes: 5 } },
			],
		);
		expect(error.message).toBe('"Lifetime (Minutes)" must be a whole number from 10 to 43200');
		expect(error.context?.itemIndex).toBe(1);
		expect(graphLog(world.emulator)).toHaveLength(0);
		const badStart = await runFailing(
			world.emulator,
			create(byId(DEMO_USERS.alex.id), { startDateTime: 'next tuesday' }),
		);
		expect(badStart.message).toMatch(/"Start Time" is not a date and time/);
		expect(graphLog(world.emulator)).toHaveLength(0);
	});

	it('creates 40 passes in 2 $batch round trips (the floor: 20 per $batch)', async () => {
		const users = seedUsers(world.emulator, 40);
		world.emulator.admin.clearLog();
		const out = await run(
			world.emulator,
			create(byId('={{ $json.id }}'), { isUsableOnce: true }),
			users.map((id) => ({ json: { id } })),
		);
		expect(out).toHaveLength(40);
		expect(roundTrips(world.emulator)).toBe(2);
		expect(batchRoundTrips(world.emulator)).toBe(2);
		for (const [index, id] of users.entries()) {
			expect(out[index].json.userId).toBe(id);
			expect(world.emulator.admin.temporaryAccessPasses(id)).toEqual([
				expect.objectContaining({ id: out[index].json.id, isUsableOnce: true }),
			]);
		}
	});

	it('is denied for an app without UserAuthenticationMethod.ReadWrite.All', async () => {
		const error = await runFailing(
			world.emulator,
			create(byId(DEMO_USERS.alex.id)),
			[{ json: {} }],
			{ app: READONLY_APP },
		);
		expect(error.message).toMatch(/Permission denied/);
	});
});
