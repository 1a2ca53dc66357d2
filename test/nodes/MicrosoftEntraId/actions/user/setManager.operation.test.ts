import { DEMO_USERS } from '../../../../emulator';
import {
	byId,
	byUpn,
	graphLog,
	json,
	run,
	runFailing,
	seedUser,
	useEmulator,
} from '../../../../integration/setup';

const world = useEmulator();

describe('User → Get / Set / Remove Manager', () => {
	it('sets the manager by UPN, in $batch for many items', async () => {
		const users = Array.from({ length: 3 }, () => seedUser(world.emulator));
		world.emulator.admin.clearLog();
		const out = await run(
			world.emulator,
			{
				resource: 'user',
				operation: 'setManager',
				user: byId('={{ $json.id }}'),
				manager: byUpn(DEMO_USERS.lee.userPrincipalName),
			},
			users.map((user) => ({ json: { id: user.id } })),
		);
		expect(json(out)).toEqual(
			users.map((user) => ({ userId: user.id, managerId: DEMO_USERS.lee.id, managerSet: true })),
		);
		for (const user of users)
			expect(world.emulator.admin.getUser(user.id)!.manager).toBe(DEMO_USERS.lee.id);
		const roundTrips = graphLog(world.emulator).filter((entry) => !entry.batch);
		expect(roundTrips.map((entry) => `${entry.method} ${entry.path.split('?')[0]}`)).toEqual([
			`GET /v1.0/users/${encodeURIComponent(DEMO_USERS.lee.userPrincipalName)}`,
			'POST /v1.0/$batch',
		]);
	});

	it('refuses a user as their own manager and a missing manager, sending no write', async () => {
		world.emulator.admin.clearLog();
		const self = await runFailing(world.emulator, {
			resource: 'user',
			operation: 'setManager',
			user: byId(DEMO_USERS.lee.id),
			manager: byId(DEMO_USERS.lee.id),
		});
		expect(self.message).toMatch(/own manager/);
		const missing = await run(
			world.emulator,
			{
				resource: 'user',
				operation: 'setManager',
				user: byId(DEMO_USERS.lee.id),
				manager: byUpn('ghost@contoso.com'),
			},
			[{ json: {} }],
			{ continueOnFail: true },
		);
		expect(missing[0].json.error).toBe('User not found: ghost@contoso.com');
		expect(graphLog(world.emulator).filter((entry) => entry.method !== 'GET')).toHaveLength(0);
		expect(world.emulator.admin.getUser(DEMO_USERS.lee.id)!.manager).toBeNull();
	});
});
