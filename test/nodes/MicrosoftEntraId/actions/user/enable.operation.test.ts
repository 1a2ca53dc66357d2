import type { INodeParameters, NodeParameterValueType } from 'n8n-workflow';

import { READONLY_APP } from '../../../../emulator';
import {
	byId,
	byUpn,
	graphLog,
	json,
	paired,
	run,
	runFailing,
	seedUser,
	useEmulator,
} from '../../../../integration/setup';

/* User → Enable, against the emulator's model of "Update user" (v1.0: PATCH accountEnabled). */
const world = useEmulator();
const enable = (user: NodeParameterValueType, extra: INodeParameters = {}) => ({
	resource: 'user',
	operation: 'enable',
	user,
	...extra,
});

describe('User → Enable', () => {
	it('enables a disabled account with one PATCH of accountEnabled: true', async () => {
		const user = seedUser(world.emulator, { accountEnabled: false });
		world.emulator.admin.clearLog();
		const out = await run(
			world.emulator,
			enable(byUpn(user.userPrincipalName), { requestOptions: { bulk: false } }),
		);
		expect(out).toEqual([
			{ json: { id: user.userPrincipalName, accountEnabled: true }, pairedItem: { item: 0 } },
		]);
		expect(graphLog(world.emulator).map((entry) => `${entry.method} ${entry.status}`)).toEqual([
			'PATCH 204',
		]);
		expect(world.emulator.admin.getUser(user.id)!.accountEnabled).toBe(true);
	});

	it('with continueOnFail, a missing user fails its own item and the others are enabled', async () => {
		const a = seedUser(world.emulator, { accountEnabled: false });
		const b = seedUser(world.emulator, { accountEnabled: false });
		const out = await run(
			world.emulator,
			enable('={{ $json.user }}'),
			[
				{ json: { user: byId(a.id) } },
				{ json: { user: byUpn('ghost@contoso.com') } },
				{ json: { user: byId(b.id) } },
			],
			{ continueOnFail: true },
		);
		expect(json(out)).toEqual([
			{ id: a.id, accountEnabled: true },
			expect.objectContaining({ error: 'User not found: ghost@contoso.com', httpCode: '404' }),
			{ id: b.id, accountEnabled: true },
		]);
		expect(paired(out)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect([a, b].map((user) => world.emulator.admin.getUser(user.id)!.accountEnabled)).toEqual([
			true,
			true,
		]);
	});

	it('refuses a user that is neither an ID nor a UPN before any request, and is denied for a read-only app', async () => {
		const user = seedUser(world.emulator, { accountEnabled: false });
		world.emulator.admin.clearLog();
		const invalid = await runFailing(world.emulator, enable('={{ $json.user }}'), [
			{ json: { user: byId(user.id) } },
			{ json: { user: byId('../groups') } },
		]);
		expect(invalid.constructor.name).toBe('NodeOperationError');
		expect(invalid.message).toMatch(/"User" is not valid/);
		expect(graphLog(world.emulator)).toHaveLength(0);
		const denied = await runFailing(world.emulator, enable(byId(user.id)), [{ json: {} }], {
			app: READONLY_APP,
		});
		expect(denied.message).toMatch(/Permission denied/);
		expect(world.emulator.admin.getUser(user.id)!.accountEnabled).toBe(false);
	});
});
