import type { INodeExecutionData } from 'n8n-workflow';

import type { GraphClient, GraphErrorInfo } from '../transport';
import { createdAfterRound, localClock, timeOf } from './classify';
import type { TriggerConfig } from './config';
import { startFeed } from './delta';
import { createdSince, deletedItems } from './directoryScan';
import { deletedEvent, objectEvent, withoutAnnotations } from './items';
import { passesTypeFilter } from './round';
import type { FeedState } from './state';
import { pruneBefore } from './state';

/*
 * Expired or reset delta state. Docs (delta query overview): tokens of directory objects are valid
 * seven days, then "the service should respond with a 40X-series error with error codes such as
 * syncStateNotFound"; and "Delta query can return a response code of 410 (gone) and a Location header
 * containing a request URL with an empty $deltaToken (same as the initial query). This is an
 * indication that the application must restart with a full synchronization".
 *
 * A full synchronization would list every object as if new, so it is not used. Instead the trigger:
 * 1. starts a new feed from now ($deltatoken=latest, one request);
 * 2. recovers what Graph still lets it find for the missed period, which starts where the created
 *    window of the stored state starts (the previous round's time minus the allowance): objects
 *    created since (directoryScan.ts) and soft deletions still listed in
 *    `/directory/deletedItems/microsoft.graph.{user|group}` (kept 30 days);
 * 3. emits first a `syncReset` warning item that names the cause, the period and what could not be
 *    recovered, then the recovered items (marked `recovered: true`).
 *
 * The same recovery runs when the stored state cannot be used at all (poll.ts): a stored link that
 * is not a URL or points at another host than the credential's Graph host (the credential was
 * changed), a stored link Graph rejects (400 on its first page), or static data that fails the
 * checks of state.ts. A state that is wholly unreadable gives no window start; the recovery then
 * looks back UNKNOWN_PERIOD_MS and may repeat creations emitted before (marked `recovered`).
 */

/** Look-back when nothing of the lost state tells when the last poll was: the life of a delta token. */
export const UNKNOWN_PERIOD_MS = 7 * 24 * 3600 * 1000;

/** Why the stored state cannot be used: `reason` is the machine-readable name, `explanation` the sentence. */
export interface ResetCause {
	reason: string;
	explanation: string;
}

/** The cause for an error Graph answered to the stored link (expired or rejected). */
export function causeOfGraphError(info: GraphErrorInfo): ResetCause {
	const reason = info.code || `HTTP${info.status}`;
	if (isExpiredSyncState(info))
		return {
			reason,
			explanation: `Microsoft Graph no longer accepts the stored delta state (${info.code || info.status})`,
		};
	return {
		reason,
		explanation: `Microsoft Graph rejected the stored delta link (HTTP ${info.status} ${info.code}: ${info.message})`,
	};
}

function isGraphError(cause: GraphErrorInfo | ResetCause): cause is GraphErrorInfo {
	return typeof (cause as GraphErrorInfo).status === 'number';
}

/** Whether a failed delta request means the stored link can no longer be used. */
export function isExpiredSyncState(info: GraphErrorInfo | undefined): boolean {
	if (!info) return false;
	if (info.status === 410) return true;
	if (['syncStateNotFound', 'syncStateInvalid', 'resyncRequired'].includes(info.code)) return true;
	// An old link is refused with the generic code Request_UnsupportedQuery ("DeltaLink older than ...
	// is not supported"); that code alone also covers real query mistakes, so only here the message is read.
	return info.status === 400 && /deltalink older than/i.test(info.message);
}

const NOT_RECOVERABLE: Record<string, string> = {
	created: 'Objects that were created and deleted again within the period',
	createdOrUpdated: 'Updates and restores made within the period (creations were recovered)',
	deleted:
		'Permanent deletions made within the period (soft deletions still in deleted items were recovered)',
	accountEnabled: 'Accounts disabled or enabled within the period',
	membership: 'Membership changes made within the period',
};

interface Bookkeeping {
	recentCreated: Record<string, string>;
	softDeleted: Record<string, string>;
}

async function recoverCreated(
	client: GraphClient,
	config: TriggerConfig,
	since: number,
	book: Bookkeeping,
): Promise<INodeExecutionData[]> {
	const items: INodeExecutionData[] = [];
	for await (const found of createdSince(client, config.event.resource, since, config.select)) {
		const object = withoutAnnotations(found);
		const id = object.id as string;
		// Already emitted as created before the state was lost.
		if (book.recentCreated[id] !== undefined || !passesTypeFilter(config, object)) continue;
		book.recentCreated[id] = String(object.createdDateTime);
		items.push(objectEvent(config, 'created', id, object, { flags: { recovered: true } }));
	}
	return items;
}

async function recoverSoftDeleted(
	client: GraphClient,
	config: TriggerConfig,
	state: FeedState,
	since: number,
	book: Bookkeeping,
): Promise<INodeExecutionData[]> {
	const items: INodeExecutionData[] = [];
	const typeProperties =
		config.event.resource === 'user' ? ['userType'] : ['groupTypes', 'securityEnabled'];
	const stillDeleted: Record<string, string> = {};
	for await (const found of deletedItems(client, config.event.resource, [
		...config.select,
		...typeProperties,
	])) {
		const object = withoutAnnotations(found);
		const id = object.id as string;
		stillDeleted[id] = String(object.deletedDateTime);
		const deleted = Date.parse(String(object.deletedDateTime ?? ''));
		// Compared here rather than with $filter: deletedItems documents $orderby on deletedDateTime,
		// not a filter on it. A deletion at or before the time of the round that showed it was emitted
		// then. (Times have one-second resolution: a restore and a new deletion within the very second
		// of that round would be taken for the old deletion.)
		if (Number.isNaN(deleted) || deleted < since) continue;
		const seenAt = state.softDeleted[id] !== undefined ? Date.parse(state.softDeleted[id]) : NaN;
		if (!Number.isNaN(seenAt) && deleted <= seenAt) continue;
		if (!passesTypeFilter(config, object)) continue;
		items.push(deletedEvent(config, id, 'soft', object, { recovered: true }));
	}
	book.softDeleted = stillDeleted;
	return items;
}

export async function recover(
	client: GraphClient,
	config: TriggerConfig,
	state: FeedState,
	info: GraphErrorInfo | ResetCause,
): Promise<{ items: INodeExecutionData[]; next: FeedState }> {
	const cause = isGraphError(info) ? causeOfGraphError(info) : info;
	// The new feed starts before the recovery reads, so nothing falls between the two; an object
	// found by both is deduplicated by the bookkeeping below.
	const baseline = await startFeed(client, config);
	// A window start later than Graph's time now (a clock that ran ahead) would recover nothing.
	const since = Math.min(timeOf(state.createdAfter), timeOf(baseline.servedAt));
	// What was soft-deleted may have been restored or purged unseen: only a fresh listing of deleted
	// items (done for User Deleted) may stand in for it. Otherwise restores are recognised by the
	// createdDateTime they carry (classify.ts).
	const book: Bookkeeping = { recentCreated: { ...state.recentCreated }, softDeleted: {} };
	const kind = config.event.kind;
	let recovered: INodeExecutionData[] = [];
	if (kind === 'created' || kind === 'createdOrUpdated')
		recovered = await recoverCreated(client, config, since, book);
	if (kind === 'deleted' && config.deleteKind !== 'permanent')
		recovered = await recoverSoftDeleted(client, config, state, since, book);
	const notRecovered =
		kind === 'deleted' && config.deleteKind === 'permanent'
			? 'Permanent deletions made within the period'
			: NOT_RECOVERABLE[kind];
	const warning: INodeExecutionData = {
		json: {
			changeType: 'syncReset',
			resource: config.event.resource,
			reason: cause.reason,
			message: `${cause.explanation}; tracking restarted from now. Changes between missedFrom and missedUntil were recovered where possible (${recovered.length} items follow). Not recoverable: ${notRecovered}.`,
			missedFrom: new Date(since).toISOString(),
			missedUntil: baseline.servedAt,
			recoveredCount: recovered.length,
			notRecovered,
		},
	};
	const createdAfter = createdAfterRound(baseline, state.createdAfter);
	const next: FeedState = {
		feedKey: state.feedKey,
		deltaLink: baseline.deltaLink,
		servedAt: baseline.servedAt,
		createdAfter,
		recentCreated: pruneBefore(book.recentCreated, timeOf(createdAfter)),
		softDeleted: book.softDeleted,
		// What Graph does with createdDateTime does not change with the feed.
		createdDateTimeSeen: state.createdDateTimeSeen,
	};
	if (state.createdDateTimeAbsent) next.createdDateTimeAbsent = true;
	return { items: [warning, ...recovered], next };
}

/**
 * A stand-in for state that could not be used, built from what could still be read of it (state.ts
 * salvage), so that recover() can run: the window start falls back to UNKNOWN_PERIOD_MS ago.
 */
export function stateForRecovery(feedKey: string, salvage: Partial<FeedState>): FeedState {
	const fallback = new Date(localClock.now() - UNKNOWN_PERIOD_MS).toISOString();
	const createdAfter = salvage.createdAfter ?? salvage.servedAt ?? fallback;
	return {
		feedKey,
		deltaLink: '',
		servedAt: salvage.servedAt ?? createdAfter,
		createdAfter,
		recentCreated: salvage.recentCreated ?? {},
		softDeleted: salvage.softDeleted ?? {},
		createdDateTimeSeen: salvage.createdDateTimeSeen === true,
	};
}
