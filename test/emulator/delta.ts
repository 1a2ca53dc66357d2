import type { Ctx, Reply } from './context';
import { json, queryString } from './context';
import type { Env } from './env';
import { badRequest, GraphError, unsupportedQuery } from './errors';
import type { DirObject, GroupRecord, Kind, MemberEvent } from './model';
import {
	GROUP_DEFAULT_PROPERTIES,
	GROUP_PROPERTIES,
	NAVIGATION,
	USER_DEFAULT_PROPERTIES,
	USER_PROPERTIES,
} from './model';
import { parseFilter, parseSelect } from './odata';
import { PERMS, requirePermission } from './permissions';
import type { Directory } from './store';

/**
 * Delta query for users and groups (docs: delta-query-overview, user: delta, group: delta,
 * delta-query-users, delta-query-groups). State lives in the links: each token encodes the kind,
 * the `$select`, the id filter, the round's window of the change log and a cursor.
 */
export const DELTA_TOKEN_LIFETIME_MS = 7 * 24 * 3600 * 1000;
/** Graph chooses page sizes; these are fixed so runs are deterministic. */
export const DELTA_PAGE = { users: 200, groups: 100, memberEntries: 500 };

interface DeltaState {
	k: Kind;
	s?: string[];
	f?: string[];
	/** Changes after this change-log sequence (absent: initial full round). */
	since?: number;
	/** The round's snapshot: the change-log sequence when its first page was served. */
	upto: number;
	/** Cursor: initial round, last object seq done; incremental round, index into the changed ids. */
	c: number;
	/** Member entries of the object at the cursor already sent (large groups span pages). */
	m: number;
	/** Issued at (emulated clock, ms). */
	iat: number;
}

const PREFIX = { skip: 'sK', delta: 'dT' };

function encode(kind: 'skip' | 'delta', state: DeltaState): string {
	return PREFIX[kind] + Buffer.from(JSON.stringify(state)).toString('base64url');
}

function decode(kind: 'skip' | 'delta', token: string): DeltaState {
	try {
		if (!token.startsWith(PREFIX[kind])) throw new Error('prefix');
		const state = JSON.parse(
			Buffer.from(token.slice(2), 'base64url').toString('utf8'),
		) as DeltaState;
		if ((state.k !== 'users' && state.k !== 'groups') || typeof state.iat !== 'number')
			throw new Error('shape');
		return state;
	} catch {
		throw badRequest(`The ${kind === 'skip' ? '$skiptoken' : '$deltatoken'} value is not valid.`);
	}
}

// ---- request parsing -----------------------------------------------------------------------------

const UNSUPPORTED = ['$top', '$orderby', '$expand', '$search', '$count', '$skip'];

function readSelect(ctx: Ctx, kind: Kind): string[] | undefined {
	const known = kind === 'users' ? USER_PROPERTIES : GROUP_PROPERTIES;
	const select = parseSelect(ctx.query.get('$select'), known, kind === 'users' ? 'user' : 'group');
	return select?.filter((name) => name !== 'id');
}

/** `$filter` on delta: only `id eq '...'` joined by `or`, at most 50 ids. */
function readIdFilter(raw: string | null): string[] | undefined {
	if (!raw) return undefined;
	const ids: string[] = [];
	const visit = (node: ReturnType<typeof parseFilter>['node']): void => {
		if (node.t === 'or') {
			visit(node.a);
			visit(node.b);
		} else if (
			node.t === 'cmp' &&
			node.op === 'eq' &&
			node.left.t === 'prop' &&
			node.left.path === 'id' &&
			node.right.t === 'lit'
		) {
			ids.push(String(node.right.value).toLowerCase());
		} else {
			throw unsupportedQuery(
				"Delta query supports only $filter on id, for example: id eq '{id}' or id eq '{id}'.",
			);
		}
	};
	visit(parseFilter(raw).node);
	if (ids.length > 50) throw unsupportedQuery('Delta query $filter supports at most 50 ids.');
	return ids;
}

function check(env: Env, ctx: Ctx, state: DeltaState): void {
	if (state.iat <= env.resyncBefore[state.k]) {
		// delta-query-overview, "Synchronization reset": 410 Gone with a Location for a full resync.
		const params: [string, string][] = [];
		if (state.s) params.push(['$select', state.s.join(',')]);
		if (state.f) params.push(['$filter', state.f.map((id) => `id eq '${id}'`).join(' or ')]);
		const location = `${ctx.base}/v1.0/${state.k}/delta${params.length ? `?${queryString(params)}` : ''}`;
		throw new GraphError(
			410,
			'resyncRequired',
			'The delta token is no longer valid: a full synchronization is required. Follow the Location header.',
			{ Location: location },
		);
	}
	if (env.clock.now() - state.iat > DELTA_TOKEN_LIFETIME_MS) {
		// Token duration: 7 days for directory objects (devblog "Duration of change tracking tokens").
		if (env.deltaExpiry === 'unsupportedQuery')
			throw unsupportedQuery('DeltaLink older than 7 days is not supported.');
		throw new GraphError(
			400,
			'syncStateNotFound',
			'The sync state generation is not found. The delta token is expired and data must be synchronized again.',
		);
	}
}

function startState(ctx: Ctx, env: Env, kind: Kind): DeltaState | 'latest' {
	for (const name of UNSUPPORTED)
		if (ctx.query.has(name))
			throw unsupportedQuery(
				`The query parameter '${name}' is not supported with delta queries on ${kind}.`,
			);
	const skip = ctx.query.get('$skiptoken');
	const delta = ctx.query.get('$deltatoken');
	if (skip !== null) {
		if (ctx.query.has('$select'))
			throw unsupportedQuery('$select cannot be combined with $skiptoken in a delta query.');
		const state = decode('skip', skip);
		check(env, ctx, state);
		return state;
	}
	if (delta !== null && delta.toLowerCase() !== 'latest') {
		const state = decode('delta', delta);
		check(env, ctx, state);
		// delta-query-overview: $select may come with a deltaLink to change the tracked properties.
		const select = ctx.query.has('$select') ? readSelect(ctx, kind) : state.s;
		return {
			k: kind,
			s: select,
			f: state.f,
			since: state.since,
			upto: env.directory.seq,
			c: 0,
			m: 0,
			iat: env.clock.now(),
		};
	}
	const base = {
		k: kind,
		s: readSelect(ctx, kind),
		f: readIdFilter(ctx.query.get('$filter')),
		upto: env.directory.seq,
		c: 0,
		m: 0,
		iat: env.clock.now(),
	};
	if (delta !== null) return 'latest';
	return base;
}

// ---- item building -----------------------------------------------------------------------------

function tracked(state: DeltaState): string[] {
	if (state.s) return state.s;
	return state.k === 'users'
		? USER_DEFAULT_PROPERTIES.filter((p) => p !== 'id')
		: [...GROUP_DEFAULT_PROPERTIES.filter((p) => p !== 'id'), 'members'];
}

interface Item {
	body: Record<string, unknown>;
	members?: Record<string, unknown>[];
}

function memberEntry(event: {
	id: string;
	type: string;
	removed: boolean;
}): Record<string, unknown> {
	const entry: Record<string, unknown> = {
		'@odata.type': `#microsoft.graph.${event.type}`,
		id: event.id,
	};
	if (event.removed) entry['@removed'] = { reason: 'deleted' };
	return entry;
}

/** Net membership changes after `since`: the last event per member wins. */
function memberChanges(events: MemberEvent[], since: number): Record<string, unknown>[] {
	let lo = 0;
	let hi = events.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (events[mid].seq <= since) lo = mid + 1;
		else hi = mid;
	}
	const last = new Map<string, MemberEvent>();
	for (let i = lo; i < events.length; i++) last.set(events[i].id, events[i]);
	return [...last.values()].map(memberEntry);
}

function navigation(
	directory: Directory,
	object: DirObject,
	name: string,
	since: number | undefined,
): Record<string, unknown>[] | undefined {
	if (name === 'members' && object.kind === 'groups') {
		const group = object as GroupRecord;
		if (since === undefined || object.bornSeq > since) {
			return [...group.members].map((id) =>
				memberEntry({ id, type: directory.memberType(id), removed: false }),
			);
		}
		return memberChanges(group.memberLog, since);
	}
	if (name === 'manager' && object.kind === 'users') {
		const changedAt = object.changed?.get('manager') ?? 0;
		const isNew = since === undefined || object.bornSeq > since;
		if (!isNew && changedAt <= since) return [];
		const manager = directory.managers.get(object.id);
		if (manager) return [memberEntry({ id: manager, type: 'user', removed: false })];
		return isNew ? [] : [];
	}
	return undefined;
}

/** One object's delta representation, or undefined when nothing it tracks changed in the window. */
function buildItem(
	directory: Directory,
	state: DeltaState,
	id: string,
	minimal: boolean,
): Item | undefined {
	const live = (state.k === 'users' ? directory.users.get(id) : directory.groups.get(id)) as
		| DirObject
		| undefined;
	const since = state.since;
	if (!live) {
		const removed = directory.deleted[state.k].get(id);
		if (removed && since !== undefined && (removed.deletedAtSeq ?? 0) > since)
			return { body: { id, '@removed': { reason: 'changed' } } };
		const tomb = directory.tombstones.get(id);
		if (tomb && tomb.kind === state.k && since !== undefined && tomb.seq > since)
			return { body: { id, '@removed': { reason: 'deleted' } } };
		return undefined;
	}
	const isNew = since === undefined || live.bornSeq > since;
	const body: Record<string, unknown> = { id };
	let changedSomething = isNew;
	let members: Record<string, unknown>[] | undefined;
	for (const name of tracked(state)) {
		if (NAVIGATION.has(name)) {
			const entries = navigation(directory, live, name, since);
			if (entries && entries.length) {
				changedSomething = true;
				if (name === 'members') members = entries;
				else body[`${name}@delta`] = entries;
			}
			continue;
		}
		const changedAt = live.changed?.get(name) ?? 0;
		const changed = isNew || (since !== undefined && changedAt > since);
		if (changed && !isNew) changedSomething = true;
		const value = live.props[name];
		// user: delta: "If the property has never been set before it will not be included in the response at all."
		const everSet = (value !== null && value !== undefined) || changedAt > 0;
		if (minimal ? changed && (everSet || !isNew) : everSet) body[name] = value ?? null;
	}
	if (!changedSomething) return undefined;
	return { body, members };
}

// ---- rounds ------------------------------------------------------------------------------------

const memo = new WeakMap<Directory, Map<string, string[]>>();

/** Ids with a change-log entry in (since, upto], first occurrence order. */
function changedIds(directory: Directory, kind: Kind, since: number, upto: number): string[] {
	let cache = memo.get(directory);
	if (!cache) memo.set(directory, (cache = new Map()));
	const key = `${kind}:${since}:${upto}`;
	const hit = cache.get(key);
	if (hit) return hit;
	const log = directory.log[kind];
	let lo = 0;
	let hi = log.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (log[mid].seq <= since) lo = mid + 1;
		else hi = mid;
	}
	const seen = new Set<string>();
	for (let i = lo; i < log.length && log[i].seq <= upto; i++) seen.add(log[i].id);
	const ids = [...seen];
	if (cache.size > 64) cache.clear();
	cache.set(key, ids);
	return ids;
}

interface Page {
	value: Record<string, unknown>[];
	next?: DeltaState;
}

/** Adds an item, slicing `members@delta`; returns false when the page is full. */
function pushItem(
	page: Page,
	item: Item,
	state: DeltaState,
	budget: { objects: number; members: number },
): boolean {
	const members = item.members ?? [];
	const slice = members.slice(state.m, state.m + budget.members);
	const body = { ...item.body };
	if (slice.length) body['members@delta'] = slice;
	page.value.push(body);
	budget.objects -= 1;
	budget.members -= slice.length;
	if (state.m + slice.length < members.length) {
		state.m += slice.length;
		return false;
	}
	state.m = 0;
	return true;
}

function buildPage(env: Env, state: DeltaState, minimal: boolean): Page {
	const directory = env.directory;
	const page: Page = { value: [] };
	const budget = {
		objects: state.k === 'users' ? DELTA_PAGE.users : DELTA_PAGE.groups,
		members: DELTA_PAGE.memberEntries,
	};
	const filter = state.f ? new Set(state.f) : undefined;
	if (state.since === undefined) {
		const order = directory.order[state.k];
		for (
			let i = directory.indexAfter(state.k, state.m > 0 ? state.c - 1 : state.c);
			i < order.length;
			i++
		) {
			if (budget.objects <= 0 || budget.members <= 0) return { ...page, next: state };
			const object = order[i];
			if (filter && !filter.has(object.id)) {
				state.c = object.seq;
				continue;
			}
			const item = buildItem(directory, state, object.id, minimal);
			if (item && !pushItem(page, item, state, budget)) {
				state.c = object.seq;
				return { ...page, next: state };
			}
			state.c = object.seq;
		}
		return page;
	}
	const ids = changedIds(directory, state.k, state.since, state.upto);
	for (; state.c < ids.length; state.c++) {
		if (budget.objects <= 0 || budget.members <= 0) return { ...page, next: state };
		const id = ids[state.c];
		if (filter && !filter.has(id)) continue;
		const item = buildItem(directory, state, id, minimal);
		if (item && !pushItem(page, item, state, budget)) return { ...page, next: state };
	}
	return page;
}

function wantsMinimal(ctx: Ctx): boolean {
	return (ctx.headers.prefer ?? '')
		.split(',')
		.some((part) => part.trim().toLowerCase() === 'return=minimal');
}

/** `GET /users/delta` and `GET /groups/delta`. */
export function delta(ctx: Ctx, env: Env, kind: Kind): Reply {
	requirePermission(ctx, kind === 'users' ? PERMS.readUsers : PERMS.readGroups);
	const start = startState(ctx, env, kind);
	const context = `${ctx.base}/v1.0/$metadata#${kind}`;
	const link = (type: 'skip' | 'delta', state: DeltaState) =>
		`${ctx.base}/v1.0/${kind}/delta?${type === 'skip' ? '$skiptoken' : '$deltatoken'}=${encode(type, state)}`;
	if (start === 'latest') {
		// "Sync from now": $deltatoken=latest answers with a deltaLink and no resource data.
		const state: DeltaState = {
			k: kind,
			s: readSelect(ctx, kind),
			f: readIdFilter(ctx.query.get('$filter')),
			since: env.directory.seq,
			upto: env.directory.seq,
			c: 0,
			m: 0,
			iat: env.clock.now(),
		};
		return json(200, {
			'@odata.context': context,
			'@odata.deltaLink': link('delta', state),
			value: [],
		});
	}
	const minimal = wantsMinimal(ctx);
	const state: DeltaState = { ...start };
	const page = buildPage(env, state, minimal);
	const body: Record<string, unknown> = {
		'@odata.context': state.s ? `${context}(${state.s.join(',')})` : context,
	};
	if (page.next) {
		body['@odata.nextLink'] = link('skip', { ...page.next, iat: env.clock.now() });
	} else {
		body['@odata.deltaLink'] = link('delta', {
			k: kind,
			s: state.s,
			f: state.f,
			since: state.upto,
			upto: state.upto,
			c: 0,
			m: 0,
			iat: env.clock.now(),
		});
	}
	body.value = page.value;
	return json(200, body, minimal ? { 'Preference-Applied': 'return=minimal' } : {});
}
