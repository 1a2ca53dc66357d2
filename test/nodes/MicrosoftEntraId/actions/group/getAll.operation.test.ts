import type { INodeParameters } from 'n8n-workflow';

import { graphLog, json, run, runFailing, useEmulator } from '../../../../integration/setup';

const world = useEmulator();

describe('Group > Get, Get Many', () => {
	it('searches, filters by type, and limits', async () => {
		const { emulator } = world;
		const names = async (params: INodeParameters) =>
			json(
				await run(emulator, { resource: 'group', operation: 'getAll', returnAll: true, ...params }),
			).map((group) => group.displayName);
		expect(await names({ search: 'market' })).toEqual(['Marketing']);
		expect((await names({ filters: { groupType: 'microsoft365' } })).sort()).toEqual([
			'All Company',
			'Marketing',
		]);
		expect(
			await names({
				filters: { filter: "startswith(displayName,'Cycle')" },
				sort: { orderBy: 'displayName', descending: true },
			}),
		).toEqual(['Cycle B', 'Cycle A']);
		expect(await names({ returnAll: false, limit: 3 })).toHaveLength(3);
	});

	it('refuses a bad Order By (from an expression) before any request', async () => {
		const { emulator } = world;
		emulator.admin.clearLog();
		const error = await runFailing(emulator, {
			resource: 'group',
			operation: 'getAll',
			sort: { orderBy: '={{ "displayName; drop" }}' },
		});
		expect(error.message).toMatch(/"Order By" is not a property name/);
		expect(graphLog(emulator)).toHaveLength(0);
	});
});
