import { DEMO_USERS, READONLY_APP } from '../../../../emulator';
import {
	byId,
	byUpn,
	graphLog,
	json,
	run,
	runFailing,
	seedUser,
	useEmulator,
	writeRoundTrips,
} from '../../../../integration/setup';

const world = useEmulator();

describe('User → Disable / Enable', () => {
	it('disables and enables accounts, in bulk for many items', async () => {
		const users = Array.from({ length: 25 }, () => seedUser(world.emulator));
		const items = users.map((user) => ({ json: { id: user.id } }));
		world.emulator.admin.clearLog();
		const disabled = await run(
			world.emulator,
			{ resource: 'user', operation: 'disable', user: byId('={{ $json.id }}') },
			items,
		);
		expect(json(disabled)).toEqual(users.map((user) => ({ id: user.id, accountEnabled: false })));
		expect(writeRoundTrips(world.emulator)).toBe(2);
		for (const user of users)
			expect(world.emulator.admin.getUser(user.id)!.accountEnabled).toBe(false);
		const enabled = await run(world.emulator, {
			resource: 'user',
			operation: 'enable',
			user: byUpn(users[0].userPrincipalName),
		});
		expect(enabled[0].json).toEqual({ id: users[0].userPrincipalName, accountEnabled: true });
		expect(world.emulator.admin.getUser(users[0].id)!.accountEnabled).toBe(true);
	});

	it('is denied for a read-only app', async () => {
		const error = await runFailing(
			world.emulator,
			{ resource: 'user', operation: 'disable', user: byId(DEMO_USERS.alex.id) },
			[{ json: {} }],
			{ app: READONLY_APP },
		);
		expect(error.message).toMatch(/Permission denied/);
		expect(world.emulator.admin.getUser(DEMO_USERS.alex.id)!.accountEnabled).toBe(true);
	});
});

describe('throttling', () => {
	it('a throttled sub-request of a bulk disable is retried, never failing its item', async () => {
		const users = Array.from({ length: 5 }, () => seedUser(world.emulator));
		world.emulator.admin.injectFault({
			method: 'PATCH',
			pathPattern: `/users/${users[2].id}`,
			status: 429,
			headers: { 'Retry-After': '0' },
			count: 2,
		});
		world.emulator.admin.clearLog();
		const out = await run(
			world.emulator,
			{ resource: 'user', operation: 'disable', user: byId('={{ $json.id }}') },
			users.map((user) => ({ json: { id: user.id } })),
		);
		expect(json(out)).toEqual(users.map((user) => ({ id: user.id, accountEnabled: false })));
		for (const user of users)
			expect(world.emulator.admin.getUser(user.id)!.accountEnabled).toBe(false);
		expect(
			graphLog(world.emulator).filter((entry) => entry.batch && entry.status === 429),
		).toHaveLength(2);
	});
});
