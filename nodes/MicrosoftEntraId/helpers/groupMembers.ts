import type { IDataObject } from 'n8n-workflow';

import type { BatchRequest, BatchResult, GraphClient, RequestSubject } from '../../transport';
import {
	encodePathSegment,
	ensureNodeError,
	graphErrorInfo,
	groupPath,
	isGuid,
	odataString,
} from '../../transport';
import { chunk, sendRequests } from './engine';
import { lookedUpId, lookUpUsers } from './lookups';

/*
 * Group membership in Graph, for the User resource (Add to Group, Remove from Group) and the Group
 * resource (Add Members, Remove Member, owners, Create with members).
 */

/** Graph's limit for `members@odata.bind` in one request (create or update; all or nothing). */
export const BIND_LIMIT = 20;

/** The `@odata.bind` list for some directory object ids. */
export function bindList(graph: GraphClient, ids: string[]): string[] {
	return ids.map((id) => graph.directoryObjectRef(id));
}

export type GroupRelation = 'members' | 'owners';

/**
 * `POST /groups/{id}/{members|owners}/$ref` (add) or `DELETE /groups/{id}/{members|owners}/{objectId}/$ref`
 * (remove; without /$ref Graph would delete the object itself), for one directory object.
 */
export function referenceRequest(
	graph: GraphClient,
	change: 'add' | 'remove',
	reference: { groupId: string; relation: GroupRelation; objectId: string },
	itemIndex?: number,
	subject: RequestSubject = {
		kind: 'Group or directory object',
		id: `${reference.groupId} / ${reference.objectId}`,
	},
): BatchRequest {
	const { groupId, relation, objectId } = reference;
	const relationPath = `${groupPath(groupId)}/${relation}`;
	if (change === 'add') {
		return {
			method: 'POST',
			path: `${relationPath}/$ref`,
			body: { '@odata.id': graph.directoryObjectRef(objectId) },
			itemIndex,
			subject,
		};
	}
	return {
		method: 'DELETE',
		path: `${relationPath}/${encodePathSegment(objectId)}/$ref`,
		itemIndex,
		subject,
	};
}

export async function addReference(
	graph: GraphClient,
	groupId: string,
	relation: GroupRelation,
	objectId: string,
	itemIndex?: number,
): Promise<void> {
	await graph.request(referenceRequest(graph, 'add', { groupId, relation, objectId }, itemIndex));
}

export async function removeReference(
	graph: GraphClient,
	groupId: string,
	relation: GroupRelation,
	objectId: string,
	itemIndex?: number,
): Promise<void> {
	await graph.request(
		referenceRequest(graph, 'remove', { groupId, relation, objectId }, itemIndex),
	);
}

/** `PATCH /groups/{id}` binding up to 20 members at once (all or nothing). */
export function bindMembersRequest(
	graph: GraphClient,
	groupId: string,
	memberIds: string[],
	itemIndex?: number,
): BatchRequest {
	return {
		method: 'PATCH',
		path: groupPath(groupId),
		body: { 'members@odata.bind': bindList(graph, memberIds) },
		itemIndex,
		subject: { kind: 'Group', id: groupId },
	};
}

async function bindMembers(
	graph: GraphClient,
	groupId: string,
	memberIds: string[],
	itemIndex?: number,
): Promise<void> {
	await graph.request(bindMembersRequest(graph, groupId, memberIds, itemIndex));
}

/**
 * Sends the member updates of several chunks of one group together: through `$batch` (20 updates
 * per call, a few calls in flight) when there is more than one, so that 1,000 members cost 3 round
 * trips instead of 50 in a row. Each update stays all-or-nothing and keeps its own result.
 */
export async function bindChunks(
	graph: GraphClient,
	groupId: string,
	chunks: string[][],
	itemIndexes?: ItemIndexes,
): Promise<BatchResult[]> {
	const requests = chunks.map((ids) =>
		bindMembersRequest(graph, groupId, ids, itemIndexes?.get(ids[0].toLowerCase())),
	);
	return await sendRequests(graph, requests, { bulk: true });
}

/**
 * Whether an object is a direct member of a group, read from Graph's state: the group's members
 * filtered by id (List members docs: `$filter` on members is an advanced query, so `$count=true`
 * goes with it and the transport adds `ConsistencyLevel: eventual`).
 */
export async function isDirectMember(
	graph: GraphClient,
	groupId: string,
	objectId: string,
	itemIndex?: number,
): Promise<boolean> {
	const page = await graph.request<{ value?: IDataObject[] }>({
		path: `${groupPath(groupId)}/members`,
		qs: { $filter: `id eq ${odataString(objectId)}`, $select: 'id', $count: true },
		itemIndex,
		subject: { kind: 'Group', id: groupId },
	});
	return (page.value ?? []).some(
		(member) => typeof member.id === 'string' && member.id.toLowerCase() === objectId.toLowerCase(),
	);
}

/** Whether an object is an owner of a group (a group has at most 100 owners: one page). */
export async function isOwner(
	graph: GraphClient,
	groupId: string,
	objectId: string,
	itemIndex?: number,
): Promise<boolean> {
	const owners = await graph.getAll<IDataObject>({
		path: `${groupPath(groupId)}/owners`,
		qs: { $select: 'id', $top: 999 },
		itemIndex,
		subject: { kind: 'Group', id: groupId },
	});
	return owners.some((owner) => String(owner.id).toLowerCase() === objectId.toLowerCase());
}

/** Reads a group's id: throws Graph's error (e.g. "Group not found") when the group cannot be read. */
export async function readGroup(
	graph: GraphClient,
	groupId: string,
	itemIndex?: number,
): Promise<void> {
	await graph.request({
		path: groupPath(groupId),
		qs: { $select: 'id' },
		itemIndex,
		subject: { kind: 'Group', id: groupId },
	});
}

/** Whether a group exists (false on 404; other failures are thrown). */
export async function groupExists(
	graph: GraphClient,
	groupId: string,
	itemIndex?: number,
): Promise<boolean> {
	try {
		await readGroup(graph, groupId, itemIndex);
		return true;
	} catch (error) {
		if (graphErrorInfo(error)?.status === 404) return false;
		throw ensureNodeError(graph.node, error);
	}
}

/**
 * Turns users given by UPN into object ids (`@odata.bind` and `/$ref` need ids); ids pass through.
 * With `bulk`, the look-ups go through `$batch`. Each entry gets its id or the look-up's error.
 */
export async function resolveObjectIds(
	graph: GraphClient,
	refs: Array<{ value: string; itemIndex: number }>,
	bulk: boolean,
): Promise<Array<string | Error>> {
	const results: Array<string | Error> = refs.map((ref) => ref.value);
	const lookups = refs
		.map((ref, index) => ({ ref, index }))
		.filter(({ ref }) => !isGuid(ref.value));
	const answers = await lookUpUsers(
		graph,
		lookups.map(({ ref }) => ({ upn: ref.value, itemIndex: ref.itemIndex })),
		bulk,
	);
	answers.forEach((answer, position) => {
		const { ref, index } = lookups[position];
		results[index] = lookedUpId(graph, answer, `member ${ref.value}`, ref.itemIndex);
	});
	return results;
}

/** Looks up one member given by id or UPN; throws the look-up's error. */
export async function resolveObjectId(
	graph: GraphClient,
	value: string,
	itemIndex: number,
): Promise<string> {
	const [result] = await resolveObjectIds(graph, [{ value, itemIndex }], false);
	if (result instanceof Error) throw result;
	return result;
}

export type AddOutcome = 'added' | 'alreadyMember' | Error;

/** The input item that asked for each member: member id (lower case) -> item index. */
export type ItemIndexes = ReadonlyMap<string, number>;

/** One member to add, and the input item that asked for it. */
export interface MemberAdd {
	memberId: string;
	itemIndex?: number;
}

/**
 * The add-member engine, for every write that adds members (Group > Add Members and Create, User >
 * Add to Group). The same member asked for twice is sent once: the later entries are `repeat`, with
 * `alreadyMember` or the first entry's error. The policy decides bulk or one by one; see
 * addMembersToGroup for what happens to a refused chunk.
 */
export async function addMembers(
	graph: GraphClient,
	groupId: string,
	adds: MemberAdd[],
	policy: { bulk: boolean },
): Promise<Array<{ outcome: AddOutcome; repeat: boolean }>> {
	const first = new Map<string, MemberAdd>();
	for (const add of adds) {
		const key = add.memberId.toLowerCase();
		if (!first.has(key)) first.set(key, add);
	}
	const unique = [...first.values()];
	const itemIndexes = new Map(
		unique.flatMap((add) =>
			add.itemIndex === undefined
				? []
				: [[add.memberId.toLowerCase(), add.itemIndex] as [string, number]],
		),
	);
	const outcomes = await addMembersToGroup(
		graph,
		groupId,
		unique.map((add) => add.memberId),
		{ bulk: policy.bulk, itemIndexes },
	);
	return adds.map((add) => {
		const earlier = first.get(add.memberId.toLowerCase())!;
		const outcome =
			outcomes.get(earlier.memberId) ?? new Error(`No outcome for member ${add.memberId}`);
		if (earlier === add) return { outcome, repeat: false };
		return { outcome: outcome instanceof Error ? outcome : 'alreadyMember', repeat: true };
	});
}

/**
 * Adds direct members to one group. With `bulk`, 20 at a time with `PATCH members@odata.bind`
 * (all or nothing; the updates travel together through `$batch`); a chunk that fails is retried one
 * member at a time (`POST members/$ref`) so that only the failing members fail. A member Graph
 * refuses (400) is `alreadyMember` when the group's state says so, else it keeps its error. Failures
 * that hit every member (permission denied, missing group, throttled after retries) fail the chunk's
 * members without trying them one by one.
 */
export async function addMembersToGroup(
	graph: GraphClient,
	groupId: string,
	memberIds: string[],
	options: { bulk: boolean; itemIndexes?: ItemIndexes },
): Promise<Map<string, AddOutcome>> {
	const outcomes = new Map<string, AddOutcome>();
	const chunks = options.bulk ? chunk(memberIds, BIND_LIMIT) : memberIds.map((id) => [id]);
	const bulkChunks = chunks.filter((ids) => ids.length > 1);
	const bound = new Map(
		(await bindChunks(graph, groupId, bulkChunks, options.itemIndexes)).map((result, index) => [
			bulkChunks[index],
			result,
		]),
	);
	for (const ids of chunks) {
		let rest = ids;
		const result = bound.get(ids);
		if (result) {
			if (!result.error) {
				for (const id of ids) outcomes.set(id, 'added');
				continue;
			}
			const fatal = await failsEveryMember(graph, groupId, result.error);
			if (fatal) {
				for (const id of ids) outcomes.set(id, fatal);
				continue;
			}
			// The chunk was refused: members that are already there say so, the others are bound again.
			const existing = await directMembersAmong(graph, groupId, ids).catch(() => new Set<string>());
			for (const id of ids) if (existing.has(id.toLowerCase())) outcomes.set(id, 'alreadyMember');
			rest = ids.filter((id) => !existing.has(id.toLowerCase()));
			if (existing.size && rest.length > 1) {
				const again = await bindChunk(
					graph,
					groupId,
					rest,
					options.itemIndexes?.get(rest[0].toLowerCase()),
				);
				if (again === 'added') {
					for (const id of rest) outcomes.set(id, 'added');
					continue;
				}
			}
		}
		for (const id of rest)
			outcomes.set(
				id,
				await addOneMember(graph, groupId, id, options.itemIndexes?.get(id.toLowerCase())),
			);
	}
	return outcomes;
}

/** One `members@odata.bind` request: 'added', the error that ends the group's run, or undefined (try members one by one). */
async function bindChunk(
	graph: GraphClient,
	groupId: string,
	ids: string[],
	itemIndex?: number,
): Promise<'added' | Error | undefined> {
	try {
		await bindMembers(graph, groupId, ids, itemIndex);
		return 'added';
	} catch (error) {
		return await failsEveryMember(graph, groupId, error);
	}
}

/** Graph's filter docs: `in` takes at most 15 values by default. */
const IN_LIMIT = 15;

/** Which of `ids` are direct members of the group (lower-cased), from the group's state. */
export async function directMembersAmong(
	graph: GraphClient,
	groupId: string,
	ids: string[],
): Promise<Set<string>> {
	const found = new Set<string>();
	for (const part of chunk(ids, IN_LIMIT)) {
		const members = await graph.getAll<IDataObject>({
			path: `${groupPath(groupId)}/members`,
			qs: { $filter: `id in (${part.map(odataString).join(',')})`, $select: 'id', $count: true },
			subject: { kind: 'Group', id: groupId },
		});
		for (const member of members) found.add(String(member.id).toLowerCase());
	}
	return found;
}

/** The error, when a failed bulk add is not about single members (so trying them one by one is pointless). */
async function failsEveryMember(
	graph: GraphClient,
	groupId: string,
	error: unknown,
): Promise<Error | undefined> {
	const info = graphErrorInfo(error);
	if (!info || info.status === 0) return error as Error;
	if (info.status === 401 || info.status === 403 || info.status === 429 || info.status >= 500)
		return error as Error;
	if (info.status === 404 && !(await groupExists(graph, groupId))) return error as Error;
	return undefined;
}

async function addOneMember(
	graph: GraphClient,
	groupId: string,
	memberId: string,
	itemIndex?: number,
): Promise<AddOutcome> {
	try {
		await addReference(graph, groupId, 'members', memberId, itemIndex);
		return 'added';
	} catch (error) {
		if (
			graphErrorInfo(error)?.status === 400 &&
			(await memberCheck(graph, groupId, memberId, itemIndex))
		) {
			return 'alreadyMember';
		}
		return error as Error;
	}
}

/** isDirectMember, false when the check itself fails (the caller then reports the original error). */
async function memberCheck(
	graph: GraphClient,
	groupId: string,
	memberId: string,
	itemIndex?: number,
): Promise<boolean> {
	try {
		return await isDirectMember(graph, groupId, memberId, itemIndex);
	} catch {
		return false;
	}
}

/**
 * Remove Member and Remove Owner: `DELETE /groups/{id}/{members|owners}/{objectId}/$ref`. Graph
 * answers 404 both for a missing group and for an object that is not a member (owner); with
 * "Ignore If Not a Member" ("... an Owner") the group's existence decides.
 */
export async function removeFrom(
	graph: GraphClient,
	relation: 'members' | 'owners',
	input: { groupId: string; member: string; ignore: boolean },
	itemIndex: number,
): Promise<IDataObject> {
	const memberId = await resolveObjectId(graph, input.member, itemIndex);
	const output = { groupId: input.groupId, memberId };
	try {
		await removeReference(graph, input.groupId, relation, memberId, itemIndex);
		return { ...output, status: 'removed' };
	} catch (error) {
		const notThere =
			input.ignore &&
			graphErrorInfo(error)?.status === 404 &&
			(await groupExists(graph, input.groupId, itemIndex));
		if (!notThere) throw ensureNodeError(graph.node, error);
		return { ...output, status: relation === 'members' ? 'notMember' : 'notOwner' };
	}
}
