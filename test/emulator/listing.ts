import type { Ctx, Reply } from './context';
import { isEventual, json, queryString, wantsCount } from './context';
import { badRequest, unsupportedQuery } from './errors';
import type { DirObject, MemberType } from './model';
import type { Directory } from './store';
import {
	DEVICE_PROPERTIES,
	DEVICE_PROPERTY_SET,
	GROUP_DEFAULT_PROPERTIES,
	GROUP_PROPERTIES,
	NAVIGATION,
	USER_DEFAULT_PROPERTIES,
	USER_EMPTY_COLLECTIONS,
	USER_PROPERTIES,
	typeName,
} from './model';
import type { SearchClause } from './odata';
import { evaluate, matchesSearch, parseFilter, parseSearch, parseSelect, parseTop } from './odata';
import { emptyExtensionAttributes } from './user-values';

/** Which user/group properties `$filter` supports, and whether only as an advanced query (filter-directory-objects table). */
const D = 'default';
const A = 'advanced';
const USER_FILTER: Record<string, string> = {
	accountEnabled: D,
	ageGroup: D,
	assignedLicenses: D,
	businessPhones: D,
	city: D,
	companyName: A,
	country: D,
	createdDateTime: D,
	creationType: D,
	signInActivity: D,
	deletedDateTime: D,
	department: D,
	displayName: D,
	employeeId: D,
	employeeType: A,
	externalUserState: D,
	givenName: D,
	id: D,
	identities: D,
	jobTitle: D,
	mail: D,
	mailNickname: D,
	mobilePhone: A,
	officeLocation: A,
	otherMails: D,
	postalCode: A,
	preferredLanguage: A,
	proxyAddresses: D,
	showInAddressList: A,
	state: D,
	streetAddress: A,
	surname: D,
	usageLocation: D,
	userPrincipalName: D,
	userType: D,
};
const GROUP_FILTER: Record<string, string> = {
	classification: D,
	deletedDateTime: D,
	description: A,
	displayName: D,
	expirationDateTime: D,
	groupTypes: D,
	id: D,
	isAssignableToRole: D,
	mail: D,
	mailEnabled: D,
	mailNickname: D,
	membershipRuleProcessingState: D,
	onPremisesSyncEnabled: D,
	preferredLanguage: D,
	proxyAddresses: D,
	resourceProvisioningOptions: D,
	securityEnabled: D,
	visibility: A,
};
/** device: $filter on these (device resource). */
const DEVICE_FILTER: Record<string, string> = {
	accountEnabled: D,
	deviceId: D,
	displayName: D,
	id: D,
	operatingSystem: D,
	operatingSystemVersion: D,
	trustType: D,
};
/** `endsWith` works only on these (advanced queries docs). */
const ENDSWITH = new Set(['mail', 'otherMails', 'userPrincipalName', 'proxyAddresses']);
const USER_SEARCH = new Set([
	'displayName',
	'givenName',
	'surname',
	'mail',
	'mailNickname',
	'userPrincipalName',
	'proxyAddresses',
	'otherMails',
	'jobTitle',
	'employeeId',
]);
const GROUP_SEARCH = new Set([
	'displayName',
	'description',
	'mail',
	'mailNickname',
	'proxyAddresses',
]);
const DEVICE_SEARCH = new Set(['displayName']);
/** `$orderby`: default support, or advanced only (advanced queries docs, sorting table). */
const USER_ORDER: Record<string, string> = {
	displayName: D,
	userPrincipalName: D,
	createdDateTime: A,
	deletedDateTime: A,
};
const GROUP_ORDER: Record<string, string> = { displayName: D, deletedDateTime: A };

export interface ListOptions {
	/** Object types the collection can hold. */
	types: MemberType[];
	/** Relationship lists (members, memberOf...): any $filter/$search/$orderby is an advanced query. */
	relationship: boolean;
	/** `@odata.context` after `$metadata#`. */
	context: string;
	/** Add `@odata.type` on each item (directoryObject collections). */
	annotate: boolean;
	/** Listing cache key part (the collection); results are cached per directory version. */
	cacheKey: string;
	/** The directory listed: its version keys the cache, which it owns (one per emulator). */
	directory: Directory;
	/** OData cast that needs advanced query parameters (transitiveMemberOf cast). */
	castNeedsAdvanced?: boolean;
	/** Page size when $top is absent (Graph: 100). */
	pageSize?: number;
	/** Largest page whatever $top asks (signInActivity: 120). */
	maxPageSize?: number;
}

const ADVANCED_HINT =
	'is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information';

function resourceName(types: MemberType[]): string {
	if (types.length > 1) return 'DirectoryObject';
	return types[0] === 'user' ? 'User' : types[0] === 'group' ? 'Group' : 'Device';
}

const PROPERTIES: Record<MemberType, Set<string>> = {
	user: USER_PROPERTIES,
	group: GROUP_PROPERTIES,
	device: DEVICE_PROPERTY_SET,
};
const FILTERS: Record<MemberType, Record<string, string>> = {
	user: USER_FILTER,
	group: GROUP_FILTER,
	device: DEVICE_FILTER,
};
const SEARCHES: Record<MemberType, Set<string>> = {
	user: USER_SEARCH,
	group: GROUP_SEARCH,
	device: DEVICE_SEARCH,
};

function knownProperties(types: MemberType[]): Set<string> {
	const known = new Set<string>();
	for (const type of types) PROPERTIES[type].forEach((p) => known.add(p));
	return known;
}

interface Query {
	select?: string[];
	filter?: ReturnType<typeof parseFilter>;
	search?: SearchClause[][];
	orderby?: { property: string; desc: boolean };
	top: number;
	count: boolean;
}

function filterSupport(types: MemberType[], property: string): string | undefined {
	for (const type of types) if (FILTERS[type][property]) return FILTERS[type][property];
	return undefined;
}

/** Validates the query options and applies Graph's ConsistencyLevel rules. */
export function readQuery(ctx: Ctx, options: ListOptions): Query {
	const { types } = options;
	const resource = resourceName(types);
	const known = knownProperties(types);
	if (ctx.query.has('$skip')) throw badRequest("'$skip' is not supported by the service.");
	const query: Query = {
		select: parseSelect(
			ctx.query.get('$select'),
			known,
			types.length > 1 ? 'directoryObject' : types[0],
		),
		top: Math.min(
			parseTop(ctx.query.get('$top'), options.pageSize ?? 100),
			options.maxPageSize ?? Infinity,
		),
		count: false,
	};
	const eventual = isEventual(ctx);
	const advancedOk = eventual && wantsCount(ctx);
	query.count = eventual && wantsCount(ctx);
	const needAdvanced = (what: string) => {
		if (!advancedOk) throw unsupportedQuery(`${what} ${ADVANCED_HINT}`);
	};
	const rawFilter = ctx.query.get('$filter');
	if (rawFilter) {
		query.filter = parseFilter(rawFilter);
		for (const property of query.filter.properties) {
			if (!known.has(property))
				throw badRequest(
					`Could not find a property named '${property}' on type 'microsoft.graph.${types.length > 1 ? 'directoryObject' : types[0]}'.`,
				);
			const support = filterSupport(types, property);
			if (!support)
				throw unsupportedQuery(
					`Unsupported or invalid query filter clause specified for property '${property}' of resource '${resource}'.`,
				);
			if (support === A) needAdvanced(`Property '${property}'`);
		}
		checkEndsWith(query.filter.node, resource);
		for (const operator of query.filter.advanced) needAdvanced(`Operator '${operator}'`);
		if (options.relationship) needAdvanced("Operator 'filter' on a relationship");
	}
	const rawSearch = ctx.query.get('$search');
	if (rawSearch) {
		if (!eventual) {
			throw unsupportedQuery(
				"Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
			);
		}
		const allowed = new Set<string>();
		for (const type of types) SEARCHES[type].forEach((p) => allowed.add(p));
		query.search = parseSearch(rawSearch, resource, allowed);
	}
	const rawOrder = ctx.query.get('$orderby');
	if (rawOrder)
		query.orderby = readOrderBy(
			rawOrder,
			types,
			rawFilter !== null || options.relationship,
			advancedOk,
		);
	if (options.castNeedsAdvanced) needAdvanced('OData cast');
	return query;
}

function checkEndsWith(node: ReturnType<typeof parseFilter>['node'], resource: string): void {
	const visit = (n: typeof node): void => {
		if (n.t === 'fn' && n.name === 'endswith' && n.target.t === 'prop') {
			const head = n.target.path.split('/')[0];
			if (!ENDSWITH.has(head) && head.length > 1) {
				throw unsupportedQuery(
					`Unsupported or invalid query filter clause specified for property '${head}' of resource '${resource}'.`,
				);
			}
		}
		if (n.t === 'and' || n.t === 'or') {
			visit(n.a);
			visit(n.b);
		} else if (n.t === 'not') visit(n.a);
		else if (n.t === 'lambda' && n.body) visit(n.body);
	};
	visit(node);
}

function readOrderBy(
	raw: string,
	types: MemberType[],
	withFilter: boolean,
	advancedOk: boolean,
): Query['orderby'] {
	const [property, direction] = raw.trim().split(/\s+/);
	const table = types.includes('user') ? USER_ORDER : GROUP_ORDER;
	const support = table[property];
	if (!support) throw unsupportedQuery('Sorting not supported for current query.');
	// "Using $filter and $orderby in the same query ... always requires advanced query parameters."
	if ((support === A || withFilter) && !advancedOk)
		throw unsupportedQuery('Sorting not supported for current query.');
	return { property, desc: (direction ?? '').toLowerCase() === 'desc' };
}

function results(
	ctx: Ctx,
	source: () => DirObject[],
	query: Query,
	options: ListOptions,
): DirObject[] {
	if (!query.filter && !query.search && !query.orderby) return source();
	const key = `${options.cacheKey}|${ctx.query.get('$filter')}|${ctx.query.get('$search')}|${ctx.query.get('$orderby')}`;
	const cache = options.directory.listingCache;
	const version = options.directory.version;
	const hit = cache.get(key);
	if (hit && hit.version === version) return hit.items;
	let items = source().filter(
		(object) =>
			(!query.filter || evaluate(query.filter.node, object.props)) &&
			(!query.search || matchesSearch(query.search, object.props)),
	);
	if (query.orderby) {
		const { property, desc } = query.orderby;
		items = [...items].sort((a, b) => {
			const x = String(a.props[property] ?? '').toLowerCase();
			const y = String(b.props[property] ?? '').toLowerCase();
			return (x < y ? -1 : x > y ? 1 : 0) * (desc ? -1 : 1);
		});
	}
	if (cache.size > 32) cache.clear();
	cache.set(key, { version, items });
	return items;
}

// ---- skiptoken ---------------------------------------------------------------------------------

const SKIP_PREFIX = 'RFNwdAIAAQAAA';

function encodeSkip(offset: number, lastId: string): string {
	return SKIP_PREFIX + Buffer.from(JSON.stringify({ o: offset, l: lastId })).toString('base64url');
}

function decodeSkip(token: string): { o: number; l: string } {
	try {
		if (!token.startsWith(SKIP_PREFIX)) throw new Error('prefix');
		const value = JSON.parse(
			Buffer.from(token.slice(SKIP_PREFIX.length), 'base64url').toString('utf8'),
		);
		if (typeof value.o !== 'number') throw new Error('shape');
		return value;
	} catch {
		throw badRequest('Invalid $skiptoken value.');
	}
}

/** Where the page starts: after the last id returned, even if objects came or went meanwhile. */
function startIndex(items: DirObject[], token: string | null): number {
	if (!token) return 0;
	const { o, l } = decodeSkip(token);
	if (items[o - 1]?.id === l) return o;
	const index = items.findIndex((item) => item.id === l);
	return index >= 0 ? index + 1 : Math.min(o, items.length);
}

// ---- projection --------------------------------------------------------------------------------

export function defaultProperties(object: DirObject): string[] {
	return object.kind === 'users'
		? USER_DEFAULT_PROPERTIES
		: object.kind === 'groups'
			? GROUP_DEFAULT_PROPERTIES
			: DEVICE_PROPERTIES;
}

/** The object as Graph returns it: the selected (or default) properties, null when unset. */
export function project(
	object: DirObject,
	select: string[] | undefined,
	annotate: boolean,
): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	if (annotate) out['@odata.type'] = `#microsoft.graph.${typeName(object.kind)}`;
	const known = PROPERTIES[typeName(object.kind)];
	const names = select && !select.includes('*') ? select : defaultProperties(object);
	for (const name of names) {
		if (NAVIGATION.has(name) || !known.has(name)) continue;
		const value = object.props[name];
		out[name] = value === undefined ? unsetValue(object, name) : clone(value);
	}
	if (select && !('id' in out) && !select.includes('*')) out.id = object.id;
	return out;
}

const EMPTY_COLLECTIONS = new Set(USER_EMPTY_COLLECTIONS);

/** A property the record does not hold: `[]` for a user's non-nullable collections, else null. */
function unsetValue(object: DirObject, name: string): unknown {
	if (object.kind !== 'users') return null;
	if (EMPTY_COLLECTIONS.has(name)) return [];
	return name === 'onPremisesExtensionAttributes' ? emptyExtensionAttributes() : null;
}

function clone(value: unknown): unknown {
	return value !== null && typeof value === 'object' ? JSON.parse(JSON.stringify(value)) : value;
}

export function contextUrl(ctx: Ctx, context: string, select?: string[]): string {
	const suffix = select && select.length ? `(${select.join(',')})` : '';
	return `${ctx.base}/v1.0/$metadata#${context}${suffix}`;
}

/** Lists a collection with Graph's options, page size and `$skiptoken` nextLinks. */
export function listObjects(ctx: Ctx, source: () => DirObject[], options: ListOptions): Reply {
	const query = readQuery(ctx, options);
	const items = results(ctx, source, query, options);
	const start = startIndex(items, ctx.query.get('$skiptoken'));
	const page = items.slice(start, start + query.top);
	const body: Record<string, unknown> = {
		'@odata.context': contextUrl(ctx, options.context, query.select),
	};
	if (query.count) body['@odata.count'] = items.length;
	const end = start + page.length;
	if (end < items.length && page.length) {
		const params = [...ctx.query.entries()].filter(([key]) => key !== '$skiptoken');
		params.push(['$skiptoken', encodeSkip(end, page[page.length - 1].id)]);
		body['@odata.nextLink'] = `${ctx.base}/v1.0${ctx.rawPath}?${queryString(params)}`;
	}
	body.value = page.map((object) => project(object, query.select, options.annotate));
	return json(200, body);
}

/** `/$count` segment: advanced only ("$count is not currently supported" otherwise). */
export function countObjects(ctx: Ctx, source: () => DirObject[], options: ListOptions): Reply {
	if (!isEventual(ctx)) throw badRequest('$count is not currently supported.');
	const query = readQuery(ctx, { ...options, relationship: false });
	const items = results(ctx, source, query, options);
	return { status: 200, headers: { 'Content-Type': 'text/plain' }, body: String(items.length) };
}
