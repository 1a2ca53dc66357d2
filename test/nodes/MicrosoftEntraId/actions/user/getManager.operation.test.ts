import { DEMO_USERS } from '../../../../emulator';
import { byId, byUpn, run, runFailing, useEmulator } from '../../../../integration/setup';

const world = useEmulator();

describe('User → Get / Set / Remove Manager', () => {
	it('gets the manager, and { manager: null } for a user without one', async () => {
		const out = await run(world.emulator, {
			resource: 'user',
			operation: 'getManager',
			user: byId(DEMO_USERS.alex.id),
		});
		expect(out[0].json).toMatchObject({ id: DEMO_USERS.megan.id, displayName: 'Megan Bowen' });
		const none = await run(world.emulator, {
			resource: 'user',
			operation: 'getManager',
			user: byId(DEMO_USERS.lee.id),
		});
		expect(none[0].json).toEqual({ userId: DEMO_USERS.lee.id, manager: null });
		const missing = await runFailing(world.emulator, {
			resource: 'user',
			operation: 'getManager',
			user: byUpn('ghost@contoso.com'),
		});
		expect(missing.message).toBe('User not found: ghost@contoso.com');
	});
});
