import { EVENTS } from '../../../nodes/feed/events';
import type { TriggerWorld } from './setup';
import { activate, newUser, startWorld } from './setup';

/** Request counts on a large tenant, and the cost of a round with 50,000 changes. */
let world: TriggerWorld;

afterEach(async () => {
	await world.emulator.stop();
});

it('activation on a 50,000-user tenant makes one request per feed, and so does an idle poll', async () => {
	world = await startWorld({ users: 50000, groups: 2000 });
	for (const event of EVENTS) {
		const runner = world.runner({ event: event.value });
		world.emulator.admin.clearLog();
		await activate(world, runner);
		const activation = world.graphRequests();
		world.emulator.admin.clearLog();
		expect(await runner.poll()).toEqual([]);
		const idle = world.graphRequests();
		console.log(
			`${event.value}: activation ${activation.length} request(s) ${activation.map((r) => r.path).join(' ')}; idle poll ${idle.length}`,
		);
		expect(activation).toEqual([
			expect.objectContaining({
				method: 'GET',
				status: 200,
				path: expect.stringContaining('$deltatoken=latest'),
			}),
		]);
		expect(idle).toHaveLength(1);
	}
});

it('a round with 50,000 changes: streamed pages, bounded memory and time', async () => {
	world = await startWorld();
	const ids = Array.from({ length: 50000 }, (_, index) =>
		newUser(world, { department: `D${index % 7}` }),
	);
	const runner = world.runner({ event: 'userCreatedOrUpdated' });
	await activate(world, runner);
	// A mass update: every user changes department (e.g. a reorganisation).
	for (const id of ids) world.emulator.admin.updateUser(id, { department: 'Reorganised' });
	world.emulator.admin.clearLog();
	global.gc?.();
	const baseline = process.memoryUsage().heapUsed;
	let peak = baseline;
	const sampler = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().heapUsed);
	}, 20);
	const started = Date.now();
	const items = await runner.poll();
	const elapsed = Date.now() - started;
	clearInterval(sampler);
	peak = Math.max(peak, process.memoryUsage().heapUsed);
	const requests = world.graphRequests();
	const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
	console.log(
		`50,000-change round: ${items.length} items, ${requests.length} delta requests, ${elapsed} ms, heap ${mb(baseline)} MB -> peak ${mb(peak)} MB (+${mb(peak - baseline)} MB, emulator in the same process), static data ${JSON.stringify(runner.staticData).length} bytes`,
	);
	expect(items).toHaveLength(50000);
	expect(new Set(items.map((item) => item.json.changeType))).toEqual(new Set(['updated']));
	expect(items[0].json).toEqual({
		changeType: 'updated',
		resource: 'user',
		id: ids[0],
		department: 'Reorganised',
		changedProperties: ['department'],
	});
	expect(requests.every((request) => request.path.includes('/users/delta'))).toBe(true);
	expect(requests.length).toBeLessThan(300);
	expect(elapsed).toBeLessThan(60000);
	expect(peak - baseline).toBeLessThan(600 * 1024 * 1024);
	expect(JSON.stringify(runner.staticData).length).toBeLessThan(400 * 1024);
}, 180000);
