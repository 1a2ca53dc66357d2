import { DEMO_GROUPS, DEMO_USERS } from '../../../../emulator';
import { batchRoundTrips, byId, graphLog, run, useEmulator } from '../../../../integration/setup';

/**
 * User → Get Direct Reports (List directReports), Get Manager Chain (List manager, "Get the
 * management chain"), Check Group Membership (checkMemberGroups) and Get Member Groups
 * (getMemberGroups), Graph v1.0, against the emulator's directory.
 */
const world = useEmulator();

describe('User → Get Member Groups', () => {
	it('returns every group id, transitively, or security groups only, in $batch for many items', async () => {
		world.emulator.admin.clearLog();
		const out = await run(
			world.emulator,
			{ resource: 'user', operation: 'getMemberGroupIds', user: byId('={{ $json.id }}') },
			[{ json: { id: DEMO_USERS.johanna.id } }, { json: { id: DEMO_USERS.diego.id } }],
		);
		expect((out[0].json.groupIds as string[]).sort()).toEqual(
			[DEMO_GROUPS.allCompany.id, DEMO_GROUPS.platform.id, DEMO_GROUPS.engineering.id].sort(),
		);
		expect(out[0].json.count).toBe(3);
		expect((out[1].json.groupIds as string[]).sort()).toEqual(
			[DEMO_GROUPS.allCompany.id, DEMO_GROUPS.cycleA.id, DEMO_GROUPS.cycleB.id].sort(),
		);
		expect(batchRoundTrips(world.emulator)).toBe(1);
		const security = await run(world.emulator, {
			resource: 'user',
			operation: 'getMemberGroupIds',
			user: byId(DEMO_USERS.johanna.id),
			securityEnabledOnly: true,
		});
		expect((security[0].json.groupIds as string[]).sort()).toEqual(
			[DEMO_GROUPS.platform.id, DEMO_GROUPS.engineering.id].sort(),
		);
		const group = await run(world.emulator, {
			resource: 'user',
			operation: 'getMemberGroupIds',
			objectType: 'group',
			memberGroup: byId(DEMO_GROUPS.cycleA.id),
		});
		expect(group[0].json.groupIds).toEqual([DEMO_GROUPS.cycleB.id]);
	});

	it('falls back to the transitiveMemberOf listing past 11,000 groups (Directory_ResultSizeLimitExceeded)', async () => {
		world.emulator.admin.injectFault({
			pathPattern: '/getMemberGroups',
			status: 400,
			body: { error: { code: 'Directory_ResultSizeLimitExceeded', message: 'too many' } },
		});
		world.emulator.admin.clearLog();
		const out = await run(world.emulator, {
			resource: 'user',
			operation: 'getMemberGroupIds',
			user: byId(DEMO_USERS.johanna.id),
			securityEnabledOnly: true,
		});
		expect((out[0].json.groupIds as string[]).sort()).toEqual(
			[DEMO_GROUPS.platform.id, DEMO_GROUPS.engineering.id].sort(),
		);
		expect(graphLog(world.emulator).map((entry) => entry.path.split('?')[0])).toEqual([
			`/v1.0/users/${DEMO_USERS.johanna.id}/getMemberGroups`,
			`/v1.0/users/${DEMO_USERS.johanna.id}/transitiveMemberOf/microsoft.graph.group`,
		]);
	});
});
