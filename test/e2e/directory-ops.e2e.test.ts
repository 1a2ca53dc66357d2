/**
 * Issue 13 operations in a real n8n (CLI `n8n execute`, the harness's default runtime) against the Graph
 * emulator's demo tenant: Deleted Item (Get Many, Get, Restore, Delete Permanently), Guest (Invite,
 * Resend Invitation), User (Get Direct Reports, Get Manager Chain, Check Group Membership, Get Member
 * Group IDs). Assertions read n8n's output items and, independently, the emulator's directory.
 */
import {
	DEMO_DEVICES,
	DEMO_GROUPS,
	DEMO_USERS,
	startEmulator,
	type RunningEmulator,
} from '../emulator';
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

describe('issue 13 operations in n8n: deleted items, guests, reporting lines, membership checks', () => {
	let sandbox: Sandbox;
	let emulator: RunningEmulator;
	let token: string;

	beforeAll(async () => {
		emulator = await startEmulator();
		sandbox = await createSandbox('directory-ops');
		await sandbox.importCredentials([demoCredential(emulator.url)]);
		token = await demoAppToken(emulator.url);
	});

	afterAll(async () => {
		await emulator?.stop();
	});

	async function run(id: string, nodes: NodeSpec[]): Promise<ExecuteResult> {
		await sandbox.importWorkflows([linearWorkflow(id, id, nodes)]);
		const result = await sandbox.execute(id);
		if (!result.ok) {
			const error = result.run?.data.resultData.error;
			throw new Error(
				`execution failed in ${result.run?.data.resultData.lastNodeExecuted}: ${error?.message} ${error?.description ?? ''}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`,
			);
		}
		return result;
	}

	const graph = (path: string) => graphGet(emulator.url, path, token);

	it('deleted items: list, get, restore (in $batch), delete permanently', async () => {
		emulator.admin.deleteUser(DEMO_USERS.diego.id);
		emulator.admin.deleteUser(DEMO_USERS.patti.id);
		emulator.admin.deleteGroup(DEMO_GROUPS.marketing.id);
		const result = await run('deletedItems', [
			entraNode(
				'Deleted users',
				{ resource: 'deletedItem', operation: 'getAll', objectType: 'user', returnAll: true },
				cred,
			),
			entraNode(
				'Deleted groups',
				{ resource: 'deletedItem', operation: 'getAll', objectType: 'group', returnAll: true },
				cred,
				{ executeOnce: true },
			),
			entraNode(
				'Get Patti',
				{ resource: 'deletedItem', operation: 'get', deletedItem: byId(DEMO_USERS.patti.id) },
				cred,
				{ executeOnce: true },
			),
			itemsNode('To restore', [{ id: DEMO_USERS.diego.id }, { id: DEMO_GROUPS.marketing.id }]),
			entraNode(
				'Restore',
				{ resource: 'deletedItem', operation: 'restore', deletedItem: byId('={{ $json.id }}') },
				cred,
			),
			entraNode(
				'Purge Patti',
				{
					resource: 'deletedItem',
					operation: 'deletePermanently',
					deletedItem: byId(DEMO_USERS.patti.id),
				},
				cred,
				{ executeOnce: true },
			),
		]);
		const r = result.run!;
		expect(
			nodeItems(r, 'Deleted users')
				.map((u) => u.id)
				.sort(),
		).toEqual([DEMO_USERS.diego.id, DEMO_USERS.patti.id].sort());
		expect(nodeItems(r, 'Deleted groups').map((g) => g.id)).toEqual([DEMO_GROUPS.marketing.id]);
		expect(nodeItems(r, 'Get Patti')[0]).toMatchObject({
			id: DEMO_USERS.patti.id,
			deletedDateTime: expect.any(String),
		});
		expect(nodeItems(r, 'Restore').map((o) => [o.id, o.restored])).toEqual([
			[DEMO_USERS.diego.id, true],
			[DEMO_GROUPS.marketing.id, true],
		]);
		expect(nodeItems(r, 'Purge Patti')[0]).toEqual({
			id: DEMO_USERS.patti.id,
			deletedPermanently: true,
		});

		// the tenant, read independently of n8n
		expect((await graph(`/users/${DEMO_USERS.diego.id}?$select=id`)).id).toBe(DEMO_USERS.diego.id);
		expect((await graph(`/groups/${DEMO_GROUPS.marketing.id}?$select=id`)).id).toBe(
			DEMO_GROUPS.marketing.id,
		);
		expect((await graph('/directory/deletedItems/microsoft.graph.user?$select=id')).value).toEqual(
			[],
		);
		await expect(graph(`/users/${DEMO_USERS.patti.id}`)).rejects.toThrow(/404/);
	});

	// "Continue (using regular output)": the failing item carries the clear message. (n8n 2.8 moves an item
	// to the error output only when its json is `{ error }` alone or `{ error, message }`; the node's
	// error items also carry description and httpCode, see the report of issue 13.)
	it('a restore conflict becomes an error item with a clear message; the other item is restored', async () => {
		emulator.admin.deleteUser(DEMO_USERS.lee.id);
		emulator.admin.deleteUser(DEMO_USERS.isaiah.id);
		emulator.admin.createUser({
			userPrincipalName: DEMO_USERS.lee.userPrincipalName,
			displayName: 'Other Lee',
			mailNickname: 'otherlee',
			accountEnabled: true,
		});
		const result = await run('restoreConflict', [
			itemsNode('To restore', [{ id: DEMO_USERS.lee.id }, { id: DEMO_USERS.isaiah.id }]),
			entraNode(
				'Restore',
				{ resource: 'deletedItem', operation: 'restore', deletedItem: byId('={{ $json.id }}') },
				cred,
				{ onError: 'continueRegularOutput' },
			),
		]);
		const out = nodeItems(result.run!, 'Restore');
		expect(out[0].error).toMatch(
			/^Cannot restore user "Lee Gu": its user principal name .* now belongs to another user \("Other Lee"/,
		);
		expect(out[1]).toMatchObject({ id: DEMO_USERS.isaiah.id, restored: true });
		expect((await graph(`/directory/deletedItems/${DEMO_USERS.lee.id}?$select=id`)).id).toBe(
			DEMO_USERS.lee.id,
		);
		expect((await graph(`/users/${DEMO_USERS.isaiah.id}?$select=id`)).id).toBe(
			DEMO_USERS.isaiah.id,
		);
	});

	it('guests: invite (redeem URL, guest user created), resend', async () => {
		const result = await run('guests', [
			itemsNode('People', [{ email: 'ada@fabrikam.com' }, { email: 'grace@fabrikam.com' }]),
			entraNode(
				'Invite',
				{
					resource: 'guest',
					operation: 'invite',
					email: '={{ $json.email }}',
					inviteRedirectUrl: 'https://myapplications.microsoft.com',
					sendInvitationMessage: false,
				},
				cred,
			),
			entraNode(
				'Resend',
				{
					resource: 'guest',
					operation: 'resendInvitation',
					user: byId('={{ $json.invitedUserId }}'),
					inviteRedirectUrl: 'https://myapplications.microsoft.com',
				},
				cred,
			),
		]);
		const r = result.run!;
		const invited = nodeItems(r, 'Invite');
		expect(invited.map((i) => i.invitedUserEmailAddress)).toEqual([
			'ada@fabrikam.com',
			'grace@fabrikam.com',
		]);
		for (const item of invited)
			expect(item.inviteRedeemUrl).toMatch(/^https:\/\/login\.microsoftonline\.com\/redeem/);
		expect(nodeItems(r, 'Resend').map((i) => i.invitedUserId)).toEqual(
			invited.map((i) => i.invitedUserId),
		);
		const stored = await graph(
			`/users/${invited[0].invitedUserId}?$select=userType,mail,externalUserState`,
		);
		expect(stored).toMatchObject({
			userType: 'Guest',
			mail: 'ada@fabrikam.com',
			externalUserState: 'PendingAcceptance',
		});
		expect(emulator.admin.sentInvitations().map((m) => m.to)).toEqual([
			'ada@fabrikam.com',
			'grace@fabrikam.com',
		]);
	});

	it('reporting lines and membership checks feed an IF node', async () => {
		const result = await run('reporting', [
			entraNode(
				'Reports of Megan',
				{ resource: 'user', operation: 'getDirectReports', user: byId(DEMO_USERS.megan.id) },
				cred,
			),
			entraNode(
				'Chain of Alex',
				{ resource: 'user', operation: 'getManagerChain', user: byId(DEMO_USERS.alex.id) },
				cred,
				{ executeOnce: true },
			),
			entraNode(
				'Check',
				{
					resource: 'user',
					operation: 'checkGroupMembership',
					user: byId(DEMO_USERS.johanna.id),
					groupIds: `${DEMO_GROUPS.engineering.id},${DEMO_GROUPS.marketing.id}`,
				},
				cred,
				{ executeOnce: true },
			),
			{
				name: 'In Engineering?',
				type: 'n8n-nodes-base.if',
				typeVersion: 2,
				parameters: {
					conditions: {
						options: { caseSensitive: true, leftValue: '', typeValidation: 'strict' },
						conditions: [
							{
								id: 'c1',
								leftValue: `={{ $json.isMember["${DEMO_GROUPS.engineering.id}"] }}`,
								rightValue: '',
								operator: { type: 'boolean', operation: 'true', singleValue: true },
							},
						],
						combinator: 'and',
					},
				},
			},
			entraNode(
				'Device groups',
				{
					resource: 'user',
					operation: 'getMemberGroupIds',
					objectType: 'device',
					device: byId(DEMO_DEVICES.adminLaptop.id),
				},
				cred,
				{ executeOnce: true },
			),
		]);
		const r = result.run!;
		expect(nodeItems(r, 'Reports of Megan').map((u) => u.id)).toEqual([DEMO_USERS.alex.id]);
		expect(nodeItems(r, 'Chain of Alex')[0]).toMatchObject({
			managerCount: 2,
			topManager: expect.objectContaining({ id: DEMO_USERS.admin.id }),
		});
		expect(nodeItems(r, 'Check')[0]).toMatchObject({ isMemberOfAny: true, isMemberOfAll: false });
		expect(nodeItems(r, 'In Engineering?')).toHaveLength(1);
		expect(nodeItems(r, 'Device groups')[0].groupIds).toEqual([DEMO_GROUPS.itAdmins.id]);
	});
});
