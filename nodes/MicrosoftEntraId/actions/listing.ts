import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { outputObject, withoutContextAndEtag } from '../helpers/output';
import { checkBoolean, checkText, invalidInput } from '../helpers/parameters';
import type { GraphClient, QueryValue } from '../../transport';
import { filterBalanceProblem } from '../../transport';

/*
 * The listing convention of every "Get Many"-like operation (users, groups, members, owners,
 * deleted items, a user's groups, direct reports), node version 1.2:
 *
 * - "Return All" / "Limit" (limitFields): relations of one object (a user's groups, a manager's
 *   reports) return all by default, directory-wide listings 50;
 * - "Search" at the top, where Graph supports `$search` on the collection;
 * - "Filters": the listing's own filters and "Filter (OData)", a raw `$filter` (rawFilterOption);
 * - "Sort": "Order By" (a property Graph sorts that collection by) and "Descending" (sortField);
 * - "Output" / "Fields" (common.descriptions.ts outputFields);
 * - one `execute` (readListing) for every listing operation, whose `check` builds the item's Listing:
 *   pages followed until the limit, one output item per object, paired with its input item.
 *
 * Versions 1 and 1.1 had the search and "Order By" of groups and members inside "Filters" and a
 * "Sort" list for deleted items: their parameters stay shown for, and read from, nodes of those
 * versions (versionedProperties, usesListingConvention), so saved workflows run as before.
 */

/** The first node version with the listing convention above. */
export const LISTING_VERSION = 1.2;

/** Node versions before LISTING_VERSION (a fixed list: it never grows). */
const EARLIER_VERSIONS = [1, 1.1];

/** Graph's largest page for directory objects. */
const MAX_PAGE = 999;

/** Whether this node reads the listing parameters of version 1.2 (else those of 1 and 1.1). */
export function usesListingConvention(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().typeVersion >= LISTING_VERSION;
}

/** Shows properties only on nodes before version 1.2 ('earlier') or from 1.2 on ('current'). */
export function versionedProperties(
	versions: 'earlier' | 'current',
	properties: INodeProperties[],
): INodeProperties[] {
	const version = versions === 'earlier' ? EARLIER_VERSIONS : [{ _cnd: { gte: LISTING_VERSION } }];
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, '@version': version },
		},
	}));
}

/* ---- parameters ------------------------------------------------------------------------------ */

const RETURN_ALL: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

/** "Return All" and "Limit"; `returnAll`: the default of "Return All". */
export function limitFields(returnAll = false): INodeProperties[] {
	return [
		{ ...RETURN_ALL, default: returnAll },
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
}

/** "Search" (`$search`): what it looks in, said in `description`. */
export function searchField(description: string, placeholder = 'e.g. adele'): INodeProperties {
	return {
		displayName: 'Search',
		name: 'search',
		type: 'string',
		default: '',
		placeholder,
		description,
	};
}

/** "Filter (OData)": a raw `$filter`, an option of a listing's "Filters" collection. */
export function rawFilterOption(placeholder: string): INodeProperties {
	return {
		displayName: 'Filter (OData)',
		name: 'filter',
		type: 'string',
		default: '',
		placeholder,
		description:
			'A raw <a href="https://learn.microsoft.com/en-us/graph/filter-query-parameter">$filter</a> expression, combined with the other filters by "and"',
	};
}

/** "Filters" with "Filter (OData)" and `more` options (sorted by name), for listings without filters of their own. */
export function rawFilterCollection(
	placeholder: string,
	more: INodeProperties[] = [],
): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [rawFilterOption(placeholder), ...more],
	};
}

const ORDER_BY: INodeProperties = {
	displayName: 'Order By',
	name: 'orderBy',
	type: 'options',
	default: 'displayName',
	options: [{ name: 'Display Name', value: 'displayName' }],
};

/**
 * "Sort": "Order By" (one of `orderBy`, the properties Graph sorts the collection by; the first is
 * the default) and "Descending".
 */
export function sortField(orderBy: INodePropertyOptions[], description?: string): INodeProperties {
	return {
		displayName: 'Sort',
		name: 'sort',
		type: 'collection',
		placeholder: 'Add Sort',
		default: {},
		description,
		options: [
			{
				displayName: 'Descending',
				name: 'descending',
				type: 'boolean',
				default: false,
				description: 'Whether to sort from Z to A (newest first for dates)',
			},
			{ ...ORDER_BY, default: orderBy[0].value, options: orderBy },
		],
	};
}

/* ---- reading them ---------------------------------------------------------------------------- */

/**
 * The item limit (undefined for "Return All"), checked; a number given as text is accepted.
 * `returnAll`: the default of the operation's "Return All" (limitFields).
 */
export function limitFor(
	ctx: IExecuteFunctions,
	itemIndex: number,
	returnAll = false,
): number | undefined {
	if (
		checkBoolean(
			ctx,
			ctx.getNodeParameter('returnAll', itemIndex, returnAll),
			itemIndex,
			'Return All',
		)
	)
		return undefined;
	const limit = ctx.getNodeParameter('limit', itemIndex, 50) as unknown;
	const value = typeof limit === 'string' && limit.trim() !== '' ? Number(limit) : limit;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
		throw invalidInput(
			ctx,
			itemIndex,
			`"Limit" must be a whole number of 1 or more`,
			'Change "Limit", or turn on "Return All"',
		);
	}
	return value;
}

/** The "Filters" collection, checked to be an object. */
export function filtersFor(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const raw = ctx.getNodeParameter('filters', itemIndex, {}) as unknown;
	if (raw === undefined || raw === null) return {};
	if (typeof raw !== 'object' || Array.isArray(raw)) {
		throw invalidInput(
			ctx,
			itemIndex,
			`"Filters" must be an object`,
			'Set the filters in the collection',
		);
	}
	return raw as IDataObject;
}

/**
 * The search text: "Search" at the top (version 1.2), or `filters.search` where versions 1 and 1.1
 * had it inside "Filters" (groups and members: pass their filters as `earlierFilters`).
 */
export function searchFor(
	ctx: IExecuteFunctions,
	itemIndex: number,
	earlierFilters?: IDataObject,
): string {
	const value =
		earlierFilters && !usesListingConvention(ctx)
			? earlierFilters.search
			: ctx.getNodeParameter('search', itemIndex, '');
	return checkText(ctx, value, itemIndex, 'Search', false);
}

/**
 * The `$orderby` value of "Sort" ("displayName", "displayName desc"), or undefined without one.
 * "Order By" offers the properties Graph sorts the collection by; an expression may name another
 * property, which Graph then accepts or refuses.
 */
export function sortFor(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	const raw = ctx.getNodeParameter('sort', itemIndex, {}) as unknown;
	if (raw === undefined || raw === null || raw === '') return undefined;
	if (typeof raw !== 'object' || Array.isArray(raw)) {
		throw invalidInput(
			ctx,
			itemIndex,
			`"Sort" must be an object`,
			'Set "Order By" in the collection',
		);
	}
	const sort = raw as IDataObject;
	const property = checkText(ctx, sort.orderBy, itemIndex, 'Order By', false);
	if (!property) return undefined;
	if (!/^[A-Za-z][A-Za-z0-9/]*$/.test(property)) {
		throw invalidInput(
			ctx,
			itemIndex,
			`"Order By" is not a property name: "${property}"`,
			'Pick the property to sort by from the list',
		);
	}
	const descending =
		sort.descending === undefined
			? false
			: checkBoolean(ctx, sort.descending, itemIndex, 'Descending');
	return descending ? `${property} desc` : property;
}

/** A free-text `$orderby` (Group > Get Many before 1.2): a property name, optionally followed by asc or desc. */
export function checkOrderBy(ctx: IExecuteFunctions, value: string, itemIndex: number): string {
	if (!value || /^[A-Za-z][A-Za-z0-9/]*(\s+(asc|desc))?$/i.test(value)) return value;
	throw invalidInput(
		ctx,
		itemIndex,
		`"Order By" is not valid: "${value}"`,
		'Enter a property name, optionally followed by asc or desc, e.g. "displayName desc"',
	);
}

/** A raw `$filter` a user typed, checked so that it can be combined with other clauses (see filterBalanceProblem). */
export function rawFilterParam(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	label = 'Filter (OData)',
): string {
	const filter = checkText(ctx, value, itemIndex, label, false);
	const problem = filter ? filterBalanceProblem(filter) : undefined;
	if (problem) {
		throw invalidInput(
			ctx,
			itemIndex,
			`"${label}" is not a complete filter: ${problem}`,
			'Check the parentheses and quotes of the filter; it is combined with the other filters by "and" as one clause',
		);
	}
	return filter;
}

/** Joins `$filter` clauses with `and`, each in parentheses. */
export function allOf(clauses: string[]): string | undefined {
	const present = clauses.filter((clause) => clause);
	if (!present.length) return undefined;
	return present.length === 1 ? present[0] : present.map((clause) => `(${clause})`).join(' and ');
}

/* ---- reading a listing ------------------------------------------------------------------------ */

/** `$top` for a listing: as few pages as possible, not more items than needed. */
export function pageSize(limit: number | undefined): number {
	return limit === undefined ? MAX_PAGE : Math.min(limit, MAX_PAGE);
}

/** How nodes before version 1.2 shaped each object (kept for saved workflows, which may read what those versions gave). */
export type EarlierShape = 'asListed' | 'withoutContextAndEtag' | 'outputObject';

/** One item's listing, as a listing operation's `check` builds it from the item's parameters. */
export interface Listing {
	path: string;
	/** Query options; `$top` is set from the limit. */
	qs: Record<string, QueryValue>;
	/** Max number of objects; undefined for all. */
	limit: number | undefined;
	/** What the listing reads, for error messages ("Group ... not found"). */
	subject?: { kind: string; id?: string };
	/** Add `objectType` to each object (collections of several object types: members, owners). */
	typed?: boolean;
	/**
	 * Keep only users without a non-interactive sign-in after this time, a condition Graph cannot
	 * filter on ("Not Signed In Since" with both sign-in kinds); the limit counts kept users.
	 */
	noNonInteractiveSignInSince?: string;
	/** Where versions 1 and 1.1 shaped objects unlike the output convention (outputObject). */
	earlierShape?: EarlierShape;
}

/** No non-interactive sign-in after `before` (none at all counts as none). */
function noNonInteractiveSince(user: IDataObject, before: string): boolean {
	const last = (user.signInActivity as IDataObject | null | undefined)
		?.lastNonInteractiveSignInDateTime;
	return typeof last !== 'string' || !last || Date.parse(last) <= Date.parse(before);
}

async function read(
	graph: GraphClient,
	listing: Listing,
	itemIndex: number,
): Promise<IDataObject[]> {
	const { path, limit, subject, noNonInteractiveSignInSince: before } = listing;
	const request = { path, qs: { ...listing.qs, $top: pageSize(limit) }, itemIndex, subject };
	if (before === undefined) return await graph.getAll<IDataObject>(request, limit);
	const kept: IDataObject[] = [];
	for await (const page of graph.pages<IDataObject>(request)) {
		for (const object of page.value) {
			if (!noNonInteractiveSince(object, before)) continue;
			kept.push(object);
			if (limit !== undefined && kept.length >= limit) return kept;
		}
	}
	return kept;
}

function shape(ctx: IExecuteFunctions, listing: Listing, object: IDataObject): IDataObject {
	const earlier = usesListingConvention(ctx) ? undefined : listing.earlierShape;
	if (earlier === 'asListed') return object;
	if (earlier === 'withoutContextAndEtag') return withoutContextAndEtag(object);
	if (earlier === 'outputObject') return outputObject(ctx, withoutContextAndEtag(object));
	return outputObject(ctx, object, { typed: listing.typed });
}

/**
 * The `execute` of every listing operation (their `check` builds the Listing): the item's objects,
 * read page by page up to its limit, each an output item.
 */
export async function readListing(
	this: IExecuteFunctions,
	graph: GraphClient,
	listing: Listing,
	itemIndex: number,
): Promise<IDataObject[]> {
	const objects = await read(graph, listing, itemIndex);
	return objects.map((object) => shape(this, listing, object));
}
