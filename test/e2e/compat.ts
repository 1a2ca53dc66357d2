/**
 * The smoke run of an older n8n (2.8.4, the newest for Node 20; 1.123.50, the last 1.x line): the
 * runtime is the pinned one, both nodes load, and a bulk workflow with the action node runs (token
 * fetch, creates through $batch, memberships, a read) with its effects checked on the tenant. The
 * runtime is installed on first use (`npm ci` from its folder's lock file).
 */
import {
	DEMO_DOMAIN,
	DEMO_GROUPS,
	DEMO_USERS,
	startEmulator,
	type RunningEmulator,
} from '../emulator';
import { DEMO_CREDENTIAL, demoCredential } from '../runtime/lib/fixtures';
import {
	ensureN8nInstalled,
	installedVersion,
	nodeItems,
	nodeVersionOf,
	pinnedVersion,
	type RuntimeName,
} from '../runtime/lib/n8n';
import { byId, createSandbox, entraNode, itemsNode, linearWorkflow, type Sandbox } from './harness';

const cred = DEMO_CREDENTIAL;

/** Registers the smoke tests of `runtime` in the calling describe block. */
export function smokeTests(runtime: RuntimeName, expectedVersion: RegExp): void {
	let sandbox: Sandbox;
	let emulator: RunningEmulator;

	beforeAll(
		async () => {
			ensureN8nInstalled(runtime);
			emulator = await startEmulator();
			sandbox = await createSandbox(`compat-${runtime}`, runtime);
			await sandbox.importCredentials([demoCredential(emulator.url)]);
		},
		20 * 60 * 1000,
	);

	afterAll(async () => {
		await emulator?.stop();
	});

	it(`runs the pinned n8n ${pinnedVersion(runtime)} on Node ${nodeVersionOf(runtime)}`, () => {
		expect(installedVersion(runtime)).toBe(pinnedVersion(runtime));
		expect(pinnedVersion(runtime)).toMatch(expectedVersion);
	});

	it('loads both nodes of the package', async () => {
		const types = await sandbox.nodeTypes();
		expect(types).toEqual(
			expect.arrayContaining([
				'n8n-nodes-entra-id.microsoftEntraId',
				'n8n-nodes-entra-id.microsoftEntraIdTrigger',
			]),
		);
	});

	it('runs a workflow with the action node (token fetch, bulk create, membership, read back)', async () => {
		const suffix = Date.now().toString(36);
		const hires = [1, 2, 3].map((i) => ({
			displayName: `Compat ${i}`,
			userPrincipalName: `compat.${i}.${suffix}@${DEMO_DOMAIN}`,
		}));
		await sandbox.importWorkflows([
			linearWorkflow('compatBulk', `compat ${runtime}`, [
				itemsNode('Hires', hires),
				entraNode(
					'Create users',
					{
						resource: 'user',
						operation: 'create',
						displayName: '={{ $json.displayName }}',
						userPrincipalName: '={{ $json.userPrincipalName }}',
						password: 'Compat-Run-2024!',
					},
					cred,
				),
				entraNode(
					'Add to All Company',
					{
						resource: 'user',
						operation: 'addToGroup',
						user: byId('={{ $json.id }}'),
						group: byId(DEMO_GROUPS.allCompany.id),
					},
					cred,
				),
				entraNode(
					'Get Adele',
					{ resource: 'user', operation: 'get', user: byId(DEMO_USERS.admin.id) },
					cred,
					{ executeOnce: true },
				),
			]),
		]);
		const result = await sandbox.execute('compatBulk');
		if (!result.ok)
			throw new Error(
				`${result.run?.data.resultData.error?.message}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-2000)}`,
			);
		const created = nodeItems(result.run!, 'Create users');
		expect(created.map((u) => u.userPrincipalName)).toEqual(hires.map((h) => h.userPrincipalName));
		expect(nodeItems(result.run!, 'Add to All Company').map((i) => i.status)).toEqual([
			'added',
			'added',
			'added',
		]);
		expect(nodeItems(result.run!, 'Get Adele')[0]).toMatchObject({ displayName: 'Adele Vance' });
		const members = new Set(emulator.admin.listMembers(DEMO_GROUPS.allCompany.id).map((m) => m.id));
		for (const user of created) expect(members.has(user.id)).toBe(true);
	});
}
