import type { INodeParameters, NodeParameterValueType } from 'n8n-workflow';

import { DEMO_GROUPS, DEMO_USERS } from '../../../../emulator';
import {
	byId,
	graphLog,
	json,
	paired,
	run,
	runFailing,
	useEmulator,
} from '../../../../integration/setup';

/* Group → Get Owners, against the emulator's model of "List group owners" (v1.0). */
const world = useEmulator();
const G = DEMO_GROUPS;
const U = DEMO_USERS;
const owners = (group: NodeParameterValueType, extra: INodeParameters = {}) => ({
	resource: 'group',
	operation: 'getOwners',
	group,
	returnAll: true,
	...extra,
});

describe('Group → Get Owners', () => {
	it('lists the owners of each input group, paired to its item, from GET /groups/{id}/owners', async () => {
		world.emulator.admin.clearLog();
		const out = await run(world.emulator, owners('={{ $json.group }}'), [
			{ json: { group: byId(G.marketing.id) } },
			{ json: { group: byId(G.allCompany.id) } },
		]);
		expect(json(out).map((owner) => owner.id)).toEqual([U.megan.id, U.admin.id]);
		expect(out[0].json).toMatchObject({
			displayName: 'Megan Bowen',
			userPrincipalName: U.megan.userPrincipalName,
		});
		expect(paired(out)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(
			graphLog(world.emulator).map((entry) => `${entry.method} ${entry.path.split('?')[0]}`),
		).toEqual([
			`GET /v1.0/groups/${G.marketing.id}/owners`,
			`GET /v1.0/groups/${G.allCompany.id}/owners`,
		]);
	});

	it('gives no item for a group without owners, and fails with not found for a missing group', async () => {
		expect(await run(world.emulator, owners(byId(G.platform.id)))).toEqual([]);
		const error = await runFailing(
			world.emulator,
			owners(byId('deadbeef-0000-4000-8000-000000000000')),
		);
		expect(error.httpCode).toBe('404');
	});

	it('refuses a group ID that is not a GUID before any request', async () => {
		world.emulator.admin.clearLog();
		const error = await runFailing(world.emulator, owners(byId('not-a-group')));
		expect(error.constructor.name).toBe('NodeOperationError');
		expect(graphLog(world.emulator)).toHaveLength(0);
	});
});
