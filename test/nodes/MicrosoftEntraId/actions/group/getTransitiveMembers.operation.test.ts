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

/* Group → Get Transitive Members, against the emulator's model of "List group transitive members" (v1.0). */
const world = useEmulator();
const G = DEMO_GROUPS;
const U = DEMO_USERS;
const transitive = (group: NodeParameterValueType, extra: INodeParameters = {}) => ({
	resource: 'group',
	operation: 'getTransitiveMembers',
	group,
	returnAll: true,
	...extra,
});

describe('Group → Get Transitive Members', () => {
	it('lists members of nested groups too (Engineering holds Platform Team, which holds Johanna)', async () => {
		world.emulator.admin.clearLog();
		const out = await run(world.emulator, transitive(byId(G.engineering.id)));
		expect(
			json(out)
				.map((member) => member.id)
				.sort(),
		).toEqual([U.lee.id, G.platform.id, U.johanna.id].sort());
		expect(paired(out)).toEqual(out.map(() => ({ item: 0 })));
		expect(
			graphLog(world.emulator).map((entry) => `${entry.method} ${entry.path.split('?')[0]}`),
		).toEqual([`GET /v1.0/groups/${G.engineering.id}/transitiveMembers`]);
	});

	it('narrows to one member type, and pairs each member with its input group', async () => {
		const out = await run(
			world.emulator,
			transitive('={{ $json.group }}', { memberType: 'users' }),
			[{ json: { group: byId(G.engineering.id) } }, { json: { group: byId(G.platform.id) } }],
		);
		expect(json(out).map((member) => member.id)).toEqual(
			expect.arrayContaining([U.lee.id, U.johanna.id]),
		);
		expect(json(out).map((member) => member.id)).not.toContain(G.platform.id);
		expect(paired(out).slice(-1)).toEqual([{ item: 1 }]);
	});

	it('fails with not found for a missing group; refuses a non-GUID group before any request', async () => {
		const missing = await runFailing(
			world.emulator,
			transitive(byId('deadbeef-0000-4000-8000-000000000000')),
		);
		expect(missing.httpCode).toBe('404');
		world.emulator.admin.clearLog();
		const invalid = await runFailing(world.emulator, transitive(byId('engineering')));
		expect(invalid.constructor.name).toBe('NodeOperationError');
		expect(graphLog(world.emulator)).toHaveLength(0);
	});
});
