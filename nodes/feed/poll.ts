import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { GraphClient } from '../transport';
import { ensureNodeError, graphErrorInfo } from '../transport';
import { createdAfterActivation } from './classify';
import type { TriggerConfig } from './config';
import type { Round } from './delta';
import { readRound, startFeed } from './delta';
import type { ResetCause } from './recovery';
import { isExpiredSyncState, recover, stateForRecovery } from './recovery';
import { processRound } from './round';
import type { FeedState } from './state';
import { commitFeedState, feedSequence, inspectFeedState } from './state';

/*
 * One poll. The stored state changes only at the very end, after the whole round was read and every
 * lookup succeeded: a poll that fails anywhere leaves the previous deltaLink, and the next poll reads
 * the same changes again (events may repeat after a failure; they never vanish).
 *
 * State that cannot be used any more is never dropped silently: expired or rejected delta links,
 * links that are not URLs or point at another host than the credential's Graph host, and static data
 * that fails the checks of state.ts all lead to a `syncReset` item and the recovery of recovery.ts.
 */

/** Why a stored link cannot be sent at all (not a URL, or another host than the configured Graph host), or undefined. */
export function unusableStoredLink(client: GraphClient, link: string): ResetCause | undefined {
	let parsed: URL;
	try {
		parsed = new URL(link);
	} catch {
		return { reason: 'storedLinkInvalid', explanation: 'The stored delta link is not a valid URL' };
	}
	try {
		client.assertGraphLink(link);
		return undefined;
	} catch {
		const configured = new URL(client.apiBase);
		return {
			reason: 'graphHostChanged',
			explanation: `The stored delta link points at ${parsed.origin}${parsed.pathname}, but the credential now uses the Graph API at ${configured.origin}${configured.pathname}; the link was not sent there (the access token only goes to the configured Graph host)`,
		};
	}
}

async function activate(
	client: GraphClient,
	config: TriggerConfig,
	staticData: IDataObject,
	base: number,
): Promise<null> {
	const start = await startFeed(client, config);
	commitFeedState(
		staticData,
		{
			feedKey: config.feedKey,
			deltaLink: start.deltaLink,
			servedAt: start.servedAt,
			createdAfter: createdAfterActivation(start),
			recentCreated: {},
			softDeleted: {},
			createdDateTimeSeen: false,
		},
		base,
	);
	return null;
}

async function reset(
	client: GraphClient,
	config: TriggerConfig,
	staticData: IDataObject,
	state: FeedState,
	cause: Parameters<typeof recover>[3],
	base: number,
): Promise<INodeExecutionData[][] | null> {
	const recovery = await recover(client, config, state, cause);
	// A newer round saved meanwhile: it read on from a state at least this new, so its items stand.
	return commitFeedState(staticData, recovery.next, base) ? [recovery.items] : null;
}

export async function runPoll(
	client: GraphClient,
	config: TriggerConfig,
	staticData: IDataObject,
): Promise<INodeExecutionData[][] | null> {
	const check = inspectFeedState(staticData, config.feedKey);
	// Every save below is of a state computed from this one (commitFeedState): an older view never wins.
	const base = feedSequence(staticData);
	// First activation, or the event or properties changed: record "now" and emit nothing.
	if (check.status === 'none' || check.status === 'otherFeed')
		return await activate(client, config, staticData, base);
	if (check.status === 'unusable') {
		const cause = {
			reason: check.reason,
			explanation: `The trigger's stored state cannot be used: ${check.detail}`,
		};
		return await reset(
			client,
			config,
			staticData,
			stateForRecovery(config.feedKey, check.salvage),
			cause,
			base,
		);
	}
	const state = check.state;
	const linkProblem = unusableStoredLink(client, state.deltaLink);
	if (linkProblem) return await reset(client, config, staticData, state, linkProblem, base);
	let round: Round;
	let pages = 0;
	try {
		round = await readRound(client, state.deltaLink, config.event.kind, {
			onPage: (count) => (pages = count),
		});
	} catch (error) {
		const info = graphErrorInfo(error);
		// A 400 to the stored link itself: Graph refuses the token it once issued (expired, reset or
		// damaged). Retrying cannot help, so it is handled like expiry rather than failing every poll.
		const rejected = info !== undefined && pages === 0 && info.status === 400;
		if (!info || !(isExpiredSyncState(info) || rejected)) throw ensureNodeError(client.node, error);
		return await reset(client, config, staticData, state, info, base);
	}
	const { items, next } = await processRound(client, config, state, round);
	// Overlapping polls: the one that saves first wins, the later one read the same changes again.
	if (!commitFeedState(staticData, next, base)) return null;
	return items.length ? [items] : null;
}
