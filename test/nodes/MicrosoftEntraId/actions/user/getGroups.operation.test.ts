import { DEMO_GROUPS, DEMO_USERS } from '../../../../emulator';
import { byId, byUpn, json, run, runFailing, useEmulator } from '../../../../integration/setup';

const world = useEmulator();

describe('User → Get Groups', () => {
	it('lists direct groups, transitive groups, and security groups only', async () => {
		const direct = await run(world.emulator, {
			resource: 'user',
			operation: 'getGroups',
			user: byId(DEMO_USERS.johanna.id),
			membership: 'direct',
		});
		expect(
			json(direct)
				.map((group) => group.id)
				.sort(),
		).toEqual([DEMO_GROUPS.allCompany.id, DEMO_GROUPS.platform.id].sort());
		expect(direct[0].json).toHaveProperty('displayName');
		expect(direct.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);

		const transitive = await run(world.emulator, {
			resource: 'user',
			operation: 'getGroups',
			user: byUpn(DEMO_USERS.johanna.userPrincipalName),
			membership: 'transitive',
		});
		expect(
			json(transitive)
				.map((group) => group.id)
				.sort(),
		).toEqual(
			[DEMO_GROUPS.allCompany.id, DEMO_GROUPS.platform.id, DEMO_GROUPS.engineering.id].sort(),
		);

		const security = await run(world.emulator, {
			resource: 'user',
			operation: 'getGroups',
			user: byId(DEMO_USERS.johanna.id),
			membership: 'transitive',
			securityOnly: true,
		});
		expect(
			json(security)
				.map((group) => group.id)
				.sort(),
		).toEqual([DEMO_GROUPS.platform.id, DEMO_GROUPS.engineering.id].sort());
	});

	it('terminates on cyclic nesting and honours the limit', async () => {
		const out = await run(world.emulator, {
			resource: 'user',
			operation: 'getGroups',
			user: byId(DEMO_USERS.diego.id),
			membership: 'transitive',
		});
		expect(
			json(out)
				.map((group) => group.id)
				.sort(),
		).toEqual([DEMO_GROUPS.allCompany.id, DEMO_GROUPS.cycleA.id, DEMO_GROUPS.cycleB.id].sort());
		const limited = await run(world.emulator, {
			resource: 'user',
			operation: 'getGroups',
			user: byId(DEMO_USERS.diego.id),
			membership: 'transitive',
			returnAll: false,
			limit: 2,
		});
		expect(limited).toHaveLength(2);
	});

	it('says which user was not found', async () => {
		const error = await runFailing(world.emulator, {
			resource: 'user',
			operation: 'getGroups',
			user: byUpn('ghost@contoso.com'),
		});
		expect(error.message).toBe('User not found: ghost@contoso.com');
	});
});
