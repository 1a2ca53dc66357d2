import { DEMO_GROUPS } from '../../../../emulator';
import {
	byId,
	graphLog,
	itemsOf,
	json,
	roundTrips,
	run,
	runFailing,
	useEmulator,
} from '../../../../integration/setup';

const world = useEmulator();
const G = DEMO_GROUPS;

describe('Group > Update, Delete', () => {
	it('updates several groups in one $batch and changes the tenant', async () => {
		const { emulator } = world;
		emulator.admin.clearLog();
		const output = await run(
			emulator,
			{
				resource: 'group',
				operation: 'update',
				group: byId('={{ $json.id }}'),
				updateFields: { description: '={{ $json.description }}', visibility: 'Private' },
			},
			itemsOf([
				{ id: G.marketing.id, description: 'New M' },
				{ id: G.allCompany.id, description: 'New A' },
			]),
		);
		expect(json(output)).toEqual([
			{ updated: true, id: G.marketing.id, description: 'New M', visibility: 'Private' },
			{ updated: true, id: G.allCompany.id, description: 'New A', visibility: 'Private' },
		]);
		expect(emulator.admin.getGroup(G.marketing.id)).toMatchObject({
			description: 'New M',
			visibility: 'Private',
		});
		expect(emulator.admin.getGroup(G.allCompany.id)).toMatchObject({ description: 'New A' });
		expect(roundTrips(emulator)).toBe(1);
	});

	it('refuses an update without fields before any request', async () => {
		const { emulator } = world;
		emulator.admin.clearLog();
		const error = await runFailing(emulator, {
			resource: 'group',
			operation: 'update',
			group: byId(G.marketing.id),
			updateFields: {},
		});
		expect(error.message).toMatch(/Nothing to update/);
		expect(graphLog(emulator)).toHaveLength(0);
	});
});
