/**
 * The action node in a real n8n 2.8 (CLI `n8n execute`), against the Graph emulator's demo tenant,
 * through the "Microsoft Entra ID (demo tenant)" credential (client credentials). Every resource and
 * operation runs; assertions read n8n's output items and, independently, the emulator's directory.
 */
import {
	DEMO_APPLICATIONS,
	DEMO_DOMAIN,
	DEMO_GROUPS,
	DEMO_USERS,
	READONLY_APP,
	SKUS,
	startEmulator,
	type RunningEmulator,
} from '../emulator';
import { appToken } from '../emulator/helpers';
import { DEMO_CREDENTIAL, demoAppToken, demoCredential, graphGet } from '../runtime/lib/fixtures';
import { nodeItems, type ExecuteResult } from '../runtime/lib/n8n';
import {
	byId,
	createSandbox,
	entraNode,
	itemsNode,
	linearWorkflow,
	type NodeSpec,
	type Sandbox,
} from './harness';

const cred = DEMO_CREDENTIAL;
const suffix = Date.now().toString(36);
const upn = (name: string) => `${name}.${suffix}@${DEMO_DOMAIN}`;

describe('action node in n8n (client credentials)', () => {
	let sandbox: Sandbox;
	let emulator: RunningEmulator;
	let token: string;

	beforeAll(async () => {
		emulator = await startEmulator();
		sandbox = await createSandbox('action');
		await sandbox.importCredentials([demoCredential(emulator.url)]);
		token = await demoAppToken(emulator.url);
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
				`execution failed in ${result.run?.data.resultData.lastNodeExecuted}: ${error?.message} ${error?.description ?? ''}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`,
			);
		}
	}

	const graph = (path: string) => graphGet(emulator.url, path, token);

	it('user: create, get, update, get many, manager, groups, disable/enable, revoke sessions, delete', async () => {
		const created = '={{ $("Create user").first().json.id }}';
		const result = await run('userOps', [
			entraNode(
				'Create user',
				{
					resource: 'user',
					operation: 'create',
					displayName: 'E2E Grace Hopper',
					userPrincipalName: upn('grace'),
					password: 'Cobol-1959-Navy!',
					additionalFields: { department: 'Engineering', usageLocation: 'US' },
				},
				cred,
			),
			entraNode('Get user', { resource: 'user', operation: 'get', user: byId(created) }, cred, {
				executeOnce: true,
			}),
			entraNode(
				'Update user',
				{
					resource: 'user',
					operation: 'update',
					user: byId(created),
					updateFields: { jobTitle: 'Rear Admiral' },
				},
				cred,
				{ executeOnce: true },
			),
			entraNode(
				'Get many',
				{
					resource: 'user',
					operation: 'getAll',
					returnAll: true,
					filters: { displayNameStartsWith: 'E2E Grace' },
				},
				cred,
				{ executeOnce: true },
			),
			entraNode(
				'Set manager',
				{
					resource: 'user',
					operation: 'setManager',
					user: byId(created),
					manager: byId(DEMO_USERS.lee.id),
				},
				cred,
				{ executeOnce: true },
			),
			entraNode(
				'Get manager',
				{ resource: 'user', operation: 'getManager', user: byId(created) },
				cred,
				{ executeOnce: true },
			),
			entraNode(
				'Add to group',
				{
					resource: 'user',
					operation: 'addToGroup',
					user: byId(created),
					group: byId(DEMO_GROUPS.engineering.id),
				},
				cred,
				{ executeOnce: true },
			),
			entraNode(
				'Get groups',
				{ resource: 'user', operation: 'getGroups', user: byId(created) },
				cred,
				{ executeOnce: true },
			),
			entraNode('Disable', { resource: 'user', operation: 'disable', user: byId(created) }, cred, {
				executeOnce: true,
			}),
		]);
		expectOk(result);
		const run0 = result.run!;
		const [user] = nodeItems(run0, 'Create user');
		expect(user).toMatchObject({
			displayName: 'E2E Grace Hopper',
			userPrincipalName: upn('grace'),
		});
		expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
		expect(nodeItems(run0, 'Get user')[0]).toMatchObject({
			id: user.id,
			userPrincipalName: upn('grace'),
		});
		expect(nodeItems(run0, 'Get many').map((u) => u.id)).toEqual([user.id]);
		expect(nodeItems(run0, 'Get manager')[0]).toMatchObject({ id: DEMO_USERS.lee.id });
		expect(nodeItems(run0, 'Add to group')[0]).toMatchObject({ status: 'added' });
		expect(nodeItems(run0, 'Get groups').map((g) => g.id)).toContain(DEMO_GROUPS.engineering.id);

		// the tenant, read independently of n8n
		const stored = await graph(
			`/users/${user.id}?$select=id,jobTitle,department,accountEnabled,usageLocation`,
		);
		expect(stored).toMatchObject({
			jobTitle: 'Rear Admiral',
			department: 'Engineering',
			accountEnabled: false,
			usageLocation: 'US',
		});
		expect((await graph(`/users/${user.id}/manager`)).id).toBe(DEMO_USERS.lee.id);
		const members = await graph(`/groups/${DEMO_GROUPS.engineering.id}/members?$select=id`);
		expect(members.value.map((m: { id: string }) => m.id)).toContain(user.id);

		const second = await run('userOps2', [
			itemsNode('User', [{ id: user.id }]),
			entraNode(
				'Enable',
				{ resource: 'user', operation: 'enable', user: byId('={{ $json.id }}') },
				cred,
			),
			entraNode(
				'Remove manager',
				{
					resource: 'user',
					operation: 'removeManager',
					user: byId('={{ $("User").first().json.id }}'),
				},
				cred,
				{ executeOnce: true },
			),
			entraNode(
				'Remove from group',
				{
					resource: 'user',
					operation: 'removeFromGroup',
					user: byId('={{ $("User").first().json.id }}'),
					group: byId(DEMO_GROUPS.engineering.id),
				},
				cred,
				{ executeOnce: true },
			),
			entraNode(
				'Revoke sessions',
				{
					resource: 'user',
					operation: 'revokeSignInSessions',
					user: byId('={{ $("User").first().json.id }}'),
				},
				cred,
				{ executeOnce: true },
			),
			entraNode(
				'Delete',
				{ resource: 'user', operation: 'delete', user: byId('={{ $("User").first().json.id }}') },
				cred,
				{ executeOnce: true },
			),
		]);
		expectOk(second);
		expect(nodeItems(second.run!, 'Remove from group')[0]).toMatchObject({ status: 'removed' });
		await expect(graph(`/users/${user.id}`)).rejects.toThrow(/404/);
		const deleted = await graph(
			`/directory/deletedItems/microsoft.graph.user?$select=id,accountEnabled`,
		);
		expect(deleted.value.map((u: { id: string }) => u.id)).toContain(user.id);
		const after = await graph(`/groups/${DEMO_GROUPS.engineering.id}/members?$select=id`);
		expect(after.value.map((m: { id: string }) => m.id)).not.toContain(user.id);
	});

	it('group: create, get, update, get many, members, transitive members, owners, remove, delete', async () => {
		const created = '={{ $("Create group").first().json.id }}';
		const result = await run('groupOps', [
			entraNode(
				'Create group',
				{
					resource: 'group',
					operation: 'create',
					groupType: 'security',
					displayName: `E2E Group ${suffix}`,
					mailNickname: `e2egroup${suffix}`,
					membershipType: 'assigned',
					additionalFields: { description: 'made by the e2e suite' },
				},
				cred,
			),
			entraNode('Get group', { resource: 'group', operation: 'get', group: byId(created) }, cred, {
				executeOnce: true,
			}),
			entraNode(
				'Update group',
				{
					resource: 'group',
					operation: 'update',
					group: byId(created),
					updateFields: { description: 'updated by the e2e suite' },
				},
				cred,
				{ executeOnce: true },
			),
			itemsNode('Members to add', [
				{ id: DEMO_USERS.alex.id },
				{ id: DEMO_USERS.megan.id },
				{ id: DEMO_GROUPS.platform.id },
			]),
			entraNode(
				'Add members',
				{
					resource: 'group',
					operation: 'addMembers',
					group: byId(created),
					member: byId('={{ $json.id }}'),
				},
				cred,
			),
			entraNode(
				'Get members',
				{ resource: 'group', operation: 'getMembers', group: byId(created), returnAll: true },
				cred,
				{ executeOnce: true },
			),
			entraNode(
				'Get transitive members',
				{
					resource: 'group',
					operation: 'getTransitiveMembers',
					group: byId(created),
					returnAll: true,
				},
				cred,
				{ executeOnce: true },
			),
			entraNode(
				'Add owner',
				{
					resource: 'group',
					operation: 'addOwner',
					group: byId(created),
					owner: byId(DEMO_USERS.diego.id),
				},
				cred,
				{ executeOnce: true },
			),
			entraNode(
				'Get owners',
				{ resource: 'group', operation: 'getOwners', group: byId(created), returnAll: true },
				cred,
				{ executeOnce: true },
			),
			entraNode(
				'Get many',
				{
					resource: 'group',
					operation: 'getAll',
					returnAll: true,
					filters: { search: `E2E Group ${suffix}` },
				},
				cred,
				{ executeOnce: true },
			),
		]);
		expectOk(result);
		const r = result.run!;
		const [group] = nodeItems(r, 'Create group');
		expect(group).toMatchObject({ displayName: `E2E Group ${suffix}`, securityEnabled: true });
		expect(nodeItems(r, 'Get group')[0]).toMatchObject({ id: group.id });
		expect(nodeItems(r, 'Add members').map((i) => i.status)).toEqual(['added', 'added', 'added']);
		expect(
			nodeItems(r, 'Get members')
				.map((m) => m.id)
				.sort(),
		).toEqual([DEMO_USERS.alex.id, DEMO_USERS.megan.id, DEMO_GROUPS.platform.id].sort());
		// Platform Team's member Johanna comes in transitively
		expect(nodeItems(r, 'Get transitive members').map((m) => m.id)).toEqual(
			expect.arrayContaining([DEMO_USERS.johanna.id, DEMO_USERS.alex.id]),
		);
		expect(nodeItems(r, 'Get owners').map((o) => o.id)).toEqual([DEMO_USERS.diego.id]);
		expect(nodeItems(r, 'Get many').map((g) => g.id)).toContain(group.id);

		const stored = await graph(`/groups/${group.id}?$select=id,description`);
		expect(stored.description).toBe('updated by the e2e suite');

		const second = await run('groupOps2', [
			itemsNode('Group', [{ id: group.id }]),
			entraNode(
				'Remove member',
				{
					resource: 'group',
					operation: 'removeMember',
					group: byId('={{ $json.id }}'),
					member: byId(DEMO_USERS.alex.id),
				},
				cred,
			),
			entraNode(
				'Remove owner',
				{
					resource: 'group',
					operation: 'removeOwner',
					group: byId('={{ $("Group").first().json.id }}'),
					owner: byId(DEMO_USERS.diego.id),
				},
				cred,
				{ executeOnce: true },
			),
		]);
		expectOk(second);
		const members = await graph(`/groups/${group.id}/members?$select=id`);
		expect(members.value.map((m: { id: string }) => m.id)).not.toContain(DEMO_USERS.alex.id);
		expect((await graph(`/groups/${group.id}/owners?$select=id`)).value).toEqual([]);

		const third = await run('groupOps3', [
			itemsNode('Group', [{ id: group.id }]),
			entraNode(
				'Delete group',
				{ resource: 'group', operation: 'delete', group: byId('={{ $json.id }}') },
				cred,
			),
		]);
		expectOk(third);
		await expect(graph(`/groups/${group.id}`)).rejects.toThrow(/404/);
	});

	it('license: available licences, assign with usage location, user licences, remove', async () => {
		// Lee Gu has no usage location: the option sets one before assigning
		const result = await run('licenseOps', [
			entraNode('Available', { resource: 'license', operation: 'getAvailable' }, cred),
			entraNode(
				'Assign E3',
				{
					resource: 'license',
					operation: 'addOrRemove',
					user: byId(DEMO_USERS.lee.id),
					skuIds: [SKUS.E3],
					options: { usageLocation: 'US' },
				},
				cred,
				{ executeOnce: true },
			),
			entraNode(
				'User licences',
				{ resource: 'license', operation: 'getUserLicenses', user: byId(DEMO_USERS.lee.id) },
				cred,
				{ executeOnce: true },
			),
		]);
		expectOk(result);
		const r = result.run!;
		expect(nodeItems(r, 'Available').map((s) => s.skuId)).toEqual(
			expect.arrayContaining([SKUS.E3, SKUS.E5]),
		);
		expect(nodeItems(r, 'User licences').map((l) => l.skuId)).toContain(SKUS.E3);
		const lee = await graph(`/users/${DEMO_USERS.lee.id}?$select=usageLocation,assignedLicenses`);
		expect(lee.usageLocation).toBe('US');
		expect(lee.assignedLicenses.map((l: { skuId: string }) => l.skuId)).toContain(SKUS.E3);

		const removal = await run('licenseOps2', [
			entraNode(
				'Remove E3',
				{
					resource: 'license',
					operation: 'addOrRemove',
					user: byId(DEMO_USERS.lee.id),
					removeSkuIds: [SKUS.E3],
				},
				cred,
			),
		]);
		expectOk(removal);
		const after = await graph(`/users/${DEMO_USERS.lee.id}?$select=assignedLicenses`);
		expect(after.assignedLicenses).toEqual([]);
	});

	it('application: a workflow reports expiring secrets and rotates one (add new, remove old), visible in the emulator', async () => {
		const readonly = DEMO_APPLICATIONS[READONLY_APP.clientId];
		const result = await run('applicationOps', [
			entraNode(
				'Expiring',
				{
					resource: 'application',
					operation: 'getExpiringCredentials',
					withinDays: 30,
					credentialType: 'secret',
				},
				cred,
			),
			entraNode(
				'Add secret',
				{
					resource: 'application',
					operation: 'addSecret',
					application: { __rl: true, mode: 'appId', value: '={{ $json.appId }}' },
					label: 'rotated by n8n',
					validForDays: 180,
				},
				cred,
			),
			entraNode(
				'Remove old',
				{
					resource: 'application',
					operation: 'removeSecret',
					application: { __rl: true, mode: 'appId', value: '={{ $json.appId }}' },
					keyId: '={{ $("Expiring").item.json.keyId }}',
				},
				cred,
			),
		]);
		expectOk(result);
		const r = result.run!;
		expect(nodeItems(r, 'Expiring')).toEqual([
			expect.objectContaining({
				appId: READONLY_APP.clientId,
				keyId: readonly.secretKeyId,
				type: 'secret',
			}),
		]);
		const added = nodeItems(r, 'Add secret')[0];
		expect(added).toMatchObject({
			appId: READONLY_APP.clientId,
			displayName: 'rotated by n8n',
			secretText: expect.any(String),
		});
		expect(nodeItems(r, 'Remove old')[0]).toMatchObject({
			keyId: readonly.secretKeyId,
			status: 'removed',
		});
		// The emulator's state: the new secret only; it signs in, the old one no longer does.
		const app = await graph(`/applications/${readonly.objectId}?$select=passwordCredentials`);
		expect(app.passwordCredentials.map((secret: { keyId: string }) => secret.keyId)).toEqual([
			added.keyId,
		]);
		await expect(
			appToken(emulator.url, READONLY_APP.clientId, String(added.secretText)),
		).resolves.toEqual(expect.any(String));
		await expect(
			appToken(emulator.url, READONLY_APP.clientId, READONLY_APP.clientSecret),
		).rejects.toThrow();
	});
});
