import { DEMO_DEVICES, DEMO_GROUPS, DEMO_USERS } from '../../../../emulator';
import {
	batchRoundTrips,
	byId,
	byUpn,
	graphLog,
	json,
	run,
	runFailing,
	seedGroup,
	seedUser,
	useEmulator,
} from '../../../../integration/setup';

/**
 * User → Get Direct Reports (List directReports), Get Manager Chain (List manager, "Get the
 * management chain"), Check Group Membership (checkMemberGroups) and Get Member Groups
 * (getMemberGroups), Graph v1.0, against the emulator's directory.
 */
const world = useEmulator();

describe('User → Check Group Membership', () => {
	it('gives a boolean per group, transitively, for users, groups and devices', async () => {
		const groups = [
			DEMO_GROUPS.engineering.id,
			DEMO_GROUPS.marketing.id,
			DEMO_GROUPS.platform.id,
		].join(', ');
		const user = await run(world.emulator, {
			resource: 'user',
			operation: 'checkGroupMembership',
			user: byId(DEMO_USERS.johanna.id),
			groupIds: groups,
		});
		expect(user[0].json).toEqual({
			id: DEMO_USERS.johanna.id,
			isMemberOfAll: false,
			isMemberOfAny: true,
			isMember: {
				[DEMO_GROUPS.engineering.id]: true,
				[DEMO_GROUPS.marketing.id]: false,
				[DEMO_GROUPS.platform.id]: true,
			},
			memberOf: [DEMO_GROUPS.engineering.id, DEMO_GROUPS.platform.id],
			notMemberOf: [DEMO_GROUPS.marketing.id],
		});
		const group = await run(world.emulator, {
			resource: 'user',
			operation: 'checkGroupMembership',
			objectType: 'group',
			memberGroup: byId(DEMO_GROUPS.platform.id),
			groupIds: [DEMO_GROUPS.engineering.id],
		});
		expect(group[0].json).toMatchObject({ isMemberOfAll: true });
		const device = await run(world.emulator, {
			resource: 'user',
			operation: 'checkGroupMembership',
			objectType: 'device',
			device: byId(DEMO_DEVICES.adminLaptop.id),
			groupIds: DEMO_GROUPS.itAdmins.id,
		});
		expect(device[0].json).toMatchObject({
			isMemberOfAll: true,
			isMember: { [DEMO_GROUPS.itAdmins.id]: true },
		});
	});

	// issue 25, item 7: groups picked from the list (the group picker), with or without typed-in IDs
	it('checks the groups picked under "Groups" together with those in "Group IDs", each once', async () => {
		const picked = {
			group: [
				{ group: { __rl: true, mode: 'list', value: DEMO_GROUPS.engineering.id } },
				{ group: byId(DEMO_GROUPS.marketing.id) },
			],
		};
		const out = await run(world.emulator, {
			resource: 'user',
			operation: 'checkGroupMembership',
			user: byId(DEMO_USERS.johanna.id),
			groups: picked,
			groupIds: `${DEMO_GROUPS.platform.id}, ${DEMO_GROUPS.engineering.id}`,
		});
		expect(out[0].json).toMatchObject({
			isMember: {
				[DEMO_GROUPS.engineering.id]: true,
				[DEMO_GROUPS.marketing.id]: false,
				[DEMO_GROUPS.platform.id]: true,
			},
			memberOf: [DEMO_GROUPS.engineering.id, DEMO_GROUPS.platform.id],
		});
		const only = await run(world.emulator, {
			resource: 'user',
			operation: 'checkGroupMembership',
			user: byId(DEMO_USERS.johanna.id),
			groups: { group: [{ group: byId(DEMO_GROUPS.marketing.id) }] },
		});
		expect(only[0].json).toMatchObject({
			isMemberOfAny: false,
			notMemberOf: [DEMO_GROUPS.marketing.id],
		});
		const bad = await runFailing(world.emulator, {
			resource: 'user',
			operation: 'checkGroupMembership',
			user: byId(DEMO_USERS.johanna.id),
			groups: { group: [{ group: byId('Engineering') }] },
		});
		expect(bad.message).toMatch(/"Group" is not a group ID: "Engineering"/);
	});

	it('splits lists over 20 groups, and sends every call of every item in $batch (the floor)', async () => {
		const member = seedUser(world.emulator);
		const groups = Array.from({ length: 30 }, () => seedGroup(world.emulator));
		for (const id of [groups[0], groups[25]]) world.emulator.admin.addMember(id, member.id);
		world.emulator.admin.clearLog();
		// 10 items x 30 groups = 20 checkMemberGroups calls = one $batch round trip.
		const items = Array.from({ length: 10 }, () => ({ json: { id: member.id } }));
		const out = await run(
			world.emulator,
			{
				resource: 'user',
				operation: 'checkGroupMembership',
				user: byId('={{ $json.id }}'),
				groupIds: groups.join(','),
			},
			items,
		);
		expect(out).toHaveLength(10);
		for (const item of json(out)) expect(item.memberOf).toEqual([groups[0], groups[25]]);
		expect(batchRoundTrips(world.emulator)).toBe(1);
		expect(graphLog(world.emulator).filter((entry) => !entry.batch)).toHaveLength(1);
		expect(
			graphLog(world.emulator).filter(
				(entry) => entry.batch && entry.path.endsWith('/checkMemberGroups'),
			),
		).toHaveLength(20);

		world.emulator.admin.clearLog();
		const single = await run(world.emulator, {
			resource: 'user',
			operation: 'checkGroupMembership',
			user: byId(member.id),
			groupIds: groups.join(','),
			requestOptions: { bulk: false },
		});
		expect(single[0].json.memberOf).toEqual([groups[0], groups[25]]);
		expect(graphLog(world.emulator).map((entry) => entry.method)).toEqual(['POST', 'POST']);
	});

	it('checks the ids before sending; a missing user fails only its item', async () => {
		world.emulator.admin.clearLog();
		const bad = await runFailing(world.emulator, {
			resource: 'user',
			operation: 'checkGroupMembership',
			user: byId(DEMO_USERS.lee.id),
			groupIds: 'Engineering',
		});
		expect(bad.message).toMatch(/"Group IDs" holds "Engineering", which is not an object ID/);
		const empty = await runFailing(world.emulator, {
			resource: 'user',
			operation: 'checkGroupMembership',
			user: byId(DEMO_USERS.lee.id),
			groupIds: '',
		});
		expect(empty.message).toMatch(/No group to check: "Groups" and "Group IDs" are empty/);
		expect(graphLog(world.emulator)).toHaveLength(0);
		const items = [
			{ json: { user: 'ghost@contoso.com' } },
			{ json: { user: DEMO_USERS.johanna.userPrincipalName } },
		];
		const out = await run(
			world.emulator,
			{
				resource: 'user',
				operation: 'checkGroupMembership',
				user: byUpn('={{ $json.user }}'),
				groupIds: DEMO_GROUPS.platform.id,
			},
			items,
			{ continueOnFail: true },
		);
		expect(out[0].json.error).toBe('User not found: ghost@contoso.com');
		expect(out[1].json).toMatchObject({ isMemberOfAll: true });
	});
});
