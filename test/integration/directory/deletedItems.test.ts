import { DEMO_APP, DEMO_GROUPS, DEMO_TENANT_ID, DEMO_USERS, READONLY_APP } from '../../emulator';
import { emulatorCredentials, listSearch } from '../../harness';
import { batchRoundTrips, graphLog, json, node, paired, run, runFailing, seedUser, useEmulator } from '../setup';
import { TriggerRunner, json as triggerJson } from '../trigger/runner';

/**
 * Deleted Item resource: List deletedItems, Get deleted item, Restore deleted item, Permanently
 * delete item (Graph v1.0 directory-deleteditems-* pages), checked in the emulator's directory.
 */
const world = useEmulator();
const deleted = (id: string) => ({ __rl: true, mode: 'id', value: id });

describe('Deleted Item → Get Many / Get', () => {
	it('lists deleted users, most recent first, searches them, and pages with a limit', async () => {
		world.emulator.admin.deleteUser(DEMO_USERS.lee.id);
		world.emulator.admin.advanceClock(60);
		world.emulator.admin.deleteUser(DEMO_USERS.diego.id);
		const all = await run(world.emulator, { resource: 'deletedItem', operation: 'getAll', objectType: 'user', returnAll: true });
		expect(json(all).map((user) => user.id)).toEqual([DEMO_USERS.diego.id, DEMO_USERS.lee.id]);
		expect(all[0].json).toMatchObject({ displayName: 'Diego Siciliani', userPrincipalName: DEMO_USERS.diego.userPrincipalName, deletedDateTime: expect.stringMatching(/Z$/) });
		expect(all[0].json['@odata.context']).toBeUndefined();

		const found = await run(world.emulator, { resource: 'deletedItem', operation: 'getAll', objectType: 'user', returnAll: true, search: 'lee' });
		expect(json(found).map((user) => user.id)).toEqual([DEMO_USERS.lee.id]);
		const search = graphLog(world.emulator).find((entry) => entry.path.includes('$search'));
		expect(search?.path).toContain('/directory/deletedItems/microsoft.graph.user');

		const limited = await run(world.emulator, { resource: 'deletedItem', operation: 'getAll', objectType: 'user', returnAll: false, limit: 1, sort: 'deletedAsc' });
		expect(json(limited).map((user) => user.id)).toEqual([DEMO_USERS.lee.id]);
	});

	it('lists deleted Microsoft 365 groups; security groups never appear (deleted permanently)', async () => {
		world.emulator.admin.deleteGroup(DEMO_GROUPS.marketing.id);
		world.emulator.admin.deleteGroup(DEMO_GROUPS.engineering.id);
		const out = await run(world.emulator, { resource: 'deletedItem', operation: 'getAll', objectType: 'group', returnAll: true, sort: 'displayName' });
		expect(json(out).map((group) => group.id)).toEqual([DEMO_GROUPS.marketing.id]);
		expect(out[0].json).toMatchObject({ groupTypes: ['Unified'], deletedDateTime: expect.any(String) });
	});

	it('gets one deleted item, says when it is not (or no longer) deleted, and picks from the list', async () => {
		world.emulator.admin.deleteUser(DEMO_USERS.patti.id);
		const out = await run(world.emulator, { resource: 'deletedItem', operation: 'get', objectType: 'user', deletedItem: deleted(DEMO_USERS.patti.id), output: 'all' });
		expect(out[0].json).toMatchObject({ id: DEMO_USERS.patti.id, userPrincipalName: DEMO_USERS.patti.userPrincipalName, usageLocation: 'US' });
		const missing = await runFailing(world.emulator, { resource: 'deletedItem', operation: 'get', deletedItem: deleted(DEMO_USERS.lee.id) });
		expect(missing.message).toBe(`Deleted item not found: ${DEMO_USERS.lee.id}`);
		const bad = await runFailing(world.emulator, { resource: 'deletedItem', operation: 'get', deletedItem: deleted('patti') });
		expect(bad.message).toMatch(/"Deleted Item" is not an object ID/);

		const options = { credentials: emulatorCredentials(world.emulator.url, DEMO_APP, DEMO_TENANT_ID) };
		const picked = await listSearch(node, 'searchDeletedItems', { objectType: 'user' }, 'patti', undefined, options);
		expect(picked.results).toEqual([expect.objectContaining({ value: DEMO_USERS.patti.id, name: expect.stringContaining("Patti") })]);
		const groups = await listSearch(node, 'searchDeletedItems', { objectType: 'group' }, undefined, undefined, options);
		expect(groups.results).toEqual([]);
	});
});

describe('Deleted Item → Restore', () => {
	it('restores users in one $batch, with their memberships; the trigger then emits restored', async () => {
		const credentials = emulatorCredentials(world.emulator.url, DEMO_APP, DEMO_TENANT_ID);
		const trigger = new TriggerRunner({ event: 'userCreatedOrUpdated', options: { maxWaitSeconds: 20 } }, credentials);
		const users = Array.from({ length: 3 }, () => seedUser(world.emulator));
		world.emulator.admin.addMember(DEMO_GROUPS.engineering.id, users[0].id);
		world.emulator.admin.advanceClock(2);
		expect(await trigger.activate()).toEqual([]);
		world.emulator.admin.advanceClock(2);
		for (const user of users) world.emulator.admin.deleteUser(user.id);
		expect(await trigger.poll()).toEqual([]);
		world.emulator.admin.clearLog();

		const out = await run(world.emulator, { resource: 'deletedItem', operation: 'restore', deletedItem: deleted('={{ $json.id }}') }, users.map((user) => ({ json: { id: user.id } })));
		expect(json(out).map((item) => [item.id, item.restored])).toEqual(users.map((user) => [user.id, true]));
		expect(paired(out)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(batchRoundTrips(world.emulator)).toBe(1);
		expect(graphLog(world.emulator).filter((entry) => !entry.batch)).toHaveLength(1);
		for (const user of users) expect(world.emulator.admin.getUser(user.id)).toMatchObject({ deletedDateTime: null });
		expect(world.emulator.admin.listMembers(DEMO_GROUPS.engineering.id).map((member) => member.id)).toContain(users[0].id);

		const events = triggerJson(await trigger.poll());
		expect(events.map((event) => [event.changeType, event.id]).sort()).toEqual(users.map((user) => ['restored', user.id]).sort());
	});

	it('says which user now holds the UPN when a restore conflicts, and the other items still restore', async () => {
		world.emulator.admin.deleteUser(DEMO_USERS.diego.id);
		world.emulator.admin.deleteUser(DEMO_USERS.lee.id);
		const holder = seedUser(world.emulator, { userPrincipalName: DEMO_USERS.diego.userPrincipalName, displayName: 'New Diego' });
		const items = [{ json: { id: DEMO_USERS.diego.id } }, { json: { id: DEMO_USERS.lee.id } }];
		const out = await run(world.emulator, { resource: 'deletedItem', operation: 'restore', deletedItem: deleted('={{ $json.id }}') }, items, { continueOnFail: true });
		expect(out[0].json.error).toBe(
			`Cannot restore user "Diego Siciliani": its user principal name ${DEMO_USERS.diego.userPrincipalName} now belongs to another user ("New Diego", ID ${holder.id}). Rename or delete that user, then restore again`,
		);
		expect(out[0].json.description).toMatch(/Graph error Request_BadRequest.*request-id/);
		expect(out[1].json).toMatchObject({ id: DEMO_USERS.lee.id, restored: true });
		expect(world.emulator.admin.getUser(DEMO_USERS.diego.id)).toMatchObject({ deletedDateTime: expect.any(String) });

		const strict = await runFailing(world.emulator, { resource: 'deletedItem', operation: 'restore', deletedItem: deleted(DEMO_USERS.diego.id) });
		expect(strict.message).toMatch(/now belongs to another user/);
	});

	it('says which group now holds the mail address of a deleted Microsoft 365 group', async () => {
		world.emulator.admin.deleteGroup(DEMO_GROUPS.marketing.id);
		world.emulator.admin.createGroup({ displayName: 'Marketing 2', mailNickname: 'marketing', groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false, mail: 'marketing@contoso.com' });
		const error = await runFailing(world.emulator, { resource: 'deletedItem', operation: 'restore', objectType: 'group', deletedItem: deleted(DEMO_GROUPS.marketing.id) });
		expect(error.message).toMatch(/^Cannot restore group "Marketing": its email address marketing@contoso.com now belongs to another group \("Marketing 2"/);
	});

	it('sends nothing when an input is invalid, and is denied for a read-only app', async () => {
		world.emulator.admin.deleteUser(DEMO_USERS.lee.id);
		world.emulator.admin.clearLog();
		const bad = await runFailing(world.emulator, { resource: 'deletedItem', operation: 'restore', deletedItem: deleted('={{ $json.id }}') }, [{ json: { id: DEMO_USERS.lee.id } }, { json: { id: 'nope' } }]);
		expect(bad.context?.itemIndex).toBe(1);
		expect(graphLog(world.emulator)).toHaveLength(0);
		const denied = await runFailing(world.emulator, { resource: 'deletedItem', operation: 'restore', deletedItem: deleted(DEMO_USERS.lee.id) }, [{ json: {} }], { app: READONLY_APP });
		expect(denied.message).toMatch(/Permission denied/);
		expect(world.emulator.admin.getUser(DEMO_USERS.lee.id)).toMatchObject({ deletedDateTime: expect.any(String) });
	});
});

describe('Deleted Item → Delete Permanently', () => {
	it('purges in $batch; the items are gone for good and restoring them then fails', async () => {
		const users = Array.from({ length: 21 }, () => seedUser(world.emulator));
		for (const user of users) world.emulator.admin.deleteUser(user.id);
		world.emulator.admin.clearLog();
		const out = await run(world.emulator, { resource: 'deletedItem', operation: 'deletePermanently', deletedItem: deleted('={{ $json.id }}') }, users.map((user) => ({ json: { id: user.id } })));
		expect(json(out)).toEqual(users.map((user) => ({ id: user.id, deletedPermanently: true })));
		// 21 deletes: two $batch calls (20 per call), the floor.
		expect(batchRoundTrips(world.emulator)).toBe(2);
		for (const user of users) expect(world.emulator.admin.getUser(user.id)).toBeUndefined();
		const again = await run(world.emulator, { resource: 'deletedItem', operation: 'restore', deletedItem: deleted(users[0].id) }, [{ json: {} }], { continueOnFail: true });
		expect(again[0].json.error).toBe(`Deleted item not found: ${users[0].id}`);
	});
});
