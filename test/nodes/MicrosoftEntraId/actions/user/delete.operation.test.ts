import {
	byId,
	paired,
	run,
	runFailing,
	seedUser,
	useEmulator,
} from '../../../../integration/setup';

const world = useEmulator();

describe('User → Delete', () => {
	it('soft-deletes and returns { deleted: true, id }', async () => {
		const user = seedUser(world.emulator);
		const out = await run(world.emulator, {
			resource: 'user',
			operation: 'delete',
			user: byId(user.id),
		});
		expect(out).toEqual([{ json: { deleted: true, id: user.id }, pairedItem: { item: 0 } }]);
		expect(world.emulator.admin.getUser(user.id)).toMatchObject({ deleted: true });
	});

	it('with continueOnFail: a missing user gets an error item, the others are deleted (bulk and one by one alike)', async () => {
		for (const bulk of [true, false]) {
			const a = seedUser(world.emulator);
			const b = seedUser(world.emulator);
			const items = [
				{ json: { id: a.id } },
				{ json: { id: '00000000-0000-4000-8000-00000000dead' } },
				{ json: { id: b.userPrincipalName } },
			];
			const out = await run(
				world.emulator,
				{
					resource: 'user',
					operation: 'delete',
					user: byId('={{ $json.id }}'),
					requestOptions: { bulk },
				},
				items,
				{ continueOnFail: true },
			);
			expect(paired(out)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(out[0].json).toEqual({ deleted: true, id: a.id });
			expect(out[1].json.error).toBe('User not found: 00000000-0000-4000-8000-00000000dead');
			expect(out[2].json).toEqual({ deleted: true, id: b.userPrincipalName });
			expect(world.emulator.admin.getUser(a.id)).toMatchObject({ deleted: true });
			expect(world.emulator.admin.getUser(b.id)).toMatchObject({ deleted: true });
		}
	});

	it('without continueOnFail, the first failure stops the node', async () => {
		const error = await runFailing(world.emulator, {
			resource: 'user',
			operation: 'delete',
			user: byId('00000000-0000-4000-8000-00000000dead'),
		});
		expect(error.message).toMatch(/User not found/);
	});
});
