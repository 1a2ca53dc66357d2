import type { TriggerWorld } from './setup';
import { activate, newUser, startWorld } from './setup';
import { json } from './runner';

let world: TriggerWorld;

beforeEach(async () => {
	world = await startWorld();
});

afterEach(async () => {
	await world.emulator.stop();
});

const EIGHT_DAYS = 8 * 24 * 3600;

describe('expired or reset delta state', () => {
	it('400 syncStateNotFound: warns, recovers users created since the last poll, and tracks again', async () => {
		const runner = world.runner({ event: 'userCreated' });
		await activate(world, runner);
		const early = newUser(world);
		expect(json(await runner.poll()).map((item) => item.id)).toEqual([early]);
		const missed = newUser(world);
		world.emulator.admin.advanceClock(EIGHT_DAYS);
		const late = newUser(world);
		const items = json(await runner.poll());
		expect(items[0]).toEqual(
			expect.objectContaining({
				changeType: 'syncReset',
				resource: 'user',
				reason: 'syncStateNotFound',
				recoveredCount: 2,
				notRecovered: expect.stringContaining('created and deleted again'),
			}),
		);
		expect(items.slice(1).map((item) => [item.changeType, item.id, item.recovered])).toEqual([
			['created', missed, true],
			['created', late, true],
		]);
		expect(await runner.poll()).toEqual([]);
		const after = newUser(world);
		expect(json(await runner.poll()).map((item) => item.id)).toEqual([after]);
	});

	it('410 Gone (forced resync): recovers soft deletions from deleted items, names what is lost', async () => {
		const runner = world.runner({ event: 'userDeleted' });
		const [soft, purged] = [newUser(world), newUser(world)];
		await activate(world, runner);
		world.emulator.admin.deleteUser(soft);
		world.emulator.admin.deleteUser(purged);
		world.emulator.admin.purgeUser(purged);
		world.emulator.admin.forceDeltaResync('users');
		const items = json(await runner.poll());
		expect(items[0]).toEqual(
			expect.objectContaining({
				changeType: 'syncReset',
				reason: 'resyncRequired',
				notRecovered: expect.stringContaining('Permanent deletions'),
			}),
		);
		expect(items.slice(1)).toEqual([
			expect.objectContaining({
				changeType: 'deleted',
				id: soft,
				deleteKind: 'soft',
				recovered: true,
			}),
		]);
		expect(await runner.poll()).toEqual([]);
	});

	it('400 "DeltaLink older than": updates cannot be recovered and the warning says so', async () => {
		world.emulator.admin.setDeltaExpiryError('unsupportedQuery');
		const runner = world.runner({ event: 'userCreatedOrUpdated' });
		const user = newUser(world);
		await activate(world, runner);
		world.emulator.admin.updateUser(user, { jobTitle: 'lost update' });
		world.emulator.admin.advanceClock(EIGHT_DAYS);
		const items = json(await runner.poll());
		expect(items).toEqual([
			expect.objectContaining({
				changeType: 'syncReset',
				reason: 'Request_UnsupportedQuery',
				recoveredCount: 0,
				notRecovered: expect.stringContaining('Updates and restores'),
			}),
		]);
		world.emulator.admin.updateUser(user, { jobTitle: 'seen again' });
		expect(json(await runner.poll())).toEqual([
			expect.objectContaining({ changeType: 'updated', id: user, jobTitle: 'seen again' }),
		]);
	});

	it('does not re-emit creations it already emitted before the state expired', async () => {
		const runner = world.runner({ event: 'groupCreated' });
		await activate(world, runner);
		const first = world.emulator.admin.createGroup({ displayName: 'first', groupTypes: [] }).id;
		expect(json(await runner.poll()).map((item) => item.id)).toEqual([first]);
		const second = world.emulator.admin.createGroup({
			displayName: 'second',
			groupTypes: ['Unified'],
		}).id;
		world.emulator.admin.forceDeltaResync('groups');
		const items = json(await runner.poll());
		expect(items.map((item) => [item.changeType, item.id ?? null])).toEqual([
			['syncReset', null],
			['created', second],
		]);
	});
});

describe('failures leave the stored state', () => {
	it('a poll that keeps failing throws, keeps the deltaLink, and the next poll emits the changes', async () => {
		const runner = world.runner({ event: 'userCreated', options: { maxRetries: 1 } });
		await activate(world, runner);
		const user = newUser(world);
		const before = structuredClone(runner.staticData);
		world.emulator.admin.injectFault({
			pathPattern: '/users/delta',
			status: 503,
			count: 5,
			headers: { 'Retry-After': '0' },
		});
		await expect(runner.poll()).rejects.toThrow(/unavailable|503/i);
		expect(runner.staticData).toEqual(before);
		world.emulator.admin.clearFaults();
		expect(json(await runner.poll()).map((item) => item.id)).toEqual([user]);
	});

	it('a round that fails mid-way (on a nextLink) is read again in full', async () => {
		const runner = world.runner({ event: 'userCreated', options: { maxRetries: 0 } });
		await activate(world, runner);
		const users = Array.from({ length: 450 }, () => newUser(world));
		world.emulator.admin.injectFault({ pathPattern: 'skiptoken', drop: true, count: 1 });
		await expect(runner.poll()).rejects.toThrow();
		const items = json(await runner.poll());
		expect(items.map((item) => item.id)).toEqual(users);
	});

	it('throttling and dropped connections mid-round are retried within the poll', async () => {
		const runner = world.runner({ event: 'userCreated' });
		await activate(world, runner);
		const users = Array.from({ length: 450 }, () => newUser(world));
		world.emulator.admin.injectFault({
			pathPattern: 'skiptoken',
			status: 429,
			headers: { 'Retry-After': '0' },
			count: 2,
		});
		world.emulator.admin.injectFault({ pathPattern: 'skiptoken', drop: true, count: 1 });
		const items = json(await runner.poll());
		expect(items.map((item) => item.id)).toEqual(users);
	});

	it('a restart that loses a poll which emitted nothing only replays; nothing is lost', async () => {
		const runner = world.runner({ event: 'userCreated' });
		const existing = newUser(world);
		await activate(world, runner);
		world.emulator.admin.updateUser(existing, { jobTitle: 'no event' });
		expect(await runner.poll()).toEqual([]);
		runner.restart();
		const user = newUser(world);
		expect(json(await runner.poll()).map((item) => item.id)).toEqual([user]);
	});
});
