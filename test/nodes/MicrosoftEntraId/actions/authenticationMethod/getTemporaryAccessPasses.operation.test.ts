import type { NodeParameterValueType } from 'n8n-workflow';

import { DEMO_USERS } from '../../../../emulator';
import {
	byId,
	byUpn,
	graphLog,
	json,
	paired,
	run,
	runFailing,
	seedUsers,
	useEmulator,
} from '../../../../integration/setup';

/*
 * Authentication Method → Get Temporary Access Passes, against the emulator's model of "List
 * temporaryAccessPassMethods" (v1.0): a user holds at most one pass; the list never returns the pass.
 */
const world = useEmulator();
const list = (user: NodeParameterValueType) => ({
	resource: 'authenticationMethod',
	operation: 'getTemporaryAccessPasses',
	user,
});

describe('Authentication Method → Get Temporary Access Passes', () => {
	it('lists the pass of each input user (one item per pass, none for a user without), paired to its item', async () => {
		const [withPass, without] = seedUsers(world.emulator, 2);
		const created = await run(world.emulator, {
			resource: 'authenticationMethod',
			operation: 'createTemporaryAccessPass',
			user: byId(withPass),
			options: { lifetimeInMinutes: 120 },
		});
		world.emulator.admin.clearLog();
		const out = await run(world.emulator, list('={{ $json.user }}'), [
			{ json: { user: byId(without) } },
			{ json: { user: byId(withPass) } },
		]);
		expect(json(out)).toEqual([
			expect.objectContaining({ id: created[0].json.id, userId: withPass, lifetimeInMinutes: 120 }),
		]);
		expect(out[0].json).not.toHaveProperty('temporaryAccessPass');
		expect(paired(out)).toEqual([{ item: 1 }]);
		expect(
			graphLog(world.emulator).map((entry) => `${entry.method} ${entry.path.split('?')[0]}`),
		).toEqual([
			`GET /v1.0/users/${without}/authentication/temporaryAccessPassMethods`,
			`GET /v1.0/users/${withPass}/authentication/temporaryAccessPassMethods`,
		]);
		expect(world.emulator.admin.temporaryAccessPasses(withPass)).toEqual([
			expect.objectContaining({ id: created[0].json.id }),
		]);
	});

	it('says which user was not found; continueOnFail keeps the other items', async () => {
		const missing = await runFailing(world.emulator, list(byUpn('ghost@contoso.com')));
		expect(missing.message).toBe('User not found: ghost@contoso.com');
		const out = await run(
			world.emulator,
			list('={{ $json.user }}'),
			[
				{ json: { user: byUpn('ghost@contoso.com') } },
				{ json: { user: byId(DEMO_USERS.alex.id) } },
			],
			{ continueOnFail: true },
		);
		expect(json(out)).toEqual([
			expect.objectContaining({ error: 'User not found: ghost@contoso.com', httpCode: '404' }),
		]);
		expect(paired(out)).toEqual([{ item: 0 }]);
	});

	it('refuses a user that is neither an ID nor a UPN before any request', async () => {
		world.emulator.admin.clearLog();
		const error = await runFailing(world.emulator, list('={{ $json.user }}'), [
			{ json: { user: byId(DEMO_USERS.alex.id) } },
			{ json: { user: byId('../groups') } },
		]);
		expect(error.constructor.name).toBe('NodeOperationError');
		expect(error.message).toMatch(/"User" is not valid/);
		expect(graphLog(world.emulator)).toHaveLength(0);
	});
});
