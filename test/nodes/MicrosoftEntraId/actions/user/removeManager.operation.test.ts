import { DEMO_USERS, READONLY_APP } from '../../../../emulator';
import { byId, run, runFailing, useEmulator } from '../../../../integration/setup';

const world = useEmulator();

describe('User → Get / Set / Remove Manager', () => {
	it('removes the manager ("removed"), and says "noManager" or fails when there is none', async () => {
		const out = await run(world.emulator, {
			resource: 'user',
			operation: 'removeManager',
			user: byId(DEMO_USERS.alex.id),
		});
		expect(out[0].json).toEqual({ userId: DEMO_USERS.alex.id, status: 'removed' });
		expect(world.emulator.admin.getUser(DEMO_USERS.alex.id)!.manager).toBeNull();
		const again = await run(world.emulator, {
			resource: 'user',
			operation: 'removeManager',
			user: byId(DEMO_USERS.alex.id),
		});
		expect(again[0].json).toEqual({ userId: DEMO_USERS.alex.id, status: 'noManager' });
		const strict = await runFailing(world.emulator, {
			resource: 'user',
			operation: 'removeManager',
			user: byId(DEMO_USERS.alex.id),
			options: { ignoreNoManager: false },
		});
		expect(strict.message).toMatch(/has no manager/);
	});

	it('is denied for a read-only app', async () => {
		const error = await runFailing(
			world.emulator,
			{ resource: 'user', operation: 'removeManager', user: byId(DEMO_USERS.alex.id) },
			[{ json: {} }],
			{ app: READONLY_APP },
		);
		expect(error.message).toMatch(/Permission denied/);
		expect(world.emulator.admin.getUser(DEMO_USERS.alex.id)!.manager).toBe(DEMO_USERS.megan.id);
	});
});
