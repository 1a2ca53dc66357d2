import type { INodeParameters } from 'n8n-workflow';

import { DEMO_GROUPS, DEMO_USERS } from '../../../../emulator';
import {
	byId,
	byUpn,
	graphLog,
	itemsOf,
	json,
	paired,
	run,
	runFailing,
	useEmulator,
} from '../../../../integration/setup';

/* Group → Remove Owner, against the emulator's model of "Remove group owner" (v1.0: DELETE /groups/{id}/owners/{id}/$ref). */
const world = useEmulator();
const G = DEMO_GROUPS;
const U = DEMO_USERS;
const remove = (extra: INodeParameters = {}) => ({
	resource: 'group',
	operation: 'removeOwner',
	group: byId(G.allCompany.id),
	owner: '={{ $json.owner }}',
	...extra,
});
const ownersOf = (groupId: string) => world.emulator.admin.getGroup(groupId)?.owners as string[];

describe('Group → Remove Owner', () => {
	it('removes an owner given by UPN with DELETE .../owners/{id}/$ref', async () => {
		await run(world.emulator, {
			resource: 'group',
			operation: 'addOwner',
			group: byId(G.allCompany.id),
			owner: byId(U.megan.id),
		});
		expect(ownersOf(G.allCompany.id).sort()).toEqual([U.admin.id, U.megan.id].sort());
		world.emulator.admin.clearLog();
		const out = await run(
			world.emulator,
			remove(),
			itemsOf([{ owner: byUpn(U.megan.userPrincipalName) }]),
		);
		expect(out).toEqual([
			{
				json: { groupId: G.allCompany.id, ownerId: U.megan.id, status: 'removed' },
				pairedItem: { item: 0 },
			},
		]);
		expect(
			graphLog(world.emulator)
				.filter((entry) => entry.method === 'DELETE')
				.map((entry) => `${entry.path} ${entry.status}`),
		).toEqual([`/v1.0/groups/${G.allCompany.id}/owners/${U.megan.id}/$ref 204`]);
		expect(ownersOf(G.allCompany.id)).toEqual([U.admin.id]);
	});

	it('fails for a non-owner unless "Ignore If Not an Owner"; continueOnFail keeps the other items', async () => {
		const strict = await runFailing(
			world.emulator,
			remove(),
			itemsOf([{ owner: byId(U.alex.id) }]),
		);
		expect(strict.httpCode).toBe('404');
		const out = await run(
			world.emulator,
			remove(),
			itemsOf([{ owner: byId(U.alex.id) }, { owner: byId(U.admin.id) }]),
			{ continueOnFail: true },
		);
		expect(out[0].json.error).toBeDefined();
		expect(out[1].json).toEqual({
			groupId: G.allCompany.id,
			ownerId: U.admin.id,
			status: 'removed',
		});
		expect(paired(out)).toEqual([{ item: 0 }, { item: 1 }]);
		const lenient = await run(
			world.emulator,
			remove({ options: { ignoreIfNotOwner: true } }),
			itemsOf([{ owner: byId(U.alex.id) }]),
		);
		expect(json(lenient)).toEqual([
			{ groupId: G.allCompany.id, ownerId: U.alex.id, status: 'notOwner' },
		]);
	});

	it('refuses an owner that is neither an ID nor a UPN before any request', async () => {
		world.emulator.admin.clearLog();
		const error = await runFailing(
			world.emulator,
			remove(),
			itemsOf([{ owner: byId(U.admin.id) }, { owner: byId('../users') }]),
		);
		expect(error.constructor.name).toBe('NodeOperationError');
		expect(graphLog(world.emulator)).toHaveLength(0);
		expect(ownersOf(G.allCompany.id)).toEqual([U.admin.id]);
	});
});
