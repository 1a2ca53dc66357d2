/**
 * Compatibility: the same built package in n8n 1.123.x (the last 1.x line; 1.123.50 is the newest that
 * installs on Node 20). n8n 1.x is installed into test/runtime/n8n-1x on the first run of this suite
 * (`npm ci` from that folder's lock file, a few minutes). Set E2E_SKIP_COMPAT=1 to skip it.
 */
import { DEMO_DOMAIN, DEMO_GROUPS, DEMO_USERS, startEmulator, type RunningEmulator } from '../emulator';
import { DEMO_CREDENTIAL, demoCredential } from '../runtime/lib/fixtures';
import { ensureN8nInstalled, installedVersion, nodeItems, pinnedVersion } from '../runtime/lib/n8n';
import { byId, createSandbox, entraNode, itemsNode, linearWorkflow, type Sandbox } from './harness';

const run = process.env.E2E_SKIP_COMPAT === '1' ? describe.skip : describe;
const cred = DEMO_CREDENTIAL;

run('n8n 1.x compatibility smoke test', () => {
	let sandbox: Sandbox;
	let emulator: RunningEmulator;

	beforeAll(async () => {
		ensureN8nInstalled('n8n-1x');
		emulator = await startEmulator();
		sandbox = await createSandbox('compat-1x', 'n8n-1x');
		await sandbox.importCredentials([demoCredential(emulator.url)]);
	}, 20 * 60 * 1000);

	afterAll(async () => {
		await emulator?.stop();
	});

	it('runs the pinned 1.123.x', () => {
		expect(installedVersion('n8n-1x')).toBe(pinnedVersion('n8n-1x'));
		expect(pinnedVersion('n8n-1x')).toMatch(/^1\.123\./);
	});

	it('loads both nodes of the package', async () => {
		const types = await sandbox.nodeTypes();
		expect(types).toEqual(expect.arrayContaining(['n8n-nodes-entra-id.microsoftEntraId', 'n8n-nodes-entra-id.microsoftEntraIdTrigger']));
	});

	it('runs a workflow with the action node (token fetch, bulk create, membership, read back)', async () => {
		const suffix = Date.now().toString(36);
		const hires = [1, 2, 3].map((i) => ({ displayName: `Compat ${i}`, userPrincipalName: `compat.${i}.${suffix}@${DEMO_DOMAIN}` }));
		await sandbox.importWorkflows([
			linearWorkflow('compat1x', 'compat 1.x', [
				itemsNode('Hires', hires),
				entraNode('Create users', {
					resource: 'user',
					operation: 'create',
					displayName: '={{ $json.displayName }}',
					userPrincipalName: '={{ $json.userPrincipalName }}',
					password: 'Compat-1x-2024!',
				}, cred),
				entraNode('Add to All Company', { resource: 'user', operation: 'addToGroup', user: byId('={{ $json.id }}'), group: byId(DEMO_GROUPS.allCompany.id) }, cred),
				entraNode('Get Adele', { resource: 'user', operation: 'get', user: byId(DEMO_USERS.admin.id) }, cred, { executeOnce: true }),
			]),
		]);
		const result = await sandbox.execute('compat1x');
		if (!result.ok) throw new Error(`${result.run?.data.resultData.error?.message}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-2000)}`);
		const created = nodeItems(result.run!, 'Create users');
		expect(created.map((u) => u.userPrincipalName)).toEqual(hires.map((h) => h.userPrincipalName));
		expect(nodeItems(result.run!, 'Add to All Company').map((i) => i.status)).toEqual(['added', 'added', 'added']);
		expect(nodeItems(result.run!, 'Get Adele')[0]).toMatchObject({ displayName: 'Adele Vance' });
		const members = new Set(emulator.admin.listMembers(DEMO_GROUPS.allCompany.id).map((m) => m.id));
		for (const user of created) expect(members.has(user.id)).toBe(true);
	});
});
