import type { INodeParameters } from 'n8n-workflow';

import { DEMO_DEVICES, DEMO_GROUPS, DEMO_USERS } from '../../../../emulator';
import { byId, json, run, runFailing, useEmulator } from '../../../../integration/setup';

const world = useEmulator();
const G = DEMO_GROUPS;
const U = DEMO_USERS;
const MISSING = 'deadbeef-0000-4000-8000-000000000000';

describe('Group > member listings', () => {
	const list = (operation: string, groupId: string, extra: INodeParameters = {}) => ({
		resource: 'group',
		operation,
		group: byId(groupId),
		returnAll: true,
		...extra,
	});

	it('lists direct and transitive members, by type', async () => {
		const { emulator } = world;
		const ids = async (params: INodeParameters) =>
			json(await run(emulator, params))
				.map((member) => member.id)
				.sort();
		expect(await ids(list('getMembers', G.engineering.id))).toEqual(
			[U.lee.id, G.platform.id].sort(),
		);
		expect(await ids(list('getTransitiveMembers', G.engineering.id))).toEqual(
			[U.lee.id, G.platform.id, U.johanna.id].sort(),
		);
		expect(
			await ids(list('getTransitiveMembers', G.engineering.id, { memberType: 'users' })),
		).toEqual([U.lee.id, U.johanna.id].sort());
		expect(await ids(list('getMembers', G.engineering.id, { memberType: 'groups' }))).toEqual([
			G.platform.id,
		]);
	});

	it('lists device members with the device cast (List members: microsoft.graph.device)', async () => {
		const { emulator } = world;
		const devices = json(
			await run(emulator, list('getMembers', G.itAdmins.id, { memberType: 'devices' })),
		);
		expect(devices.map((member) => member.id).sort()).toEqual(
			[DEMO_DEVICES.adminLaptop.id, DEMO_DEVICES.backupServer.id].sort(),
		);
		expect(devices.map((member) => member.displayName).sort()).toEqual([
			'ADELE-LAPTOP',
			'BACKUP-SRV01',
		]);
		const all = json(await run(emulator, list('getMembers', G.itAdmins.id)));
		expect(all.map((member) => member.id)).toEqual(
			expect.arrayContaining([DEMO_DEVICES.adminLaptop.id, U.admin.id]),
		);
	});

	it('searches and filters members, and limits them', async () => {
		const { emulator } = world;
		const names = async (extra: INodeParameters) =>
			json(await run(emulator, list('getMembers', G.allCompany.id, extra))).map(
				(member) => member.displayName,
			);
		expect(await names({ memberType: 'users', search: 'megan' })).toEqual(['Megan Bowen']);
		expect(await names({ filters: { filter: "startswith(displayName,'A')" } })).toEqual(
			expect.arrayContaining(['Adele Vance', 'Alex Wilber']),
		);
		expect(await names({ returnAll: false, limit: 2 })).toHaveLength(2);
		const selected = await run(
			emulator,
			list('getMembers', G.marketing.id, { output: 'selected', fields: ['jobTitle'] }),
		);
		expect(
			json(selected)
				.map((member) => member.jobTitle)
				.sort(),
		).toEqual(['Marketing Assistant', 'Marketing Manager']);
	});

	it('fails with not found for a missing group', async () => {
		const { emulator } = world;
		const error = await runFailing(emulator, list('getMembers', MISSING));
		expect(error.httpCode).toBe('404');
	});
});
