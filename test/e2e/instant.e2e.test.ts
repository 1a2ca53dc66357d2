/**
 * The instant trigger in a running n8n (`n8n start`, a published workflow). The emulator creates
 * the subscription against n8n's real webhook URL (validation handshake included) and sends change
 * and lifecycle notifications to it over HTTP; changes are made out of band through the admin API.
 * Proves: a change becomes an execution within 5 seconds; forged notifications start nothing; 90
 * simulated days (emulator clock, lifecycle events, renewals, an n8n restart, lost and repeated
 * notifications) deliver every change exactly once.
 */
import { DEMO_DOMAIN, startEmulator, type RunningEmulator } from '../emulator';
import { DEMO_CREDENTIAL, demoCredential } from '../runtime/lib/fixtures';
import { getExecution, listExecutions, setupOwner, type N8nServer } from '../runtime/lib/n8n';
import { createSandbox, linearWorkflow, waitFor, type Sandbox } from './harness';

const INSTANT_TYPE = 'n8n-nodes-entra-id.microsoftEntraIdInstantTrigger';
const WORKFLOW_ID = 'instantUsers1';
const WEBHOOK_ID = '6c1f0e7a-1d2b-4c3d-8e4f-5a6b7c8d9e01';
const HOUR = 3600;
const DAY = 24 * HOUR;

function instantWorkflow(): object {
	const workflow = linearWorkflow(
		WORKFLOW_ID,
		'instant userCreated',
		[
			{
				name: 'Trigger',
				type: INSTANT_TYPE,
				typeVersion: 1,
				parameters: { event: 'userCreated', options: {} },
				credentials: { microsoftEntraIdOAuth2Api: DEMO_CREDENTIAL },
			},
			{ name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
		],
		false,
	) as { nodes: Array<Record<string, unknown>> };
	// The editor gives every webhook node a webhookId; n8n's webhook path is built from it.
	workflow.nodes[0].webhookId = WEBHOOK_ID;
	return workflow;
}

const suffix = Date.now().toString(36);
let counter = 0;

describe('instant trigger in a running n8n', () => {
	let sandbox: Sandbox;
	let emulator: RunningEmulator;
	let server: N8nServer | undefined;
	let cookie: string;

	beforeAll(async () => {
		emulator = await startEmulator();
		sandbox = await createSandbox('instant');
		await sandbox.importCredentials([demoCredential(emulator.url)]);
		await sandbox.importWorkflows([instantWorkflow()]);
		await sandbox.activate(WORKFLOW_ID);
	});

	afterAll(async () => {
		await server?.stop();
		await emulator?.stop();
	});

	const webhookUrl = () => `${server!.url}/webhook/${WEBHOOK_ID}/webhook`;
	const subscriptions = () => emulator.admin.listSubscriptions();
	/** Successful calls on one subscription, or creations: what an activation ends with (a list of subscriptions comes first). */
	const subscriptionCalls = () =>
		emulator.admin
			.requestLog()
			.filter(
				(entry) =>
					entry.kind === 'graph' &&
					entry.status < 300 &&
					(/\/subscriptions\/[^/?]+/.test(entry.path) ||
						(entry.method === 'POST' && /\/subscriptions(\?|$)/.test(entry.path))),
			).length;
	const deltaRequests = () =>
		emulator.admin
			.requestLog()
			.filter((entry) => entry.kind === 'graph' && entry.path.includes('/delta')).length;

	function newUser(): string {
		counter += 1;
		const userPrincipalName = `instant.${counter}.${suffix}@${DEMO_DOMAIN}`;
		return emulator.admin.createUser({ displayName: `Instant ${counter}`, userPrincipalName })
			.id as string;
	}

	async function executions() {
		return (await listExecutions(server!.url, cookie, WORKFLOW_ID)).sort(
			(a, b) => Number(a.id) - Number(b.id),
		);
	}

	/** Every item the trigger emitted, oldest execution first. */
	async function emitted(): Promise<Array<Record<string, any>>> {
		const items: Array<Record<string, any>> = [];
		for (const summary of await executions()) {
			expect(summary.status).toBe('success');
			const execution = await getExecution(server!.url, cookie, summary.id);
			items.push(
				...(execution.data.resultData.runData.Trigger?.[0]?.data?.main?.[0] ?? []).map(
					(item) => item.json,
				),
			);
		}
		return items;
	}

	async function start(): Promise<void> {
		const before = subscriptionCalls();
		const firstStart = subscriptions().length === 0;
		server = await sandbox.start();
		cookie = (await setupOwner(server.url))!;
		if (firstStart) {
			// activation is done once the trigger created the subscription (Graph's handshake reached n8n first)
			await waitFor(
				'the activation (the subscription created)',
				async () => subscriptionCalls() > before,
				150_000,
				250,
			);
		} else {
			// After a restart n8n 2.41 serves a published workflow's stored webhooks without activating it
			// again (older n8n activate it again: checkExists). Ready once n8n answers at the webhook URL
			// (a notification naming no subscription of ours is acknowledged and ignored).
			const probe = {
				value: [
					{
						subscriptionId: '00000000-0000-4000-8000-00000000beef',
						clientState: 'probe',
						changeType: 'updated',
						resource: 'Users/probe',
					},
				],
			};
			await waitFor(
				'n8n to answer at the webhook URL',
				async () =>
					(
						await fetch(webhookUrl(), {
							method: 'POST',
							headers: { 'Content-Type': 'application/json' },
							body: JSON.stringify(probe),
						})
					).status === 202,
				150_000,
				500,
			);
		}
	}

	it("activation subscribes n8n's webhook URL (the handshake reaches n8n) and a change becomes an execution within 5 seconds", async () => {
		await start();
		expect(subscriptions()).toEqual([
			expect.objectContaining({
				resource: '/users',
				notificationUrl: webhookUrl(),
				lifecycleNotificationUrl: webhookUrl(),
				hasClientState: true,
			}),
		]);
		expect(
			emulator.admin
				.deliveries()
				.filter((entry) => entry.kind === 'validation')
				.map((entry) => entry.status),
		).toEqual([200, 200]);
		expect(await executions()).toEqual([]);

		emulator.admin.advanceClock(2);
		const delays: number[] = [];
		for (let round = 1; round <= 3; round++) {
			const changedAt = Date.now();
			const id = newUser();
			// finished: n8n 2.41 lists an execution while it still runs
			const execution = await waitFor(
				`execution ${round}`,
				async () => {
					const found = (await executions())[round - 1];
					return found && found.status !== 'running' && found.status !== 'new' ? found : undefined;
				},
				15_000,
				100,
			);
			delays.push(Date.parse(execution.startedAt) - changedAt);
			const items = await emitted();
			expect(items[round - 1]).toMatchObject({ id, changeType: 'created', resource: 'user' });
		}
		process.stdout.write(`instant trigger: change to execution start ${delays.join(' / ')} ms\n`);
		for (const delay of delays) expect(delay).toBeLessThan(5000);
	});

	it('forged notifications (wrong or missing clientState, also for an unknown subscription) start no round and no execution', async () => {
		const before = { executions: (await executions()).length, delta: deltaRequests() };
		const [subscription] = subscriptions();
		const forged = [
			{
				subscriptionId: subscription.id,
				clientState: 'guessed',
				changeType: 'updated',
				resource: 'Users/x',
			},
			{ subscriptionId: subscription.id, changeType: 'updated', resource: 'Users/x' },
			{
				subscriptionId: '00000000-0000-4000-8000-000000000000',
				clientState: 'guessed',
				changeType: 'updated',
				resource: 'Users/x',
			},
			{
				subscriptionId: subscription.id,
				clientState: 'guessed',
				lifecycleEvent: 'reauthorizationRequired',
			},
		];
		for (const notification of forged) {
			const response = await fetch(webhookUrl(), {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ value: [notification] }),
			});
			expect(response.status).toBe(202);
		}
		await new Promise((resolve) => setTimeout(resolve, 3000));
		expect((await executions()).length).toBe(before.executions);
		expect(deltaRequests()).toBe(before.delta);
		expect(subscriptions()).toEqual([expect.objectContaining({ id: subscription.id })]);
		expect(server!.output()).toMatch(/ignored 1 notification\(s\) without this node's clientState/);
	});

	it('90 simulated days: renewals, lifecycle events, an n8n restart, lost and repeated notifications; every user once', async () => {
		const expected = (await emitted()).map((item) => item.id as string);
		const lifecycleEvents = () =>
			emulator.admin.deliveries().filter((entry) => entry.kind === 'lifecycle').length;
		const patches = () =>
			emulator.admin
				.requestLog()
				.filter((entry) => entry.method === 'PATCH' && entry.path.includes('/subscriptions/'))
				.length;

		/** Lets emulated time pass; near a subscription's expiry in 30-minute steps, so the lifecycle events go out and n8n answers them. */
		async function pass(seconds: number): Promise<void> {
			let left = seconds;
			while (left > 0) {
				const expiry = Math.min(
					...subscriptions().map((entry) => Date.parse(String(entry.expirationDateTime))),
				);
				const untilWindow = Number.isFinite(expiry)
					? (expiry - Date.parse(emulator.admin.now())) / 1000 - 3.5 * HOUR
					: left;
				const step = Math.max(1, Math.min(left, untilWindow > 1800 ? untilWindow : 1800));
				const events = lifecycleEvents();
				const renewals = patches();
				emulator.admin.advanceClock(step);
				left -= step;
				await emulator.admin.settleNotifications();
				// A lifecycle event went out: wait until n8n renewed the subscription.
				if (lifecycleEvents() > events)
					await waitFor(
						'renewal after a lifecycle event',
						async () => (patches() > renewals ? true : undefined),
						30_000,
						100,
					);
			}
		}

		/** Waits until the executions hold `count` items. */
		async function items(count: number) {
			return await waitFor(
				`${count} items`,
				async () => {
					const all = await emitted();
					return all.length >= count ? all : undefined;
				},
				60_000,
				250,
			);
		}

		let day = 0;
		let restarted = false;
		while (day < 90) {
			day += 1;
			if (day % 7 === 0) emulator.admin.setNotificationFaults({ drop: 1 });
			if (day % 5 === 0) emulator.admin.setNotificationFaults({ duplicate: 1 });
			if (day % 3 !== 0) {
				expected.push(newUser());
				// A dropped notification is made up by the next change (or lifecycle event), not now.
				if (day % 7 !== 0) await items(expected.length);
			}
			await emulator.admin.settleNotifications();
			if (day >= 45 && !restarted) {
				restarted = true;
				await server!.stop();
				server = undefined;
				// While n8n is down, notifications fail (Graph retries, then gives up).
				expected.push(newUser(), newUser());
				await emulator.admin.settleNotifications();
				await pass(6 * HOUR);
				await start();
			}
			if (day % 20 === 0) {
				// Ten quiet days: only lifecycle events keep the subscription and the delta link alive.
				await pass(10 * DAY);
				day += 10;
			} else await pass(DAY);
		}
		emulator.admin.setNotificationFaults({ drop: 0, duplicate: 0 });
		expected.push(newUser());
		const all = await items(expected.length);
		await new Promise((resolve) => setTimeout(resolve, 3000));
		const final = await emitted();
		expect(final).toHaveLength(all.length);
		const ids = final.map((item) => item.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect([...ids].sort()).toEqual([...expected].sort());
		expect(final.every((item) => item.changeType === 'created')).toBe(true);
		expect(subscriptions()).toHaveLength(1);
		process.stdout.write(
			`instant trigger, 90 days: ${expected.length} users, ${lifecycleEvents()} lifecycle events, ${patches()} renewals, ${(await executions()).length} executions\n`,
		);
	});
});
