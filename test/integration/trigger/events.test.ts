import type { TriggerWorld } from './setup';
import { activate, newGroup, newUser, startWorld } from './setup';
import { json } from './runner';

let world: TriggerWorld;

beforeEach(async () => {
	world = await startWorld();
});

afterEach(async () => {
	await world.emulator.stop();
});

describe('user events', () => {
	it('User Created: emits new users only, once, with createdDateTime and accountEnabled', async () => {
		const runner = world.runner({ event: 'userCreated' });
		await activate(world, runner);
		const existing = newUser(world);
		await runner.poll();
		const first = newUser(world, { jobTitle: 'Engineer' });
		world.emulator.admin.updateUser(existing, { jobTitle: 'Changed' });
		const items = json(await runner.poll());
		expect(items).toEqual([
			expect.objectContaining({
				changeType: 'created',
				resource: 'user',
				id: first,
				jobTitle: 'Engineer',
				accountEnabled: true,
				createdDateTime: expect.any(String),
			}),
		]);
		// An update of the same user later is not a creation.
		world.emulator.admin.updateUser(first, { jobTitle: 'Lead' });
		expect(await runner.poll()).toEqual([]);
	});

	it('User Created or Updated: created, updated with changedProperties, restored', async () => {
		const runner = world.runner({ event: 'userCreatedOrUpdated' });
		const old = newUser(world, { department: 'Sales' });
		await activate(world, runner);
		const fresh = newUser(world);
		world.emulator.admin.updateUser(old, { department: 'R&D' });
		const round = json(await runner.poll());
		expect(round).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ changeType: 'created', id: fresh }),
				expect.objectContaining({
					changeType: 'updated',
					id: old,
					department: 'R&D',
					changedProperties: ['department'],
				}),
			]),
		);
		expect(round).toHaveLength(2);
		world.emulator.admin.deleteUser(old);
		expect(await runner.poll()).toEqual([]);
		world.emulator.admin.restoreUser(old);
		expect(json(await runner.poll())).toEqual([
			expect.objectContaining({ changeType: 'restored', id: old }),
		]);
	});

	it('only emits updates when a watched property changed', async () => {
		const runner = world.runner({
			event: 'userCreatedOrUpdated',
			options: { watchedProperties: 'department' },
		});
		const user = newUser(world);
		await activate(world, runner);
		world.emulator.admin.updateUser(user, { jobTitle: 'Not watched' });
		expect(await runner.poll()).toEqual([]);
		world.emulator.admin.updateUser(user, { department: 'Watched', jobTitle: 'Again' });
		expect(json(await runner.poll())).toEqual([
			expect.objectContaining({
				changeType: 'updated',
				id: user,
				changedProperties: ['jobTitle', 'department'],
			}),
		]);
	});

	it('Return Full Object reads every selected property of the changed users in $batch requests', async () => {
		const runner = world.runner({
			event: 'userCreatedOrUpdated',
			options: {
				fullObject: true,
				userProperties: 'displayName,jobTitle,department,usageLocation',
			},
		});
		const users = Array.from({ length: 25 }, () =>
			newUser(world, { department: 'Ops', usageLocation: 'NL' }),
		);
		await activate(world, runner);
		for (const user of users) world.emulator.admin.updateUser(user, { jobTitle: 'Changed' });
		world.emulator.admin.clearLog();
		const items = json(await runner.poll());
		expect(items).toHaveLength(25);
		expect(items[0]).toEqual({
			changeType: 'updated',
			resource: 'user',
			id: users[0],
			displayName: expect.any(String),
			jobTitle: 'Changed',
			department: 'Ops',
			usageLocation: 'NL',
			createdDateTime: expect.any(String),
			changedProperties: ['jobTitle'],
		});
		const batches = world.graphRequests().filter((request) => request.path.includes('$batch'));
		expect(batches).toHaveLength(2);
	});

	it('User Deleted: soft, permanent and both', async () => {
		const both = world.runner({ event: 'userDeleted' });
		const soft = world.runner({ event: 'userDeleted', options: { deleteKind: 'soft' } });
		const permanent = world.runner({
			event: 'userDeleted',
			options: { deleteKind: 'permanent', fullObject: true },
		});
		const user = newUser(world);
		await activate(world, both, soft, permanent);
		world.emulator.admin.deleteUser(user);
		expect(json(await both.poll())).toEqual([
			{ changeType: 'deleted', resource: 'user', id: user, deleteKind: 'soft' },
		]);
		expect(json(await soft.poll())).toEqual([
			{ changeType: 'deleted', resource: 'user', id: user, deleteKind: 'soft' },
		]);
		expect(await permanent.poll()).toEqual([]);
		world.emulator.admin.purgeUser(user);
		expect(json(await both.poll())).toEqual([
			{ changeType: 'deleted', resource: 'user', id: user, deleteKind: 'permanent' },
		]);
		expect(await soft.poll()).toEqual([]);
		expect(json(await permanent.poll())).toEqual([
			{ changeType: 'deleted', resource: 'user', id: user, deleteKind: 'permanent' },
		]);
	});

	it('User Deleted with Return Full Object reads the soft-deleted user from deleted items', async () => {
		const runner = world.runner({ event: 'userDeleted', options: { fullObject: true } });
		const user = newUser(world, { jobTitle: 'Leaving' });
		await activate(world, runner);
		world.emulator.admin.deleteUser(user);
		expect(json(await runner.poll())).toEqual([
			expect.objectContaining({
				changeType: 'deleted',
				id: user,
				deleteKind: 'soft',
				jobTitle: 'Leaving',
				deletedDateTime: expect.any(String),
			}),
		]);
	});

	it('User Disabled or Enabled: existing users whose accountEnabled changed', async () => {
		const runner = world.runner({ event: 'userEnabledChanged' });
		const user = newUser(world);
		await activate(world, runner);
		newUser(world, { accountEnabled: false });
		world.emulator.admin.updateUser(user, { accountEnabled: false });
		expect(json(await runner.poll())).toEqual([
			expect.objectContaining({
				changeType: 'disabled',
				id: user,
				accountEnabled: false,
				changedProperties: ['accountEnabled'],
			}),
		]);
		world.emulator.admin.updateUser(user, { jobTitle: 'Other change' });
		expect(await runner.poll()).toEqual([]);
		world.emulator.admin.updateUser(user, { accountEnabled: true });
		expect(json(await runner.poll())).toEqual([
			expect.objectContaining({ changeType: 'enabled', id: user }),
		]);
	});

	it('filters users by type (guest / member)', async () => {
		const guests = world.runner({ event: 'userCreatedOrUpdated', options: { userType: 'Guest' } });
		const members = world.runner({
			event: 'userCreatedOrUpdated',
			options: { userType: 'Member' },
		});
		const member = newUser(world);
		await activate(world, guests, members);
		const guest = newUser(world, { userType: 'Guest' });
		world.emulator.admin.updateUser(member, { jobTitle: 'x' });
		expect(json(await guests.poll()).map((item) => item.id)).toEqual([guest]);
		expect(json(await members.poll()).map((item) => item.id)).toEqual([member]);
	});
});

describe('group events', () => {
	it('Group Created and Group Created or Updated, with the group type filter', async () => {
		const created = world.runner({ event: 'groupCreated' });
		const changed = world.runner({
			event: 'groupCreatedOrUpdated',
			options: { groupType: 'microsoft365' },
		});
		const unified = newGroup(world, { groupTypes: ['Unified'] });
		await activate(world, created, changed);
		const security = newGroup(world);
		const m365 = newGroup(world, { groupTypes: ['Unified'] });
		world.emulator.admin.updateGroup(unified, { description: 'new text' });
		expect(json(await created.poll()).map((item) => [item.changeType, item.id])).toEqual([
			['created', security],
			['created', m365],
		]);
		const items = json(await changed.poll());
		expect(items.map((item) => [item.changeType, item.id])).toEqual(
			expect.arrayContaining([
				['created', m365],
				['updated', unified],
			]),
		);
		expect(items).toHaveLength(2);
	});

	it('Group Membership Changed: one item per member added or removed', async () => {
		const runner = world.runner({ event: 'groupMembershipChanged' });
		const group = newGroup(world);
		const [a, b] = [newUser(world), newUser(world)];
		world.emulator.admin.addMember(group, a);
		await activate(world, runner);
		world.emulator.admin.addMember(group, b);
		world.emulator.admin.removeMember(group, a);
		world.emulator.admin.updateGroup(group, { description: 'not a membership change' });
		expect(json(await runner.poll())).toEqual(
			expect.arrayContaining([
				{
					changeType: 'memberAdded',
					resource: 'group',
					groupId: group,
					memberId: b,
					memberType: 'user',
				},
				{
					changeType: 'memberRemoved',
					resource: 'group',
					groupId: group,
					memberId: a,
					memberType: 'user',
				},
			]),
		);
		expect(await runner.poll()).toEqual([]);
	});

	it('merges a large group whose members@delta spans several pages', async () => {
		const runner = world.runner({ event: 'groupMembershipChanged' });
		const group = newGroup(world);
		const users = Array.from({ length: 1200 }, () => newUser(world));
		await activate(world, runner);
		for (const user of users) world.emulator.admin.addMember(group, user);
		world.emulator.admin.clearLog();
		const items = json(await runner.poll());
		const pages = world.graphRequests().filter((request) => request.path.includes('/groups/delta'));
		expect(pages.length).toBeGreaterThan(2);
		expect(items).toHaveLength(1200);
		expect(new Set(items.map((item) => item.memberId))).toEqual(new Set(users));
	});
});

describe('Fetch Test Event', () => {
	it('returns the newest matching object and leaves the stored state alone', async () => {
		const runner = world.runner({ event: 'userCreated' });
		await activate(world, runner);
		const before = structuredClone(runner.staticData);
		const newest = newUser(world, { jobTitle: 'Newest' });
		const { items, staticData } = await runner.fetchTestEvent();
		expect(json(items)).toEqual([
			expect.objectContaining({ changeType: 'created', id: newest, jobTitle: 'Newest' }),
		]);
		expect(staticData).toEqual(before);
	});

	it('says so clearly when nothing matches', async () => {
		const runner = world.runner({ event: 'userDeleted' });
		await expect(runner.fetchTestEvent()).rejects.toThrow(
			/No test event: no deleted user is listed in deleted items/,
		);
	});

	it('finds a membership of a recent group', async () => {
		const runner = world.runner({ event: 'groupMembershipChanged' });
		const group = newGroup(world);
		const user = newUser(world);
		world.emulator.admin.addMember(group, user);
		expect(json((await runner.fetchTestEvent()).items)).toEqual([
			{
				changeType: 'memberAdded',
				resource: 'group',
				groupId: group,
				memberId: user,
				memberType: 'user',
			},
		]);
	});
});
