import type { INodeParameters } from 'n8n-workflow';

import { graphLog, json, run, runFailing, useEmulator } from '../../../../integration/setup';

const world = useEmulator();

describe('Group > Get, Get Many', () => {
	it('searches, filters by type, and limits', async () => {
		const { emulator } = world;
		const names = async (params: INodeParameters) =>
			json(await run(emulator, { resource: 'group', operation: 'getAll', returnAll: true, ...params })).map((group) => group.displayName);
		expect(await names({ filters: { search: 'market' } })).toEqual(['Marketing']);
		expect((await names({ filters: { groupType: 'microsoft365' } })).sort()).toEqual(['All Company', 'Marketing']);
		expect(await names({ filters: { filter: "startswith(displayName,'Cycle')", orderBy: 'displayName desc' } })).toEqual(['Cycle B', 'Cycle A']);
		expect(await names({ returnAll: false, limit: 3 })).toHaveLength(3);
	});

	it('refuses a bad Order By before any request', async () => {
		const { emulator } = world;
		emulator.admin.clearLog();
		const error = await runFailing(emulator, { resource: 'group', operation: 'getAll', filters: { orderBy: 'displayName; drop' } });
		expect(error.message).toMatch(/"Order By" is not valid/);
		expect(graphLog(emulator)).toHaveLength(0);
	});
});
