import type { INodeParameters, NodeParameterValueType } from 'n8n-workflow';

import {
	byId,
	json,
	roundTrips,
	run,
	runFailing,
	seedUsers,
	useEmulator,
} from '../../../../integration/setup';

/*
 * Authentication Method → Temporary Access Pass, against the emulator's model of "Create / List /
 * Delete temporaryAccessPassMethod" (v1.0) and the tenant's TAP policy.
 */

const world = useEmulator();
const create = (user: NodeParameterValueType, options: INodeParameters = {}): INodeParameters => ({
	resource: 'authenticationMethod',
	operation: 'createTemporaryAccessPass',
	user,
	options,
});

describe('Authentication Method → Delete Temporary Access Pass', () => {
	it('deletes passes (bulk: one $batch), and names a pass that does not exist', async () => {
		const users = seedUsers(world.emulator, 3);
		const created = await run(
			world.emulator,
			create(byId('={{ $json.id }}')),
			users.map((id) => ({ json: { id } })),
		);
		world.emulator.admin.clearLog();
		const out = await run(
			world.emulator,
			{
				resource: 'authenticationMethod',
				operation: 'deleteTemporaryAccessPass',
				user: byId('={{ $json.userId }}'),
				tapId: '={{ $json.id }}',
			},
			created.map((item) => ({ json: item.json })),
		);
		expect(json(out)).toEqual(
			created.map((item) => ({ deleted: true, id: item.json.id, userId: item.json.userId })),
		);
		expect(roundTrips(world.emulator)).toBe(1);
		for (const id of users) expect(world.emulator.admin.temporaryAccessPasses(id)).toEqual([]);
		const again = await run(
			world.emulator,
			{
				resource: 'authenticationMethod',
				operation: 'deleteTemporaryAccessPass',
				user: byId(users[0]),
				tapId: created[0].json.id as string,
			},
			[{ json: {} }],
			{ continueOnFail: true },
		);
		expect(again[0].json.error).toMatch(/^Temporary Access Pass of user not found/);
		const invalid = await runFailing(world.emulator, {
			resource: 'authenticationMethod',
			operation: 'deleteTemporaryAccessPass',
			user: byId(users[0]),
			tapId: 'abc',
		});
		expect(invalid.message).toBe('"Temporary Access Pass ID" is not an ID: "abc"');
		expect(invalid.context?.itemIndex).toBe(0);
	});
});
