import { DEMO_USERS, READONLY_APP } from '../../../../emulator';
import { ROLE_IDS } from '../../../../emulator/roles';
import {
	batchRoundTrips,
	byId,
	byUpn,
	fromList,
	graphLog,
	json,
	paired,
	roundTrips,
	run,
	runFailing,
	seedUsers,
	useEmulator,
} from '../../../../integration/setup';

/*
 * Directory Role resource, against the emulator's model of List roleDefinitions, List / Create
 * unifiedRoleAssignments and Delete unifiedRoleAssignment (v1.0).
 */

const world = useEmulator();
const held = (userId: string) =>
	world.emulator.admin.roleAssignments(userId).map((assignment) => assignment.roleDefinitionId);

describe('Directory Role → Assign to User / Get Role Assignments of User / Remove From User', () => {
	it('assigns a role picked from the list to a user by UPN, lists it, and removes it', async () => {
		const assigned = await run(world.emulator, {
			resource: 'directoryRole',
			operation: 'assignToUser',
			user: byUpn(DEMO_USERS.alex.userPrincipalName),
			role: fromList(ROLE_IDS.helpdeskAdministrator),
		});
		// issue 25, item 6: the role by name too
		expect(assigned[0].json).toMatchObject({
			status: 'assigned',
			principalId: DEMO_USERS.alex.id,
			roleDefinitionId: ROLE_IDS.helpdeskAdministrator,
			directoryScopeId: '/',
			roleDisplayName: 'Helpdesk Administrator',
		});
		expect(held(DEMO_USERS.alex.id)).toEqual([ROLE_IDS.helpdeskAdministrator]);
		expect(world.emulator.admin.getUser(DEMO_USERS.alex.id)!.roles).toEqual([
			'Helpdesk Administrator',
		]);

		const listed = await run(world.emulator, {
			resource: 'directoryRole',
			operation: 'getUserAssignments',
			user: byUpn(DEMO_USERS.alex.userPrincipalName),
		});
		expect(json(listed)).toEqual([
			expect.objectContaining({
				id: assigned[0].json.id,
				roleDefinitionId: ROLE_IDS.helpdeskAdministrator,
				roleDisplayName: 'Helpdesk Administrator',
			}),
		]);

		const again = await run(world.emulator, {
			resource: 'directoryRole',
			operation: 'assignToUser',
			user: byId(DEMO_USERS.alex.id),
			role: byId(ROLE_IDS.helpdeskAdministrator),
		});
		expect(again[0].json).toMatchObject({
			status: 'alreadyAssigned',
			id: assigned[0].json.id,
			roleDisplayName: 'Helpdesk Administrator',
		});

		// a conflict answered as 409 is read back the same way
		world.emulator.admin.injectFault({
			method: 'POST',
			pathPattern: 'roleAssignments',
			status: 409,
			count: 1,
		});
		const conflict = await run(world.emulator, {
			resource: 'directoryRole',
			operation: 'assignToUser',
			user: byId(DEMO_USERS.alex.id),
			role: byId(ROLE_IDS.helpdeskAdministrator),
		});
		expect(conflict[0].json.status).toBe('alreadyAssigned');

		const removed = await run(world.emulator, {
			resource: 'directoryRole',
			operation: 'removeFromUser',
			user: byId(DEMO_USERS.alex.id),
			role: byId(ROLE_IDS.helpdeskAdministrator),
		});
		expect(removed[0].json).toEqual({
			userId: DEMO_USERS.alex.id,
			roleDefinitionId: ROLE_IDS.helpdeskAdministrator,
			assignmentId: assigned[0].json.id,
			status: 'removed',
		});
		expect(held(DEMO_USERS.alex.id)).toEqual([]);
		const none = await run(world.emulator, {
			resource: 'directoryRole',
			operation: 'removeFromUser',
			user: byId(DEMO_USERS.alex.id),
			role: byId(ROLE_IDS.helpdeskAdministrator),
		});
		expect(none[0].json.status).toBe('notAssigned');
		const strict = await runFailing(world.emulator, {
			resource: 'directoryRole',
			operation: 'removeFromUser',
			user: byId(DEMO_USERS.alex.id),
			role: byId(ROLE_IDS.helpdeskAdministrator),
			options: { ignoreNotAssigned: false },
		});
		expect(strict.message).toMatch(/does not hold the role/);
	});

	it("assigns to 30 users in 2 $batch round trips plus one read of the role's name, and removes in 2 + 2 (read, then delete)", async () => {
		const users = seedUsers(world.emulator, 30);
		world.emulator.admin.clearLog();
		const assigned = await run(
			world.emulator,
			{
				resource: 'directoryRole',
				operation: 'assignToUser',
				user: byId('={{ $json.id }}'),
				role: byId(ROLE_IDS.licenseAdministrator),
			},
			users.map((id) => ({ json: { id } })),
		);
		expect(assigned.every((item) => item.json.status === 'assigned')).toBe(true);
		expect(paired(assigned)).toEqual(users.map((_, item) => ({ item })));
		expect(assigned.every((item) => item.json.roleDisplayName === 'License Administrator')).toBe(
			true,
		);
		expect(roundTrips(world.emulator)).toBe(3);
		expect(
			graphLog(world.emulator).filter(
				(entry) => entry.method === 'GET' && entry.path.includes('/roleDefinitions/'),
			),
		).toHaveLength(1);
		for (const id of users) expect(held(id)).toEqual([ROLE_IDS.licenseAdministrator]);

		world.emulator.admin.clearLog();
		const removed = await run(
			world.emulator,
			{
				resource: 'directoryRole',
				operation: 'removeFromUser',
				user: byId('={{ $json.id }}'),
				role: byId(ROLE_IDS.licenseAdministrator),
			},
			users.map((id) => ({ json: { id } })),
		);
		expect(removed.every((item) => item.json.status === 'removed')).toBe(true);
		expect(roundTrips(world.emulator)).toBe(4);
		expect(batchRoundTrips(world.emulator)).toBe(4);
		for (const id of users) expect(held(id)).toEqual([]);
	});

	it('continues on fail: a missing user and an unknown role fail their own items only', async () => {
		const [user] = seedUsers(world.emulator, 1);
		const out = await run(
			world.emulator,
			{
				resource: 'directoryRole',
				operation: 'assignToUser',
				user: byId('={{ $json.user }}'),
				role: byId('={{ $json.role }}'),
			},
			[
				{ json: { user, role: ROLE_IDS.groupsAdministrator } },
				{ json: { user: 'ghost@contoso.com', role: ROLE_IDS.groupsAdministrator } },
				{ json: { user, role: '00000000-0000-4000-8000-000000000000' } },
				{ json: { user, role: 'not-a-guid' } },
			],
			{ continueOnFail: true },
		);
		expect(out[0].json.status).toBe('assigned');
		expect(out[1].json.error).toBe('User not found: ghost@contoso.com');
		expect(out[2].json.error).toMatch(/not found/);
		expect(out[3].json.error).toBe('"Role" is not a role definition ID: "not-a-guid"');
		expect(paired(out)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(held(user)).toEqual([ROLE_IDS.groupsAdministrator]);
	});

	it('checks input before sending anything, and is denied without RoleManagement.ReadWrite.Directory', async () => {
		world.emulator.admin.clearLog();
		const invalid = await runFailing(
			world.emulator,
			{
				resource: 'directoryRole',
				operation: 'assignToUser',
				user: byId('={{ $json.user }}'),
				role: byId(ROLE_IDS.groupsAdministrator),
			},
			[{ json: { user: DEMO_USERS.alex.id } }, { json: { user: 'nobody' } }],
		);
		expect(invalid.message).toMatch(/"User" is not valid: "nobody"/);
		expect(invalid.context?.itemIndex).toBe(1);
		expect(graphLog(world.emulator)).toHaveLength(0);
		const denied = await runFailing(
			world.emulator,
			{
				resource: 'directoryRole',
				operation: 'assignToUser',
				user: byId(DEMO_USERS.alex.id),
				role: byId(ROLE_IDS.groupsAdministrator),
			},
			[{ json: {} }],
			{ app: READONLY_APP },
		);
		expect(denied.message).toMatch(/Permission denied/);
		expect(held(DEMO_USERS.alex.id)).toEqual([]);
	});
});
