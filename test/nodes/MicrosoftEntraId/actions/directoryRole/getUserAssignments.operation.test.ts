import { DEMO_USERS } from '../../../../emulator';
import { byId, byUpn, json, run, runFailing, useEmulator } from '../../../../integration/setup';

/*
 * Directory Role resource, against the emulator's model of List roleDefinitions, List / Create
 * unifiedRoleAssignments and Delete unifiedRoleAssignment (v1.0).
 */

const world = useEmulator();

describe('Directory Role → Assign to User / Get Role Assignments of User / Remove From User', () => {
	it('lists the seeded Global Administrator of the demo tenant', async () => {
		const listed = await run(world.emulator, {
			resource: 'directoryRole',
			operation: 'getUserAssignments',
			user: byId(DEMO_USERS.admin.id),
		});
		expect(json(listed).map((assignment) => assignment.roleDisplayName)).toEqual([
			'Global Administrator',
		]);
		const missing = await runFailing(world.emulator, {
			resource: 'directoryRole',
			operation: 'getUserAssignments',
			user: byUpn('ghost@contoso.com'),
		});
		expect(missing.message).toBe('User not found: ghost@contoso.com');
	});
});
