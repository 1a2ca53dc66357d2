import type { IDataObject, IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BatchRequest, BatchResult, GraphClient } from '../transport';
import { isGuid, isUserPrincipalName, userPath } from '../transport';
import type { OutputMode } from './common.descriptions';
import { sendRequests } from './engine';
import { failFast } from './execution';
import { nodeParameter } from './parameters';

/*
 * Reading and checking parameters, before any request is sent. Every check throws a
 * NodeOperationError that names the field and the item and says what to change.
 */

export function invalidInput(ctx: IExecuteFunctions, itemIndex: number, message: string, description?: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
}

function typeName(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	return `a ${typeof value}`;
}

/** A text parameter, trimmed. Numbers from expressions are accepted as text; objects are not. */
export function textParam(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	label: string,
	options: { required?: boolean; fallback?: string } = {},
): string {
	const value = nodeParameter(ctx, name, itemIndex, options.fallback ?? '');
	return checkText(ctx, value, itemIndex, label, options.required ?? false);
}

/** Checks a value that should be text (a field of a collection, an expression result). */
export function checkText(ctx: IExecuteFunctions, value: unknown, itemIndex: number, label: string, required: boolean): string {
	if (value === undefined || value === null) value = '';
	if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
	if (typeof value !== 'string') {
		throw invalidInput(ctx, itemIndex, `"${label}" must be text, but the expression gave ${typeName(value)} [item ${itemIndex}]`, `Change the value of "${label}" so that it is a string`);
	}
	const text = value.trim();
	if (required && !text) {
		throw invalidInput(ctx, itemIndex, `"${label}" is empty [item ${itemIndex}]`, `Enter a value for "${label}"`);
	}
	return text;
}

/** A yes/no parameter; the strings "true"/"false" from expressions are accepted. */
export function checkBoolean(ctx: IExecuteFunctions, value: unknown, itemIndex: number, label: string): boolean {
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw invalidInput(ctx, itemIndex, `"${label}" must be true or false, but the expression gave ${typeName(value)} [item ${itemIndex}]`, `Change "${label}" to a boolean`);
}

/** The value of a resource locator ({ mode, value }) or of plain text (an expression). */
export function locatorValue(ctx: IExecuteFunctions, raw: unknown, itemIndex: number, label: string): { mode: string; value: string } {
	const locator = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as INodeParameterResourceLocator) : undefined;
	const mode = typeof locator?.mode === 'string' ? locator.mode : 'id';
	const value = checkText(ctx, locator ? locator.value : raw, itemIndex, label, true);
	return { mode, value };
}

/** A user given by a user locator (list, id or UPN) or plain text: a GUID or a UPN. */
export function userIdFrom(ctx: IExecuteFunctions, name: string, itemIndex: number, label: string): string {
	return userIdFromValue(ctx, nodeParameter(ctx, name, itemIndex, ''), itemIndex, label);
}

/** Like userIdFrom, for a locator value read some other way (e.g. inside a collection). */
export function userIdFromValue(ctx: IExecuteFunctions, raw: unknown, itemIndex: number, label: string): string {
	const { mode, value } = locatorValue(ctx, raw, itemIndex, label);
	return checkUserId(ctx, value, itemIndex, label, mode);
}

export function checkUserId(ctx: IExecuteFunctions, value: string, itemIndex: number, label: string, mode = 'id'): string {
	if (mode === 'upn' && isUserPrincipalName(value)) return value;
	if (mode !== 'upn' && (isGuid(value) || isUserPrincipalName(value))) return value;
	const expected = mode === 'upn' ? 'a user principal name such as adele@contoso.com' : 'an object ID (GUID) or a user principal name';
	throw invalidInput(ctx, itemIndex, `"${label}" is not valid: "${value}" [item ${itemIndex}]`, `Enter ${expected}`);
}

/** A group given by a group locator (list or id) or plain text: a GUID. */
export function groupIdFrom(ctx: IExecuteFunctions, name: string, itemIndex: number, label: string): string {
	const { value } = locatorValue(ctx, nodeParameter(ctx, name, itemIndex, ''), itemIndex, label);
	if (isGuid(value)) return value;
	throw invalidInput(ctx, itemIndex, `"${label}" is not a group ID: "${value}" [item ${itemIndex}]`, 'Enter the group\'s object ID (a GUID), or pick the group from the list');
}

/** The `$select` value for the "Output" parameter (see outputFields). */
export function selectFor(
	ctx: IExecuteFunctions,
	itemIndex: number,
	properties: { simplified: string[]; all: string[] },
): string {
	const output = ctx.getNodeParameter('output', itemIndex, 'simplified') as OutputMode;
	if (output === 'all') return properties.all.join(',');
	if (output === 'selected') {
		const fields = ctx.getNodeParameter('fields', itemIndex, []) as unknown;
		if (!Array.isArray(fields) || fields.some((field) => typeof field !== 'string')) {
			throw invalidInput(ctx, itemIndex, `"Fields" must be a list of property names [item ${itemIndex}]`, 'Pick the fields from the list');
		}
		return ['id', ...(fields as string[]).filter((field) => field !== 'id')].join(',');
	}
	return properties.simplified.join(',');
}

/** Drops undefined and empty-string values (fields the user left empty). */
export function compact(body: IDataObject): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(body)) {
		if (value === undefined || value === '') continue;
		result[key] = value;
	}
	return result;
}

/** Splits a list into chunks of `size`. */
export function chunk<T>(list: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < list.length; start += size) chunks.push(list.slice(start, start + size));
	return chunks;
}

/** sendRequests for writes: without continueOnFail, the first failure stops the run. */
export async function sendAll(ctx: IExecuteFunctions, graph: GraphClient, requests: BatchRequest[], bulk: boolean): Promise<BatchResult[]> {
	return await sendRequests(graph, requests, { bulk, onFailure: (result, request) => failFast(ctx, result.error, request.itemIndex ?? 0) });
}

/**
 * `GET /users/{upn}?$select=id` for each UPN (`$batch` when bulk is on), every look-up sent even
 * when one fails: the answers, in order, with the id in `body.id` or the failure in `error`.
 */
export async function lookUpUsers(graph: GraphClient, lookups: Array<{ upn: string; itemIndex?: number }>, bulk: boolean): Promise<BatchResult[]> {
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
export function lookedUpId(graph: GraphClient, result: BatchResult, what: string, itemIndex?: number): string | Error {
	if (result.error) return result.error;
	const id = result.body?.id;
	if (typeof id === 'string' && id.trim() !== '') return id;
	return new NodeOperationError(graph.node, `Microsoft Graph's answer for ${what} held no object ID`, {
		itemIndex,
		description: 'The look-up answered without an "id", so no request was sent for this item.',
	});
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
	const results = await lookUpUsers(graph, upns.map((upn) => ({ upn })), bulk);
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

/** An object without Graph's `@odata.*` annotations (context, type stay out of the output). */
export function withoutAnnotations(object: IDataObject | undefined): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(object ?? {})) {
		if (key === '@odata.context' || key === '@odata.etag') continue;
		result[key] = value;
	}
	return result;
}
