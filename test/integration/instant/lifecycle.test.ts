import { forgetAll } from '../../../nodes/MicrosoftEntraIdInstantTrigger/coordinator';
import {
	LIFETIME_MS,
	MAX_LIFETIME_MINUTES,
} from '../../../nodes/MicrosoftEntraIdInstantTrigger/subscription';
import type { InstantWorld } from './setup';
import { emitted, newUser, startInstant, storedSubscription } from './setup';

/*
 * Subscription lifetime for users and groups (subscription resource type: at most 41,760 minutes),
 * renewal by PATCH (Update subscription), reauthorizationRequired lifecycle events ("Reduce missing
 * subscriptions and change notifications": answer 202, then /reauthorize or PATCH), and n8n's webhook
 * methods at activation, restart and deactivation.
 */

let world: InstantWorld;
const DAY = 86_400;

afterEach(async () => {
	await world?.stop();
});

async function active(): Promise<InstantWorld> {
	world = await startInstant({ event: 'userCreated' });
	await world.runner.activate();
	world.emulator.admin.advanceClock(2);
	world.emulator.admin.clearLog();
	return world;
}

const patches = () =>
	world
		.graphRequests()
		.filter((entry) => entry.method === 'PATCH' && entry.path.includes('/subscriptions/'));
const expiry = () =>
	Date.parse(String(world.emulator.admin.listSubscriptions()[0]?.expirationDateTime));

describe('renewal', () => {
	it('asks for a 4-day lifetime, within the documented maximum', async () => {
		await active();
		const left = expiry() - Date.parse(world.emulator.admin.now());
		expect(left).toBeLessThanOrEqual(MAX_LIFETIME_MINUTES * 60_000);
		expect(left).toBeGreaterThan(LIFETIME_MS - 60_000);
		expect(LIFETIME_MS).toBe(4 * 86_400_000);
	});

	it('a notification renews a subscription older than a day, and not a fresh one', async () => {
		await active();
		newUser(world);
		await world.settle();
		expect(patches()).toEqual([]);
		const before = expiry();
		world.emulator.admin.advanceClock(2 * DAY);
		newUser(world);
		await world.settle();
		expect(patches()).toHaveLength(1);
		expect(expiry()).toBeGreaterThan(before + 2 * DAY * 1000 - 60_000);
		expect(Date.parse(storedSubscription(world).expirationDateTime)).toBe(expiry());
	});

	it('n8n start (checkExists) renews an ageing subscription and keeps it', async () => {
		await active();
		const { id } = storedSubscription(world);
		world.emulator.admin.advanceClock(2 * DAY);
		forgetAll();
		await world.runner.activate('init');
		expect(patches()).toHaveLength(1);
		expect(storedSubscription(world).id).toBe(id);
		expect(world.emulator.admin.listSubscriptions()).toHaveLength(1);
	});

	it('n8n start recreates a subscription Graph no longer has (expired while n8n was down)', async () => {
		await active();
		const { id } = storedSubscription(world);
		world.emulator.admin.advanceClock(5 * DAY);
		expect(world.emulator.admin.listSubscriptions()).toEqual([]);
		forgetAll();
		await world.runner.activate('init');
		const now = world.emulator.admin.listSubscriptions();
		expect(now).toHaveLength(1);
		expect(now[0].id).not.toBe(id);
		expect(storedSubscription(world).id).toBe(now[0].id);
	});
});

describe('lifecycle notifications', () => {
	it('reauthorizationRequired before expiry: 202, the subscription is renewed and a round catches missed changes', async () => {
		await active();
		world.emulator.admin.setNotificationFaults({ drop: 1 });
		const missed = newUser(world);
		await world.settle();
		expect(world.runner.executions).toEqual([]);
		// Into the last 3 hours of the subscription: Graph sends the challenge.
		const left = (expiry() - Date.parse(world.emulator.admin.now())) / 1000;
		world.emulator.admin.advanceClock(left - 2 * 3600);
		await world.settle();
		const lifecycle = world.emulator.admin
			.deliveries()
			.filter((entry) => entry.kind === 'lifecycle');
		expect(lifecycle).toEqual([
			expect.objectContaining({ lifecycleEvent: 'reauthorizationRequired', status: 202 }),
		]);
		expect(patches()).toHaveLength(1);
		expect(expiry() - Date.parse(world.emulator.admin.now())).toBeGreaterThan(LIFETIME_MS - 60_000);
		expect(emitted(world)).toEqual([
			expect.objectContaining({ id: missed, changeType: 'created' }),
		]);
	});

	it('a reauthorizationRequired after a permission change renews even a fresh subscription', async () => {
		await active();
		const { id } = storedSubscription(world);
		world.emulator.admin.sendLifecycleEvent(id, 'reauthorizationRequired');
		await world.settle();
		expect(patches()).toHaveLength(1);
		expect(world.runner.executions).toEqual([]);
	});

	it('subscriptionRemoved: subscribes again', async () => {
		await active();
		const { id } = storedSubscription(world);
		world.emulator.admin.sendLifecycleEvent(id, 'subscriptionRemoved');
		await world.settle();
		const now = world.emulator.admin.listSubscriptions();
		expect(now).toHaveLength(1);
		expect(now[0].id).not.toBe(id);
		const user = newUser(world);
		await world.settle();
		expect(emitted(world)).toEqual([expect.objectContaining({ id: user })]);
	});
});

describe('activation and deactivation', () => {
	it('deactivation deletes the subscription; activation removes stale subscriptions of the same URL', async () => {
		await active();
		const first = storedSubscription(world).id;
		// A crash left the stored state behind without the subscription record (e.g. a restored database).
		world.runner.persisted = {};
		forgetAll();
		await world.runner.activate();
		const now = world.emulator.admin.listSubscriptions();
		expect(now).toHaveLength(1);
		expect(now[0].id).not.toBe(first);
		await world.runner.deactivate();
		expect(world.emulator.admin.listSubscriptions()).toEqual([]);
		expect(world.runner.persisted.entraIdSubscription).toBeUndefined();
	});

	it('changes made while n8n was down (notifications lost) come with the first notification after the restart', async () => {
		await active();
		world.emulator.admin.setNotificationFaults({ drop: 2 });
		const down = [newUser(world), newUser(world)];
		await world.settle();
		forgetAll();
		await world.runner.activate('init');
		const after = newUser(world);
		await world.settle();
		expect(
			emitted(world)
				.map((item) => item.id)
				.sort(),
		).toEqual([...down, after].sort());
	});
});

describe('a long run', () => {
	/** Lets emulated time pass in hourly steps, as real time passes (lifecycle events on the way). */
	async function pass(seconds: number): Promise<void> {
		for (let left = seconds; left > 0; left -= 3600) {
			world.emulator.admin.advanceClock(Math.min(3600, left));
			await world.settle();
		}
	}

	it('90 simulated days with renewals, lifecycle events, a restart, lost and repeated notifications: every creation once', async () => {
		await active();
		const expected: string[] = [];
		let day = 0;
		while (day < 90) {
			day += 1;
			if (day % 7 === 0) world.emulator.admin.setNotificationFaults({ drop: 1 });
			if (day % 5 === 0) world.emulator.admin.setNotificationFaults({ duplicate: 1 });
			if (day % 3 !== 0) expected.push(newUser(world));
			await world.settle();
			if (day === 45) {
				forgetAll();
				await world.runner.activate('init');
			}
			// A quiet stretch of 10 days every 20 days: only lifecycle events keep the subscription (and the delta link) alive.
			if (day % 20 === 0) {
				await pass(10 * DAY);
				day += 10;
			} else await pass(DAY);
		}
		world.emulator.admin.setNotificationFaults({ drop: 0, duplicate: 0 });
		expected.push(newUser(world));
		await world.settle();
		const ids = emitted(world).map((item) => item.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect([...ids].sort()).toEqual([...expected].sort());
		expect(emitted(world).filter((item) => item.changeType !== 'created')).toEqual([]);
		expect(world.emulator.admin.listSubscriptions()).toHaveLength(1);
	});
});
