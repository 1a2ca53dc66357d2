/**
 * The polling trigger in a running n8n (`n8n start` with published workflows), polling the emulator
 * once a minute: n8n 2.41 refuses anything shorter ("The polling interval is too short. It has to be
 * at least a minute.": a seconds field other than one number), so the tests live with n8n's own
 * rhythm. n8n polls once when it activates a workflow (at start), which records the state; directory
 * changes are made out of band through the emulator's admin API (as an admin portal would) and come
 * out at the next minute's poll; the assertions read n8n's executions through its REST API. Then n8n
 * is stopped, more changes are made while it is down, and the activation poll of the restarted n8n
 * delivers every one of them once from the stored delta link: no event lost, none repeated.
 */
import {
	DEMO_DOMAIN,
	DEMO_GROUPS,
	DEMO_USERS,
	startEmulator,
	type RunningEmulator,
} from '../emulator';
import { DEMO_CREDENTIAL, demoCredential } from '../runtime/lib/fixtures';
import { getExecution, listExecutions, setupOwner, type N8nServer } from '../runtime/lib/n8n';
import {
	ENTRA_TRIGGER_TYPE,
	createSandbox,
	linearWorkflow,
	waitFor,
	waitForStaticData,
	type Sandbox,
} from './harness';

/** n8n's "Every Minute" (a random second of each minute): the shortest poll interval n8n 2.41 accepts. */
const EVERY_MINUTE = { item: [{ mode: 'everyMinute' }] };
const TRIGGER_IDS = ['trigUsers', 'trigDeleted', 'trigMembers', 'trigGroupDeleted'];
/** Long enough for the next minute's poll of every workflow on a busy 2-core machine. */
const NEXT_POLL_MS = 150_000;

function triggerWorkflow(id: string, event: string): object {
	return linearWorkflow(
		id,
		`trigger ${event}`,
		[
			{
				name: 'Trigger',
				type: ENTRA_TRIGGER_TYPE,
				typeVersion: 1,
				parameters: { pollTimes: EVERY_MINUTE, event, options: {} },
				credentials: { microsoftEntraIdOAuth2Api: DEMO_CREDENTIAL },
			},
			{ name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
		],
		false,
	);
}

const suffix = Date.now().toString(36);
const memberChange = (item: Record<string, any>) =>
	`${item.changeType} ${item.groupId} ${item.memberId}`;
const upn = (name: string) => `${name}.${suffix}@${DEMO_DOMAIN}`;

describe('trigger in a running n8n', () => {
	let sandbox: Sandbox;
	let emulator: RunningEmulator;
	let server: N8nServer | undefined;
	let cookie: string;
	let doomedGroup: string;

	beforeAll(async () => {
		emulator = await startEmulator();
		// a Microsoft 365 group without members, deleted later (soft: it goes to deleted items)
		doomedGroup = emulator.admin.createGroup({
			displayName: 'Trigger Doomed',
			groupTypes: ['Unified'],
		}).id as string;
		sandbox = await createSandbox('trigger');
		await sandbox.importCredentials([demoCredential(emulator.url)]);
		await sandbox.importWorkflows([
			triggerWorkflow('trigUsers', 'userCreated'),
			triggerWorkflow('trigDeleted', 'userDeleted'),
			triggerWorkflow('trigMembers', 'groupMembershipChanged'),
			triggerWorkflow('trigGroupDeleted', 'groupDeleted'),
		]);
		for (const id of TRIGGER_IDS) await sandbox.activate(id);
	});

	afterAll(async () => {
		await server?.stop();
		await emulator?.stop();
	});

	/** Every item the trigger emitted in the workflow's successful executions, oldest first. */
	async function emitted(workflowId: string): Promise<Array<Record<string, any>>> {
		const executions = (await listExecutions(server!.url, cookie, workflowId)).filter(
			(e) => e.mode === 'trigger',
		);
		const items: Array<Record<string, any>> = [];
		for (const summary of executions.sort((a, b) => Number(a.id) - Number(b.id))) {
			expect(summary.status).toBe('success');
			const execution = await getExecution(server!.url, cookie, summary.id);
			const main = execution.data.resultData.runData.Trigger?.[0]?.data?.main?.[0] ?? [];
			items.push(...main.map((item) => item.json));
		}
		return items;
	}

	const deltaRequests = () =>
		emulator.admin.requestLog().filter((e) => e.kind === 'graph' && e.path.includes('/delta'));

	/** Waits until each of the three workflows polled once more (three more delta requests, seen on the emulator). */
	async function idlePolls(): Promise<void> {
		const before = deltaRequests().length;
		await waitFor(
			'one more poll of each workflow',
			async () => deltaRequests().length - before >= 3,
			NEXT_POLL_MS,
			2000,
		);
	}

	async function waitForItems(
		workflowId: string,
		count: number,
		timeoutMs = NEXT_POLL_MS,
	): Promise<Array<Record<string, any>>> {
		return await waitFor(
			`${count} item(s) from ${workflowId}`,
			async () => {
				const items = await emitted(workflowId);
				return items.length >= count ? items : undefined;
			},
			timeoutMs,
			2000,
		);
	}

	it('emits users created and deleted and membership changes made through the admin API, once each', async () => {
		server = await sandbox.start();
		cookie = (await setupOwner(server.url))!;
		// each activation poll recorded the tenant: its delta link is in the workflow's static data
		for (const id of TRIGGER_IDS) await waitForStaticData(server.url, cookie, id, /deltatoken/i);
		// activation records the current state: nothing is emitted for the seeded tenant
		expect(await emitted('trigUsers')).toEqual([]);

		emulator.admin.createUser({
			displayName: 'Trigger One',
			userPrincipalName: upn('trigger.one'),
		});
		emulator.admin.createUser({
			displayName: 'Trigger Two',
			userPrincipalName: upn('trigger.two'),
		});
		emulator.admin.deleteUser(DEMO_USERS.nestor.id);
		emulator.admin.addMember(DEMO_GROUPS.engineering.id, DEMO_USERS.diego.id);
		emulator.admin.deleteGroup(doomedGroup);

		const created = await waitForItems('trigUsers', 2);
		expect(created.map((item) => item.userPrincipalName).sort()).toEqual(
			[upn('trigger.one'), upn('trigger.two')].sort(),
		);
		expect(created.every((item) => item.changeType === 'created' && item.resource === 'user')).toBe(
			true,
		);
		const deleted = await waitForItems('trigDeleted', 1);
		expect(deleted).toHaveLength(1);
		expect(deleted[0]).toMatchObject({ id: DEMO_USERS.nestor.id, changeType: 'deleted' });
		// Diego added to Engineering; deleting Nestor took him out of All Company, as Graph does
		const membership = await waitForItems('trigMembers', 2);
		expect(membership.map(memberChange).sort()).toEqual(
			[
				`memberAdded ${DEMO_GROUPS.engineering.id} ${DEMO_USERS.diego.id}`,
				`memberRemoved ${DEMO_GROUPS.allCompany.id} ${DEMO_USERS.nestor.id}`,
			].sort(),
		);

		expect(await waitForItems('trigGroupDeleted', 1)).toEqual([
			{ changeType: 'deleted', resource: 'group', id: doomedGroup, deleteKind: 'soft' },
		]);

		// further polls with no change emit nothing more
		await idlePolls();
		expect(await emitted('trigGroupDeleted')).toHaveLength(1);
		expect(await emitted('trigUsers')).toHaveLength(2);
		expect(await emitted('trigDeleted')).toHaveLength(1);
		expect(await emitted('trigMembers')).toHaveLength(2);
	});

	it('loses no event across an n8n restart: changes made while n8n is down come out once after it restarts', async () => {
		await server!.stop();
		server = undefined;
		const offline = ['offline.one', 'offline.two', 'offline.three'].map((name) =>
			emulator.admin.createUser({ displayName: `Offline ${name}`, userPrincipalName: upn(name) }),
		);
		emulator.admin.deleteUser(DEMO_USERS.isaiah.id);
		emulator.admin.removeMember(DEMO_GROUPS.engineering.id, DEMO_USERS.diego.id);

		const deltaBefore = deltaRequests().length;
		server = await sandbox.start();
		cookie = (await setupOwner(server.url))!;
		// the restarted n8n reads on from the delta links stored before the stop: no new initial round
		// (a delta request with neither a token nor a single-object $filter)
		await waitFor(
			'the activation polls',
			async () => deltaRequests().length - deltaBefore >= 3,
			NEXT_POLL_MS,
			1000,
		);
		const initialRounds = deltaRequests()
			.slice(deltaBefore)
			.filter(
				(entry) =>
					!/(\$|%24)(delta|skip)token=/.test(entry.path) && !/(\$|%24)filter=/.test(entry.path),
			);
		expect(initialRounds).toEqual([]);

		const created = await waitForItems('trigUsers', 5);
		const upns = created.map((item) => item.userPrincipalName);
		expect(upns.sort()).toEqual(
			[
				upn('trigger.one'),
				upn('trigger.two'),
				upn('offline.one'),
				upn('offline.two'),
				upn('offline.three'),
			].sort(),
		);
		expect(new Set(created.map((item) => item.id)).size).toBe(5);
		expect(
			offline.map((user) => user.id).every((id) => created.some((item) => item.id === id)),
		).toBe(true);

		const deleted = await waitForItems('trigDeleted', 2);
		expect(deleted.map((item) => item.id)).toEqual([DEMO_USERS.nestor.id, DEMO_USERS.isaiah.id]);
		// Diego out of Engineering; Isaiah (deleted) out of All Company and of the dynamic Sales group
		const membership = await waitForItems('trigMembers', 5);
		expect(membership.slice(2).map(memberChange).sort()).toEqual(
			[
				`memberRemoved ${DEMO_GROUPS.engineering.id} ${DEMO_USERS.diego.id}`,
				`memberRemoved ${DEMO_GROUPS.allCompany.id} ${DEMO_USERS.isaiah.id}`,
				`memberRemoved ${DEMO_GROUPS.salesDynamic.id} ${DEMO_USERS.isaiah.id}`,
			].sort(),
		);

		// and nothing is delivered twice on the following polls
		await idlePolls();
		expect(await emitted('trigUsers')).toHaveLength(5);
		expect(await emitted('trigDeleted')).toHaveLength(2);
		expect(await emitted('trigMembers')).toHaveLength(5);
	});
});
