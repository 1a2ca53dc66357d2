import type { NodeParameterValueType } from 'n8n-workflow';

import { DEMO_GROUPS, MEMBERSHIP_APP } from '../../../../emulator';
import {
	batchRoundTrips,
	byId,
	byUpn,
	json,
	roundTrips,
	run,
	seedGroup,
	seedUser,
	useEmulator,
} from '../../../../integration/setup';

/*
 * User → Remove From All Groups, against the emulator's model of "List memberOf" (v1.0,
 * https://learn.microsoft.com/graph/api/user-list-memberof: the microsoft.graph.group cast needs
 * ConsistencyLevel eventual and $count) and "Remove member"
 * (https://learn.microsoft.com/graph/api/group-delete-members: no removal from groups with dynamic
 * memberships; a role-assignable group also needs RoleManagement.ReadWrite.Directory).
 */

const world = useEmulator();
const params = (user: NodeParameterValueType) => ({
	resource: 'user',
	operation: 'removeFromAllGroups',
	user,
});
const memberIds = (groupId: string) =>
	world.emulator.admin.listMembers(groupId).map((member) => member.id);

describe('User → Remove From All Groups', () => {
	it('removes direct memberships, skips dynamic, synced and mail-enabled security / distribution groups, and reports each group', async () => {
		// department Sales: also in the demo tenant's dynamic Sales group
		const { id } = seedUser(world.emulator, { department: 'Sales' });
		const plain = seedGroup(world.emulator, { members: [id], securityEnabled: true });
		const unified = seedGroup(world.emulator, { members: [id], groupTypes: ['Unified'] });
		const synced = seedGroup(world.emulator, { members: [id], onPremisesSyncEnabled: true });
		const distribution = seedGroup(world.emulator, {
			members: [id],
			mailEnabled: true,
			securityEnabled: false,
		});
		const dynamic = seedGroup(world.emulator, {
			groupTypes: ['DynamicMembership'],
			membershipRule: 'user.department -eq "Sales"',
			membershipRuleProcessingState: 'On',
		});
		const outer = seedGroup(world.emulator, { members: [plain] });
		expect(memberIds(dynamic)).toContain(id);
		const [out] = json(await run(world.emulator, params(byId(id))));
		expect(out).toMatchObject({ userId: id, status: 'removed', removed: 2, skipped: 4, failed: 0 });
		const byGroup = Object.fromEntries(
			(out.groups as Array<{ groupId: string; outcome: string }>).map((entry) => [
				entry.groupId,
				entry.outcome,
			]),
		);
		expect(byGroup).toEqual({
			[plain]: 'removed',
			[unified]: 'removed',
			[synced]: 'skipped',
			[distribution]: 'skipped',
			[dynamic]: 'skipped',
			[DEMO_GROUPS.salesDynamic.id]: 'skipped',
		});
		expect(memberIds(plain)).not.toContain(id);
		expect(memberIds(unified)).not.toContain(id);
		expect(memberIds(synced)).toContain(id);
		expect(memberIds(distribution)).toContain(id);
		expect(memberIds(dynamic)).toContain(id);
		// nested group: the membership of `plain` in `outer` stays, only the user's own ones go
		expect(memberIds(outer)).toEqual([plain]);
	});

	it("reports Graph's 403 for a role-assignable group as that group's outcome (app without RoleManagement.ReadWrite.Directory)", async () => {
		const { id } = seedUser(world.emulator);
		const roleGroup = seedGroup(world.emulator, {
			members: [id],
			isAssignableToRole: true,
			securityEnabled: true,
		});
		const plain = seedGroup(world.emulator, { members: [id] });
		const [out] = json(
			await run(world.emulator, params(byId(id)), [{ json: {} }], { app: MEMBERSHIP_APP }),
		);
		expect(out).toMatchObject({ status: 'removed', removed: 1, failed: 1 });
		const failed = (out.groups as Array<Record<string, unknown>>).find(
			(entry) => entry.groupId === roleGroup,
		);
		expect(failed).toMatchObject({ outcome: 'failed', httpCode: '403' });
		expect(failed?.reason).toMatch(
			/^Role-assignable group: removing members needs RoleManagement\.ReadWrite\.Directory/,
		);
		expect(memberIds(roleGroup)).toContain(id);
		expect(memberIds(plain)).not.toContain(id);
	});

	it('holds the request floor: a user in 30 groups costs 1 read (2 by UPN) and 2 $batch calls; a second run removes nothing', async () => {
		for (const by of ['id', 'upn'] as const) {
			const user = seedUser(world.emulator);
			const groups = Array.from({ length: 30 }, () =>
				seedGroup(world.emulator, { members: [user.id] }),
			);
			world.emulator.admin.clearLog();
			const [out] = json(
				await run(
					world.emulator,
					params(by === 'id' ? byId(user.id) : byUpn(user.userPrincipalName)),
				),
			);
			expect(out).toMatchObject({ status: 'removed', removed: 30 });
			expect(batchRoundTrips(world.emulator)).toBe(2);
			expect(roundTrips(world.emulator)).toBe(by === 'id' ? 3 : 4);
			for (const group of groups) expect(memberIds(group)).toEqual([]);
			world.emulator.admin.clearLog();
			const [again] = json(await run(world.emulator, params(byId(user.id))));
			expect(again).toMatchObject({ status: 'nothingToRemove', removed: 0, groups: [] });
			expect(roundTrips(world.emulator)).toBe(1);
		}
	});

	it('with Bulk Requests off: one DELETE per group, the same outcome', async () => {
		const user = seedUser(world.emulator);
		const groups = Array.from({ length: 3 }, () =>
			seedGroup(world.emulator, { members: [user.id] }),
		);
		world.emulator.admin.clearLog();
		const [out] = json(
			await run(world.emulator, { ...params(byId(user.id)), requestOptions: { bulk: false } }),
		);
		expect(out).toMatchObject({ status: 'removed', removed: 3 });
		expect(batchRoundTrips(world.emulator)).toBe(0);
		expect(roundTrips(world.emulator)).toBe(4);
		for (const group of groups) expect(memberIds(group)).toEqual([]);
	});
});
