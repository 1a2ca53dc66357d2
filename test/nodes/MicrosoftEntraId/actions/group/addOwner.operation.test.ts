import { DEMO_GROUPS, DEMO_USERS } from '../../../../emulator';
import {
	byId,
	byUpn,
	itemsOf,
	json,
	paired,
	run,
	runFailing,
	useEmulator,
} from '../../../../integration/setup';

const world = useEmulator();
const G = DEMO_GROUPS;
const U = DEMO_USERS;
const MISSING = 'deadbeef-0000-4000-8000-000000000000';

describe('Group > owners', () => {
	it('adds an owner, says alreadyOwner from the owner list, lists and removes owners', async () => {
		const { emulator } = world;
		const add = {
			resource: 'group',
			operation: 'addOwner',
			group: byId(G.marketing.id),
			owner: '={{ $json.owner }}',
		};
		const added = await run(
			emulator,
			add,
			itemsOf([{ owner: byUpn(U.alex.userPrincipalName) }, { owner: byId(U.megan.id) }]),
		);
		expect(json(added)).toEqual([
			{ groupId: G.marketing.id, ownerId: U.alex.id, status: 'added' },
			{ groupId: G.marketing.id, ownerId: U.megan.id, status: 'alreadyOwner' },
		]);
		expect((emulator.admin.getGroup(G.marketing.id)?.owners as string[]).sort()).toEqual(
			[U.alex.id, U.megan.id].sort(),
		);

		const owners = await run(emulator, {
			resource: 'group',
			operation: 'getOwners',
			group: byId(G.marketing.id),
			returnAll: true,
		});
		expect(
			json(owners)
				.map((owner) => owner.id)
				.sort(),
		).toEqual([U.alex.id, U.megan.id].sort());
		expect(paired(owners)).toEqual([{ item: 0 }, { item: 0 }]);

		const removeOwner = {
			resource: 'group',
			operation: 'removeOwner',
			group: byId(G.marketing.id),
			owner: byId(U.alex.id),
			options: { ignoreIfNotOwner: true },
		};
		expect(json(await run(emulator, removeOwner))).toEqual([
			{ groupId: G.marketing.id, ownerId: U.alex.id, status: 'removed' },
		]);
		expect(json(await run(emulator, removeOwner))).toEqual([
			{ groupId: G.marketing.id, ownerId: U.alex.id, status: 'notOwner' },
		]);
		expect(emulator.admin.getGroup(G.marketing.id)?.owners).toEqual([U.megan.id]);
	});

	it('fails to add a missing owner with not found', async () => {
		const { emulator } = world;
		const error = await runFailing(emulator, {
			resource: 'group',
			operation: 'addOwner',
			group: byId(G.marketing.id),
			owner: byId(MISSING),
		});
		expect(error.httpCode).toBe('404');
	});
});
