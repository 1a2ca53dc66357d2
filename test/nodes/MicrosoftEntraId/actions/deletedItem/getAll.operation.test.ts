import { DEMO_GROUPS, DEMO_USERS } from '../../../../emulator';
import { graphLog, json, run, useEmulator } from '../../../../integration/setup';

/**
 * Deleted Item resource: List deletedItems, Get deleted item, Restore deleted item, Permanently
 * delete item (Graph v1.0 directory-deleteditems-* pages), checked in the emulator's directory.
 */
const world = useEmulator();

describe('Deleted Item → Get Many / Get', () => {
	it('lists deleted users, most recent first, searches them, and pages with a limit', async () => {
		world.emulator.admin.deleteUser(DEMO_USERS.lee.id);
		world.emulator.admin.advanceClock(60);
		world.emulator.admin.deleteUser(DEMO_USERS.diego.id);
		const all = await run(world.emulator, {
			resource: 'deletedItem',
			operation: 'getAll',
			objectType: 'user',
			returnAll: true,
		});
		expect(json(all).map((user) => user.id)).toEqual([DEMO_USERS.diego.id, DEMO_USERS.lee.id]);
		expect(all[0].json).toMatchObject({
			displayName: 'Diego Siciliani',
			userPrincipalName: DEMO_USERS.diego.userPrincipalName,
			deletedDateTime: expect.stringMatching(/Z$/),
		});
		expect(all[0].json['@odata.context']).toBeUndefined();

		const found = await run(world.emulator, {
			resource: 'deletedItem',
			operation: 'getAll',
			objectType: 'user',
			returnAll: true,
			search: 'lee',
		});
		expect(json(found).map((user) => user.id)).toEqual([DEMO_USERS.lee.id]);
		const search = graphLog(world.emulator).find((entry) => entry.path.includes('$search'));
		expect(search?.path).toContain('/directory/deletedItems/microsoft.graph.user');

		const limited = await run(world.emulator, {
			resource: 'deletedItem',
			operation: 'getAll',
			objectType: 'user',
			returnAll: false,
			limit: 1,
			sort: { orderBy: 'deletedDateTime' },
		});
		expect(json(limited).map((user) => user.id)).toEqual([DEMO_USERS.lee.id]);
	});

	it('lists deleted Microsoft 365 groups; security groups never appear (deleted permanently)', async () => {
		world.emulator.admin.deleteGroup(DEMO_GROUPS.marketing.id);
		world.emulator.admin.deleteGroup(DEMO_GROUPS.engineering.id);
		const out = await run(world.emulator, {
			resource: 'deletedItem',
			operation: 'getAll',
			objectType: 'group',
			returnAll: true,
			sort: { orderBy: 'displayName' },
		});
		expect(json(out).map((group) => group.id)).toEqual([DEMO_GROUPS.marketing.id]);
		expect(out[0].json).toMatchObject({
			groupTypes: ['Unified'],
			deletedDateTime: expect.any(String),
		});
	});
});
