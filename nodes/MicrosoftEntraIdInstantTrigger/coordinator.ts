import type { IDataObject } from 'n8n-workflow';

import type { FeedState } from '../MicrosoftEntraIdTrigger/state';
import { readFeedState, writeFeedState } from '../MicrosoftEntraIdTrigger/state';
import type { StoredSubscription } from './subscription';

/*
 * One n8n process may receive several notifications for the same feed at once, and n8n gives every
 * webhook call its own copy of the workflow's static data (loaded from the database). This module
 * keeps, per trigger node and process:
 * - at most one delta round running, and at most one queued behind it: a notification that arrives
 *   while a round runs starts one more round after it (the running round may have read Graph before
 *   the change); further notifications meanwhile ride on that queued round (coalescing);
 * - the newest feed state and subscription this process has seen, so that a webhook call whose copy
 *   of the static data is older continues from the newer state instead of repeating events.
 * Across processes (queue mode with several webhook processes) rounds may overlap; the older state
 * then only repeats events, it never skips any (README).
 */

interface Slot {
	running?: Promise<unknown>;
	queued?: Promise<unknown>;
	feed?: FeedState;
	subscription?: StoredSubscription;
}

const slots = new Map<string, Slot>();

function slotFor(key: string): Slot {
	let slot = slots.get(key);
	if (!slot) slots.set(key, (slot = {}));
	return slot;
}

export type RoundTurn<T> = { ran: true; result: T } | { ran: false };

/** Runs `round` now, after the running one, or not at all when one is already queued. */
export async function coalesced<T>(key: string, round: () => Promise<T>): Promise<RoundTurn<T>> {
	const slot = slotFor(key);
	const start = (): Promise<T> => {
		const work = round();
		slot.running = work;
		const clear = () => {
			if (slot.running === work) slot.running = undefined;
		};
		work.then(clear, clear);
		return work;
	};
	if (slot.queued) {
		await slot.queued.catch(() => undefined);
		return { ran: false };
	}
	if (slot.running) {
		const queued = slot.running
			.catch(() => undefined)
			.then(() => {
				slot.queued = undefined;
				return start();
			});
		slot.queued = queued;
		return { ran: true, result: await queued };
	}
	return { ran: true, result: await start() };
}

function newer(a: FeedState | undefined, b: FeedState | undefined): FeedState | undefined {
	if (!a) return b;
	if (!b) return a;
	return Date.parse(b.servedAt) > Date.parse(a.servedAt) ? b : a;
}

/** Brings this call's static data up to the newest feed state this process knows (same feed only). */
export function adoptNewestFeed(key: string, staticData: IDataObject, feedKey: string): void {
	const slot = slotFor(key);
	const own = readFeedState(staticData, feedKey);
	const known = slot.feed && slot.feed.feedKey === feedKey ? slot.feed : undefined;
	const best = newer(own, known);
	if (best && best !== own) writeFeedState(staticData, best);
	if (best) slot.feed = best;
}

/** Records the feed state a round just stored. */
export function rememberFeed(key: string, staticData: IDataObject, feedKey: string): void {
	const state = readFeedState(staticData, feedKey);
	if (state) slotFor(key).feed = newer(slotFor(key).feed, state);
}

export function rememberedSubscription(key: string): StoredSubscription | undefined {
	return slotFor(key).subscription;
}

export function rememberSubscription(key: string, subscription: StoredSubscription | undefined): void {
	slotFor(key).subscription = subscription;
}

/** Forgets a node's state (deactivation). */
export function forget(key: string): void {
	slots.delete(key);
}

/** Forgets everything, as a process restart does (tests stand for a restart with it). */
export function forgetAll(): void {
	slots.clear();
}
