import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BatchRequest, BatchResult, GraphClient } from '../../transport';
import { isGuid, userPath } from '../../transport';
import { sendRequests } from './engine';

/*
 * Object ids for users given by UPN: `@odata.bind`, `/$ref` and manager links need ids. The look-ups
 * go through the write engine (`$batch` when bulk is on) like the writes they prepare.
 */

/**
 * `GET /users/{upn}?$select=id` for each UPN (`$batch` when bulk is on), every look-up sent even
 * when one fails: the answers, in order, with the id in `body.id` or the failure in `error`.
 */
export async function lookUpUsers(
	graph: GraphClient,
	lookups: Array<{ upn: string; itemIndex?: number }>,
	bulk: boolean,
): Promise<BatchResult[]> {
	const requests: BatchRequest[] = lookups.map(({ upn, itemIndex }) => ({
		method: 'GET',
		path: userPath(upn),
		qs: { $select: 'id' },
		itemIndex,
		subject: { kind: 'User', id: upn },
	}));
	return await sendRequests(graph, requests, { bulk });
}

/**
 * The object id a look-up answered, or an error: an answer without a usable id (`{}`, a number)
 * must never become part of a path such as `/members/undefined/$ref`.
 */
export function lookedUpId(
	graph: GraphClient,
	result: BatchResult,
	what: string,
	itemIndex?: number,
): string | Error {
	if (result.error) return result.error;
	const id = result.body?.id;
	if (typeof id === 'string' && id.trim() !== '') return id;
	return new NodeOperationError(
		graph.node,
		`Microsoft Graph's answer for ${what} held no object ID`,
		{
			itemIndex,
			description: 'The look-up answered without an "id", so no request was sent for this item.',
		},
	);
}

/**
 * Object ids for users given by id or UPN. GUIDs pass as they are; each distinct UPN is looked up
 * once (`GET /users/{upn}?$select=id`, in `$batch` when bulk is on). A failed look-up maps to its
 * error (for example "User not found: adele@contoso.com").
 */
export async function resolveUserIds(
	ctx: IExecuteFunctions,
	graph: GraphClient,
	users: string[],
	bulk: boolean,
): Promise<Map<string, string | Error>> {
	const resolved = new Map<string, string | Error>();
	const upns = [...new Set(users.filter((user) => !isGuid(user)))];
	for (const user of users) if (isGuid(user)) resolved.set(user, user);
	const results = await lookUpUsers(
		graph,
		upns.map((upn) => ({ upn })),
		bulk,
	);
	upns.forEach((upn, index) => resolved.set(upn, lookedUpId(graph, results[index], `user ${upn}`)));
	return resolved;
}

/** The id from resolveUserIds, or its error thrown. */
export function resolvedId(resolved: Map<string, string | Error>, user: string): string {
	const id = resolved.get(user);
	if (id === undefined) throw new Error(`User ${user} was not looked up`);
	if (id instanceof Error) throw id;
	return id;
}
