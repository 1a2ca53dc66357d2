import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { sendRequests } from '../../helpers/engine';
import type { Checked } from '../../helpers/execution';
import { failFast, handleItemError } from '../../helpers/execution';
import type { AddOutcome } from '../../helpers/groupMembers';
import {
	addMembers,
	isDirectMember,
	readGroup,
	referenceRequest,
} from '../../helpers/groupMembers';
import { resolvedId, resolveUserIds } from '../../helpers/lookups';
import { nodeParameter } from '../../helpers/nodeParameter';
import { checkBoolean, groupIdFrom, userIdFrom } from '../../helpers/parameters';
import type { BatchResult, GraphClient } from '../../../transport';
import { graphErrorInfo, userPath } from '../../../transport';
import { groupLocator, userLocator } from '../common.descriptions';

/*
 * The User resource's Add to Group and Remove from Group. Adds go through the add-member engine of
 * helpers/groupMembers.ts (as Group > Add Members does); what is particular here is the reading of its
 * outcomes: "Ignore If Already a Member", and a 404 that names the missing user or group per item
 * (see explainAdd and explainNotFound).
 */

export type MembershipStatus = 'added' | 'alreadyMember' | 'removed' | 'notMember';

/** The parameters of Add to Group and Remove from Group; `ignore` is the one option, on by default. */
export function membershipProperties(ignore: {
	name: string;
	displayName: string;
	description: string;
}): INodeProperties[] {
	return [
		userLocator('user', 'User'),
		groupLocator('group', 'Group'),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [{ ...ignore, type: 'boolean', default: true }],
		},
	];
}

export interface MembershipInput {
	user: string;
	groupId: string;
	/** Ignore an add of a member / a remove of a non-member. */
	ignore: boolean;
}

/** What happened to one item: its status, or its error. */
type Outcome = { userId: string; status: MembershipStatus } | { error: unknown };

/** The `check` of Add to Group and Remove from Group; `ignoreOption` is the operation's one option. */
export function membershipInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	ignoreOption: string,
	ignoreLabel: string,
): MembershipInput {
	const options = nodeParameter(ctx, 'options', itemIndex, {}) as IDataObject;
	return {
		user: userIdFrom(ctx, 'user', itemIndex, 'User'),
		groupId: groupIdFrom(ctx, 'group', itemIndex, 'Group'),
		ignore:
			options[ignoreOption] === undefined
				? true
				: checkBoolean(ctx, options[ignoreOption], itemIndex, ignoreLabel),
	};
}

/** Records outcomes; without continueOnFail the first failure stops the node at once. */
class Outcomes {
	readonly list: Outcome[];

	constructor(
		private readonly ctx: IExecuteFunctions,
		size: number,
	) {
		this.list = new Array(size);
	}

	ok(itemIndex: number, userId: string, status: MembershipStatus): void {
		this.list[itemIndex] = { userId, status };
	}

	fail(itemIndex: number, error: unknown): void {
		failFast(this.ctx, error, itemIndex);
		this.list[itemIndex] = { error };
	}
}

function toOutput(
	ctx: IExecuteFunctions,
	inputs: Array<MembershipInput | { error: unknown }>,
	outcomes: Outcome[],
): INodeExecutionData[] {
	return outcomes.map((outcome, itemIndex) => {
		if ('error' in outcome) return handleItemError(ctx, outcome.error, itemIndex);
		const input = inputs[itemIndex] as MembershipInput;
		return {
			json: { groupId: input.groupId, userId: outcome.userId, status: outcome.status },
			pairedItem: { item: itemIndex },
		};
	});
}

/** Looks up the ids of users given by UPN (a failed look-up fails its item). */
async function prepare(
	ctx: IExecuteFunctions,
	graph: GraphClient,
	checked: Array<Checked<MembershipInput>>,
	bulk: boolean,
): Promise<{
	inputs: Array<MembershipInput | { error: unknown }>;
	outcomes: Outcomes;
	userIds: Map<number, string>;
}> {
	const inputs = checked.map((entry) => ('input' in entry ? entry.input : entry));
	const outcomes = new Outcomes(ctx, checked.length);
	const valid = inputs.flatMap((input, itemIndex) =>
		'error' in input ? [] : [{ input, itemIndex }],
	);
	inputs.forEach((input, itemIndex) => {
		if ('error' in input) outcomes.fail(itemIndex, input.error);
	});
	const resolved = await resolveUserIds(
		ctx,
		graph,
		valid.map(({ input }) => input.user),
		bulk,
	);
	const userIds = new Map<number, string>();
	for (const { input, itemIndex } of valid) {
		try {
			userIds.set(itemIndex, resolvedId(resolved, input.user));
		} catch (error) {
			outcomes.fail(itemIndex, error);
		}
	}
	return { inputs, outcomes, userIds };
}

/* ------------------------------------------------------------------ Add to Group */

/**
 * A 404 on an add means the group or the user does not exist: reading the group tells which, so that
 * the message names the missing object.
 */
async function missingOnAdd(
	ctx: IExecuteFunctions,
	graph: GraphClient,
	groupId: string,
	userId: string,
	itemIndex: number,
	error: NodeApiError,
): Promise<Error> {
	await readGroup(graph, groupId, itemIndex);
	return new NodeOperationError(ctx.getNode(), `User not found: ${userId}`, {
		itemIndex,
		description: error.description ?? undefined,
	});
}

function alreadyMemberError(
	ctx: IExecuteFunctions,
	userId: string,
	groupId: string,
	itemIndex: number,
): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`The user ${userId} is already a member of group ${groupId}`,
		{
			itemIndex,
			description: 'Turn on "Ignore If Already a Member" to let such items pass',
		},
	);
}

/** An engine outcome as this item's status: "Ignore If Already a Member" decides, a 404 is explained. */
async function explainAdd(
	ctx: IExecuteFunctions,
	graph: GraphClient,
	input: MembershipInput,
	userId: string,
	itemIndex: number,
	outcome: AddOutcome,
	repeat: boolean,
): Promise<MembershipStatus> {
	if (outcome instanceof Error) {
		if (!repeat && graphErrorInfo(outcome)?.status === 404)
			throw await missingOnAdd(
				ctx,
				graph,
				input.groupId,
				userId,
				itemIndex,
				outcome as NodeApiError,
			);
		throw outcome;
	}
	if (outcome === 'alreadyMember' && !input.ignore)
		throw alreadyMemberError(ctx, userId, input.groupId, itemIndex);
	return outcome;
}

/**
 * Add to Group: the items of each group go to the add-member engine (bulk on: chunks of 20 per group
 * update, 1,000 users for one group = 50 requests; bulk off, or a single item for a group: one add
 * request per item). Without continueOnFail the first failure stops the node before the next group.
 */
export async function addUsersToGroups(
	ctx: IExecuteFunctions,
	graph: GraphClient,
	checked: Array<Checked<MembershipInput>>,
	bulk: boolean,
): Promise<INodeExecutionData[]> {
	const { inputs, outcomes, userIds } = await prepare(ctx, graph, checked, bulk);
	const byGroup = new Map<
		string,
		Array<{ itemIndex: number; userId: string; input: MembershipInput }>
	>();
	for (const [itemIndex, userId] of userIds) {
		const input = inputs[itemIndex] as MembershipInput;
		const key = input.groupId.toLowerCase();
		byGroup.set(key, [...(byGroup.get(key) ?? []), { itemIndex, userId, input }]);
	}
	for (const entries of byGroup.values()) {
		const results = await addMembers(
			graph,
			entries[0].input.groupId,
			entries.map(({ userId, itemIndex }) => ({ memberId: userId, itemIndex })),
			{ bulk },
		);
		for (const [position, { itemIndex, userId, input }] of entries.entries()) {
			const { outcome, repeat } = results[position];
			try {
				outcomes.ok(
					itemIndex,
					userId,
					await explainAdd(ctx, graph, input, userId, itemIndex, outcome, repeat),
				);
			} catch (error) {
				outcomes.fail(itemIndex, error);
			}
		}
	}
	return toOutput(ctx, inputs, outcomes.list);
}

/* ------------------------------------------------------------------ Remove from Group */

/**
 * After a 404 on DELETE .../members/{id}/$ref: the group or the user may be missing (then that is
 * the error), or the user is not a member (then "notMember", when ignored).
 */
async function explainNotFound(
	ctx: IExecuteFunctions,
	graph: GraphClient,
	input: MembershipInput,
	userId: string,
	itemIndex: number,
	error: unknown,
): Promise<MembershipStatus> {
	await readGroup(graph, input.groupId, itemIndex);
	await graph.request({
		path: userPath(userId),
		qs: { $select: 'id' },
		itemIndex,
		subject: { kind: 'User', id: input.user },
	});
	if (await isDirectMember(graph, input.groupId, userId, itemIndex)) throw error;
	if (input.ignore) return 'notMember';
	throw new NodeOperationError(
		ctx.getNode(),
		`The user ${userId} is not a member of group ${input.groupId}`,
		{
			itemIndex,
			description: 'Turn on "Ignore If Not a Member" to let such items pass',
		},
	);
}

async function removeOutcome(
	ctx: IExecuteFunctions,
	graph: GraphClient,
	input: MembershipInput,
	userId: string,
	itemIndex: number,
	result: BatchResult,
): Promise<MembershipStatus> {
	if (!result.error) return 'removed';
	if (graphErrorInfo(result.error)?.status !== 404) throw result.error;
	return await explainNotFound(ctx, graph, input, userId, itemIndex, result.error);
}

/**
 * Remove from Group: DELETE /groups/{id}/members/{userId}/$ref per item (`$batch` when bulk is on);
 * a 404 is then explained from the directory's state.
 */
export async function removeUsersFromGroups(
	ctx: IExecuteFunctions,
	graph: GraphClient,
	checked: Array<Checked<MembershipInput>>,
	bulk: boolean,
): Promise<INodeExecutionData[]> {
	const { inputs, outcomes, userIds } = await prepare(ctx, graph, checked, bulk);
	const indexes = [...userIds.keys()];
	const requests = indexes.map((itemIndex) => {
		const { groupId } = inputs[itemIndex] as MembershipInput;
		return referenceRequest(
			graph,
			'remove',
			{ groupId, relation: 'members', objectId: userIds.get(itemIndex)! },
			itemIndex,
			{ kind: 'Group', id: groupId },
		);
	});
	// Bulk: every DELETE up front (`$batch` when there are several); one by one: each item's DELETE
	// and its explanation before the next item's DELETE.
	const upFront = bulk ? await sendRequests(graph, requests, { bulk }) : undefined;
	for (const [n, itemIndex] of indexes.entries()) {
		const input = inputs[itemIndex] as MembershipInput;
		const userId = userIds.get(itemIndex)!;
		try {
			const result = upFront ? upFront[n] : (await sendRequests(graph, [requests[n]], { bulk }))[0];
			outcomes.ok(
				itemIndex,
				userId,
				await removeOutcome(ctx, graph, input, userId, itemIndex, result),
			);
		} catch (error) {
			outcomes.fail(itemIndex, error);
		}
	}
	return toOutput(ctx, inputs, outcomes.list);
}
