import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BatchResult, GraphClient } from '../../transport';
import { encodePathSegment, graphBatch, graphErrorInfo, groupPath, userPath } from '../../transport';
import { checkBoolean, chunk, groupIdFrom, resolveUserIds, resolvedId, userIdFrom } from '../common';
import { checkEach, handleItemError, sendOne } from '../execution';
import { BIND_LIMIT, bindChunks, isDirectMember, readGroup } from '../membership';

/*
 * The User resource's Add to Group and Remove from Group, on the Graph calls of ../membership.ts.
 * Unlike the Group resource's Add Members, a refused chunk is always retried member by member, and a
 * 404 names the missing user or group per item (see addOne and explainNotFound).
 */

export type MembershipStatus = 'added' | 'alreadyMember' | 'removed' | 'notMember';

interface MembershipInput {
	user: string;
	groupId: string;
	/** Ignore an add of a member / a remove of a non-member. */
	ignore: boolean;
}

/** What happened to one item: its status, or its error. */
type Outcome = { userId: string; status: MembershipStatus } | { error: unknown };

function readInputs(ctx: IExecuteFunctions, items: INodeExecutionData[], ignoreOption: string, ignoreLabel: string): Array<MembershipInput | { error: unknown }> {
	const checked = checkEach(ctx, items, (itemIndex): MembershipInput => {
		const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
		return {
			user: userIdFrom(ctx, 'user', itemIndex, 'User'),
			groupId: groupIdFrom(ctx, 'group', itemIndex, 'Group'),
			ignore: options[ignoreOption] === undefined ? true : checkBoolean(ctx, options[ignoreOption], itemIndex, ignoreLabel),
		};
	});
	return checked.map((entry) => ('input' in entry ? entry.input : entry));
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
		if (!this.ctx.continueOnFail()) handleItemError(this.ctx, error, itemIndex);
		this.list[itemIndex] = { error };
	}
}

function toOutput(ctx: IExecuteFunctions, inputs: Array<MembershipInput | { error: unknown }>, outcomes: Outcome[]): INodeExecutionData[] {
	return outcomes.map((outcome, itemIndex) => {
		if ('error' in outcome) return handleItemError(ctx, outcome.error, itemIndex);
		const input = inputs[itemIndex] as MembershipInput;
		return { json: { groupId: input.groupId, userId: outcome.userId, status: outcome.status }, pairedItem: { item: itemIndex } };
	});
}

/** Reads the inputs and looks up the ids of users given by UPN (a failed look-up fails its item). */
async function prepare(
	ctx: IExecuteFunctions,
	graph: GraphClient,
	items: INodeExecutionData[],
	ignoreOption: string,
	ignoreLabel: string,
	bulk: boolean,
): Promise<{ inputs: Array<MembershipInput | { error: unknown }>; outcomes: Outcomes; userIds: Map<number, string> }> {
	const inputs = readInputs(ctx, items, ignoreOption, ignoreLabel);
	const outcomes = new Outcomes(ctx, items.length);
	const valid = inputs.flatMap((input, itemIndex) => ('error' in input ? [] : [{ input, itemIndex }]));
	inputs.forEach((input, itemIndex) => {
		if ('error' in input) outcomes.fail(itemIndex, input.error);
	});
	const resolved = await resolveUserIds(ctx, graph, valid.map(({ input }) => input.user), bulk);
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

/** POST /groups/{id}/members/$ref for one user; a 400 is an existing member only if the directory says so. */
async function addOne(ctx: IExecuteFunctions, graph: GraphClient, input: MembershipInput, userId: string, itemIndex: number): Promise<MembershipStatus> {
	const result = await sendOne(graph, {
		method: 'POST',
		path: `${groupPath(input.groupId)}/members/$ref`,
		body: { '@odata.id': graph.directoryObjectRef(userId) },
		itemIndex,
		subject: { kind: 'Group', id: input.groupId },
	});
	if (!result.error) return 'added';
	const status = graphErrorInfo(result.error)?.status;
	if (status === 404) throw await missingOnAdd(ctx, graph, input.groupId, userId, itemIndex, result.error);
	if (status !== 400) throw result.error;
	if (!(await isDirectMember(graph, input.groupId, userId, itemIndex))) throw result.error;
	if (input.ignore) return 'alreadyMember';
	throw alreadyMemberError(ctx, userId, input.groupId, itemIndex);
}

/**
 * A 404 on an add means the group or the user does not exist: reading the group tells which, so that
 * the message names the missing object.
 */
async function missingOnAdd(ctx: IExecuteFunctions, graph: GraphClient, groupId: string, userId: string, itemIndex: number, error: NodeApiError): Promise<Error> {
	await readGroup(graph, groupId, itemIndex);
	return new NodeOperationError(ctx.getNode(), `User not found: ${userId}`, { itemIndex, description: error.description ?? undefined });
}

function alreadyMemberError(ctx: IExecuteFunctions, userId: string, groupId: string, itemIndex: number): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `The user ${userId} is already a member of group ${groupId} [item ${itemIndex}]`, {
		itemIndex,
		description: 'Turn on "Ignore If Already a Member" to let such items pass',
	});
}

/**
 * One group's adds in bulk: unique members in chunks of 20 through PATCH /groups/{id} with
 * `members@odata.bind`. A failed chunk (all-or-nothing) is retried member by member to find out
 * which item failed and why. An item repeating a user of an earlier item of the same group gets
 * the earlier item's result, as it would one by one (then: already a member).
 */
async function addToOneGroup(
	ctx: IExecuteFunctions,
	graph: GraphClient,
	groupId: string,
	entries: Array<{ itemIndex: number; userId: string; input: MembershipInput }>,
	outcomes: Outcomes,
): Promise<void> {
	const first = new Map<string, { itemIndex: number; userId: string; input: MembershipInput }>();
	const repeats: typeof entries = [];
	for (const entry of entries) {
		const key = entry.userId.toLowerCase();
		if (first.has(key)) repeats.push(entry);
		else first.set(key, entry);
	}
	const parts = chunk([...first.values()], BIND_LIMIT);
	const itemIndexOf = new Map(parts.flat().map(({ userId, itemIndex }) => [userId, itemIndex]));
	const results = await bindChunks(graph, groupId, parts.map((part) => part.map(({ userId }) => userId)), (userId) => itemIndexOf.get(userId));
	for (const [position, part] of parts.entries()) {
		const result = results[position];
		if (!result.error) {
			for (const { itemIndex, userId } of part) outcomes.ok(itemIndex, userId, 'added');
			continue;
		}
		for (const { itemIndex, userId, input } of part) await addAndRecord(ctx, graph, input, userId, itemIndex, outcomes);
	}
	for (const { itemIndex, userId, input } of repeats) {
		const earlier = outcomes.list[first.get(userId.toLowerCase())!.itemIndex];
		if ('error' in earlier) outcomes.fail(itemIndex, earlier.error);
		else if (input.ignore) outcomes.ok(itemIndex, userId, 'alreadyMember');
		else outcomes.fail(itemIndex, alreadyMemberError(ctx, userId, groupId, itemIndex));
	}
}

async function addAndRecord(ctx: IExecuteFunctions, graph: GraphClient, input: MembershipInput, userId: string, itemIndex: number, outcomes: Outcomes): Promise<void> {
	try {
		outcomes.ok(itemIndex, userId, await addOne(ctx, graph, input, userId, itemIndex));
	} catch (error) {
		outcomes.fail(itemIndex, error);
	}
}

/**
 * Add to Group. Bulk on: the items of each group go in chunks of 20 per group update (1,000 users
 * for one group = 50 requests). Bulk off, or a single item for a group: one add request per item.
 */
export async function addUsersToGroups(ctx: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[], bulk: boolean): Promise<INodeExecutionData[]> {
	const { inputs, outcomes, userIds } = await prepare(ctx, graph, items, 'ignoreAlreadyMember', 'Ignore If Already a Member', bulk);
	const byGroup = new Map<string, Array<{ itemIndex: number; userId: string; input: MembershipInput }>>();
	for (const [itemIndex, userId] of userIds) {
		const input = inputs[itemIndex] as MembershipInput;
		const key = input.groupId.toLowerCase();
		byGroup.set(key, [...(byGroup.get(key) ?? []), { itemIndex, userId, input }]);
	}
	for (const entries of byGroup.values()) {
		if (bulk && entries.length > 1) {
			await addToOneGroup(ctx, graph, entries[0].input.groupId, entries, outcomes);
			continue;
		}
		for (const { itemIndex, userId, input } of entries) await addAndRecord(ctx, graph, input, userId, itemIndex, outcomes);
	}
	return toOutput(ctx, inputs, outcomes.list);
}

/* ------------------------------------------------------------------ Remove from Group */

/**
 * After a 404 on DELETE .../members/{id}/$ref: the group or the user may be missing (then that is
 * the error), or the user is not a member (then "notMember", when ignored).
 */
async function explainNotFound(ctx: IExecuteFunctions, graph: GraphClient, input: MembershipInput, userId: string, itemIndex: number, error: unknown): Promise<MembershipStatus> {
	await readGroup(graph, input.groupId, itemIndex);
	await graph.request({ path: userPath(userId), qs: { $select: 'id' }, itemIndex, subject: { kind: 'User', id: input.user } });
	if (await isDirectMember(graph, input.groupId, userId, itemIndex)) throw error;
	if (input.ignore) return 'notMember';
	throw new NodeOperationError(ctx.getNode(), `The user ${userId} is not a member of group ${input.groupId} [item ${itemIndex}]`, {
		itemIndex,
		description: 'Turn on "Ignore If Not a Member" to let such items pass',
	});
}

async function removeOutcome(ctx: IExecuteFunctions, graph: GraphClient, input: MembershipInput, userId: string, itemIndex: number, result: BatchResult): Promise<MembershipStatus> {
	if (!result.error) return 'removed';
	if (graphErrorInfo(result.error)?.status !== 404) throw result.error;
	return await explainNotFound(ctx, graph, input, userId, itemIndex, result.error);
}

/**
 * Remove from Group: DELETE /groups/{id}/members/{userId}/$ref per item (`$batch` when bulk is on);
 * a 404 is then explained from the directory's state.
 */
export async function removeUsersFromGroups(ctx: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[], bulk: boolean): Promise<INodeExecutionData[]> {
	const { inputs, outcomes, userIds } = await prepare(ctx, graph, items, 'ignoreNotMember', 'Ignore If Not a Member', bulk);
	const indexes = [...userIds.keys()];
	const requests = indexes.map((itemIndex) => {
		const input = inputs[itemIndex] as MembershipInput;
		return {
			method: 'DELETE' as const,
			path: `${groupPath(input.groupId)}/members/${encodePathSegment(userIds.get(itemIndex)!)}/$ref`,
			itemIndex,
			subject: { kind: 'Group', id: input.groupId },
		};
	});
	const batched = bulk && requests.length > 1;
	const results = batched ? await graphBatch(graph, requests) : [];
	for (const [n, itemIndex] of indexes.entries()) {
		const input = inputs[itemIndex] as MembershipInput;
		const userId = userIds.get(itemIndex)!;
		try {
			const result = batched ? results[n] : await sendOne(graph, requests[n]);
			outcomes.ok(itemIndex, userId, await removeOutcome(ctx, graph, input, userId, itemIndex, result));
		} catch (error) {
			outcomes.fail(itemIndex, error);
		}
	}
	return toOutput(ctx, inputs, outcomes.list);
}
