/*
 * Telling created, updated, restored and deleted objects apart.
 *
 * Graph has no "created" flag. The delta query overview says newly created objects come "using their
 * standard representation" and updated ones "by their id with at least the properties that have been
 * updated"; with `Prefer: return=minimal` both look the same. Restored objects come back without any
 * annotation ("Get incremental changes for users": "When the user is created, or restored from the
 * deleted items container, there's no annotation").
 *
 * The rule used here rests on createdDateTime (user and group resource docs: "The date and time the
 * user was created ... Read-only ... Returned only on $select", null for some users created before
 * June 2018), which the feed always selects:
 * - the object was seen soft-deleted before (`@removed: changed`)           -> restored
 * - createdDateTime is at or after the window start, and this id was not
 *   already emitted as created (recentCreated)                             -> created
 * - older, but the delta item itself carried createdDateTime              -> restored
 * - otherwise (older, or null)                                            -> updated
 * The fourth rule: createdDateTime never changes, and with `Prefer: return=minimal` "If the property
 * has not changed, the property is not included" (user: delta), so an old createdDateTime in a delta
 * item means the object came back whole - a restore ("When the user is created, or restored from the
 * deleted items container, there's no annotation") - even when this trigger never saw the deletion
 * (it happened before a restart or an expiry, or both fell between two polls).
 * The window starts at Graph's time of the previous round minus an allowance, because the delta
 * overview warns of "varying delays between the time a change is made ... and the time the tracked
 * change is reflected in a delta query response": an object created just before the previous round
 * may only show up now. The recentCreated ids keep such an object from being reported created twice.
 * After activation the window starts at the activation itself: earlier objects are not new to a
 * trigger that promised only changes made after activation.
 *
 * Whether users/groups delta returns createdDateTime is not stated in the delta docs (group: delta's
 * example shows it, user: delta's do not). So an item that lacks it is "undecided" and its
 * createdDateTime is read with a GET, until the feed has once returned it on a delta item; from then
 * on a missing createdDateTime means "not changed", i.e. not new (return=minimal omits unchanged ones).
 */

export type ChangeType = 'created' | 'updated' | 'restored';
export type DeleteKind = 'soft' | 'permanent';

/** Allowance for replication delay (and clock differences) around the previous round's time. */
export const CREATED_ALLOWANCE_MS = 15 * 60 * 1000;
/**
 * Allowance when Graph's answer had no `Date` header and n8n's own clock had to stand in for
 * Graph's: that clock may run ahead of Graph's by minutes or hours, and a window that starts in
 * Graph's future would take new objects for old ones. A wider window only risks taking a restored
 * object created within it for a new one (a doubtful "created" rather than a lost one).
 */
export const LOCAL_CLOCK_ALLOWANCE_MS = 24 * 3600 * 1000;

/** n8n's clock, read in one place (tests move it to play a clock that runs ahead of Graph's). */
export const localClock = { now: (): number => Date.now() };

/** A moment as Graph or, failing that, n8n saw it. */
export interface ServedTime {
	/** ISO 8601. */
	servedAt: string;
	/** False when no Graph response carried a `Date` header and n8n's clock was used. */
	graphClock: boolean;
}

export interface CreatedRule {
	/** Objects created at or after this time (ms, Graph's clock) are new. */
	windowStart: number;
	recentCreated: Record<string, string>;
	softDeleted: Record<string, string>;
}

/** The window start right after activation: the activation itself, widened when only n8n's clock was known. */
export function createdAfterActivation(time: ServedTime): string {
	const served = timeOf(time.servedAt);
	return new Date(time.graphClock ? served : served - LOCAL_CLOCK_ALLOWANCE_MS).toISOString();
}

/**
 * The window start for the round after one served at `time`. It never moves back (what was older
 * than the previous window start, e.g. the activation, was already judged not new), but it is never
 * later than the round's own time either: a window start in Graph's future (state written with a
 * clock that ran ahead) would hide new objects.
 */
export function createdAfterRound(time: ServedTime | string, previous: string): string {
	const served = typeof time === 'string' ? { servedAt: time, graphClock: true } : time;
	const now = timeOf(served.servedAt);
	const start = now - (served.graphClock ? CREATED_ALLOWANCE_MS : LOCAL_CLOCK_ALLOWANCE_MS);
	return new Date(Math.max(start, Math.min(timeOf(previous), now))).toISOString();
}

/** As ms; an unreadable value counts as "now" (nothing older is new). */
export function timeOf(iso: string): number {
	const time = Date.parse(iso);
	return Number.isNaN(time) ? localClock.now() : time;
}

/**
 * Classifies an object delta reported without `@removed`.
 * createdDateTime: a string or null as Graph gave it; undefined when not known (then: undecided).
 * inDeltaItem: whether createdDateTime came in the (minimal) delta item itself, not from a lookup.
 */
export function classifyPresent(
	id: string,
	createdDateTime: unknown,
	rule: CreatedRule,
	inDeltaItem = false,
): ChangeType | undefined {
	if (rule.softDeleted[id] !== undefined) return 'restored';
	if (createdDateTime === undefined) return undefined;
	if (typeof createdDateTime !== 'string') return 'updated';
	const created = Date.parse(createdDateTime);
	if (Number.isNaN(created)) return 'updated';
	if (created < rule.windowStart) return inDeltaItem ? 'restored' : 'updated';
	return rule.recentCreated[id] !== undefined ? 'updated' : 'created';
}

/** delta query overview: `changed` = "can be restored from deletedItems", `deleted` = "cannot be restored". */
export function deleteKindOf(reason: string): DeleteKind {
	return reason === 'deleted' ? 'permanent' : 'soft';
}
