import { DEMO_GROUPS, DEMO_USERS } from '../../../../emulator';
import { byId, json, run, runFailing, seedUser, useEmulator } from '../../../../integration/setup';

const world = useEmulator();
const members = (groupId: string) =>
	world.emulator.admin.listMembers(groupId).map((member) => member.id);
const removeParameters = (extra: object = {}) => ({
	resource: 'user',
	operation: 'removeFromGroup',
	user: byId('={{ $json.user }}'),
	group: byId('={{ $json.group }}'),
	...extra,
});

describe('User → Remove from Group', () => {
	it('removes a member ("removed") and tells a non-member ("notMember") from a missing group or user', async () => {
		const group = DEMO_GROUPS.marketing.id;
		const items = [
			{ json: { user: DEMO_USERS.alex.userPrincipalName, group } },
			{ json: { user: DEMO_USERS.lee.id, group } },
			{ json: { user: DEMO_USERS.lee.id, group: 'b0a7f000-0000-4000-8000-0000000000ff' } },
			{ json: { user: '00000000-0000-4000-8000-00000000dead', group } },
		];
		const out = await run(world.emulator, removeParameters(), items, { continueOnFail: true });
		expect(out[0].json).toEqual({ groupId: group, userId: DEMO_USERS.alex.id, status: 'removed' });
		expect(out[1].json).toEqual({ groupId: group, userId: DEMO_USERS.lee.id, status: 'notMember' });
		expect(out[2].json.error).toBe('Group not found: b0a7f000-0000-4000-8000-0000000000ff');
		expect(out[3].json.error).toBe('User not found: 00000000-0000-4000-8000-00000000dead');
		expect(members(group)).toEqual([DEMO_USERS.megan.id]);
	});

	it('fails for a non-member when "Ignore If Not a Member" is off', async () => {
		const error = await runFailing(
			world.emulator,
			removeParameters({ options: { ignoreNotMember: false } }),
			[{ json: { user: DEMO_USERS.lee.id, group: DEMO_GROUPS.marketing.id } }],
		);
		expect(error.message).toMatch(/is not a member/);
	});

	it('removes many members in $batch with the same outcome as one by one', async () => {
		const outcomes = [];
		for (const bulk of [true, false]) {
			const group = world.emulator.admin.createGroup({
				displayName: 'Shrink',
				groupTypes: [],
				securityEnabled: true,
				mailEnabled: false,
				mailNickname: `shrink${bulk}`,
			}).id as string;
			const users = Array.from({ length: 25 }, () => seedUser(world.emulator).id);
			for (const user of users.slice(0, 20)) world.emulator.admin.addMember(group, user);
			const out = await run(
				world.emulator,
				removeParameters({ requestOptions: { bulk } }),
				users.map((user) => ({ json: { user, group } })),
			);
			expect(members(group)).toEqual([]);
			outcomes.push(json(out).map((item) => item.status));
		}
		expect(outcomes[0]).toEqual(outcomes[1]);
		expect(outcomes[0].filter((status) => status === 'removed')).toHaveLength(20);
	});
});
