import type { INodeParameters } from 'n8n-workflow';

import { DEMO_USERS } from '../../../../emulator';
import { ROLE_IDS } from '../../../../emulator/roles';
import {
	byId,
	graphLog,
	json,
	paired,
	run,
	runFailing,
	seedUsers,
	useEmulator,
} from '../../../../integration/setup';

/*
 * Directory Role → Remove From User, against the emulator's model of List unifiedRoleAssignments
 * ($filter on principalId) and Delete unifiedRoleAssignment (v1.0).
 */
const world = useEmulator();
const held = (userId: string) =>
	world.emulator.admin.roleAssignments(userId).map((assignment) => assignment.roleDefinitionId);
const remove = (extra: INodeParameters = {}) => ({
	resource: 'directoryRole',
	operation: 'removeFromUser',
	user: byId('={{ $json.user }}'),
	role: byId('={{ $json.role }}'),
	...extra,
});
const assign = (user: string, role: string) =>
	run(world.emulator, {
		resource: 'directoryRole',
		operation: 'assignToUser',
		user: byId(user),
		role: byId(role),
	});

describe('Directory Role → Remove From User', () => {
	it("reads the assignment, deletes it, and leaves the user's other roles alone", async () => {
		const [user] = seedUsers(world.emulator, 1);
		const assigned = await assign(user, ROLE_IDS.helpdeskAdministrator);
		await assign(user, ROLE_IDS.groupsAdministrator);
		world.emulator.admin.clearLog();
		const out = await run(world.emulator, remove({ requestOptions: { bulk: false } }), [
			{ json: { user, role: ROLE_IDS.helpdeskAdministrator } },
		]);
		expect(out).toEqual([
			{
				json: {
					userId: user,
					roleDefinitionId: ROLE_IDS.helpdeskAdministrator,
					assignmentId: assigned[0].json.id,
					status: 'removed',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(
			graphLog(world.emulator).map((entry) => `${entry.method} ${decodeURIComponent(entry.path)}`),
		).toEqual([
			expect.stringMatching(
				new RegExp(
					`^GET /v1.0/roleManagement/directory/roleAssignments\\?.*principalId eq '${user}'`,
				),
			),
			`DELETE /v1.0/roleManagement/directory/roleAssignments/${assigned[0].json.id}`,
		]);
		expect(held(user)).toEqual([ROLE_IDS.groupsAdministrator]);
	});

	it('with continueOnFail, a missing user fails its own item; the others are removed or not assigned', async () => {
		const [user] = seedUsers(world.emulator, 1);
		await assign(user, ROLE_IDS.licenseAdministrator);
		const out = await run(
			world.emulator,
			remove(),
			[
				{ json: { user, role: ROLE_IDS.licenseAdministrator } },
				{ json: { user: 'ghost@contoso.com', role: ROLE_IDS.licenseAdministrator } },
				{ json: { user: DEMO_USERS.alex.id, role: ROLE_IDS.licenseAdministrator } },
			],
			{ continueOnFail: true },
		);
		expect(json(out).map((item) => item.status ?? item.error)).toEqual([
			'removed',
			'User not found: ghost@contoso.com',
			'notAssigned',
		]);
		expect(paired(out)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(held(user)).toEqual([]);
	});

	it('refuses a role that is not a role definition ID before any request', async () => {
		world.emulator.admin.clearLog();
		const error = await runFailing(world.emulator, remove(), [
			{ json: { user: DEMO_USERS.alex.id, role: ROLE_IDS.helpdeskAdministrator } },
			{ json: { user: DEMO_USERS.alex.id, role: 'not-a-guid' } },
		]);
		expect(error.constructor.name).toBe('NodeOperationError');
		expect(error.message).toMatch(/"Role" is not a role definition ID: "not-a-guid"/);
		expect(graphLog(world.emulator)).toHaveLength(0);
	});
});
