import {
	DEMO_APP,
	DEMO_GROUPS,
	DEMO_TENANT_ID,
	DEMO_USERS,
	READONLY_APP,
} from '../../../../emulator';
import { emulatorCredentials, executeNode } from '../../../../harness';
import {
	batchRoundTrips,
	graphLog,
	json,
	node,
	paired,
	run,
	runFailing,
	seedUser,
	useEmulator,
} from '../../../../integration/setup';
import { TriggerRunner, json as triggerJson } from '../../../../integration/trigger/runner';

/**
 * Deleted Item resource: List deletedItems, Get deleted item, Restore deleted item, Permanently
 * delete item (Graph v1.0 directory-deleteditems-* pages), checked in the emulator's directory.
 */
const world = useEmulator();
const deleted = (id: string) => ({ __rl: true, mode: 'id', value: id });

describe('Deleted Item → Restore', () => {
	it('restores users in one $batch, with their memberships; the trigger then emits restored', async () => {
		const credentials = emulatorCredentials(world.emulator.url, DEMO_APP, DEMO_TENANT_ID);
		const trigger = new TriggerRunner(
			{ event: 'userCreatedOrUpdated', options: { maxWaitSeconds: 20 } },
			credentials,
		);
		const users = Array.from({ length: 3 }, () => seedUser(world.emulator));
		world.emulator.admin.addMember(DEMO_GROUPS.engineering.id, users[0].id);
		world.emulator.admin.advanceClock(2);
		expect(await trigger.activate()).toEqual([]);
		world.emulator.admin.advanceClock(2);
		for (const user of users) world.emulator.admin.deleteUser(user.id);
		expect(await trigger.poll()).toEqual([]);
		world.emulator.admin.clearLog();

		const out = await run(
			world.emulator,
			{ resource: 'deletedItem', operation: 'restore', deletedItem: deleted('={{ $json.id }}') },
			users.map((user) => ({ json: { id: user.id } })),
		);
		expect(json(out).map((item) => [item.id, item.restored])).toEqual(
			users.map((user) => [user.id, true]),
		);
		expect(paired(out)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(batchRoundTrips(world.emulator)).toBe(1);
		expect(graphLog(world.emulator).filter((entry) => !entry.batch)).toHaveLength(1);
		for (const user of users)
			expect(world.emulator.admin.getUser(user.id)).toMatchObject({ deletedDateTime: null });
		expect(
			world.emulator.admin.listMembers(DEMO_GROUPS.engineering.id).map((member) => member.id),
		).toContain(users[0].id);

		const events = triggerJson(await trigger.poll());
		expect(events.map((event) => [event.changeType, event.id]).sort()).toEqual(
			users.map((user) => ['restored', user.id]).sort(),
		);
	});

	// issue 25, item 5: the output convention (no OData annotations) from node version 1.2
	it('outputs the restored object without OData annotations, its type in objectType; a node saved with 1.1 keeps @odata.type', async () => {
		const credentials = emulatorCredentials(world.emulator.url, DEMO_APP, DEMO_TENANT_ID);
		const users = [seedUser(world.emulator), seedUser(world.emulator)];
		for (const user of users) world.emulator.admin.deleteUser(user.id);
		const restore = async (user: { id: string }, typeVersion: number) =>
			(
				await executeNode(
					node,
					{
						resource: 'deletedItem',
						operation: 'restore',
						objectType: 'user',
						deletedItem: deleted(user.id),
					},
					[{ json: {} }],
					{ credentials, typeVersion },
				)
			).output[0][0].json;
		const current = await restore(users[0], 1.2);
		expect(Object.keys(current).filter((key) => key.includes('@odata'))).toEqual([]);
		expect(current).toMatchObject({ id: users[0].id, objectType: 'user', restored: true });
		const earlier = await restore(users[1], 1.1);
		expect(earlier).toMatchObject({
			id: users[1].id,
			'@odata.type': '#microsoft.graph.user',
			restored: true,
		});
	});

	it('says which user now holds the UPN when a restore conflicts, and the other items still restore', async () => {
		world.emulator.admin.deleteUser(DEMO_USERS.diego.id);
		world.emulator.admin.deleteUser(DEMO_USERS.lee.id);
		const holder = seedUser(world.emulator, {
			userPrincipalName: DEMO_USERS.diego.userPrincipalName,
			displayName: 'New Diego',
		});
		const items = [{ json: { id: DEMO_USERS.diego.id } }, { json: { id: DEMO_USERS.lee.id } }];
		const out = await run(
			world.emulator,
			{ resource: 'deletedItem', operation: 'restore', deletedItem: deleted('={{ $json.id }}') },
			items,
			{ continueOnFail: true },
		);
		expect(out[0].json.error).toBe(
			`Cannot restore user "Diego Siciliani": its user principal name ${DEMO_USERS.diego.userPrincipalName} now belongs to another user ("New Diego", ID ${holder.id}). Rename or delete that user, then restore again`,
		);
		expect(out[0].json.description).toMatch(/Graph error Request_BadRequest.*request-id/);
		expect(out[1].json).toMatchObject({ id: DEMO_USERS.lee.id, restored: true });
		expect(world.emulator.admin.getUser(DEMO_USERS.diego.id)).toMatchObject({
			deletedDateTime: expect.any(String),
		});

		const strict = await runFailing(world.emulator, {
			resource: 'deletedItem',
			operation: 'restore',
			deletedItem: deleted(DEMO_USERS.diego.id),
		});
		expect(strict.message).toMatch(/now belongs to another user/);
	});

	it('says which group now holds the mail address of a deleted Microsoft 365 group', async () => {
		world.emulator.admin.deleteGroup(DEMO_GROUPS.marketing.id);
		world.emulator.admin.createGroup({
			displayName: 'Marketing 2',
			mailNickname: 'marketing',
			groupTypes: ['Unified'],
			mailEnabled: true,
			securityEnabled: false,
			mail: 'marketing@contoso.com',
		});
		const error = await runFailing(world.emulator, {
			resource: 'deletedItem',
			operation: 'restore',
			objectType: 'group',
			deletedItem: deleted(DEMO_GROUPS.marketing.id),
		});
		expect(error.message).toMatch(
			/^Cannot restore group "Marketing": its email address marketing@contoso.com now belongs to another group \("Marketing 2"/,
		);
	});

	it('sends nothing when an input is invalid, and is denied for a read-only app', async () => {
		world.emulator.admin.deleteUser(DEMO_USERS.lee.id);
		world.emulator.admin.clearLog();
		const bad = await runFailing(
			world.emulator,
			{ resource: 'deletedItem', operation: 'restore', deletedItem: deleted('={{ $json.id }}') },
			[{ json: { id: DEMO_USERS.lee.id } }, { json: { id: 'nope' } }],
		);
		expect(bad.context?.itemIndex).toBe(1);
		expect(graphLog(world.emulator)).toHaveLength(0);
		const denied = await runFailing(
			world.emulator,
			{ resource: 'deletedItem', operation: 'restore', deletedItem: deleted(DEMO_USERS.lee.id) },
			[{ json: {} }],
			{ app: READONLY_APP },
		);
		expect(denied.message).toMatch(/Permission denied/);
		expect(world.emulator.admin.getUser(DEMO_USERS.lee.id)).toMatchObject({
			deletedDateTime: expect.any(String),
		});
	});
});
