import type { IDataObject, IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isGuid, isUserPrincipalName } from '../../transport';
import { nodeParameter } from './nodeParameter';

/*
 * Reading and checking parameters, before any request is sent. Every check throws a
 * NodeOperationError that names the field and the item and says what to change.
 */

export function invalidInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	message: string,
	description?: string,
): NodeOperationError {
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
export function checkText(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	label: string,
	required: boolean,
): string {
	if (value === undefined || value === null) value = '';
	if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
	if (typeof value !== 'string') {
		throw invalidInput(
			ctx,
			itemIndex,
			`"${label}" must be text, but the expression gave ${typeName(value)}`,
			`Change the value of "${label}" so that it is a string`,
		);
	}
	const text = value.trim();
	if (required && !text) {
		throw invalidInput(ctx, itemIndex, `"${label}" is empty`, `Enter a value for "${label}"`);
	}
	return text;
}

/** A yes/no parameter; the strings "true"/"false" from expressions are accepted. */
export function checkBoolean(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	label: string,
): boolean {
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw invalidInput(
		ctx,
		itemIndex,
		`"${label}" must be true or false, but the expression gave ${typeName(value)}`,
		`Change "${label}" to a boolean`,
	);
}

/** The value of a resource locator ({ mode, value }) or of plain text (an expression). */
export function locatorValue(
	ctx: IExecuteFunctions,
	raw: unknown,
	itemIndex: number,
	label: string,
): { mode: string; value: string } {
	const locator =
		raw !== null && typeof raw === 'object' && !Array.isArray(raw)
			? (raw as INodeParameterResourceLocator)
			: undefined;
	const mode = typeof locator?.mode === 'string' ? locator.mode : 'id';
	const value = checkText(ctx, locator ? locator.value : raw, itemIndex, label, true);
	return { mode, value };
}

/** A user given by a user locator (list, id or UPN) or plain text: a GUID or a UPN. */
export function userIdFrom(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	label: string,
): string {
	return userIdFromValue(ctx, nodeParameter(ctx, name, itemIndex, ''), itemIndex, label);
}

/** Like userIdFrom, for a locator value read some other way (e.g. inside a collection). */
/** The "User" parameter of one item, as an operation's `check`: operations on one user per item. */
export function checkUser(this: IExecuteFunctions, itemIndex: number): string {
	return userIdFrom(this, 'user', itemIndex, 'User');
}

export function userIdFromValue(
	ctx: IExecuteFunctions,
	raw: unknown,
	itemIndex: number,
	label: string,
): string {
	const { mode, value } = locatorValue(ctx, raw, itemIndex, label);
	return checkUserId(ctx, value, itemIndex, label, mode);
}

export function checkUserId(
	ctx: IExecuteFunctions,
	value: string,
	itemIndex: number,
	label: string,
	mode = 'id',
): string {
	if (mode === 'upn' && isUserPrincipalName(value)) return value;
	if (mode !== 'upn' && (isGuid(value) || isUserPrincipalName(value))) return value;
	const expected =
		mode === 'upn'
			? 'a user principal name such as adele@contoso.com'
			: 'an object ID (GUID) or a user principal name';
	throw invalidInput(ctx, itemIndex, `"${label}" is not valid: "${value}"`, `Enter ${expected}`);
}

/** A group given by a group locator (list or id) or plain text: a GUID. */
export function groupIdFrom(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	label: string,
): string {
	return groupIdFromValue(ctx, nodeParameter(ctx, name, itemIndex, ''), itemIndex, label);
}

/** Like groupIdFrom, for a locator value read some other way (e.g. inside a fixedCollection). */
export function groupIdFromValue(
	ctx: IExecuteFunctions,
	raw: unknown,
	itemIndex: number,
	label: string,
): string {
	const { value } = locatorValue(ctx, raw, itemIndex, label);
	if (isGuid(value)) return value;
	throw invalidInput(
		ctx,
		itemIndex,
		`"${label}" is not a group ID: "${value}"`,
		"Enter the group's object ID (a GUID), or pick the group from the list",
	);
}

/** The output modes: "Simplified" (fixed `$select`), "All Properties", "Selected Fields". */
export type OutputMode = 'simplified' | 'all' | 'selected';

/** The `$select` value for the "Output" parameter (see outputFields in actions/common.descriptions.ts). */
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
			throw invalidInput(
				ctx,
				itemIndex,
				`"Fields" must be a list of property names`,
				'Pick the fields from the list',
			);
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

/**
 * A list of directory object ids: an array (from an expression) or text separated by commas, spaces
 * or new lines. Every entry must be a GUID; repeated ids are dropped.
 */
export function idList(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	label: string,
): string[] {
	let entries: unknown[];
	if (value === undefined || value === null || value === '') entries = [];
	else if (Array.isArray(value)) entries = value;
	else if (typeof value === 'string') entries = value.split(/[\s,;]+/);
	else {
		throw invalidInput(
			ctx,
			itemIndex,
			`"${label}" must be a list of object IDs`,
			'Enter object IDs separated by commas, or an expression that gives an array of IDs',
		);
	}
	const ids: string[] = [];
	const seen = new Set<string>();
	for (const entry of entries) {
		const id = checkText(ctx, entry, itemIndex, label, false);
		if (!id) continue;
		if (!isGuid(id)) {
			throw invalidInput(
				ctx,
				itemIndex,
				`"${label}" holds "${id}", which is not an object ID`,
				'Use object IDs (GUIDs such as 02bd9fd6-8f93-4758-87c3-1fb73740a315), not names or UPNs',
			);
		}
		if (seen.has(id.toLowerCase())) continue;
		seen.add(id.toLowerCase());
		ids.push(id);
	}
	return ids;
}

/**
 * A list of directory objects given by object ID or, for users, by user principal name (text
 * separated by commas, spaces or new lines, or an array); repeats dropped.
 */
export function objectRefList(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	label: string,
): string[] {
	let entries: unknown[];
	if (value === undefined || value === null || value === '') entries = [];
	else if (Array.isArray(value)) entries = value;
	else if (typeof value === 'string') entries = value.split(/[\s,;]+/);
	else {
		throw invalidInput(
			ctx,
			itemIndex,
			`"${label}" must be a list of object IDs or user principal names`,
			'Separate them with commas, or use an expression that gives an array',
		);
	}
	const refs: string[] = [];
	const seen = new Set<string>();
	for (const entry of entries) {
		const ref = checkText(ctx, entry, itemIndex, label, false);
		if (!ref) continue;
		if (!isGuid(ref) && !isUserPrincipalName(ref)) {
			throw invalidInput(
				ctx,
				itemIndex,
				`"${label}" holds "${ref}", which is neither an object ID nor a user principal name`,
				'Use object IDs (GUIDs such as 02bd9fd6-8f93-4758-87c3-1fb73740a315) or user principal names (adele@contoso.com)',
			);
		}
		if (seen.has(ref.toLowerCase())) continue;
		seen.add(ref.toLowerCase());
		refs.push(ref);
	}
	return refs;
}

/** An optional one-of-a-list value (options from an expression may hold anything). */
export function checkChoice<T extends string>(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	label: string,
	choices: readonly T[],
): T | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'string' && (choices as readonly string[]).includes(value))
		return value as T;
	throw invalidInput(
		ctx,
		itemIndex,
		`"${label}" must be one of ${choices.join(', ')}`,
		`Change "${label}" to one of the listed values`,
	);
}

/** Whether this run may use bulk requests (the "Bulk Requests" option, on by default). */
export function bulkEnabled(ctx: IExecuteFunctions): boolean {
	return ctx.getNodeParameter('requestOptions.bulk', 0, true) as boolean;
}
