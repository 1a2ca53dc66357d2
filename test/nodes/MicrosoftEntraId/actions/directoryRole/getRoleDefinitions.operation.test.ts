import { DEMO_APP, DEMO_TENANT_ID } from '../../../../emulator';
import { ROLE_IDS } from '../../../../emulator/roles';
import { emulatorCredentials, listSearch } from '../../../../harness';
import { json, node, run, useEmulator } from '../../../../integration/setup';

/*
 * Directory Role resource, against the emulator's model of List roleDefinitions, List / Create
 * unifiedRoleAssignments and Delete unifiedRoleAssignment (v1.0).
 */

const world = useEmulator();

describe('Directory Role → Get Role Definitions', () => {
	it('lists the roles sorted by name, with filters; permissions only on request', async () => {
		const all = await run(world.emulator, {
			resource: 'directoryRole',
			operation: 'getRoleDefinitions',
		});
		const names = json(all).map((role) => role.displayName as string);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		expect(json(all)).toContainEqual(
			expect.objectContaining({
				id: ROLE_IDS.globalAdministrator,
				displayName: 'Global Administrator',
				isBuiltIn: true,
			}),
		);
		expect(all[0].json).not.toHaveProperty('rolePermissions');
		const one = await run(world.emulator, {
			resource: 'directoryRole',
			operation: 'getRoleDefinitions',
			filters: { displayName: 'User Administrator', isBuiltIn: true },
			includePermissions: true,
		});
		expect(json(one)).toHaveLength(1);
		expect(one[0].json).toMatchObject({
			id: ROLE_IDS.userAdministrator,
			rolePermissions: [expect.objectContaining({ allowedResourceActions: expect.any(Array) })],
		});
	});

	it('the role list search finds roles by part of the name', async () => {
		const options = {
			credentials: emulatorCredentials(world.emulator.url, DEMO_APP, DEMO_TENANT_ID),
		};
		const found = await listSearch(
			node,
			'searchRoleDefinitions',
			{},
			'helpdesk',
			undefined,
			options,
		);
		expect(found.results).toEqual([
			{ name: 'Helpdesk Administrator', value: ROLE_IDS.helpdeskAdministrator },
		]);
		const all = await listSearch(node, 'searchRoleDefinitions', {}, undefined, undefined, options);
		expect(all.results.length).toBeGreaterThan(10);
	});
});
