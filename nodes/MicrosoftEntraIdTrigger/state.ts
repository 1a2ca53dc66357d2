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
 */

export const STATE_VERSION = 1;
const STATE_KEY = 'entraIdDelta';

/** Bounds that keep the static data small whatever the tenant does. */
export const MAX_RECENT_CREATED = 5000;
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
}

interface StoredState {
	version: number;
	feed: FeedState;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads the stored feed state, or undefined when there is none for this feed (first activation or reconfigured). */
export function readFeedState(staticData: IDataObject, feedKey: string): FeedState | undefined {
	const stored = staticData[STATE_KEY];
	if (!isRecord(stored)) return undefined;
	const feed = migrate(stored);
	if (!feed || feed.feedKey !== feedKey || typeof feed.deltaLink !== 'string') return undefined;
	return {
		...feed,
		createdAfter: typeof feed.createdAfter === 'string' ? feed.createdAfter : feed.servedAt,
		recentCreated: isRecord(feed.recentCreated) ? (feed.recentCreated as Record<string, string>) : {},
		softDeleted: isRecord(feed.softDeleted) ? (feed.softDeleted as Record<string, string>) : {},
		createdDateTimeSeen: feed.createdDateTimeSeen === true,
	};
}

/** Brings older layouts up to the current one; only version 1 exists so far. */
function migrate(stored: Record<string, unknown>): FeedState | undefined {
	if (stored.version === STATE_VERSION && isRecord(stored.feed)) return stored.feed as unknown as FeedState;
	return undefined;
}

/** Replaces the stored state as a whole, so that a snapshot is never half old and half new. */
export function writeFeedState(staticData: IDataObject, feed: FeedState): void {
	const stored: StoredState = {
		version: STATE_VERSION,
		feed: {
			...feed,
			recentCreated: newest(feed.recentCreated, MAX_RECENT_CREATED),
			softDeleted: newest(feed.softDeleted, MAX_SOFT_DELETED),
		},
	};
	staticData[STATE_KEY] = stored as unknown as IDataObject;
}

/** Keeps the `limit` entries with the latest timestamps. */
function newest(entries: Record<string, string>, limit: number): Record<string, string> {
	const ids = Object.keys(entries);
	if (ids.length <= limit) return entries;
	const kept = ids.sort((a, b) => (entries[b] < entries[a] ? -1 : entries[b] > entries[a] ? 1 : 0)).slice(0, limit);
	return Object.fromEntries(kept.map((id) => [id, entries[id]]));
}

/** Drops entries whose timestamp is before `cutoff` (ms). */
export function pruneBefore(entries: Record<string, string>, cutoff: number): Record<string, string> {
	const kept: Record<string, string> = {};
	for (const [id, when] of Object.entries(entries)) {
		const time = Date.parse(when);
		if (Number.isNaN(time) || time >= cutoff) kept[id] = when;
	}
	return kept;
}
