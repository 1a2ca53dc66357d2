import { DEMO_GROUPS, READONLY_APP } from '../../../../emulator';
import { byId, itemsOf, run, runFailing, useEmulator } from '../../../../integration/setup';

const world = useEmulator();
const G = DEMO_GROUPS;
const MISSING = 'deadbeef-0000-4000-8000-000000000000';

describe('Group > Update, Delete', () => {
	it('deletes groups ({deleted, id}); a missing one fails on its own with continueOnFail', async () => {
		const { emulator } = world;
		const output = await run(
			emulator,
			{ resource: 'group', operation: 'delete', group: byId('={{ $json.id }}') },
			itemsOf([{ id: G.platform.id }, { id: MISSING }, { id: G.cycleA.id }]),
			{ continueOnFail: true },
		);
		expect(output[0].json).toEqual({ deleted: true, id: G.platform.id });
		expect(output[1].json.httpCode).toBe('404');
		expect(output[2].json).toEqual({ deleted: true, id: G.cycleA.id });
		expect(emulator.admin.getGroup(G.platform.id)?.deleted ?? true).toBe(true);
		expect(emulator.admin.getGroup(G.marketing.id)?.deleted).toBe(false);
	});

	it('is denied for a read-only app', async () => {
		const { emulator } = world;
		const error = await runFailing(
			emulator,
			{ resource: 'group', operation: 'delete', group: byId(G.marketing.id) },
			[{ json: {} }],
			{ app: READONLY_APP },
		);
		expect(error.httpCode).toBe('403');
		expect(emulator.admin.getGroup(G.marketing.id)?.deleted).toBe(false);
	});
});
