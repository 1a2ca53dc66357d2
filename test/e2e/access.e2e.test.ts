/**
 * Access management in a real n8n 2.8 (CLI `n8n execute`) against the Graph emulator's demo tenant:
 * Temporary Access Pass (create with a failing item under Continue On Fail, list, delete), directory
 * roles (definitions, assign, list, remove) and stale accounts (signInActivity field and the
 * "Not Signed In Since" filter). Assertions read n8n's output and, independently, the emulator.
 */
import { DEMO_USERS, startEmulator, type RunningEmulator } from '../emulator';
import { DEMO_CREDENTIAL, demoCredential } from '../runtime/lib/fixtures';
import { nodeItems, type ExecuteResult } from '../runtime/lib/n8n';
import {
	byId,
	byUpn,
	createSandbox,
	entraNode,
	itemsNode,
	linearWorkflow,
	type NodeSpec,
	type Sandbox,
} from './harness';

const cred = DEMO_CREDENTIAL;
const USER_ADMINISTRATOR = 'fe930be7-5e62-47db-91af-98c3a49a38b1';

describe('access management in n8n (client credentials)', () => {
	let sandbox: Sandbox;
	let emulator: RunningEmulator;

	beforeAll(async () => {
		emulator = await startEmulator();
		sandbox = await createSandbox('access');
		await sandbox.importCredentials([demoCredential(emulator.url)]);
	});

	afterAll(async () => {
		await emulator?.stop();
	});

	async function run(id: string, nodes: NodeSpec[]): Promise<ExecuteResult> {
		await sandbox.importWorkflows([linearWorkflow(id, id, nodes)]);
		return await sandbox.execute(id);
	}

	function expectOk(result: ExecuteResult): void {
		if (!result.ok) {
			const error = result.run?.data.resultData.error;
			throw new Error(
				`execution failed in ${result.run?.data.resultData.lastNodeExecuted}: ${error?.message} ${error?.description ?? ''}\n${result.stderr.slice(-3000)}`,
			);
		}
	}

	it('Temporary Access Pass: create (a guest fails on its own item), list without the pass, delete', async () => {
		const result = await run('tapOps', [
			itemsNode('Users', [
				{ user: DEMO_USERS.alex.id },
				{ user: DEMO_USERS.guest.userPrincipalName },
			]),
			entraNode(
				'Create TAP',
				{
					resource: 'authenticationMethod',
					operation: 'createTemporaryAccessPass',
					user: byId('={{ $json.user }}'),
					options: { lifetimeInMinutes: 120, isUsableOnce: true },
				},
				cred,
				{ continueOnFail: true },
			),
			entraNode(
				'List TAPs',
				{
					resource: 'authenticationMethod',
					operation: 'getTemporaryAccessPasses',
					user: byId(DEMO_USERS.alex.id),
				},
				cred,
				{ executeOnce: true },
			),
			entraNode(
				'Delete TAP',
				{
					resource: 'authenticationMethod',
					operation: 'deleteTemporaryAccessPass',
					user: byId('={{ $json.userId }}'),
					tapId: '={{ $json.id }}',
				},
				cred,
			),
		]);
		expectOk(result);
		const run0 = result.run!;
		const [created] = nodeItems(run0, 'Create TAP');
		expect(created).toMatchObject({
			userId: DEMO_USERS.alex.id,
			lifetimeInMinutes: 120,
			isUsableOnce: true,
			isUsable: true,
		});
		const pass = created.temporaryAccessPass as string;
		expect(pass).toMatch(/^.{8}$/);
		// Continue On Fail: the guest's item is an error item (n8n 2.8 routes to the error output only
		// items whose json is { error } or { error, message }; ours carry description and httpCode too)
		const failed = nodeItems(run0, 'Create TAP').slice(1);
		expect(failed).toHaveLength(1);
		expect(JSON.stringify(failed[0])).toMatch(/external guest/);
		expect(JSON.stringify(failed[0])).not.toContain(pass);
		const listed = nodeItems(run0, 'List TAPs');
		expect(listed).toEqual([
			expect.objectContaining({ id: created.id, userId: DEMO_USERS.alex.id }),
		]);
		expect(listed[0]).not.toHaveProperty('temporaryAccessPass');
		expect(nodeItems(run0, 'Delete TAP')).toEqual([
			{ deleted: true, id: created.id, userId: DEMO_USERS.alex.id },
		]);
		// n8n's log (stderr) never holds the pass; the tenant holds no pass any more
		expect(result.stderr).not.toContain(pass);
		expect(emulator.admin.temporaryAccessPasses(DEMO_USERS.alex.id)).toEqual([]);
	});

	it('directory roles: find a role, assign it by UPN, list it, remove it', async () => {
		const result = await run('roleOps', [
			entraNode(
				'Find role',
				{
					resource: 'directoryRole',
					operation: 'getRoleDefinitions',
					filters: { displayName: 'User Administrator' },
				},
				cred,
			),
			entraNode(
				'Assign',
				{
					resource: 'directoryRole',
					operation: 'assignToUser',
					user: byUpn(DEMO_USERS.megan.userPrincipalName),
					role: byId('={{ $json.id }}'),
				},
				cred,
			),
			entraNode(
				'Assignments',
				{
					resource: 'directoryRole',
					operation: 'getUserAssignments',
					user: byUpn(DEMO_USERS.megan.userPrincipalName),
				},
				cred,
				{ executeOnce: true },
			),
			entraNode(
				'Remove',
				{
					resource: 'directoryRole',
					operation: 'removeFromUser',
					user: byId(DEMO_USERS.megan.id),
					role: byId('={{ $json.roleDefinitionId }}'),
				},
				cred,
			),
		]);
		expectOk(result);
		const run0 = result.run!;
		expect(nodeItems(run0, 'Find role')).toEqual([
			expect.objectContaining({ id: USER_ADMINISTRATOR, displayName: 'User Administrator' }),
		]);
		expect(nodeItems(run0, 'Assign')[0]).toMatchObject({
			status: 'assigned',
			principalId: DEMO_USERS.megan.id,
			roleDefinitionId: USER_ADMINISTRATOR,
		});
		expect(nodeItems(run0, 'Assignments')).toEqual([
			expect.objectContaining({
				roleDefinitionId: USER_ADMINISTRATOR,
				roleDisplayName: 'User Administrator',
			}),
		]);
		expect(nodeItems(run0, 'Remove')[0]).toMatchObject({
			status: 'removed',
			userId: DEMO_USERS.megan.id,
		});
		expect(emulator.admin.roleAssignments(DEMO_USERS.megan.id)).toEqual([]);
	});

	it('stale accounts: Not Signed In Since, and signInActivity as a selected field', async () => {
		const since = new Date(Date.now() - 100 * 86400_000).toISOString();
		const result = await run('staleOps', [
			entraNode(
				'Stale users',
				{
					resource: 'user',
					operation: 'getAll',
					returnAll: true,
					filters: { notSignedInSince: since, signInKind: 'any' },
				},
				cred,
			),
			entraNode(
				'Alex sign-in',
				{
					resource: 'user',
					operation: 'get',
					user: byId(DEMO_USERS.alex.id),
					output: 'selected',
					fields: ['signInActivity'],
				},
				cred,
				{ executeOnce: true },
			),
		]);
		expectOk(result);
		const run0 = result.run!;
		expect(
			nodeItems(run0, 'Stale users')
				.map((user) => user.id)
				.sort(),
		).toEqual([DEMO_USERS.nestor.id, DEMO_USERS.patti.id].sort());
		expect(nodeItems(run0, 'Alex sign-in')[0]).toMatchObject({
			id: DEMO_USERS.alex.id,
			signInActivity: { lastSignInDateTime: expect.any(String) },
		});
	});
});
