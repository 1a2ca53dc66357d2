import type { TriggerWorld } from './setup';
import { activate, newGroup, startWorld } from './setup';
import { json } from './runner';

/*
 * Group Deleted. The kind of a deletion is what Graph's delta says (delta query overview: `@removed`
 * reason `changed` = can be restored from deleted items, `deleted` = cannot), not a guess from the
 * group type. The emulator follows the group: delete and deletedItems pages: a Microsoft 365 group
 * goes to deleted items (reason "changed"); a security group is deleted permanently (reason
 * "deleted"); purging a deleted Microsoft 365 group is a permanent deletion.
 */
let world: TriggerWorld;

beforeEach(async () => {
	world = await startWorld();
});

afterEach(async () => {
	await world.emulator.stop();
});

const M365 = { groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false };

describe('Group Deleted', () => {
	it('soft (Microsoft 365), permanent (security, purged) and both', async () => {
		const both = world.runner({ event: 'groupDeleted' });
		const soft = world.runner({ event: 'groupDeleted', options: { deleteKind: 'soft' } });
		const permanent = world.runner({ event: 'groupDeleted', options: { deleteKind: 'permanent' } });
		const unified = newGroup(world, M365);
		const security = newGroup(world);
		const purged = newGroup(world, M365);
		await activate(world, both, soft, permanent);
		world.emulator.admin.deleteGroup(unified);
		world.emulator.admin.deleteGroup(security);
		world.emulator.admin.deleteGroup(purged);
		world.emulator.admin.purgeGroup(purged);
		const kinds = (items: Awaited<ReturnType<typeof both.poll>>) =>
			json(items)
				.map((item) => [item.changeType, item.id, item.deleteKind])
				.sort();
		expect(kinds(await both.poll())).toEqual(
			[
				['deleted', unified, 'soft'],
				['deleted', security, 'permanent'],
				['deleted', purged, 'permanent'],
			].sort(),
		);
		expect(kinds(await soft.poll())).toEqual([['deleted', unified, 'soft']]);
		expect(kinds(await permanent.poll())).toEqual(
			[
				['deleted', security, 'permanent'],
				['deleted', purged, 'permanent'],
			].sort(),
		);
		// Only deletions: creating, changing or restoring groups wakes nothing.
		newGroup(world, M365);
		world.emulator.admin.restoreGroup(unified);
		expect(await both.poll()).toEqual([]);
	});

	it('an item has the keys of User Deleted; with Return Full Object also the deleted group from deleted items', async () => {
		const plain = world.runner({ event: 'groupDeleted' });
		const full = world.runner({
			event: 'groupDeleted',
			options: { fullObject: true, groupProperties: 'displayName,groupTypes' },
		});
		const group = newGroup(world, { ...M365, displayName: 'Project X' });
		await activate(world, plain, full);
		world.emulator.admin.deleteGroup(group);
		expect(json(await plain.poll())).toEqual([
			{ changeType: 'deleted', resource: 'group', id: group, deleteKind: 'soft' },
		]);
		expect(json(await full.poll())).toEqual([
			{
				changeType: 'deleted',
				resource: 'group',
				id: group,
				displayName: 'Project X',
				groupTypes: ['Unified'],
				deletedDateTime: expect.any(String),
				deleteKind: 'soft',
			},
		]);
	});

	it('the group type filter reads soft-deleted groups; permanently deleted ones pass (their type cannot be read)', async () => {
		const runner = world.runner({ event: 'groupDeleted', options: { groupType: 'security' } });
		const unified = newGroup(world, M365);
		const security = newGroup(world);
		await activate(world, runner);
		world.emulator.admin.deleteGroup(unified);
		world.emulator.admin.deleteGroup(security);
		expect(json(await runner.poll()).map((item) => item.id)).toEqual([security]);
	});

	it('after an expired state, recovers soft deletions still in deleted items', async () => {
		const runner = world.runner({ event: 'groupDeleted' });
		const seen = newGroup(world, M365);
		const missed = newGroup(world, M365);
		await activate(world, runner);
		world.emulator.admin.deleteGroup(seen);
		expect(json(await runner.poll()).map((item) => item.id)).toEqual([seen]);
		world.emulator.admin.advanceClock(5);
		world.emulator.admin.deleteGroup(missed);
		world.emulator.admin.forceDeltaResync('groups');
		const items = json(await runner.poll());
		expect(items[0]).toEqual(
			expect.objectContaining({
				changeType: 'syncReset',
				resource: 'group',
				notRecovered: expect.stringContaining('Permanent deletions'),
			}),
		);
		expect(items.slice(1)).toEqual([
			{ changeType: 'deleted', resource: 'group', id: missed, deleteKind: 'soft', recovered: true },
		]);
	});

	it('Fetch Test Event: the newest group in deleted items, shaped like a real event', async () => {
		const runner = world.runner({ event: 'groupDeleted' });
		const group = newGroup(world, M365);
		world.emulator.admin.deleteGroup(group);
		expect(json((await runner.fetchTestEvent()).items)).toEqual([
			{ changeType: 'deleted', resource: 'group', id: group, deleteKind: 'soft' },
		]);
	});
});
