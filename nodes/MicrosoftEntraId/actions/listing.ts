import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkBoolean, checkText, invalidInput } from '../helpers/parameters';
import type { GraphClient, QueryValue } from '../transport';
import { filterBalanceProblem } from '../transport';

/* Listings ("Get Many" and the like): "Return All" / "Limit", page size, `$filter` and `$orderby`. */

/** Graph's largest page for directory objects. */
const MAX_PAGE = 999;

/** "Return All" and "Limit". */
export const limitFields: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** The item limit (undefined for "Return All"), checked. */
export function limitFor(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	if (checkBoolean(ctx, ctx.getNodeParameter('returnAll', itemIndex, false), itemIndex, 'Return All')) return undefined;
	const limit = ctx.getNodeParameter('limit', itemIndex, 50) as unknown;
	const value = typeof limit === 'string' && limit.trim() !== '' ? Number(limit) : limit;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
		throw invalidInput(ctx, itemIndex, `"Limit" must be a whole number of 1 or more`, 'Change "Limit", or turn on "Return All"');
	}
	return value;
}

/**
 * The item limit of the User resource's listings (undefined for "Return All"). Its message differs
 * from limitFor's and it takes no text from expressions; both stay as the operations had them.
 */
export function userLimitFor(ctx: IExecuteFunctions, itemIndex: number, returnAllDefault: boolean): number | undefined {
	if (checkBoolean(ctx, ctx.getNodeParameter('returnAll', itemIndex, returnAllDefault), itemIndex, 'Return All')) return undefined;
	const limit = ctx.getNodeParameter('limit', itemIndex, 50) as number;
	if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
		throw invalidInput(ctx, itemIndex, `"Limit" must be a whole number of at least 1`, 'Change "Limit"');
	}
	return limit;
}

/** `$top` for a listing: as few pages as possible, not more items than needed. */
export function pageSize(limit: number | undefined): number {
	return limit === undefined ? MAX_PAGE : Math.min(limit, MAX_PAGE);
}

/** An `$orderby` value: a property name, optionally followed by asc or desc. */
export function checkOrderBy(ctx: IExecuteFunctions, value: string, itemIndex: number): string {
	if (!value || /^[A-Za-z][A-Za-z0-9/]*(\s+(asc|desc))?$/i.test(value)) return value;
	throw invalidInput(ctx, itemIndex, `"Order By" is not valid: "${value}"`, 'Enter a property name, optionally followed by asc or desc, e.g. "displayName desc"');
}

/** A raw `$filter` a user typed, checked so that it can be combined with other clauses (see filterBalanceProblem). */
export function rawFilterParam(ctx: IExecuteFunctions, value: unknown, itemIndex: number, label: string): string {
	const filter = checkText(ctx, value, itemIndex, label, false);
	const problem = filter ? filterBalanceProblem(filter) : undefined;
	if (problem) {
		throw invalidInput(ctx, itemIndex, `"${label}" is not a complete filter: ${problem}`, 'Check the parentheses and quotes of the filter; it is combined with the other filters by "and" as one clause');
	}
	return filter;
}

/** Joins `$filter` clauses with `and`, each in parentheses. */
export function allOf(clauses: string[]): string | undefined {
	const present = clauses.filter((clause) => clause);
	if (!present.length) return undefined;
	return present.length === 1 ? present[0] : present.map((clause) => `(${clause})`).join(' and ');
}

/** Reads a listing, one output item per object. */
export async function list(
	graph: GraphClient,
	path: string,
	qs: Record<string, QueryValue>,
	limit: number | undefined,
	itemIndex: number,
	subject?: { kind: string; id?: string },
): Promise<IDataObject[]> {
	return await graph.getAll<IDataObject>({ path, qs: { ...qs, $top: pageSize(limit) }, itemIndex, subject }, limit);
}
