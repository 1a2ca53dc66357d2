/**
 * The bench scenarios (issue 7): workflows for this package's node and n8n's built-in Microsoft Entra
 * node, what each run starts from (prepared on a freshly reset emulator) and how its effect is checked
 * on the tenant afterwards.
 */
import type { EmulatorAdmin } from '../emulator';
import { DEMO_DOMAIN } from '../emulator';
import type { NodeSpec } from '../e2e/harness';
import { byId, itemsNode, linearWorkflow } from '../e2e/harness';
import { BUILTIN_CREDENTIAL, OURS_CREDENTIAL } from './support';

export const OURS_TYPE = 'n8n-nodes-entra-id.microsoftEntraId';
export const OURS_TRIGGER_TYPE = 'n8n-nodes-entra-id.microsoftEntraIdTrigger';
export const BUILTIN_TYPE = 'n8n-nodes-base.microsoftEntra';

/** The empty security group that the bulk-add scenario fills (created after every reset). */
export const BENCH_GROUP_ID = 'be7c4000-0000-4000-8000-000000000001';

export type NodeKind = 'ours' | 'builtin';

export interface ActionCase {
	/** Scenario key (`--scenario`). */
	scenario: string;
	/** Row label of the node ("ours", "built-in", or a variant). */
	variant: string;
	kind: NodeKind;
	workflowId: string;
	nodeName: string;
	workflow: object;
	/** Minimum Graph requests the scenario needs (the API's own limits). */
	floor: number;
	floorNote: string;
	/** Items that must succeed. */
	expected: number;
	throttle?: boolean;
	/** Runs after the emulator reset, before the run. */
	prepare(admin: EmulatorAdmin): void;
	/** How many of the expected effects are in the tenant after the run (undefined: count n8n's items). */
	verify?(admin: EmulatorAdmin): number;
}

export interface ScenarioDef {
	key: string;
	title: string;
	cases: ActionCase[];
	/** Runs of this scenario per node (the throttled one is long: the write quota window is 150 s). */
	runs?: number;
}

const CONTINUE = { onError: 'continueRegularOutput' as const };

function oursNode(name: string, parameters: Record<string, unknown>): NodeSpec {
	return {
		name,
		type: OURS_TYPE,
		typeVersion: 1,
		parameters,
		credentials: { microsoftEntraIdOAuth2Api: OURS_CREDENTIAL },
		...CONTINUE,
	};
}

function builtinNode(name: string, parameters: Record<string, unknown>): NodeSpec {
	return {
		name,
		type: BUILTIN_TYPE,
		typeVersion: 1,
		parameters,
		credentials: { microsoftEntraOAuth2Api: BUILTIN_CREDENTIAL },
		...CONTINUE,
	};
}

function withItems(
	id: string,
	items: Array<Record<string, unknown>> | undefined,
	node: NodeSpec,
): object {
	return linearWorkflow(id, `bench ${id}`, items ? [itemsNode('Items', items), node] : [node]);
}

function actionCase(
	base: Omit<ActionCase, 'workflow' | 'workflowId' | 'nodeName' | 'variant' | 'kind'>,
	kind: NodeKind,
	variant: string,
	id: string,
	items: Array<Record<string, unknown>> | undefined,
	parameters: Record<string, unknown>,
): ActionCase {
	const nodeName = kind === 'ours' ? 'Entra ID (this package)' : 'Entra ID (built-in)';
	const node = kind === 'ours' ? oursNode(nodeName, parameters) : builtinNode(nodeName, parameters);
	return { ...base, kind, variant, workflowId: id, nodeName, workflow: withItems(id, items, node) };
}

const noPrepare = () => undefined;

/** The fields both nodes return in the listing scenario ("Selected Fields" in both). */
const LIST_FIELDS = ['createdDateTime', 'displayName', 'userPrincipalName', 'mail', 'mailNickname'];

export interface TenantIds {
	/** Generated users (not the demo ones), in directory order; stable across resets (seeded). */
	users: string[];
	/** Every user in the tenant (demo + generated). */
	totalUsers: number;
}

export function benchGroup(admin: EmulatorAdmin): void {
	admin.createGroup({
		id: BENCH_GROUP_ID,
		displayName: 'Bench target group',
		mailNickname: 'benchtarget',
		mailEnabled: false,
		securityEnabled: true,
		groupTypes: [],
	});
}

function membersOfBenchGroup(admin: EmulatorAdmin): number {
	return admin.listMembers(BENCH_GROUP_ID).length;
}

function updatedCount(
	admin: EmulatorAdmin,
	items: Array<{ id: string; jobTitle: string }>,
): number {
	return items.filter((item) => admin.getUser(item.id)?.jobTitle === item.jobTitle).length;
}

export function buildScenarios(
	tenant: TenantIds,
	options: { throttleMaxWait: number },
): ScenarioDef[] {
	const scenarios: ScenarioDef[] = [];

	/*
	 * Get all users of a 50,000-user tenant. Floor: ceil(users / 999) pages at $top=999. Both nodes
	 * return the same fields: the built-in's "Simplified" minus securityIdentifier, which the emulator
	 * does not know on users (its default output would fail with 400 there).
	 */
	{
		const floor = Math.ceil(tenant.totalUsers / 999);
		const base = {
			scenario: 'list-users',
			floor,
			floorNote: `${tenant.totalUsers} users / 999 per page`,
			expected: tenant.totalUsers,
			prepare: noPrepare,
		};
		scenarios.push({
			key: 'list-users',
			title: `Get all users (${tenant.totalUsers.toLocaleString('en-US')}-user tenant)`,
			cases: [
				actionCase(base, 'ours', 'ours', 'benchListOurs', undefined, {
					resource: 'user',
					operation: 'getAll',
					returnAll: true,
					output: 'selected',
					fields: LIST_FIELDS,
				}),
				actionCase(base, 'builtin', 'built-in', 'benchListBuiltin', undefined, {
					resource: 'user',
					operation: 'getAll',
					returnAll: true,
					output: 'fields',
					fields: LIST_FIELDS,
				}),
			],
		});
	}

	/* 1,000 input items adding users to one group. Floor: 1,000 / 20 per members@odata.bind = 50. */
	{
		const items = tenant.users.slice(0, 1000).map((id) => ({ id }));
		const base = {
			scenario: 'add-members',
			// 20 members per members@odata.bind update, and those updates 20 per $batch round trip.
			floor: Math.ceil(Math.ceil(items.length / 20) / 20),
			floorNote: `${items.length} members / 20 per members@odata.bind = ${Math.ceil(items.length / 20)} updates / 20 per $batch`,
			expected: items.length,
			prepare: benchGroup,
			verify: membersOfBenchGroup,
		};
		const group = byId(BENCH_GROUP_ID);
		const user = byId('={{ $json.id }}');
		scenarios.push({
			key: 'add-members',
			title: `Add ${items.length.toLocaleString('en-US')} users to one group`,
			cases: [
				actionCase(base, 'ours', 'ours (User > Add to Group)', 'benchAddOurs', items, {
					resource: 'user',
					operation: 'addToGroup',
					user,
					group,
				}),
				actionCase(base, 'builtin', 'built-in (User > Add to Group)', 'benchAddBuiltin', items, {
					resource: 'user',
					operation: 'addGroup',
					user,
					group,
				}),
				actionCase(base, 'ours', 'ours (Group > Add Members)', 'benchAddMembersOurs', items, {
					resource: 'group',
					operation: 'addMembers',
					group,
					member: user,
				}),
			],
		});
	}

	/* Create 500 users. Floor: 500 / 20 per $batch = 25. */
	{
		const items = Array.from({ length: 500 }, (_, i) => ({
			displayName: `Bench User ${i}`,
			userPrincipalName: `bench.user.${i}@${DEMO_DOMAIN}`,
			mailNickname: `bench.user.${i}`,
			password: 'Bench-Passw0rd-2024!',
		}));
		const base = {
			scenario: 'create-users',
			floor: Math.ceil(items.length / 20),
			floorNote: `${items.length} creates / 20 per $batch`,
			expected: items.length,
			prepare: noPrepare,
			verify: (admin: EmulatorAdmin) =>
				items.filter((item) => admin.getUser(item.userPrincipalName)).length,
		};
		const fields = {
			displayName: '={{ $json.displayName }}',
			userPrincipalName: '={{ $json.userPrincipalName }}',
			mailNickname: '={{ $json.mailNickname }}',
			password: '={{ $json.password }}',
		};
		scenarios.push({
			key: 'create-users',
			title: `Create ${items.length} users`,
			cases: [
				actionCase(base, 'ours', 'ours', 'benchCreateOurs', items, {
					resource: 'user',
					operation: 'create',
					...fields,
					forceChangePasswordNextSignIn: true,
					accountEnabled: true,
					additionalFields: {},
				}),
				actionCase(base, 'builtin', 'built-in', 'benchCreateBuiltin', items, {
					resource: 'user',
					operation: 'create',
					accountEnabled: true,
					...fields,
					additionalFields: {},
				}),
			],
		});
	}

	/* Update 500 users. Floor: 500 / 20 per $batch = 25. */
	const updateCases = (
		key: string,
		count: number,
		extra: { throttle?: boolean; oursOptions?: Array<[string, Record<string, unknown>]> },
	) => {
		const items = tenant.users
			.slice(0, count)
			.map((id, i) => ({ id, jobTitle: `Bench title ${i}`, department: 'Bench' }));
		const base = {
			scenario: key,
			floor: Math.ceil(items.length / 20),
			floorNote: `${items.length} updates / 20 per $batch`,
			expected: items.length,
			throttle: extra.throttle,
			prepare: noPrepare,
			verify: (admin: EmulatorAdmin) => updatedCount(admin, items),
		};
		const user = byId('={{ $json.id }}');
		const updateFields = {
			jobTitle: '={{ $json.jobTitle }}',
			department: '={{ $json.department }}',
		};
		const cases = [
			actionCase(base, 'ours', 'ours', `${key}Ours`.replace(/-/g, ''), items, {
				resource: 'user',
				operation: 'update',
				user,
				updateFields,
			}),
			actionCase(base, 'builtin', 'built-in', `${key}Builtin`.replace(/-/g, ''), items, {
				resource: 'user',
				operation: 'update',
				user,
				updateFields,
			}),
		];
		for (const [label, requestOptions] of extra.oursOptions ?? []) {
			cases.push(
				actionCase(base, 'ours', `ours (${label})`, `${key}OursOpt`.replace(/-/g, ''), items, {
					resource: 'user',
					operation: 'update',
					user,
					updateFields,
					requestOptions,
				}),
			);
		}
		return cases;
	};
	scenarios.push({
		key: 'update-users',
		title: 'Update 500 users',
		cases: updateCases('update-users', 500, {}),
	});

	/*
	 * 5,000 writes with Graph's identity throttling model on: 3,000 writes per app per 2.5 min, so the
	 * last 2,000 must wait for the window (Retry-After up to ~150 s). 0 failed items is the bar.
	 */
	scenarios.push({
		key: 'throttled-writes',
		title: 'Update 5,000 users, throttling on',
		runs: 1,
		cases: updateCases('throttled-writes', 5000, {
			throttle: true,
			oursOptions: [
				[
					`Max Total Retry Wait ${options.throttleMaxWait} s`,
					{ maxWaitSeconds: options.throttleMaxWait },
				],
			],
		}),
	});

	return scenarios;
}

/* ---------------------------------------------------------------- trigger */

/**
 * One workflow per run (`benchTriggerRun1`, ...): n8n keeps a workflow's static data (the stored
 * deltaLink) across `import:workflow`, so re-importing the same id would not give a fresh activation.
 */
export const triggerWorkflowId = (run: number): string => `benchTriggerRun${run}`;
export const TRIGGER_NODE = 'Entra ID Trigger (this package)';

/**
 * The trigger on "User Created or Updated", polling at the given seconds of every minute: one Poll
 * Times entry per second, as a user adds several entries in the editor. n8n 2.41 refuses a single
 * cron that fires more than once a minute (anything but one number in its seconds field), but checks
 * each entry on its own, so several once-a-minute entries pass; that lets the bench see an idle poll
 * and a busy poll within a minute instead of waiting for the next minute each time. The work of one
 * poll is the same whatever the schedule.
 */
export function triggerWorkflow(id: string, secondsList: number[]): object {
	return linearWorkflow(
		id,
		'bench trigger',
		[
			{
				name: TRIGGER_NODE,
				type: OURS_TRIGGER_TYPE,
				typeVersion: 1,
				parameters: {
					event: 'userCreatedOrUpdated',
					pollTimes: {
						item: secondsList.map((second) => ({
							mode: 'custom',
							cronExpression: `${second} * * * * *`,
						})),
					},
					options: {},
				},
				credentials: { microsoftEntraIdOAuth2Api: OURS_CREDENTIAL },
			},
			{ name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
		],
		false,
	);
}

/* ---------------------------------------------------------------- change to execution */

export const OURS_INSTANT_TYPE = 'n8n-nodes-entra-id.microsoftEntraIdInstantTrigger';
export const LATENCY_NODE = 'Entra ID change (this package)';

/**
 * The two ways of hearing about a new user, one workflow each: the instant trigger (Graph change
 * notifications, here from the emulator to n8n's webhook URL) and the polling trigger at n8n's
 * one-minute minimum ("Every Minute").
 */
export function latencyWorkflow(id: string, kind: 'instant' | 'polling'): object {
	const parameters: Record<string, unknown> = { event: 'userCreated', options: {} };
	if (kind === 'polling') parameters.pollTimes = { item: [{ mode: 'everyMinute' }] };
	const workflow = linearWorkflow(
		id,
		`bench ${kind} trigger`,
		[
			{
				name: LATENCY_NODE,
				type: kind === 'instant' ? OURS_INSTANT_TYPE : OURS_TRIGGER_TYPE,
				typeVersion: 1,
				parameters,
				credentials: { microsoftEntraIdOAuth2Api: OURS_CREDENTIAL },
			},
			{ name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
		],
		false,
	) as { nodes: Array<Record<string, unknown>> };
	if (kind === 'instant')
		workflow.nodes[0].webhookId = `0be1c4a0-0000-4000-8000-${id.replace(/\D/g, '').padStart(12, '0').slice(-12)}`;
	return workflow;
}
