import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { GraphClient } from '../MicrosoftEntraId/transport';
import { ensureNodeError, graphErrorInfo } from '../MicrosoftEntraId/transport';
import type { TriggerConfig } from './config';
import type { Round } from './delta';
import { readRound, startFeed } from './delta';
import { isExpiredSyncState, recover } from './recovery';
import { processRound } from './round';
import { readFeedState, writeFeedState } from './state';

/*
 * One poll. The stored state changes only at the very end, after the whole round was read and every
 * lookup succeeded: a poll that fails anywhere leaves the previous deltaLink, and the next poll reads
 * the same changes again (events may repeat after a failure; they never vanish).
 */

export async function runPoll(client: GraphClient, config: TriggerConfig, staticData: IDataObject): Promise<INodeExecutionData[][] | null> {
	const state = readFeedState(staticData, config.feedKey);
	if (!state) {
		// First activation (or the event or properties changed): record "now" and emit nothing.
		const start = await startFeed(client, config);
		writeFeedState(staticData, {
			feedKey: config.feedKey,
			deltaLink: start.deltaLink,
			servedAt: start.servedAt,
			createdAfter: start.servedAt,
			recentCreated: {},
			softDeleted: {},
			createdDateTimeSeen: false,
		});
		return null;
	}
	let round: Round;
	try {
		round = await readRound(client, state.deltaLink, config.event.kind);
	} catch (error) {
		const info = graphErrorInfo(error);
		if (!info || !isExpiredSyncState(info)) throw ensureNodeError(client.node, error);
		const recovery = await recover(client, config, state, info);
		writeFeedState(staticData, recovery.next);
		return [recovery.items];
	}
	const { items, next } = await processRound(client, config, state, round);
	writeFeedState(staticData, next);
	return items.length ? [items] : null;
}
