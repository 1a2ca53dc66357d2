import { DEMO_APP, DEMO_TENANT_ID, DEMO_USERS } from '../../../../emulator';
import { emulatorCredentials, listSearch } from '../../../../harness';
import { node, run, runFailing, useEmulator } from '../../../../integration/setup';

/**
 * Deleted Item resource: List deletedItems, Get deleted item, Restore deleted item, Permanently
 * delete item (Graph v1.0 directory-deleteditems-* pages), checked in the emulator's directory.
 */
const world = useEmulator();
const deleted = (id: string) => ({ __rl: true, mode: 'id', value: id });

describe('Deleted Item → Get Many / Get', () => {
	it('gets one deleted item, says when it is not (or no longer) deleted, and picks from the list', async () => {
		world.emulator.admin.deleteUser(DEMO_USERS.patti.id);
		const out = await run(world.emulator, {
			resource: 'deletedItem',
			operation: 'get',
			objectType: 'user',
			deletedItem: deleted(DEMO_USERS.patti.id),
			output: 'all',
		});
		expect(out[0].json).toMatchObject({
			id: DEMO_USERS.patti.id,
			userPrincipalName: DEMO_USERS.patti.userPrincipalName,
			usageLocation: 'US',
		});
		const missing = await runFailing(world.emulator, {
			resource: 'deletedItem',
			operation: 'get',
			deletedItem: deleted(DEMO_USERS.lee.id),
		});
		expect(missing.message).toBe(`Deleted item not found: ${DEMO_USERS.lee.id}`);
		const bad = await runFailing(world.emulator, {
			resource: 'deletedItem',
			operation: 'get',
			deletedItem: deleted('patti'),
		});
		expect(bad.message).toMatch(/"Deleted Item" is not an object ID/);

		const options = {
			credentials: emulatorCredentials(world.emulator.url, DEMO_APP, DEMO_TENANT_ID),
		};
		const picked = await listSearch(
			node,
			'searchDeletedItems',
			{ objectType: 'user' },
			'patti',
			undefined,
			options,
		);
		expect(picked.results).toEqual([
			expect.objectContaining({
				value: DEMO_USERS.patti.id,
				name: expect.stringContaining('Patti'),
			}),
		]);
		const groups = await listSearch(
			node,
			'searchDeletedItems',
			{ objectType: 'group' },
			undefined,
			undefined,
			options,
		);
		expect(groups.results).toEqual([]);
	});
});
