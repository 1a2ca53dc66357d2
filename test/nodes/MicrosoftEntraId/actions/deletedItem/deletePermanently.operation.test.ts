import { batchRoundTrips, json, run, seedUser, useEmulator } from '../../../../integration/setup';

/**
 * Deleted Item resource: List deletedItems, Get deleted item, Restore deleted item, Permanently
 * delete item (Graph v1.0 directory-deleteditems-* pages), checked in the emulator's directory.
 */
const world = useEmulator();
const deleted = (id: string) => ({ __rl: true, mode: 'id', value: id });

describe('Deleted Item → Delete Permanently', () => {
	it('purges in $batch; the items are gone for good and restoring them then fails', async () => {
		const users = Array.from({ length: 21 }, () => seedUser(world.emulator));
		for (const user of users) world.emulator.admin.deleteUser(user.id);
		world.emulator.admin.clearLog();
		const out = await run(
			world.emulator,
			{
				resource: 'deletedItem',
				operation: 'deletePermanently',
				deletedItem: deleted('={{ $json.id }}'),
			},
			users.map((user) => ({ json: { id: user.id } })),
		);
		expect(json(out)).toEqual(users.map((user) => ({ id: user.id, deletedPermanently: true })));
		// 21 deletes: two $batch calls (20 per call), the floor.
		expect(batchRoundTrips(world.emulator)).toBe(2);
		for (const user of users) expect(world.emulator.admin.getUser(user.id)).toBeUndefined();
		const again = await run(
			world.emulator,
			{ resource: 'deletedItem', operation: 'restore', deletedItem: deleted(users[0].id) },
			[{ json: {} }],
			{ continueOnFail: true },
		);
		expect(again[0].json.error).toBe(`Deleted item not found: ${users[0].id}`);
	});
});
