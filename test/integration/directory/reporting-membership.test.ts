import { DEMO_DEVICES, DEMO_GROUPS, DEMO_USERS } from '../../emulator';
import { batchRoundTrips, byId, byUpn, graphLog, json, paired, run, runFailing, seedGroup, seedUser, useEmulator } from '../setup';

/**
 * User → Get Direct Reports (List directReports), Get Manager Chain (List manager, "Get the
 * management chain"), Check Group Membership (checkMemberGroups) and Get Member Groups
 * (getMemberGroups), Graph v1.0, against the emulator's directory.
 */
const world = useEmulator();

describe('User → Get Direct Reports', () => {
	it('lists the reports (users), pages through them, and honours the limit', async () => {
		const reports = Array.from({ length: 5 }, () => seedUser(world.emulator));
		for (const report of reports) world.emulator.admin.setManager(report.id, DEMO_USERS.lee.id);
		world.emulator.admin.clearLog();
		const all = await run(world.emulator, { resource: 'user', operation: 'getDirectReports', user: byUpn(DEMO_USERS.lee.userPrincipalName) });
		// Johanna reports to Lee in the demo tenant.
		expect(json(all).map((user) => user.id).sort()).toEqual([DEMO_USERS.johanna.id, ...reports.map((r) => r.id)].sort());
		expect(all[0].json).toHaveProperty('userPrincipalName');
		// Node version 1.2 (1.1 kept `@odata.type` here: test/integration/listing.test.ts)
		expect(all[0].json['@odata.type']).toBeUndefined();
		const request = graphLog(world.emulator)[0];
		expect(request.path).toContain('/directReports/microsoft.graph.user?');
		const limited = await run(world.emulator, { resource: 'user', operation: 'getDirectReports', user: byId(DEMO_USERS.lee.id), returnAll: false, limit: 2 });
		expect(limited).toHaveLength(2);
		const none = await run(world.emulator, { resource: 'user', operation: 'getDirectReports', user: byId(DEMO_USERS.isaiah.id) });
		expect(none).toEqual([]);
		const missing = await runFailing(world.emulator, { resource: 'user', operation: 'getDirectReports', user: byUpn('ghost@contoso.com') });
		expect(missing.message).toBe('User not found: ghost@contoso.com');
	});
});

describe('User → Get Manager Chain', () => {
	it('returns every manager up to the top in one request, per input item', async () => {
		world.emulator.admin.setManager(DEMO_USERS.lee.id, DEMO_USERS.alex.id);
		world.emulator.admin.clearLog();
		const out = await run(world.emulator, { resource: 'user', operation: 'getManagerChain', user: byId('={{ $json.id }}') }, [{ json: { id: DEMO_USERS.johanna.id } }, { json: { id: DEMO_USERS.admin.id } }]);
		expect(paired(out)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(out[0].json).toMatchObject({ id: DEMO_USERS.johanna.id, managerCount: 4, topManager: expect.objectContaining({ id: DEMO_USERS.admin.id, level: 4 }) });
		expect((out[0].json.managers as Array<{ id: string; level: number }>).map((m) => [m.level, m.id])).toEqual([
			[1, DEMO_USERS.lee.id],
			[2, DEMO_USERS.alex.id],
			[3, DEMO_USERS.megan.id],
			[4, DEMO_USERS.admin.id],
		]);
		expect(out[1].json).toMatchObject({ id: DEMO_USERS.admin.id, managerCount: 0, topManager: null, managers: [] });
		const requests = graphLog(world.emulator);
		expect(requests).toHaveLength(2);
		expect(decodeURIComponent(requests[0].path)).toContain('$expand=manager($levels=max;$select=');
	});

	it('stops at a loop in the chain', async () => {
		world.emulator.admin.setManager(DEMO_USERS.admin.id, DEMO_USERS.alex.id);
		const out = await run(world.emulator, { resource: 'user', operation: 'getManagerChain', user: byId(DEMO_USERS.alex.id) });
		expect((out[0].json.managers as Array<{ id: string }>).map((m) => m.id)).toEqual([DEMO_USERS.megan.id, DEMO_USERS.admin.id]);
	});
});

describe('User → Check Group Membership', () => {
	it('gives a boolean per group, transitively, for users, groups and devices', async () => {
		const groups = [DEMO_GROUPS.engineering.id, DEMO_GROUPS.marketing.id, DEMO_GROUPS.platform.id].join(', ');
		const user = await run(world.emulator, { resource: 'user', operation: 'checkGroupMembership', user: byId(DEMO_USERS.johanna.id), groupIds: groups });
		expect(user[0].json).toEqual({
			id: DEMO_USERS.johanna.id,
			isMemberOfAll: false,
			isMemberOfAny: true,
			isMember: { [DEMO_GROUPS.engineering.id]: true, [DEMO_GROUPS.marketing.id]: false, [DEMO_GROUPS.platform.id]: true },
			memberOf: [DEMO_GROUPS.engineering.id, DEMO_GROUPS.platform.id],
			notMemberOf: [DEMO_GROUPS.marketing.id],
		});
		const group = await run(world.emulator, { resource: 'user', operation: 'checkGroupMembership', objectType: 'group', memberGroup: byId(DEMO_GROUPS.platform.id), groupIds: [DEMO_GROUPS.engineering.id] });
		expect(group[0].json).toMatchObject({ isMemberOfAll: true });
		const device = await run(world.emulator, { resource: 'user', operation: 'checkGroupMembership', objectType: 'device', device: byId(DEMO_DEVICES.adminLaptop.id), groupIds: DEMO_GROUPS.itAdmins.id });
		expect(device[0].json).toMatchObject({ isMemberOfAll: true, isMember: { [DEMO_GROUPS.itAdmins.id]: true } });
	});

	it('splits lists over 20 groups, and sends every call of every item in $batch (the floor)', async () => {
		const member = seedUser(world.emulator);
		const groups = Array.from({ length: 30 }, () => seedGroup(world.emulator));
		for (const id of [groups[0], groups[25]]) world.emulator.admin.addMember(id, member.id);
		world.emulator.admin.clearLog();
		// 10 items x 30 groups = 20 checkMemberGroups calls = one $batch round trip.
		const items = Array.from({ length: 10 }, () => ({ json: { id: member.id } }));
		const out = await run(world.emulator, { resource: 'user', operation: 'checkGroupMembership', user: byId('={{ $json.id }}'), groupIds: groups.join(',') }, items);
		expect(out).toHaveLength(10);
		for (const item of json(out)) expect(item.memberOf).toEqual([groups[0], groups[25]]);
		expect(batchRoundTrips(world.emulator)).toBe(1);
		expect(graphLog(world.emulator).filter((entry) => !entry.batch)).toHaveLength(1);
		expect(graphLog(world.emulator).filter((entry) => entry.batch && entry.path.endsWith('/checkMemberGroups'))).toHaveLength(20);

		world.emulator.admin.clearLog();
		const single = await run(world.emulator, { resource: 'user', operation: 'checkGroupMembership', user: byId(member.id), groupIds: groups.join(','), requestOptions: { bulk: false } });
		expect(single[0].json.memberOf).toEqual([groups[0], groups[25]]);
		expect(graphLog(world.emulator).map((entry) => entry.method)).toEqual(['POST', 'POST']);
	});

	it('checks the ids before sending; a missing user fails only its item', async () => {
		world.emulator.admin.clearLog();
		const bad = await runFailing(world.emulator, { resource: 'user', operation: 'checkGroupMembership', user: byId(DEMO_USERS.lee.id), groupIds: 'Engineering' });
		expect(bad.message).toMatch(/"Group IDs" holds "Engineering", which is not an object ID/);
		const empty = await runFailing(world.emulator, { resource: 'user', operation: 'checkGroupMembership', user: byId(DEMO_USERS.lee.id), groupIds: '' });
		expect(empty.message).toMatch(/"Group IDs" is empty/);
		expect(graphLog(world.emulator)).toHaveLength(0);
		const items = [{ json: { user: 'ghost@contoso.com' } }, { json: { user: DEMO_USERS.johanna.userPrincipalName } }];
		const out = await run(world.emulator, { resource: 'user', operation: 'checkGroupMembership', user: byUpn('={{ $json.user }}'), groupIds: DEMO_GROUPS.platform.id }, items, { continueOnFail: true });
		expect(out[0].json.error).toBe('User not found: ghost@contoso.com');
		expect(out[1].json).toMatchObject({ isMemberOfAll: true });
	});
});

describe('User → Get Member Groups', () => {
	it('returns every group id, transitively, or security groups only, in $batch for many items', async () => {
		world.emulator.admin.clearLog();
		const out = await run(world.emulator, { resource: 'user', operation: 'getMemberGroupIds', user: byId('={{ $json.id }}') }, [{ json: { id: DEMO_USERS.johanna.id } }, { json: { id: DEMO_USERS.diego.id } }]);
		expect((out[0].json.groupIds as string[]).sort()).toEqual([DEMO_GROUPS.allCompany.id, DEMO_GROUPS.platform.id, DEMO_GROUPS.engineering.id].sort());
		expect(out[0].json.count).toBe(3);
		expect((out[1].json.groupIds as string[]).sort()).toEqual([DEMO_GROUPS.allCompany.id, DEMO_GROUPS.cycleA.id, DEMO_GROUPS.cycleB.id].sort());
		expect(batchRoundTrips(world.emulator)).toBe(1);
		const security = await run(world.emulator, { resource: 'user', operation: 'getMemberGroupIds', user: byId(DEMO_USERS.johanna.id), securityEnabledOnly: true });
		expect((security[0].json.groupIds as string[]).sort()).toEqual([DEMO_GROUPS.platform.id, DEMO_GROUPS.engineering.id].sort());
		const group = await run(world.emulator, { resource: 'user', operation: 'getMemberGroupIds', objectType: 'group', memberGroup: byId(DEMO_GROUPS.cycleA.id) });
		expect(group[0].json.groupIds).toEqual([DEMO_GROUPS.cycleB.id]);
	});

	it('falls back to the transitiveMemberOf listing past 11,000 groups (Directory_ResultSizeLimitExceeded)', async () => {
		world.emulator.admin.injectFault({
			pathPattern: '/getMemberGroups',
			status: 400,
			body: { error: { code: 'Directory_ResultSizeLimitExceeded', message: 'too many' } },
		});
		world.emulator.admin.clearLog();
		const out = await run(world.emulator, { resource: 'user', operation: 'getMemberGroupIds', user: byId(DEMO_USERS.johanna.id), securityEnabledOnly: true });
		expect((out[0].json.groupIds as string[]).sort()).toEqual([DEMO_GROUPS.platform.id, DEMO_GROUPS.engineering.id].sort());
		expect(graphLog(world.emulator).map((entry) => entry.path.split('?')[0])).toEqual([
			`/v1.0/users/${DEMO_USERS.johanna.id}/getMemberGroups`,
			`/v1.0/users/${DEMO_USERS.johanna.id}/transitiveMemberOf/microsoft.graph.group`,
		]);
	});
});
