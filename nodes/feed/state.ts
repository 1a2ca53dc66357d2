import type { IDataObject } from 'n8n-workflow';

/*
 * What the trigger keeps in the workflow's static data (node scope), and how it is versioned.
 *
 * Persistence: n8n writes static data to the database when the workflow is activated and when a
 * poll returns items, not after a poll that returns nothing. Between those moments the state lives
 * in memory only. The layout is therefore built so that ANY older snapshot is a safe place to resume
 * from: each snapshot holds a deltaLink together with the bookkeeping of that same moment, and
 * resuming from an older deltaLink only replays changes (Graph re-sends everything after it). After a
 * restart that lost newer in-memory state, events may repeat; they never vanish.
 *
 * Stored state is checked field by field before use (inspectFeedState). State that cannot be used
 * (not an object, a newer layout, a field of the wrong type) is never dropped silently: the poll
 * emits a `syncReset` warning and recovers as after an expired delta token (recovery.ts).
 */

export const STATE_VERSION = 1;
export const STATE_KEY = 'entraIdDelta';

/**
 * Ids emitted as created are remembered while their createdDateTime is inside the created window
 * (classify.ts), whatever their number. Only past this many (a burst far beyond what one window
 * normally holds) are the oldest dropped, and the window start is then raised past them, so that
 * a dropped id can no longer count as new: it becomes "updated", never a second "created".
 */
export const MAX_RECENT_CREATED = 20000;
export const MAX_SOFT_DELETED = 5000;
/** Deleted users and Microsoft 365 groups stay restorable for 30 days (directory deletedItems docs). */
export const SOFT_DELETE_RETENTION_MS = 30 * 24 * 3600 * 1000;

export interface FeedState {
	feedKey: string;
	/** The whole deltaLink of the last fully read round (delta docs: "Save and apply the entire deltaLink URL"). */
	deltaLink: string;
	/** Graph's time (Date header) when it served the first page of that round, ISO 8601. */
	servedAt: string;
	/**
	 * Objects created at or after this time (Graph's clock, ISO 8601) count as new in the next round:
	 * the activation time, or a round's time minus the allowance (classify.ts).
	 */
	createdAfter: string;
	/** Ids already emitted as created, with their createdDateTime, while they may still look new. */
	recentCreated: Record<string, string>;
	/** Ids seen soft-deleted (`@removed: changed`) with when: one that comes back was restored. */
	softDeleted: Record<string, string>;
	/**
	 * Whether this feed has ever returned createdDateTime on a delta item. Once it has, an item without
	 * it (with `Prefer: return=minimal`) is an existing object whose createdDateTime did not change.
	 */
	createdDateTimeSeen: boolean;
	/**
	 * Set once the feed was asked whether its delta items carry createdDateTime (delta.ts,
	 * feedReturnsCreatedDateTime) and the answer was no; with createdDateTimeSeen it records the
	 * answer either way, so the question costs one request per feed, not one per busy poll.
	 */
	createdDateTimeAbsent?: boolean;
}

interface StoredState {
	version: number;
	feed: FeedState;
	/**
	 * How many times this node's feed state was written: each write is one more than the state it was
	 * computed from (commitFeedState). Of two copies of the static data, the higher sequence is the
	 * newer view; unlike Graph's Date header (one-second steps) it cannot tie for two rounds of one
	 * process. Absent in state written before it existed: 0.
	 */
	sequence?: number;
}

/** What a poll finds in static data. */
export type StateCheck =
	| { status: 'none' }
	| { status: 'ok'; state: FeedState }
	/** The node was reconfigured (other event or properties): a new feed, as documented. */
	| { status: 'otherFeed' }
	/**
	 * Present but unusable. `reason` names the cause for the syncReset item; `salvage` holds what could
	 * still be read (the window start and bookkeeping, for recovery).
	 */
	| {
			status: 'unusable';
			reason: 'stateUnreadable' | 'stateVersionNewer';
			detail: string;
			salvage: Partial<FeedState>;
	  };

function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isTime(value: unknown): value is string {
	return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

function isTimeMap(value: unknown): value is Record<string, string> {
	return isRecord(value) && Object.values(value).every((when) => typeof when === 'string');
}

function describe(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (value === null) return 'null';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The fields of a stored feed that can still be trusted, for recovery from unusable state. */
function salvage(feed: unknown): Partial<FeedState> {
	if (!isRecord(feed)) return {};
	const kept: Partial<FeedState> = {};
	if (isTime(feed.createdAfter)) kept.createdAfter = feed.createdAfter;
	if (isTime(feed.servedAt)) kept.servedAt = feed.servedAt;
	if (isTimeMap(feed.recentCreated)) kept.recentCreated = feed.recentCreated;
	if (isTimeMap(feed.softDeleted)) kept.softDeleted = feed.softDeleted;
	if (feed.createdDateTimeSeen === true) kept.createdDateTimeSeen = true;
	return kept;
}

/** Names the first field of a version-1 feed that is not what this version writes, or undefined. */
function invalidField(feed: Record<string, unknown>): string | undefined {
	if (typeof feed.deltaLink !== 'string' || !feed.deltaLink)
		return `deltaLink is ${describe(feed.deltaLink)}`;
	if (!isTime(feed.servedAt)) return 'servedAt is not a time';
	if (feed.createdAfter !== undefined && !isTime(feed.createdAfter))
		return 'createdAfter is not a time';
	if (feed.recentCreated !== undefined && !isTimeMap(feed.recentCreated))
		return 'recentCreated is not a map of times';
	if (feed.softDeleted !== undefined && !isTimeMap(feed.softDeleted))
		return 'softDeleted is not a map of times';
	if (feed.createdDateTimeSeen !== undefined && typeof feed.createdDateTimeSeen !== 'boolean')
		return 'createdDateTimeSeen is not a boolean';
	if (feed.createdDateTimeAbsent !== undefined && typeof feed.createdDateTimeAbsent !== 'boolean')
		return 'createdDateTimeAbsent is not a boolean';
	return undefined;
}

/** Reads and checks the stored state of this feed. */
export function inspectFeedState(staticData: IDataObject, feedKey: string): StateCheck {
	const stored = (staticData as Record<string, unknown>)[STATE_KEY];
	if (stored === undefined) return { status: 'none' };
	if (!isRecord(stored))
		return {
			status: 'unusable',
			reason: 'stateUnreadable',
			detail: `the stored state is ${describe(stored)}, not an object`,
			salvage: {},
		};
	if (typeof stored.version === 'number' && stored.version > STATE_VERSION) {
		return {
			status: 'unusable',
			reason: 'stateVersionNewer',
			detail: `the stored state has layout version ${stored.version}, written by a newer version of this node (this one reads version ${STATE_VERSION})`,
			salvage: salvage(stored.feed),
		};
	}
	if (stored.version !== STATE_VERSION) {
		return {
			status: 'unusable',
			reason: 'stateUnreadable',
			detail: `the stored state has no known layout version (${describe(stored.version)})`,
			salvage: salvage(stored.feed),
		};
	}
	const feed = stored.feed;
	if (!isRecord(feed))
		return {
			status: 'unusable',
			reason: 'stateUnreadable',
			detail: `the stored feed is ${describe(feed)}, not an object`,
			salvage: {},
		};
	if (typeof feed.feedKey !== 'string')
		return {
			status: 'unusable',
			reason: 'stateUnreadable',
			detail: `feedKey is ${describe(feed.feedKey)}`,
			salvage: salvage(feed),
		};
	if (feed.feedKey !== feedKey) return { status: 'otherFeed' };
	const problem = invalidField(feed);
	if (problem)
		return {
			status: 'unusable',
			reason: 'stateUnreadable',
			detail: problem,
			salvage: salvage(feed),
		};
	const state: FeedState = {
		feedKey: feed.feedKey,
		deltaLink: feed.deltaLink as string,
		servedAt: feed.servedAt as string,
		createdAfter: (feed.createdAfter as string | undefined) ?? (feed.servedAt as string),
		recentCreated: (feed.recentCreated as Record<string, string> | undefined) ?? {},
		softDeleted: (feed.softDeleted as Record<string, string> | undefined) ?? {},
		createdDateTimeSeen: feed.createdDateTimeSeen === true,
	};
	if (feed.createdDateTimeAbsent === true) state.createdDateTimeAbsent = true;
	return { status: 'ok', state };
}

/** Reads the stored feed state, or undefined when there is no usable state for this feed. */
export function readFeedState(staticData: IDataObject, feedKey: string): FeedState | undefined {
	const check = inspectFeedState(staticData, feedKey);
	return check.status === 'ok' ? check.state : undefined;
}

/** The write count of the stored state (StoredState.sequence), whatever its feed or layout; 0 when none. */
export function feedSequence(staticData: IDataObject): number {
	const stored = (staticData as Record<string, unknown>)[STATE_KEY];
	const sequence = isRecord(stored) ? stored.sequence : undefined;
	return typeof sequence === 'number' && Number.isInteger(sequence) && sequence >= 0 ? sequence : 0;
}

/**
 * Replaces the stored state as a whole, so that a snapshot is never half old and half new, with the
 * given write count (default: one more than the stored one). Rounds save through commitFeedState.
 */
export function writeFeedState(
	staticData: IDataObject,
	feed: FeedState,
	sequence = feedSequence(staticData) + 1,
): void {
	const bounded = boundRecentCreated(feed.recentCreated, feed.createdAfter);
	const stored: StoredState = {
		version: STATE_VERSION,
		feed: {
			...feed,
			createdAfter: bounded.createdAfter,
			recentCreated: bounded.recentCreated,
			softDeleted: newest(feed.softDeleted, MAX_SOFT_DELETED),
		},
		sequence,
	};
	staticData[STATE_KEY] = stored as unknown as IDataObject;
}

/**
 * Saves the state a round computed from the stored state with write count `base`, only if that is
 * still the stored one: when another round saved meanwhile (overlapping polls share one static data
 * object), its newer state stays and this older view is dropped. Answers whether it saved.
 */
export function commitFeedState(staticData: IDataObject, feed: FeedState, base: number): boolean {
	if (feedSequence(staticData) !== base) return false;
	writeFeedState(staticData, feed, base + 1);
	return true;
}

/**
 * Keeps the remembered creations under MAX_RECENT_CREATED (see there). When some must go, the
 * oldest go, and the window start moves to just after the newest createdDateTime dropped: an object
 * at or before it no longer counts as new, so forgetting it cannot produce a second "created".
 */
export function boundRecentCreated(
	recentCreated: Record<string, string>,
	createdAfter: string,
	limit = MAX_RECENT_CREATED,
): { recentCreated: Record<string, string>; createdAfter: string } {
	const ids = Object.keys(recentCreated);
	if (ids.length <= limit) return { recentCreated, createdAfter };
	const timeOf = (id: string) => {
		const time = Date.parse(recentCreated[id]);
		return Number.isNaN(time) ? Infinity : time;
	};
	const sorted = ids.sort((a, b) => timeOf(b) - timeOf(a));
	const kept = sorted.slice(0, limit);
	const droppedNewest = Math.max(...sorted.slice(limit).map(timeOf).filter(Number.isFinite));
	const start = Math.max(
		Date.parse(createdAfter) || 0,
		Number.isFinite(droppedNewest) ? droppedNewest + 1 : 0,
	);
	return {
		recentCreated: Object.fromEntries(
			kept.filter((id) => timeOf(id) >= start).map((id) => [id, recentCreated[id]]),
		),
		createdAfter: new Date(start).toISOString(),
	};
}

/** Keeps the `limit` entries with the latest timestamps. */
function newest(entries: Record<string, string>, limit: number): Record<string, string> {
	const ids = Object.keys(entries);
	if (ids.length <= limit) return entries;
	const kept = ids
		.sort((a, b) => (entries[b] < entries[a] ? -1 : entries[b] > entries[a] ? 1 : 0))
		.slice(0, limit);
	return Object.fromEntries(kept.map((id) => [id, entries[id]]));
}

/** Drops entries whose timestamp is before `cutoff` (ms). */
export function pruneBefore(
	entries: Record<string, string>,
	cutoff: number,
): Record<string, string> {
	const kept: Record<string, string> = {};
	for (const [id, when] of Object.entries(entries)) {
		const time = Date.parse(when);
		if (Number.isNaN(time) || time >= cutoff) kept[id] = when;
	}
	return kept;
}
