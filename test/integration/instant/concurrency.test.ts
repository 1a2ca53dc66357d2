import type { INodeParameters } from 'n8n-workflow';

import { forgetAll } from '../../../nodes/MicrosoftEntraIdInstantTrigger/coordinator';
import { FaultServer, credentials as faultCredentials, graphError } from '../../faults/servers';
import { WebhookTriggerRunner, clearLogged, loggedLines } from '../../harness';
import type { InstantWorld } from './setup';
import { emitted, instant, newUser, post, startInstant, storedSubscription } from './setup';

/*
 * n8n gives every webhook call and hook its own copy of the static data and saves it when the call
 * returns (the last save wins); calls overlap and finish out of order, and n8n restarts at any moment.
 * Each test below is one way an older view used to overwrite a newer one (issue 19, C1-C8); every one
 * failed before the instant trigger saved through its slot (coordinator.ts).
 */

let world: InstantWorld;
const DAY = 86_400;

afterEach(async () => {
	world.emulator.admin.clearFaults();
	await world?.stop();
});

async function active(
	parameters: INodeParameters = { event: 'userCreated' },
): Promise<InstantWorld> {
	world = await startInstant(parameters);
	await world.runner.activate();
	world.emulator.admin.advanceClock(2);
	world.emulator.admin.clearLog();
	return world;
}

async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

/** Makes the next delta request wait (429 with Retry-After 1 s): a round is in flight until then. */
async function throttleNextRound(): Promise<void> {
	world.emulator.admin.injectFault({
		method: 'GET',
		pathPattern: '/delta',
		status: 429,
		headers: { 'Retry-After': '1' },
		body: { error: { code: 'TooManyRequests', message: 'Too many requests' } },
	});
}

const throttledRound = () =>
	world.emulator.admin
		.requestLog()
		.some((entry) => entry.path.includes('/delta') && entry.status === 429);
const ourSubscriptions = () =>
	world.emulator.admin
		.listSubscriptions()
		.filter((entry) => entry.notificationUrl === world.runner.webhookUrl);
const ids = () => emitted(world).map((item) => item.id as string);

function lifecycle(
	subscriptionId: string,
	clientState: string,
	lifecycleEvent: string,
): Record<string, unknown> {
	return {
		subscriptionId,
		subscriptionExpirationDateTime: new Date(Date.now() + DAY * 1000).toISOString(),
		lifecycleEvent,
		resource: 'users',
		clientState,
		tenantId: '8f0b7c6e-2f4d-4e39-9a55-3c1d2b7e6a10',
	};
}

describe('stale static data never wins', () => {
	it('C1: a re-save during a throttled round keeps the new subscription; the next change is emitted', async () => {
		await active();
		await throttleNextRound();
		const during = newUser(world);
		await until('the throttled round', throttledRound);
		// n8n saves the workflow again: delete, then checkExists and create, while the round waits.
		await world.runner.deactivate();
		await world.runner.activate();
		const live = ourSubscriptions();
		await world.settle();
		expect(live).toHaveLength(1);
		expect(storedSubscription(world).id).toBe(live[0].id);
		const after = newUser(world);
		await world.settle();
		expect(ids().sort()).toEqual([during, after].sort());
		expect(ourSubscriptions().map((entry) => entry.id)).toEqual([live[0].id]);
	});

	it('C2: three notifications for one change within one second emit it once', async () => {
		// Graph's Date header has one-second steps: here every answer carries the same one, as when
		// activation and the rounds fall into one second.
		let fixedDate = '';
		world = await startInstant({ event: 'userCreated' }, undefined, async (emulatorUrl) => {
			const proxy = await new FaultServer(emulatorUrl).start();
			proxy.rewrite = (_request, upstream) => ({
				status: upstream.status,
				headers: {
					'Content-Type': upstream.headers['content-type'] ?? 'application/json',
					Date: (fixedDate ||= upstream.headers.date),
				},
				raw: upstream.text,
			});
			return proxy;
		});
		await world.runner.activate();
		// Slow answers from here on: the two extra deliveries arrive while the first round runs.
		world.emulator.admin.setLatency(200);
		const { id, clientState } = storedSubscription(world);
		const user = newUser(world);
		const notification = {
			value: [
				{
					subscriptionId: id,
					clientState,
					changeType: 'updated',
					resource: `Users/${user}`,
					tenantId: 't',
				},
			],
		};
		await Promise.all([post(world, notification), post(world, notification)]);
		await world.settle();
		world.emulator.admin.setLatency(0);
		expect(ids()).toEqual([user]);
	});

	it('C3: a slow renewal does not save an older delta state after a newer round: nothing repeats after a restart', async () => {
		await active();
		world.emulator.admin.advanceClock(2 * DAY);
		// The renewal of the first call waits 1 s for Graph (503 with Retry-After), a later change's call finishes first.
		world.emulator.admin.injectFault({
			method: 'PATCH',
			pathPattern: '/subscriptions/',
			status: 503,
			headers: { 'Retry-After': '1' },
			body: { error: { code: 'ServiceUnavailable', message: 'busy' } },
		});
		const first = newUser(world);
		await until('the delayed renewal', () =>
			world.emulator.admin
				.requestLog()
				.some((entry) => entry.method === 'PATCH' && entry.status === 503),
		);
		const second = newUser(world);
		await world.settle();
		expect(ids().sort()).toEqual([first, second].sort());
		// n8n restarts: the database's copy is all that is left.
		world.runner.restart();
		forgetAll();
		const third = newUser(world);
		await world.settle();
		expect(ids().sort()).toEqual([first, second, third].sort());
	});

	it('C4: damaged state met at an n8n start (checkExists) is reported and recovered by the next round', async () => {
		await active();
		world.emulator.admin.setNotificationFaults({ drop: 1 });
		const meanwhile = newUser(world);
		await world.settle();
		const feed = world.runner.persisted.entraIdDelta as { version: number };
		world.runner.persisted = { ...world.runner.persisted, entraIdDelta: { ...feed, version: 99 } };
		world.runner.restart();
		forgetAll();
		await world.runner.activate('init');
		const next = newUser(world);
		await world.settle();
		const items = emitted(world);
		expect(items.filter((item) => item.changeType === 'syncReset')).toHaveLength(1);
		expect(
			items
				.filter((item) => item.changeType !== 'syncReset')
				.map((item) => item.id)
				.sort(),
		).toEqual([meanwhile, next].sort());
	});

	it('C5: the same subscriptionRemoved delivered twice at once leaves one live subscription', async () => {
		await active();
		const { id, clientState } = storedSubscription(world);
		world.emulator.admin.removeSubscription(id);
		const removed = { value: [lifecycle(id, clientState, 'subscriptionRemoved')] };
		await Promise.all([post(world, removed), post(world, removed)]);
		await world.settle();
		const live = ourSubscriptions();
		expect(live).toHaveLength(1);
		expect(storedSubscription(world).id).toBe(live[0].id);
		const user = newUser(world);
		await world.settle();
		expect(ids()).toEqual([user]);
		expect(ourSubscriptions()).toHaveLength(1);
	});

	it("C6: reactivation after n8n's webhook URL changed deletes the node's subscription for the old URL", async () => {
		await active();
		const old = storedSubscription(world).id;
		const moved = new WebhookTriggerRunner(
			instant,
			world.runner.parameters,
			world.runner.credentials,
			'e0b1c2d3-0000-4000-8000-00000000b22f',
		);
		moved.persisted = world.runner.persisted;
		await moved.listen();
		try {
			forgetAll();
			await moved.activate('init');
			const all = world.emulator.admin.listSubscriptions();
			expect(all.map((entry) => entry.notificationUrl)).toEqual([moved.webhookUrl]);
			expect(all[0].id).not.toBe(old);
		} finally {
			await moved.close();
		}
	});

	it('C7: deactivation during a round: the running call does not save the deleted subscription back', async () => {
		await active();
		await throttleNextRound();
		newUser(world);
		await until('the throttled round', throttledRound);
		await world.runner.deactivate();
		await world.settle();
		expect(world.emulator.admin.listSubscriptions()).toEqual([]);
		expect(world.runner.persisted.entraIdSubscription).toBeUndefined();
	});
});

describe('C8: the clientState stays secret', () => {
	it('a proxy that echoes the POST /subscriptions body into its 400 puts no clientState into the error or the log', async () => {
		world = await startInstant({ event: 'userCreated' });
		const proxy = await new FaultServer().start();
		proxy.graph = (request) => {
			if (request.url.startsWith('/v1.0/subscriptions') && request.method === 'GET')
				return { status: 200, body: { value: [] } };
			if (request.url.includes('/delta'))
				return {
					status: 200,
					body: { value: [], '@odata.deltaLink': `${proxy.url}/v1.0/users/delta?$deltatoken=now` },
				};
			if (request.url.startsWith('/v1.0/subscriptions'))
				return graphError(
					400,
					'InvalidRequest',
					`Could not process the request body ${request.body}`,
				);
			return undefined;
		};
		const runner = new WebhookTriggerRunner(
			instant,
			{ event: 'userCreated' },
			faultCredentials(proxy),
			'e0b1c2d3-0000-4000-8000-00000000c33f',
		);
		await runner.listen();
		clearLogged();
		try {
			const failure = await runner.activate().then(
				() => undefined,
				(error: unknown) => error as Error & { description?: string },
			);
			const posted = proxy.seen.find(
				(request) => request.method === 'POST' && request.url.startsWith('/v1.0/subscriptions'),
			);
			const clientState = String(
				(JSON.parse(posted?.body ?? '{}') as { clientState?: string }).clientState,
			);
			expect(clientState).toHaveLength(64);
			expect(failure).toBeDefined();
			const shown = JSON.stringify({
				message: failure?.message,
				description: failure?.description,
				error: failure,
			});
			expect(shown).toContain('[redacted]');
			expect(shown).not.toContain(clientState);
			expect(loggedLines().join('\n')).not.toContain(clientState);
		} finally {
			await runner.close();
			await proxy.stop();
		}
	});
});
