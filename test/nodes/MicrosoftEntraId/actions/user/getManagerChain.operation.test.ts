import { DEMO_USERS } from '../../../../emulator';
import { byId, graphLog, paired, run, useEmulator } from '../../../../integration/setup';

/**
 * User → Get Direct Reports (List directReports), Get Manager Chain (List manager, "Get the
 * management chain"), Check Group Membership (checkMemberGroups) and Get Member Groups
 * (getMemberGroups), Graph v1.0, against the emulator's directory.
 */
const world = useEmulator();

describe('User → Get Manager Chain', () => {
	it('returns every manager up to the top in one request, per input item', async () => {
		world.emulator.admin.setManager(DEMO_USERS.lee.id, DEMO_USERS.alex.id);
		world.emulator.admin.clearLog();
		const out = await run(
			world.emulator,
			{ resource: 'user', operation: 'getManagerChain', user: byId('={{ $json.id }}') },
			[{ json: { id: DEMO_USERS.johanna.id } }, { json: { id: DEMO_USERS.admin.id } }],
		);
		expect(paired(out)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(out[0].json).toMatchObject({
			id: DEMO_USERS.johanna.id,
			managerCount: 4,
			topManager: expect.objectContaining({ id: DEMO_USERS.admin.id, level: 4 }),
		});
		expect(
			(out[0].json.managers as Array<{ id: string; level: number }>).map((m) => [m.level, m.id]),
		).toEqual([
			[1, DEMO_USERS.lee.id],
			[2, DEMO_USERS.alex.id],
			[3, DEMO_USERS.megan.id],
			[4, DEMO_USERS.admin.id],
		]);
		expect(out[1].json).toMatchObject({
			id: DEMO_USERS.admin.id,
			managerCount: 0,
			topManager: null,
			managers: [],
		});
		const requests = graphLog(world.emulator);
		expect(requests).toHaveLength(2);
		expect(decodeURIComponent(requests[0].path)).toContain('$expand=manager($levels=max;$select=');
	});

	it('stops at a loop in the chain', async () => {
		world.emulator.admin.setManager(DEMO_USERS.admin.id, DEMO_USERS.alex.id);
		const out = await run(world.emulator, {
			resource: 'user',
			operation: 'getManagerChain',
			user: byId(DEMO_USERS.alex.id),
		});
		expect((out[0].json.managers as Array<{ id: string }>).map((m) => m.id)).toEqual([
			DEMO_USERS.megan.id,
			DEMO_USERS.admin.id,
		]);
	});
});
