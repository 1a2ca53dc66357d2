import { DEMO_APP, DEMO_TENANT_ID } from '../../emulator';
import { WebhookTriggerRunner, emulatorCredentials } from '../../harness';
import type { InstantWorld } from './setup';
import {
	deltaRequests,
	emitted,
	instant,
	newUser,
	post,
	startInstant,
	storedSubscription,
	userNotification,
} from './setup';

/*
 * Graph's change notifications through webhooks ("Receive change notifications through webhooks",
 * learn.microsoft.com/graph/change-notifications-delivery-webhooks): the validation handshake, the
 * clientState check, acknowledgement within 3 seconds, and delivery that can be late, repeated,
 * out of order or lost, which the delta round per notification absorbs.
 */

let world: InstantWorld;

afterEach(async () => {
	await world?.stop();
});

async function active(parameters = { event: 'userCreated' }): Promise<InstantWorld> {
	world = await startInstant(parameters);
	await world.runner.activate();
	world.emulator.admin.advanceClock(2);
	world.emulator.admin.clearLog();
	return world;
}

describe('validation handshake', () => {
	// delivery-webhooks: "respond ... 200 OK ... Content-Type: text/plain ... the decoded validation token"
	it('echoes the URL-decoded token as text/plain and starts nothing', async () => {
		await active();
		const token =
			'Validation: Testing client application reachability for subscription Request-Id: 1+2/3';
		const answer = await post(world, '', `?validationToken=${encodeURIComponent(token)}`);
		expect(answer.status).toBe(200);
		expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(await answer.text()).toBe(token);
		expect(world.runner.executions).toEqual([]);
		expect(deltaRequests(world)).toBe(0);
	});

	it('a notification URL that does not answer the handshake makes activation fail (Graph answers 400)', async () => {
		world = await startInstant({ event: 'userCreated' });
		world.emulator.admin.setNotificationFaults({ failValidation: 1 });
		await expect(world.runner.activate()).rejects.toThrow(/validation/i);
		expect(world.emulator.admin.listSubscriptions()).toEqual([]);
	});
});

describe('clientState and forged notifications', () => {
	// delivery-webhooks: "validate the clientState ... matches the value originally submitted"
	it('a wrong, missing or foreign clientState, or no subscription named, start no round', async () => {
		await active();
		const { id, clientState } = storedSubscription(world);
		const forged = [
			userNotification(id, `${clientState.slice(0, -1)}x`),
			userNotification(id, undefined),
			userNotification(id, ''),
			userNotification(
				'11111111-2222-4333-8444-555555555555',
				'a-secret-of-another-node-0123456789',
			),
			{ ...userNotification(id, clientState), subscriptionId: undefined },
		];
		for (const notification of forged) {
			const answer = await post(world, { value: [notification] });
			expect(answer.status).toBe(202);
		}
		expect(await post(world, { something: 'else' }).then((answer) => answer.status)).toBe(202);
		await world.settle();
		// Listed, not counted: a failure shows which requests were made.
		expect(world.graphRequests().filter((entry) => entry.path.includes('/delta'))).toEqual([]);
		expect(world.runner.executions).toEqual([]);
		// The stored state did not move either.
		expect(storedSubscription(world).id).toBe(id);
	});

	/*
	 * Every subscription of a node carries the node's secret (coordinator.ts), so a notification with it
	 * is genuine whichever subscription it names. One the record does not name is an extra one of ours
	 * (an overlapping or interrupted call made it) or the current one while this copy's record is stale.
	 */
	it('the secret from a subscription not on record: the round runs, and an extra subscription is deleted', async () => {
		await active();
		const { id, clientState } = storedSubscription(world);
		world.emulator.admin.clearLog();
		await post(world, {
			value: [userNotification('11111111-2222-4333-8444-555555555555', clientState)],
		});
		await world.settle();
		expect(deltaRequests(world)).toBe(1);
		const upkeep = world.graphRequests().filter((entry) => entry.path.includes('/subscriptions/'));
		expect(upkeep.map((entry) => `${entry.method} ${entry.path.split('/').pop()}`)).toEqual([
			`GET ${id}`,
			'DELETE 11111111-2222-4333-8444-555555555555',
		]);
		expect(storedSubscription(world).id).toBe(id);
	});

	it('a genuine notification runs one delta round', async () => {
		await active();
		const user = newUser(world);
		await world.settle();
		expect(emitted(world)).toEqual([expect.objectContaining({ id: user, changeType: 'created' })]);
		expect(deltaRequests(world)).toBe(1);
	});
});

describe('delivery faults', () => {
	it('a lost notification is made up by the next one (the delta round reads every change since the stored link)', async () => {
		await active();
		world.emulator.admin.setNotificationFaults({ drop: 1 });
		const lost = newUser(world);
		await world.settle();
		expect(world.runner.executions).toEqual([]);
		const next = newUser(world);
		await world.settle();
		expect(
			emitted(world)
				.map((item) => item.id)
				.sort(),
		).toEqual([lost, next].sort());
	});

	it('a duplicated notification emits nothing twice', async () => {
		await active();
		world.emulator.admin.setNotificationFaults({ duplicate: 5, delayMs: 50 });
		const first = newUser(world);
		await world.settle();
		const second = newUser(world);
		await world.settle();
		expect(emitted(world).map((item) => item.id)).toEqual([first, second]);
	});

	it('notifications out of order change nothing: each change once', async () => {
		await active({ event: 'userCreatedOrUpdated' } as never);
		world.emulator.admin.setNotificationFaults({ reorder: true, delayMs: 100 });
		const a = newUser(world);
		const b = newUser(world);
		world.emulator.admin.updateUser(a, { jobTitle: 'Lead' });
		await world.settle();
		const items = emitted(world);
		expect(items.filter((item) => item.id === b)).toHaveLength(1);
		// a was created and updated before the round read it: one "created" item (delta gives the net state).
		expect(items.filter((item) => item.id === a)).toEqual([
			expect.objectContaining({ changeType: 'created', jobTitle: 'Lead' }),
		]);
	});

	// delivery-webhooks: "respond with 2xx within 3 seconds ... otherwise ... retries"
	it('acknowledges before the round: a slow Graph does not make the delivery fail', async () => {
		await active();
		world.emulator.admin.setLatency(3500);
		const user = newUser(world);
		await world.settle();
		world.emulator.admin.setLatency(0);
		const notifications = world.emulator.admin
			.deliveries()
			.filter((entry) => entry.kind === 'notification');
		expect(notifications.map((entry) => entry.status)).toEqual([202]);
		expect(emitted(world)).toEqual([expect.objectContaining({ id: user })]);
		const call = world.runner.calls.find((entry) => entry.started);
		expect(call && call.answeredMs < call.durationMs).toBe(true);
	});
});

describe('coalescing', () => {
	it('notifications arriving during a round start at most one more round; every change comes once', async () => {
		await active();
		const { id, clientState } = storedSubscription(world);
		world.emulator.admin.setLatency(300);
		const users = [newUser(world), newUser(world)];
		// Six deliveries at once (Graph may send several POSTs for one burst of changes).
		await Promise.all(
			Array.from({ length: 6 }, () => post(world, { value: [userNotification(id, clientState)] })),
		);
		users.push(newUser(world));
		await world.settle();
		world.emulator.admin.setLatency(0);
		const ids = emitted(world).map((item) => item.id);
		expect(ids.sort()).toEqual([...users].sort());
		// The six posts (and the emulator's own notifications) ran far fewer rounds than notifications.
		const notifications = world.runner.calls.filter((call) =>
			call.body.includes('subscriptionId'),
		).length;
		expect(notifications).toBeGreaterThanOrEqual(6);
		expect(deltaRequests(world)).toBeLessThanOrEqual(4);
	});
});

describe('HTTPS requirement', () => {
	it('refuses an http webhook URL with a real Microsoft cloud, saying what to do', async () => {
		world = await startInstant({ event: 'userCreated' });
		const credentials = {
			...emulatorCredentials(world.emulator.url, DEMO_APP, DEMO_TENANT_ID),
			cloud: 'global',
		};
		const runner = new WebhookTriggerRunner(
			instant,
			{ event: 'userCreated' },
			credentials,
			'f0000000-0000-4000-8000-000000000001',
		);
		await runner.listen();
		try {
			await expect(runner.hook('create')).rejects.toThrow(/only to HTTPS URLs/);
			expect(world.emulator.admin.requestCount()).toBe(0);
		} finally {
			await runner.close();
		}
	});
});
