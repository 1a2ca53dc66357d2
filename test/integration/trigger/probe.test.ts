import { DEMO_APP, DEMO_TENANT_ID } from '../../emulator';
import { emulatorCredentials } from '../../harness';
import type { RewritingProxy } from './rewritingProxy';
import { startRewritingProxy, withoutDeltaProperty } from './rewritingProxy';
import { TriggerRunner, json } from './runner';
import type { TriggerWorld } from './setup';
import { activate, newUser, startWorld } from './setup';

/*
 * Whether a delta feed returns createdDateTime is asked once per feed (delta.ts,
 * feedReturnsCreatedDateTime) and the answer, yes or no, is kept in the feed's state: a busy poll
 * then costs its delta pages and nothing more.
 */
let world: TriggerWorld;
let proxy: RewritingProxy | undefined;

afterEach(async () => {
	await proxy?.stop();
	proxy = undefined;
	await world.emulator.stop();
});

const isProbe = (path: string) => decodeURIComponent(path).includes('$filter=id eq');

it('a feed that returns createdDateTime: one probe in its life, then a busy poll of 10,000 changes costs its 50 delta pages', async () => {
	world = await startWorld();
	const ids = Array.from({ length: 10000 }, () => newUser(world));
	const runner = world.runner({ event: 'userCreatedOrUpdated' });
	await activate(world, runner);
	world.emulator.admin.updateUser(ids[0], { jobTitle: 'first change' });
	world.emulator.admin.clearLog();
	expect(json(await runner.poll())).toEqual([
		expect.objectContaining({ changeType: 'updated', id: ids[0] }),
	]);
	expect(world.graphRequests().filter((request) => isProbe(request.path))).toHaveLength(1);
	for (const id of ids) world.emulator.admin.updateUser(id, { jobTitle: 'busy' });
	world.emulator.admin.clearLog();
	const items = await runner.poll();
	expect(items).toHaveLength(10000);
	const requests = world.graphRequests();
	// 10,000 changes / 200 users per delta page (the emulator's page size, as Graph's server-driven paging)
	expect(requests).toHaveLength(50);
	expect(
		requests.every((request) => request.path.includes('/users/delta') && !isProbe(request.path)),
	).toBe(true);
}, 120000);

it('a feed that does not return createdDateTime: the "no" is remembered too, later polls do not ask again', async () => {
	world = await startWorld();
	proxy = await startRewritingProxy(world.emulator.url);
	proxy.rewrites.push(withoutDeltaProperty('createdDateTime'));
	const runner = new TriggerRunner(
		{ event: 'userCreated', options: { maxWaitSeconds: 5 } },
		emulatorCredentials(proxy.url, DEMO_APP, DEMO_TENANT_ID),
	);
	const old = newUser(world);
	await activate(world, runner);
	for (let poll = 0; poll < 3; poll++) {
		world.emulator.admin.updateUser(old, { jobTitle: `change ${poll}` });
		const fresh = newUser(world);
		world.emulator.admin.clearLog();
		expect(json(await runner.poll()).map((item) => item.id)).toEqual([fresh]);
		const probes = world.graphRequests().filter((request) => isProbe(request.path));
		expect(probes).toHaveLength(poll === 0 ? 1 : 0);
	}
	expect(
		(runner.staticData.entraIdDelta as { feed: { createdDateTimeAbsent?: boolean } }).feed
			.createdDateTimeAbsent,
	).toBe(true);
});
