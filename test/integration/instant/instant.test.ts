import type { InstantWorld } from './setup';
import { emitted, newUser, startInstant } from './setup';

let world: InstantWorld;

afterEach(async () => {
	await world?.stop();
});

describe('instant trigger: subscription lifecycle', () => {
	it('activation starts the delta feed, then subscribes /users with the validation handshake', async () => {
		world = await startInstant({ event: 'userCreated' });
		await world.runner.activate();
		const subscriptions = world.emulator.admin.listSubscriptions();
		expect(subscriptions).toEqual([
			expect.objectContaining({
				resource: '/users',
				changeType: 'updated,deleted',
				notificationUrl: world.runner.webhookUrl,
				lifecycleNotificationUrl: world.runner.webhookUrl,
				hasClientState: true,
			}),
		]);
		// Both URLs were validated (lifecycle notifications page: "validate both").
		const validations = world.emulator.admin
			.deliveries()
			.filter((entry) => entry.kind === 'validation');
		expect(validations.map((entry) => entry.status)).toEqual([200, 200]);
		const requests = world
			.graphRequests()
			.map((entry) => `${entry.method} ${entry.path.split('?')[0]}`);
		// The last list settles on one subscription if another n8n process subscribed at the same time (queue mode).
		expect(requests).toEqual([
			'GET /v1.0/subscriptions',
			'GET /v1.0/users/delta',
			'POST /v1.0/subscriptions',
			'GET /v1.0/subscriptions',
		]);
		expect(world.runner.executions).toEqual([]);
	});

	it('a change reaches the workflow as one execution with the polling trigger items', async () => {
		world = await startInstant({ event: 'userCreated' });
		await world.runner.activate();
		world.emulator.admin.advanceClock(2);
		const id = newUser(world, { jobTitle: 'Engineer' });
		await world.settle();
		expect(world.runner.executions).toHaveLength(1);
		expect(emitted(world)).toEqual([
			expect.objectContaining({
				changeType: 'created',
				resource: 'user',
				id,
				jobTitle: 'Engineer',
			}),
		]);
		// Graph got its 202 at once; the round ran after the answer.
		const notification = world.runner.calls.find((call) => call.started);
		expect(notification?.status).toBe(202);
	});
});
