import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { GraphClient } from '../transport';
import type { ChangeType, CreatedRule } from './classify';
import { classifyPresent, createdAfterRound, deleteKindOf, localClock, timeOf } from './classify';
import type { TriggerConfig } from './config';
import { typeFilterProperties } from './config';
import type { ObjectChange, Round } from './delta';
import { changedProperties, feedReturnsCreatedDateTime } from './delta';
import { lookupObjects } from './lookup';
import { deletedEvent, memberItem, objectEvent } from './items';
import type { FeedState } from './state';
import { SOFT_DELETE_RETENTION_MS, boundRecentCreated, pruneBefore } from './state';

/* Turns a fully read round into the items to emit and the state to store next. */

export interface RoundResult {
	items: INodeExecutionData[];
	next: FeedState;
}

interface Candidate {
	change: ObjectChange;
	type: ChangeType | undefined;
}

/** Whether the object is of the chosen user or group type; unknown types pass (nothing is dropped on a guess). */
export function passesTypeFilter(config: TriggerConfig, object: IDataObject): boolean {
	if (config.userType !== 'all') {
		return (
			typeof object.userType !== 'string' ||
			object.userType.toLowerCase() === config.userType.toLowerCase()
		);
	}
	if (config.groupType !== 'all') {
		if (!Array.isArray(object.groupTypes)) return true;
		const unified = (object.groupTypes as string[]).includes('Unified');
		if (config.groupType === 'microsoft365') return unified;
		return !unified && object.securityEnabled !== false;
	}
	return true;
}

function watchedChanged(config: TriggerConfig, change: ObjectChange): boolean {
	if (!config.watched.length) return true;
	return config.watched.some((name) => name in change.properties);
}

/** Whether a change (type undefined = not decided yet) can still be an event of this node. */
function wanted(
	config: TriggerConfig,
	change: ObjectChange,
	type: ChangeType | undefined,
): boolean {
	switch (config.event.kind) {
		case 'created':
			return type !== 'updated' && type !== 'restored';
		case 'createdOrUpdated':
			return type !== 'updated' || watchedChanged(config, change);
		case 'accountEnabled':
			return 'accountEnabled' in change.properties && type !== 'created' && type !== 'restored';
		default:
			return false;
	}
}

function needsLookup(config: TriggerConfig, candidate: Candidate): boolean {
	if (config.fullObject || candidate.type === undefined) return true;
	return typeFilterProperties(config).some((name) => !(name in candidate.change.properties));
}

function lookupSelect(config: TriggerConfig): string[] {
	const names = config.fullObject
		? config.select
		: ['id', 'createdDateTime', ...typeFilterProperties(config)];
	return [...new Set([...names, 'createdDateTime'])];
}

/**
 * Soft-deleted ids are remembered, with Graph's time of the round that showed the deletion, so that a
 * later reappearance reads as "restored" and a recovery can tell a deletion already emitted (at or
 * before that time) from a newer one.
 */
function trackDeletions(
	changes: Map<string, ObjectChange>,
	softDeleted: Record<string, string>,
	now: string,
): void {
	for (const change of changes.values()) {
		if (change.removed === undefined) delete softDeleted[change.id];
		else if (deleteKindOf(change.removed) === 'soft') softDeleted[change.id] = now;
		else delete softDeleted[change.id];
	}
}

/** What the feed is known to do with createdDateTime: true, false, or undefined when not asked yet. */
function knownCreatedDateTime(state: FeedState): boolean | undefined {
	if (state.createdDateTimeSeen) return true;
	return state.createdDateTimeAbsent ? false : undefined;
}

async function objectEvents(
	client: GraphClient,
	config: TriggerConfig,
	state: FeedState,
	round: Round,
	recentCreated: Record<string, string>,
): Promise<{ items: INodeExecutionData[]; returnsCreatedDateTime: boolean | undefined }> {
	let returns = knownCreatedDateTime(state);
	if ([...round.changes.values()].some((change) => 'createdDateTime' in change.properties))
		returns = true;
	const rule: CreatedRule = {
		windowStart: timeOf(state.createdAfter),
		recentCreated: state.recentCreated,
		softDeleted: state.softDeleted,
	};
	const present = [...round.changes.values()].filter((change) => change.removed === undefined);
	// Asked once per feed; the answer, either way, is kept in the feed's state.
	if (returns === undefined && present.length)
		returns = await feedReturnsCreatedDateTime(client, config, present[0].id);
	const candidates: Candidate[] = [];
	for (const change of present) {
		// Once the feed has shown that it returns createdDateTime, its absence means "unchanged": not new.
		const inItem = 'createdDateTime' in change.properties;
		const created = inItem ? change.properties.createdDateTime : returns ? null : undefined;
		const type = classifyPresent(change.id, created, rule, inItem);
		if (wanted(config, change, type)) candidates.push({ change, type });
	}
	const lookupIds = candidates
		.filter((candidate) => needsLookup(config, candidate))
		.map((candidate) => candidate.change.id);
	const found = lookupIds.length
		? await lookupObjects(
				client,
				config.event.resource,
				'directory',
				lookupIds,
				lookupSelect(config),
			)
		: new Map<string, IDataObject>();

	const items: INodeExecutionData[] = [];
	for (const candidate of candidates) {
		const { change } = candidate;
		const looked = found.get(change.id);
		const decided =
			candidate.type ??
			(looked && 'createdDateTime' in looked
				? classifyPresent(change.id, looked.createdDateTime ?? null, rule)
				: undefined);
		// Neither delta nor a read gave createdDateTime (the object is gone meanwhile): report it as
		// created rather than drop it, flagged.
		const uncertain = decided === undefined;
		const type: ChangeType = decided ?? 'created';
		if (!wanted(config, change, type)) continue;
		const object = { ...change.properties, ...(looked ?? {}) };
		if (type === 'created')
			recentCreated[change.id] =
				typeof object.createdDateTime === 'string' ? object.createdDateTime : round.servedAt;
		if (!passesTypeFilter(config, object)) continue;
		const flags: IDataObject = uncertain ? { createdDateTimeUnknown: true } : {};
		const changeType =
			config.event.kind === 'accountEnabled'
				? change.properties.accountEnabled
					? 'enabled'
					: 'disabled'
				: type;
		items.push(
			objectEvent(config, changeType, change.id, object, {
				changedProperties: changedProperties(change),
				flags,
			}),
		);
	}
	return { items, returnsCreatedDateTime: returns };
}

async function deletionEvents(
	client: GraphClient,
	config: TriggerConfig,
	round: Round,
): Promise<INodeExecutionData[]> {
	const chosen = [...round.changes.values()].filter((change) => {
		if (change.removed === undefined) return false;
		return config.deleteKind === 'both' || deleteKindOf(change.removed) === config.deleteKind;
	});
	// Soft-deleted objects can still be read in deletedItems; permanently deleted ones cannot.
	const readable = chosen
		.filter((change) => deleteKindOf(change.removed as string) === 'soft')
		.map((change) => change.id);
	const wantsRead = config.fullObject || typeFilterProperties(config).length > 0;
	const select = [
		...new Set([
			...(config.fullObject ? config.select : ['id', ...typeFilterProperties(config)]),
			'deletedDateTime',
		]),
	];
	const found =
		wantsRead && readable.length
			? await lookupObjects(client, config.event.resource, 'deletedItems', readable, select)
			: new Map<string, IDataObject>();
	const items: INodeExecutionData[] = [];
	for (const change of chosen) {
		const object = found.get(change.id) ?? {};
		if (!passesTypeFilter(config, object)) continue;
		items.push(
			deletedEvent(config, change.id, deleteKindOf(change.removed as string), found.get(change.id)),
		);
	}
	return items;
}

function membershipEvents(round: Round): INodeExecutionData[] {
	const items: INodeExecutionData[] = [];
	for (const change of round.changes.values()) {
		if (change.removed !== undefined || !change.members) continue;
		for (const [memberId, member] of change.members)
			items.push(memberItem(change.id, memberId, member.type, member.removed));
	}
	return items;
}

export async function processRound(
	client: GraphClient,
	config: TriggerConfig,
	state: FeedState,
	round: Round,
): Promise<RoundResult> {
	const recentCreated = { ...state.recentCreated };
	const softDeleted = { ...state.softDeleted };
	let returns = knownCreatedDateTime(state);
	let items: INodeExecutionData[];
	if (config.event.kind === 'deleted') items = await deletionEvents(client, config, round);
	else if (config.event.kind === 'membership') items = membershipEvents(round);
	else
		({ items, returnsCreatedDateTime: returns } = await objectEvents(
			client,
			config,
			state,
			round,
			recentCreated,
		));
	trackDeletions(round.changes, softDeleted, round.servedAt);
	// Only ids that can still fall inside the next round's window are worth keeping (state.ts).
	const window = boundRecentCreated(recentCreated, createdAfterRound(round, state.createdAfter));
	const next: FeedState = {
		feedKey: state.feedKey,
		deltaLink: round.deltaLink,
		servedAt: round.servedAt,
		createdAfter: window.createdAfter,
		recentCreated: pruneBefore(window.recentCreated, timeOf(window.createdAfter)),
		softDeleted: pruneBefore(softDeleted, localClock.now() - SOFT_DELETE_RETENTION_MS),
		createdDateTimeSeen: returns === true,
	};
	if (returns === false) next.createdDateTimeAbsent = true;
	return { items, next };
}
