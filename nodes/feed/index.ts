/*
 * The delta feed: what both triggers share (the polling trigger runs it on a schedule, the instant
 * trigger at each change notification), so that both emit the same items. This file is the feed's
 * only public face: node folders import from here, never from the feed's other files.
 *
 * - parameters.ts: the Event field and the options both trigger nodes show, and the event subtitles;
 * - config.ts: reads those parameters through a small reader (any n8n context has getNode and
 *   getNodeParameter);
 * - poll.ts: one delta round on a copy of the static data (activation, round, recovery);
 * - state.ts: the stored feed state, its layout version and write count;
 * - delta.ts, round.ts, classify.ts, lookup.ts, recovery.ts, items.ts, directoryScan.ts: reading
 *   Graph's delta pages, telling created from updated, follow-up reads, recovery after an expired or
 *   damaged state, and the items the triggers emit.
 * The facts each rests on, with their sources: README.md beside this file.
 */
export type { TriggerConfig, ParameterReader } from './config';
export { readConfig } from './config';
export type { Resource } from './events';
export { EVENT_SUBTITLE, triggerProperties } from './parameters';
export { runPoll } from './poll';
export { STATE_KEY, feedSequence, inspectFeedState, readFeedState } from './state';
// For the polling trigger's "Fetch Test Event", which builds a real event's item from current data.
export { localClock } from './classify';
export { createdSince, deletedItems } from './directoryScan';
export { deletedEvent, memberItem, objectEvent, withoutAnnotations } from './items';
export { passesTypeFilter } from './round';
