import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { DEMO_DEVICES, DEMO_GROUPS, DEMO_USERS, SKUS } from '../emulator';
import { byId, json, run, seedGroup, seedUsers, upn, useEmulator } from './setup';

/*
 * One output convention for every operation (README "Output"): with Output "Simplified" (the
 * default) no item carries an OData annotation (`@odata.context`, `@odata.type`, ...); objects of
 * mixed type say which they are in `objectType`; License > Add or Remove says what it changed.
 */

const world = useEmulator();
const U = DEMO_USERS;
const G = DEMO_GROUPS;

const annotations = (items: IDataObject[]): string[] =>
	items.flatMap((item) => Object.keys(item).filter((key) => key.startsWith('@odata.')));

describe('output convention (node version 1.1)', () => {
	const reads: Array<[string, INodeParameters]> = [
		['user get', { resource: 'user', operation: 'get', user: byId(U.megan.id) }],
		['user getAll', { resource: 'user', operation: 'getAll', limit: 3 }],
		['user getGroups', { resource: 'user', operation: 'getGroups', user: byId(U.admin.id) }],
		['user getManager', { resource: 'user', operation: 'getManager', user: byId(U.megan.id) }],
		['group get', { resource: 'group', operation: 'get', group: byId(G.allCompany.id) }],
		['group getAll', { resource: 'group', operation: 'getAll', limit: 3 }],
		[
			'group getMembers',
			{ resource: 'group', operation: 'getMembers', group: byId(G.itAdmins.id) },
		],
		[
			'group getTransitiveMembers',
			{ resource: 'group', operation: 'getTransitiveMembers', group: byId(G.itAdmins.id) },
		],
		[
			'group getOwners',
			{ resource: 'group', operation: 'getOwners', group: byId(G.allCompany.id) },
		],
		[
			'license getUserLicenses',
			{ resource: 'license', operation: 'getUserLicenses', user: byId(U.admin.id) },
		],
		['license getAvailable', { resource: 'license', operation: 'getAvailable' }],
	];

	it.each(reads)('%s: no @odata annotation in the Simplified output', async (_name, parameters) => {
		const output = json(await run(world.emulator, parameters));
		expect(output.length).toBeGreaterThan(0);
		expect(annotations(output)).toEqual([]);
	});

	it('writes: no @odata annotation in what create, update and licence changes return', async () => {
		const { emulator } = world;
		const [user] = seedUsers(emulator, 1, { usageLocation: 'GB' });
		const group = seedGroup(emulator, { securityEnabled: true, mailEnabled: false });
		const outputs = [
			await run(emulator, {
				resource: 'user',
				operation: 'create',
				displayName: 'Ada',
				userPrincipalName: upn('ada'),
				password: 'Xy!23456789a',
			}),
			await run(emulator, {
				resource: 'user',
				operation: 'update',
				user: byId(user),
				updateFields: { jobTitle: 'Engineer' },
			}),
			await run(emulator, {
				resource: 'group',
				operation: 'create',
				groupType: 'security',
				displayName: 'Output test',
				mailNickname: 'outputtest',
			}),
			await run(emulator, {
				resource: 'group',
				operation: 'update',
				group: byId(group),
				updateFields: { description: 'x' },
			}),
			await run(emulator, {
				resource: 'license',
				operation: 'addOrRemove',
				user: byId(user),
				skuIds: [SKUS.E3],
			}),
		];
		expect(outputs.map((output) => annotations(json(output)))).toEqual([[], [], [], [], []]);
	});

	it("member listings say each object's type in objectType instead of @odata.type", async () => {
		const output = json(
			await run(world.emulator, {
				resource: 'group',
				operation: 'getMembers',
				group: byId(G.itAdmins.id),
			}),
		);
		const types = Object.fromEntries(output.map((member) => [member.id, member.objectType]));
		expect(types[U.admin.id]).toBe('user');
		expect(types[DEMO_DEVICES.adminLaptop.id]).toBe('device');
	});

	it('License > Add or Remove says which licences it assigned and removed', async () => {
		const { emulator } = world;
		const [user] = seedUsers(emulator, 1, { usageLocation: 'GB' });
		const added = json(
			await run(emulator, {
				resource: 'license',
				operation: 'addOrRemove',
				user: byId(user),
				skuIds: [SKUS.E3],
			}),
		);
		expect(added[0]).toMatchObject({
			id: user,
			addedLicenses: [{ skuId: SKUS.E3, disabledPlans: [] }],
			removedLicenses: [],
		});
		const removed = json(
			await run(emulator, {
				resource: 'license',
				operation: 'addOrRemove',
				user: byId(user),
				removeSkuIds: [SKUS.E3],
			}),
		);
		expect(removed[0]).toMatchObject({ id: user, addedLicenses: [], removedLicenses: [SKUS.E3] });
	});
});

describe('output of node version 1 stays as it was', () => {
	it('keeps @odata.type on member listings (saved workflows may read it)', async () => {
		const { executeNode, emulatorCredentials } = await import('../harness');
		const { MicrosoftEntraId } = await import('../../nodes/MicrosoftEntraId/MicrosoftEntraId.node');
		const { DEMO_APP, DEMO_TENANT_ID } = await import('../emulator');
		const { output } = await executeNode(
			new MicrosoftEntraId(),
			{ resource: 'group', operation: 'getMembers', group: byId(G.itAdmins.id) },
			[{ json: {} }],
			{
				credentials: emulatorCredentials(world.emulator.url, DEMO_APP, DEMO_TENANT_ID),
				typeVersion: 1,
			},
		);
		expect(output[0].map((item) => item.json['@odata.type'])).toContain('#microsoft.graph.user');
	});
});
