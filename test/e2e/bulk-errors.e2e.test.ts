/**
 * Many items and failing items, in a real n8n 2.8 against the emulator:
 * - a bulk workflow (45 new users, then all 45 added to a group) goes out as `$batch` requests of 20 and
 *   `members@odata.bind` updates of 20, and the tenant ends up with every user and membership;
 * - with "Continue On Fail" (onError: continueRegularOutput) a failing item becomes an error item and the
 *   other items still succeed;
 * - without it the execution fails with our error message.
 */
import {
	DEMO_DOMAIN,
	DEMO_GROUPS,
	DEMO_USERS,
	startEmulator,
	type RunningEmulator,
} from '../emulator';
import { DEMO_CREDENTIAL, demoCredential } from '../runtime/lib/fixtures';
import { nodeItems } from '../runtime/lib/n8n';
import {
	byId,
	byUpn,
	createSandbox,
	entraNode,
	itemsNode,
	linearWorkflow,
	type Sandbox,
} from './harness';

const cred = DEMO_CREDENTIAL;
const suffix = Date.now().toString(36);
const MISSING_USER = '0badc0de-0000-4000-8000-000000000404';

describe('bulk and errors in n8n', () => {
	let sandbox: Sandbox;
	let emulator: RunningEmulator;

	beforeAll(async () => {
		emulator = await startEmulator();
		sandbox = await createSandbox('bulk-errors');
		await sandbox.importCredentials([demoCredential(emulator.url)]);
	});

	afterAll(async () => {
		await emulator?.stop();
	});

	const graphCalls = () => emulator.admin.requestLog().filter((entry) => entry.kind === 'graph');

	it('bulk: 45 users created through $batch (3 requests) and added to a group 20 per update, the updates batched too', async () => {
		const hires = Array.from({ length: 45 }, (_, i) => ({
			displayName: `Bulk Hire ${i + 1}`,
			userPrincipalName: `bulk.hire.${i + 1}.${suffix}@${DEMO_DOMAIN}`,
		}));
		await sandbox.importWorkflows([
			linearWorkflow('bulkCreate', 'bulk create', [
				itemsNode('Hires', hires),
				entraNode(
					'Create users',
					{
						resource: 'user',
						operation: 'create',
						displayName: '={{ $json.displayName }}',
						userPrincipalName: '={{ $json.userPrincipalName }}',
						password: 'Bulk-Hire-2024!',
					},
					cred,
				),
				entraNode(
					'Add to Marketing',
					{
						resource: 'group',
						operation: 'addMembers',
						group: byId(DEMO_GROUPS.marketing.id),
						member: byId('={{ $json.id }}'),
					},
					cred,
				),
			]),
		]);
		emulator.admin.clearLog();
		const result = await sandbox.execute('bulkCreate');
		expect(result.ok).toBe(true);
		const created = nodeItems(result.run!, 'Create users');
		expect(created.map((u) => u.userPrincipalName)).toEqual(hires.map((h) => h.userPrincipalName));
		const added = nodeItems(result.run!, 'Add to Marketing');
		expect(added).toHaveLength(45);
		expect(added.every((item) => item.status === 'added')).toBe(true);

		// 45 creates: 3 $batch calls of 20, 20, 5 sub-requests. 45 members: 3 group updates of 20, 20, 5
		// (members@odata.bind), sent together in one more $batch. 4 round trips for 90 writes.
		const top = graphCalls().filter((entry) => !entry.batch);
		const subRequests = graphCalls().filter((entry) => entry.batch);
		expect(top.map((entry) => `${entry.method} ${entry.path}`)).toEqual(
			Array(4).fill('POST /v1.0/$batch'),
		);
		expect(
			subRequests.filter(
				(entry) => entry.method === 'POST' && entry.path.startsWith('/v1.0/users'),
			),
		).toHaveLength(45);
		const groupPatches = subRequests.filter(
			(entry) =>
				entry.method === 'PATCH' &&
				entry.path.startsWith(`/v1.0/groups/${DEMO_GROUPS.marketing.id}`),
		);
		expect(groupPatches).toHaveLength(3);
		expect(subRequests).toHaveLength(48);

		// the tenant: every user exists, every one is a direct member
		for (const hire of hires) expect(emulator.admin.getUser(hire.userPrincipalName)).toBeDefined();
		const members = new Set(emulator.admin.listMembers(DEMO_GROUPS.marketing.id).map((m) => m.id));
		for (const user of created) expect(members.has(user.id)).toBe(true);
	});

	it('continue on fail: the failing item becomes an error item, the others succeed', async () => {
		await sandbox.importWorkflows([
			linearWorkflow('contOnFail', 'continue on fail', [
				itemsNode('Users', [
					{ id: DEMO_USERS.isaiah.id },
					{ id: MISSING_USER },
					{ id: DEMO_USERS.diego.id },
				]),
				entraNode(
					'Add to IT Admins',
					{
						resource: 'user',
						operation: 'addToGroup',
						user: byId('={{ $json.id }}'),
						group: byId(DEMO_GROUPS.itAdmins.id),
					},
					cred,
					{ continueOnFail: true },
				),
				entraNode(
					'Get each user',
					{ resource: 'user', operation: 'get', user: byId('={{ $("Users").item.json.id }}') },
					cred,
					{ continueOnFail: true },
				),
			]),
		]);
		const result = await sandbox.execute('contOnFail');
		expect(result.ok).toBe(true);
		const added = nodeItems(result.run!, 'Add to IT Admins');
		expect(added).toHaveLength(3);
		expect(added[0]).toMatchObject({ userId: DEMO_USERS.isaiah.id, status: 'added' });
		expect(added[2]).toMatchObject({ userId: DEMO_USERS.diego.id, status: 'added' });
		expect(added[1].error).toEqual(expect.stringMatching(/not found/i));
		const got = nodeItems(result.run!, 'Get each user');
		expect(got[0]).toMatchObject({ id: DEMO_USERS.isaiah.id });
		expect(got[1].error).toBe(`User not found: ${MISSING_USER}`);
		expect(got[2]).toMatchObject({ id: DEMO_USERS.diego.id });
		const members = emulator.admin.listMembers(DEMO_GROUPS.itAdmins.id).map((m) => m.id);
		expect(members).toEqual(expect.arrayContaining([DEMO_USERS.isaiah.id, DEMO_USERS.diego.id]));
		expect(members).not.toContain(MISSING_USER);
	});

	it('without continue on fail: the execution fails with our message', async () => {
		await sandbox.importWorkflows([
			linearWorkflow('failRead', 'fail read', [
				entraNode(
					'Get missing user',
					{ resource: 'user', operation: 'get', user: byId(MISSING_USER) },
					cred,
				),
			]),
			linearWorkflow('failWrite', 'fail write', [
				itemsNode('Duplicate', [{ upn: DEMO_USERS.alex.userPrincipalName }]),
				entraNode(
					'Create duplicate',
					{
						resource: 'user',
						operation: 'create',
						displayName: 'Alex Again',
						userPrincipalName: '={{ $json.upn }}',
						password: 'Duplicate-2024!',
					},
					cred,
				),
				entraNode(
					'Never runs',
					{ resource: 'user', operation: 'get', user: byUpn(DEMO_USERS.alex.userPrincipalName) },
					cred,
				),
			]),
		]);
		const read = await sandbox.execute('failRead');
		expect(read.code).toBe(1);
		expect(read.ok).toBe(false);
		expect(read.run!.data.resultData.lastNodeExecuted).toBe('Get missing user');
		expect(read.run!.data.resultData.error?.message).toBe(`User not found: ${MISSING_USER}`);

		const usersBefore = emulator.admin.getState().users;
		const write = await sandbox.execute('failWrite');
		expect(write.code).toBe(1);
		expect(write.run!.data.resultData.lastNodeExecuted).toBe('Create duplicate');
		expect(write.run!.data.resultData.error?.message).toMatch(/userPrincipalName already exists/);
		expect(write.run!.data.resultData.runData['Never runs']).toBeUndefined();
		expect(emulator.admin.getState().users).toBe(usersBefore);
	});
});
