/**
 * n8n's queue mode on the current n8n (or E2E_RUNTIME): Redis and PostgreSQL from Debian's packages
 * (installed when missing, each on a free port with its own data folder, stopped afterwards), a main
 * process and two workers (`n8n worker --concurrency=1`) sharing one n8n user folder, the package
 * installed there by n8n's own installer steps from the packed tarball.
 *
 * - main and both workers load the package (main's editor API lists the node types; each worker runs
 *   executions of workflows with our nodes);
 * - the polling trigger polls on main, its executions run on workers (worker logs), and across a
 *   restart of main no event is lost or repeated; the delta link stored in PostgreSQL before the stop
 *   is the one the restarted main reads on from;
 * - the onboarding demo and a 1,000-member bulk add run on a worker, started by production webhooks
 *   (main enqueues, a worker executes), and the emulator's request log shows every write exactly once;
 * - two workers run bulk writes at the same time against the emulator with throttling on: 429s with
 *   Retry-After happen, and no user or membership is lost or written twice;
 * - the instant trigger with a webhook process (`n8n webhook`): main subscribes the webhook process's
 *   URL at activation, Graph's handshake and notifications reach that process, which runs the delta
 *   round and enqueues the execution; workers run it; every new user comes out once, and the delta
 *   link and subscription land in PostgreSQL.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import {
	DEMO_DOMAIN,
	DEMO_GROUPS,
	startEmulator,
	type LogEntry,
	type RunningEmulator,
} from '../emulator';
import { DEMO_CREDENTIAL, demoCredential, onboardingWorkflow } from '../runtime/lib/fixtures';
import { installLikeN8n, packedTarball } from '../runtime/lib/install-paths';
import {
	activateWorkflow,
	e2eRunDir,
	getExecution,
	httpJson,
	importCredentials,
	importWorkflows,
	listExecutions,
	nodeItems,
	setupOwner,
	type ExecutionRun,
	type N8nOptions,
} from '../runtime/lib/n8n';
import {
	queueModeEnv,
	startQueueBackends,
	startQueueCluster,
	type QueueBackends,
	type QueueCluster,
} from '../runtime/lib/queue';
import { psqlQuery } from '../runtime/lib/servers';
import {
	ENTRA_TRIGGER_TYPE,
	byId,
	e2eRuntime,
	entraNode,
	itemsNode,
	linearWorkflow,
	recordSuiteRuntime,
	waitFor,
} from './harness';

const runtime = e2eRuntime();
const cred = DEMO_CREDENTIAL;
const suffix = Date.now().toString(36);
const upn = (name: string) => `${name}.${suffix}@${DEMO_DOMAIN}`;
const NEXT_POLL_MS = 150_000;
const INSTANT_TRIGGER_TYPE = 'n8n-nodes-entra-id.microsoftEntraIdInstantTrigger';

/** A workflow started by a production webhook (POST /webhook/<path>, answered at once) instead of a Manual Trigger. */
function webhookWorkflow(
	id: string,
	name: string,
	webhookPath: string,
	rest: ReturnType<typeof linearWorkflow>,
): object {
	const workflow = rest as {
		nodes: Array<Record<string, unknown>>;
		connections: Record<string, unknown>;
	};
	const [start, ...nodes] = workflow.nodes;
	const hook = {
		id: `${id}-hook`,
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
	};
	const connections = { ...workflow.connections };
	connections.Webhook = connections[start.name as string];
	delete connections[start.name as string];
	return { ...workflow, id, name, nodes: [hook, ...nodes], connections };
}

const TRIGGER_ID = 'queueTrigger';
const ONBOARD_ID = 'queueOnboard';
const BULK_ID = 'queueBulk1000';
const PARALLEL_IDS = ['queueParallelA', 'queueParallelB'];
const INSTANT_ID = 'queueInstant';
const INSTANT_WEBHOOK_ID = '0b6f3c52-8d1e-4f7a-9c2b-3e4d5f6a7b81';

/** The instant trigger on new users (imported unpublished: it is published once the webhook process listens). */
function instantWorkflow(): object {
	const workflow = linearWorkflow(
		INSTANT_ID,
		'queue: new users (instant)',
		[
			{
				name: 'Trigger',
				type: INSTANT_TRIGGER_TYPE,
				typeVersion: 1,
				parameters: { event: 'userCreated', options: {} },
				credentials: { microsoftEntraIdOAuth2Api: cred },
			},
			{ name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
		],
		false,
	) as { nodes: Array<Record<string, unknown>> };
	// The editor gives every webhook node a webhookId; n8n's webhook path is built from it.
	workflow.nodes[0].webhookId = INSTANT_WEBHOOK_ID;
	return workflow;
}

describe(`n8n queue mode: main, two workers, Redis and PostgreSQL`, () => {
	let emulator: RunningEmulator;
	let backends: QueueBackends;
	let cluster: QueueCluster;
	let cli: N8nOptions;
	let cookie: string;
	let userFolder: string;
	const bulkUsers: string[] = [];
	let bulkGroup: string;
	const parallelGroups: string[] = [];
	const parallelHires: Array<Array<{ displayName: string; userPrincipalName: string }>> = [];

	beforeAll(
		async () => {
			recordSuiteRuntime(runtime, 'queue mode');
			emulator = await startEmulator();
			const dir = path.join(e2eRunDir(), 'queue');
			fs.mkdirSync(dir, { recursive: true });
			backends = await startQueueBackends(dir);
			userFolder = path.join(dir, 'home');
			fs.mkdirSync(userFolder, { recursive: true });
			installLikeN8n(userFolder, packedTarball(e2eRunDir()), runtime);
			cli = { runtime, userFolder, env: queueModeEnv(backends) };

			// the tenant for the bulk tests: 1,000 users and their group; two groups for the parallel writers
			for (let i = 0; i < 1000; i++) {
				bulkUsers.push(
					emulator.admin.createUser({
						displayName: `Bulk Member ${i}`,
						userPrincipalName: upn(`bulk.member.${i}`),
					}).id as string,
				);
			}
			bulkGroup = emulator.admin.createGroup({
				displayName: `Bulk 1000 ${suffix}`,
				mailNickname: `bulk1000${suffix}`,
				securityEnabled: true,
				mailEnabled: false,
			}).id as string;
			for (const tag of ['a', 'b']) {
				parallelGroups.push(
					emulator.admin.createGroup({
						displayName: `Parallel ${tag} ${suffix}`,
						mailNickname: `parallel${tag}${suffix}`,
						securityEnabled: true,
						mailEnabled: false,
					}).id as string,
				);
				parallelHires.push(
					Array.from({ length: 100 }, (_, i) => ({
						displayName: `Parallel ${tag} ${i}`,
						userPrincipalName: upn(`parallel.${tag}.${i}`),
					})),
				);
			}

			await importCredentials([demoCredential(emulator.url)], cli);
			await importWorkflows(
				[
					linearWorkflow(
						TRIGGER_ID,
						'queue: new users',
						[
							{
								name: 'Trigger',
								type: ENTRA_TRIGGER_TYPE,
								typeVersion: 1,
								parameters: {
									pollTimes: { item: [{ mode: 'everyMinute' }] },
									event: 'userCreated',
									options: {},
								},
								credentials: { microsoftEntraIdOAuth2Api: cred },
							},
							{ name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
						],
						false,
					),
					webhookWorkflow(
						ONBOARD_ID,
						'queue: onboarding demo',
						'entra-queue-onboard',
						onboardingWorkflow() as ReturnType<typeof linearWorkflow>,
					),
					webhookWorkflow(
						BULK_ID,
						'queue: 1,000 members',
						'entra-queue-bulk',
						linearWorkflow('x', 'x', [
							itemsNode(
								'Members',
								bulkUsers.map((id) => ({ id })),
							),
							entraNode(
								'Add members',
								{
									resource: 'group',
									operation: 'addMembers',
									group: byId(bulkGroup),
									member: byId('={{ $json.id }}'),
								},
								cred,
							),
						]),
					),
					...PARALLEL_IDS.map((id, i) =>
						webhookWorkflow(
							id,
							`queue: parallel writer ${i + 1}`,
							`entra-queue-parallel-${i + 1}`,
							linearWorkflow('x', 'x', [
								itemsNode('Hires', parallelHires[i]),
								entraNode(
									'Create users',
									{
										resource: 'user',
										operation: 'create',
										displayName: '={{ $json.displayName }}',
										userPrincipalName: '={{ $json.userPrincipalName }}',
										password: 'Parallel-Writer-2024!',
									},
									cred,
								),
								entraNode(
									'Add to group',
									{
										resource: 'group',
										operation: 'addMembers',
										group: byId(parallelGroups[i]),
										member: byId('={{ $json.id }}'),
									},
									cred,
								),
							]),
						),
					),
					instantWorkflow(),
				],
				cli,
			);
			// side by side: PostgreSQL takes concurrent writers (each CLI start is the slow part)
			await Promise.all(
				[TRIGGER_ID, ONBOARD_ID, BULK_ID, ...PARALLEL_IDS].map((id) => activateWorkflow(id, cli)),
			);

			cluster = await startQueueCluster({
				userFolder,
				backends,
				workers: 2,
				concurrency: 1,
				webhookProcesses: 1,
				runtime,
				...(process.env.E2E_ECHO_N8N === '1' ? { echo: process.stderr } : {}),
			});
			cookie = (await setupOwner(cluster.main.url))!;
		},
		45 * 60 * 1000,
	);

	afterAll(async () => {
		await cluster?.stop();
		await backends?.stop();
		await emulator?.stop();
	});

	/** Which worker ran an execution, from the workers' own logs ("Worker finished execution <id>"). */
	async function workerOf(executionId: string): Promise<number | undefined> {
		const find = () =>
			cluster.workers.findIndex((w) =>
				new RegExp(`Worker finished execution ${executionId}\\b`).test(w.output()),
			) + 1;
		return await waitFor(
			`a worker's log line for execution ${executionId}`,
			async () => find() || undefined,
			20_000,
			500,
		).catch(() => undefined);
	}

	async function executionsOf(workflowId: string): Promise<Array<{ id: string; status: string }>> {
		return (await listExecutions(cluster.main.url, cookie, workflowId)).sort(
			(a, b) => Number(a.id) - Number(b.id),
		);
	}

	async function finishedRun(
		workflowId: string,
		count = 1,
		timeoutMs = 300_000,
	): Promise<Array<ExecutionRun & { id: string }>> {
		const done = await waitFor(
			`${count} finished execution(s) of ${workflowId}`,
			async () => {
				const executions = await executionsOf(workflowId);
				const finished = executions.filter(
					(e) => e.status !== 'running' && e.status !== 'new' && e.status !== 'waiting',
				);
				return finished.length >= count ? finished : undefined;
			},
			timeoutMs,
			2000,
		);
		return await Promise.all(
			done.map(async (e) => ({
				...(await getExecution(cluster.main.url, cookie, e.id)),
				id: e.id,
			})),
		);
	}

	const writes = (log: LogEntry[]) =>
		log.filter(
			(e) => e.kind === 'graph' && e.method !== 'GET' && !(e.path === '/v1.0/$batch' && !e.batch),
		);

	it('loads the package in main (editor API) and starts both workers with it in the shared user folder', async () => {
		const types = await httpJson('GET', `${cluster.main.url}/types/nodes.json`, undefined, {
			cookie,
		});
		const names = (types.body as Array<{ name: string }>).map((n) => n.name);
		expect(names).toEqual(
			expect.arrayContaining([
				'n8n-nodes-entra-id.microsoftEntraId',
				'n8n-nodes-entra-id.microsoftEntraIdTrigger',
			]),
		);
		for (const worker of cluster.workers) {
			expect(worker.output()).toMatch(/n8n worker is now ready/);
			expect(worker.output()).not.toMatch(/n8n-nodes-entra-id[^\n]*(error|failed)/i);
		}
	});

	it('polls on main, runs the trigger executions on workers, and loses or repeats no event across a restart of main', async () => {
		const deltas = () =>
			emulator.admin
				.requestLog()
				.filter((e) => e.kind === 'graph' && e.path.includes('/users/delta'));
		const staticData = () => {
			const [[value]] = psqlQuery(
				backends.postgres,
				`SELECT "staticData" FROM workflow_entity WHERE id = '${TRIGGER_ID}'`,
			);
			return JSON.stringify(JSON.parse(value || 'null'));
		};
		const emitted = async () => {
			const runs = await finishedRun(TRIGGER_ID, 0, 1000);
			return runs.flatMap((run) => {
				expect(run.status).toBe('success');
				return nodeItems(run, 'Trigger');
			});
		};
		await waitFor(
			'the activation poll on main',
			async () => deltas().length >= 1,
			NEXT_POLL_MS,
			1000,
		);
		// main saves the trigger's static data (the delta link) in PostgreSQL once the activation poll is done
		await waitFor(
			'the delta link in PostgreSQL',
			async () => /deltatoken/.test(staticData()),
			60_000,
			1000,
		);

		const online = ['queue.trigger.one', 'queue.trigger.two'].map((name) =>
			emulator.admin.createUser({ displayName: name, userPrincipalName: upn(name) }),
		);
		const first = await finishedRun(TRIGGER_ID, 1, NEXT_POLL_MS);
		expect(
			nodeItems(first[0], 'Trigger')
				.map((i) => i.id)
				.sort(),
		).toEqual(online.map((u) => u.id).sort());
		expect(await workerOf(first[0].id)).toBeDefined();
		expect(cluster.main.output()).toMatch(new RegExp(`Enqueued execution ${first[0].id}\\b`));

		// main goes down; changes happen meanwhile; its successor reads on from the stored delta link
		await cluster.main.stop();
		const stored = staticData();
		const storedToken = /deltatoken=([^"&\\]+)/.exec(stored)?.[1];
		expect(storedToken).toBeDefined();
		const offline = ['queue.offline.one', 'queue.offline.two', 'queue.offline.three'].map((name) =>
			emulator.admin.createUser({ displayName: name, userPrincipalName: upn(name) }),
		);
		const before = deltas().length;
		await cluster.restartMain();
		cookie = (await setupOwner(cluster.main.url))!;
		await waitFor(
			'the activation poll of the new main',
			async () => deltas().length > before,
			NEXT_POLL_MS,
			1000,
		);
		expect(decodeURIComponent(deltas()[before].path)).toContain(decodeURIComponent(storedToken!));

		const runs = await finishedRun(TRIGGER_ID, 2, NEXT_POLL_MS);
		const items = runs.flatMap((run) => nodeItems(run, 'Trigger'));
		expect(items.map((i) => i.id).sort()).toEqual([...online, ...offline].map((u) => u.id).sort());
		for (const run of runs) expect(await workerOf(run.id)).toBeDefined();

		// one more poll of main: nothing new, nothing repeated
		const afterDelivery = deltas().length;
		await waitFor('one more poll', async () => deltas().length > afterDelivery, NEXT_POLL_MS, 2000);
		expect((await emitted()).length).toBe(5);
		expect(staticData()).not.toBe(stored);

		// unpublish, so that the users of the following tests do not feed it
		const off = await httpJson(
			'POST',
			`${cluster.main.url}/rest/workflows/${TRIGGER_ID}/deactivate`,
			{},
			{ cookie },
		);
		expect(off.status).toBe(200);
	});

	it('runs the onboarding demo on a worker (production webhook), each write exactly once', async () => {
		emulator.admin.clearLog();
		const hook = await httpJson('POST', `${cluster.main.url}/webhook/entra-queue-onboard`, {
			start: true,
		});
		expect(hook.status).toBe(200);
		const [run] = await finishedRun(ONBOARD_ID);
		expect(run.status).toBe('success');
		expect(await workerOf(run.id)).toBeDefined();
		const [created] = nodeItems(run, 'Create user');
		const user = emulator.admin.getUser(created.id)!;
		expect(user).toMatchObject({ displayName: 'Ada Lovelace', usageLocation: 'GB' });
		expect((user.memberOf as string[]).sort()).toEqual(
			[DEMO_GROUPS.allCompany.id, DEMO_GROUPS.marketing.id].sort(),
		);
		// one create, two memberships, one licence assignment: four writes, each once, all accepted
		const done = writes(emulator.admin.requestLog());
		expect(done.every((e) => e.status < 300)).toBe(true);
		expect(
			done.filter((e) => e.method === 'POST' && /^\/v1\.0\/users\/?(\?|$)/.test(e.path)),
		).toHaveLength(1);
		expect(
			done.filter((e) => e.path.includes(`/groups/${DEMO_GROUPS.allCompany.id}`)),
		).toHaveLength(1);
		expect(done.filter((e) => e.path.includes(`/groups/${DEMO_GROUPS.marketing.id}`))).toHaveLength(
			1,
		);
		expect(done.filter((e) => e.path.includes('/assignLicense'))).toHaveLength(1);
		expect(done).toHaveLength(4);
		expect(nodeItems(run, 'Assign license')[0]).toBeDefined();
	});

	it('adds 1,000 members on a worker: 50 updates of 20, every member once', async () => {
		emulator.admin.clearLog();
		expect(
			(await httpJson('POST', `${cluster.main.url}/webhook/entra-queue-bulk`, {})).status,
		).toBe(200);
		const [run] = await finishedRun(BULK_ID);
		expect(run.status).toBe('success');
		expect(await workerOf(run.id)).toBeDefined();
		const added = nodeItems(run, 'Add members');
		expect(added).toHaveLength(1000);
		expect(added.every((item) => item.status === 'added')).toBe(true);
		const members = emulator.admin.listMembers(bulkGroup).map((m) => m.id);
		expect(members).toHaveLength(1000);
		expect(new Set(members)).toEqual(new Set(bulkUsers));
		const groupWrites = writes(emulator.admin.requestLog()).filter((e) =>
			e.path.includes(`/groups/${bulkGroup}`),
		);
		expect(groupWrites).toHaveLength(50);
		expect(groupWrites.every((e) => e.status === 204)).toBe(true);
	});

	it('runs two bulk writers on the two workers at once under throttling: nothing lost, nothing applied twice', async () => {
		emulator.admin.clearLog();
		emulator.admin.setThrottle(true, { resourceUnits: 80 });
		try {
			const hooks = await Promise.all(
				PARALLEL_IDS.map((_, i) =>
					httpJson('POST', `${cluster.main.url}/webhook/entra-queue-parallel-${i + 1}`, {}),
				),
			);
			expect(hooks.map((h) => h.status)).toEqual([200, 200]);
			const runs = await Promise.all(PARALLEL_IDS.map(async (id) => (await finishedRun(id))[0]));
			expect(runs.map((r) => r.status)).toEqual(['success', 'success']);
			// one on each worker
			expect((await Promise.all(runs.map((r) => workerOf(r.id)))).sort()).toEqual([1, 2]);
			const log = emulator.admin.requestLog();
			expect(log.some((e) => e.status === 429)).toBe(true);
			const done = writes(log);
			// every write either throttled (429, not applied: retried) or applied once; nothing else
			expect(done.filter((e) => e.status !== 429 && e.status >= 300)).toEqual([]);
			const creates = done.filter(
				(e) => e.method === 'POST' && /^\/v1\.0\/users\/?(\?|$)/.test(e.path) && e.status === 201,
			);
			expect(creates).toHaveLength(200);
			parallelHires.forEach((hires, i) => {
				const ids = hires.map((h) => emulator.admin.getUser(h.userPrincipalName)?.id);
				expect(ids.every(Boolean)).toBe(true);
				expect(nodeItems(runs[i], 'Create users').map((u) => u.id)).toEqual(ids);
				const members = emulator.admin.listMembers(parallelGroups[i]).map((m) => m.id);
				expect(new Set(members)).toEqual(new Set(ids));
				expect(
					done.filter((e) => e.path.includes(`/groups/${parallelGroups[i]}`) && e.status === 204),
				).toHaveLength(5);
			});
		} finally {
			emulator.admin.setThrottle(false);
		}
	});
	it('runs the instant trigger through a webhook process: subscribed at activation, rounds there, executions on workers, each new user once', async () => {
		emulator.admin.clearLog();
		const [webhookProcess] = cluster.webhooks;
		const notificationUrl = `${webhookProcess.url}/webhook/${INSTANT_WEBHOOK_ID}/webhook`;
		// published from the editor's API, as a user does: main runs the activation (the subscription)
		const saved = await httpJson(
			'GET',
			`${cluster.main.url}/rest/workflows/${INSTANT_ID}`,
			undefined,
			{ cookie },
		);
		const versionId = (saved.body as { data: { versionId: string } }).data.versionId;
		const published = await httpJson(
			'POST',
			`${cluster.main.url}/rest/workflows/${INSTANT_ID}/activate`,
			{ versionId },
			{ cookie },
		);
		expect(published.status).toBe(200);
		const [subscription] = await waitFor(
			'the Graph subscription on the webhook process URL',
			async () => {
				const found = emulator.admin
					.listSubscriptions()
					.filter((entry) => entry.notificationUrl === notificationUrl);
				return found.length > 0 ? found : undefined;
			},
			60_000,
			500,
		);
		expect(subscription).toMatchObject({
			resource: '/users',
			lifecycleNotificationUrl: notificationUrl,
			hasClientState: true,
		});
		// the validation handshake (notification and lifecycle URL) was answered by the webhook process
		const validations = emulator.admin.deliveries().filter((entry) => entry.kind === 'validation');
		expect(validations).toHaveLength(2);
		for (const entry of validations)
			expect([entry.url.split('?')[0], entry.status]).toEqual([notificationUrl, 200]);

		const hires = ['queue.instant.one', 'queue.instant.two', 'queue.instant.three'].map((name) =>
			emulator.admin.createUser({ displayName: name, userPrincipalName: upn(name) }),
		);
		const emitted = async () => {
			const runs = await finishedRun(INSTANT_ID, 0, 1000);
			return {
				runs,
				ids: runs.flatMap((run) => nodeItems(run, 'Trigger').map((item) => item.id as string)),
			};
		};
		const { runs, ids } = await waitFor(
			'every new user from the instant trigger',
			async () => {
				const seen = await emitted();
				return hires.every((u) => seen.ids.includes(u.id as string)) ? seen : undefined;
			},
			120_000,
			2000,
		);
		// rounds ran where the notifications arrived (only the webhook process was notified), executions on workers
		expect(
			emulator.admin
				.deliveries()
				.filter((entry) => entry.kind === 'notification')
				.every((entry) => entry.url === notificationUrl && entry.status === 202),
		).toBe(true);
		for (const run of runs) {
			expect(run.status).toBe('success');
			expect(await workerOf(run.id)).toBeDefined();
		}
		// a notification that arrives later finds nothing new: each user exactly once
		await new Promise((resolve) => setTimeout(resolve, 5000));
		const after = await emitted();
		expect(after.ids.sort()).toEqual(hires.map((u) => u.id as string).sort());
		expect(ids.length).toBeLessThanOrEqual(after.ids.length);
		// the webhook process saved the feed's delta link and the subscription in PostgreSQL
		const [[value]] = psqlQuery(
			backends.postgres,
			`SELECT "staticData" FROM workflow_entity WHERE id = '${INSTANT_ID}'`,
		);
		expect(value).toMatch(/deltatoken/);
		expect(value).toContain(subscription.id as string);
	});
});
