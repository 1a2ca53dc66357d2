import type { IDataObject } from 'n8n-workflow';

import { STATE_KEY, feedSequence } from '../feed';
import type { StoredSubscription, SubscriptionView } from './subscription';
import { readSubscriptionView, writeSubscriptionView } from './subscription';

/*
 * The one place where the instant trigger's static data (the delta feed state and the subscription
 * record with the node's secret) is saved.
 *
 * n8n gives every webhook call and every hook (checkExists, create, delete) its own copy of the
 * workflow's static data, read from the database when the call starts, and saves that copy when the
 * call returns: the last save wins. Calls overlap, finish out of order, and n8n may restart at any
 * moment. So this module keeps, per trigger node and process, a slot holding the newest static data
 * the process has seen, and applies three rules:
 *
 * - A copy only ever adds what is newer (takeNewer): the feed state by its write count
 *   (state.ts feedSequence), the subscription by its revision. Neither can tie within a process.
 * - A change made by this process is committed to the slot only if it was computed from the slot's
 *   current view (compare-and-set on the write count or revision): a round or renewal that started
 *   before a re-save, deactivation or another round finished is dropped, never written back.
 *   Activation hooks are n8n's decision and always win (their revision is one more than the slot's).
 * - Before a call returns, its copy is brought up to the slot (bringUpToDate), so whatever n8n saves
 *   is the newest view this process has, with one restraint: a feed state whose round emitted items
 *   is given to other copies only once its call has handed the items to n8n (handOver). Until then
 *   rounds start from it, but no copy saves it: if n8n stops before the execution starts, the
 *   database still holds the state before that round, and the round is read again (never lost).
 *
 * Hooks and turns take turns on the slot (exclusive). Rounds are coalesced: at most one running and one queued per slot; a notification that arrives while
 * a round runs starts one more after it (the running one may have read Graph before the change), and
 * later ones ride on that queued turn. A turn holds the slot until its call has finished its upkeep,
 * so no later round saves a state past a round whose items have not been handed to n8n yet.
 *
 * Across processes (queue mode with several webhook processes) slots are separate: two processes may
 * read the same changes (an event can repeat), and the database keeps whichever copy was saved last.
 * The secret is the same for every subscription of the node, and a notification that names a
 * subscription other than the recorded one is checked (webhook.ts), so such a copy heals itself.
 */

export interface Pending {
	/** Lifecycle events by the subscription they name, waiting for the next turn's upkeep. */
	lifecycle: Map<string, Set<string>>;
	/** Subscriptions named by genuine notifications since the last upkeep. */
	named: Set<string>;
}

export interface Slot {
	/** The newest feed state this process has seen for the node, in the layout of n8n's copy (STATE_KEY): rounds start from it. */
	readonly state: IDataObject;
	/** The newest feed state whose round's items were handed to n8n (or that had none): the one copies save. */
	readonly published: IDataObject;
	/** The newest subscription view; after deactivation its revision and secret, which static data does not keep. */
	subscription: SubscriptionView;
	readonly pending: Pending;
	running?: Promise<unknown>;
	queued?: Promise<unknown>;
	/** Hooks and turns run one at a time (exclusive): the tail of the line. */
	line?: Promise<void>;
}

let slots = new Map<string, Slot>();

/**
 * The slot of a node in this process. A call takes it once, at its start, and keeps it: after a
 * restart (forgetAll) a call of the old process cannot reach the new process's memory.
 */
export function slotFor(key: string): Slot {
	let slot = slots.get(key);
	if (!slot) {
		slot = {
			state: {},
			published: {},
			subscription: { revision: 0 },
			pending: { lifecycle: new Map(), named: new Set() },
		};
		slots.set(key, slot);
	}
	return slot;
}

function clone<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

function deltaLinkOf(staticData: IDataObject): unknown {
	const stored = staticData[STATE_KEY] as IDataObject | undefined;
	return (stored?.feed as IDataObject | undefined)?.deltaLink;
}

function isEmpty(view: SubscriptionView): boolean {
	return view.revision === 0 && !view.record && !view.secret;
}

/**
 * Takes into the slot what the copy holds that is newer than the slot's view, or anything at all
 * when the slot has nothing yet (state saved before write counts and revisions existed counts 0).
 */
function takeNewer(slot: Slot, copy: IDataObject): void {
	const feed = copy[STATE_KEY];
	// What a copy holds was saved, so it counts as handed over.
	for (const held of [slot.state, slot.published]) {
		if (
			feed !== undefined &&
			(held[STATE_KEY] === undefined || feedSequence(copy) > feedSequence(held))
		)
			held[STATE_KEY] = clone(feed);
	}
	const own = readSubscriptionView(copy);
	if (own.revision > slot.subscription.revision || (isEmpty(slot.subscription) && !isEmpty(own)))
		slot.subscription = clone(own);
}

/** Writes `from`'s feed state into the copy when it differs. */
function giveFeed(from: IDataObject, copy: IDataObject): void {
	const feed = from[STATE_KEY];
	if (
		feed !== undefined &&
		(feedSequence(copy) !== feedSequence(from) || deltaLinkOf(copy) !== deltaLinkOf(from))
	)
		copy[STATE_KEY] = clone(feed);
}

/** Before a round: the copy gets the newest feed state, handed over or not (the round reads on from it). */
export function startRound(slot: Slot, copy: IDataObject): void {
	giveFeed(slot.state, copy);
}

/** Brings the copy up to the slot's view; writes only what differs (every write makes n8n save). */
export function bringUpToDate(slot: Slot, copy: IDataObject): void {
	giveFeed(slot.published, copy);
	const view = slot.subscription;
	const own = readSubscriptionView(copy);
	const differs =
		view.revision !== own.revision ||
		view.record?.id !== own.record?.id ||
		view.record?.expirationDateTime !== own.record?.expirationDateTime;
	if (!isEmpty(view) && differs) writeSubscriptionView(copy, clone(view));
}

/** At the start of a call: the slot learns what the copy knows, the copy what the slot knows. */
export function reconcile(slot: Slot, copy: IDataObject): void {
	takeNewer(slot, copy);
	bringUpToDate(slot, copy);
}

/**
 * Commits the feed state a round saved into `copy`, computed from the slot's state with write count
 * `base`; dropped when the slot moved on meanwhile. A round that emitted nothing is handed over at
 * once; one that emitted items when its call returns them (handOver). Answers whether it was kept.
 */
export function commitFeed(slot: Slot, copy: IDataObject, base: number, emitted: boolean): boolean {
	if (feedSequence(slot.state) !== base || feedSequence(copy) <= base) return false;
	slot.state[STATE_KEY] = clone(copy[STATE_KEY]);
	if (!emitted) handOver(slot, copy);
	return true;
}

/** The call returns its round's items to n8n: the feed state in its copy may now be saved by any copy. */
export function handOver(slot: Slot, copy: IDataObject): void {
	if (copy[STATE_KEY] !== undefined && feedSequence(copy) > feedSequence(slot.published))
		slot.published[STATE_KEY] = clone(copy[STATE_KEY]);
}

/** The slot's subscription view (record, secret, revision). */
export function currentSubscription(slot: Slot): SubscriptionView {
	return slot.subscription;
}

/**
 * Commits a new subscription record (undefined: none, after deactivation), computed from revision
 * `base`, or from whatever the slot holds when `base` is 'hook' (n8n's activation and deactivation
 * always win). The secret stays. Answers whether it was kept.
 */
export function commitSubscription(
	slot: Slot,
	base: number | 'hook',
	record: StoredSubscription | undefined,
): boolean {
	const view = currentSubscription(slot);
	if (base !== 'hook' && view.revision !== base) return false;
	const secret = record?.clientState ?? view.secret;
	slot.subscription = {
		revision: view.revision + 1,
		...(record ? { record } : {}),
		...(secret ? { secret } : {}),
	};
	return true;
}

/** The node's secret (clientState), made with `make` the first time and kept from then on. */
export function rememberSecret(slot: Slot, make: () => string): string {
	const view = currentSubscription(slot);
	if (view.secret) return view.secret;
	const secret = make();
	slot.subscription = { ...view, secret };
	return secret;
}

/** Lifecycle events and named subscriptions that arrived since the last upkeep, handed over once. */
export function takePending(slot: Slot): {
	lifecycle: Map<string, Set<string>>;
	named: Set<string>;
} {
	const taken = { lifecycle: slot.pending.lifecycle, named: slot.pending.named };
	slot.pending.lifecycle = new Map();
	slot.pending.named = new Set();
	return taken;
}

/**
 * Runs `work` when the hooks and turns before it on the slot are done. An activation, a re-save or a
 * deactivation therefore never interleaves with a delta round or a re-subscription in this process:
 * it waits for the running turn (bounded by the retry budget), and later turns wait for it.
 */
export async function exclusive<T>(slot: Slot, work: () => Promise<T>): Promise<T> {
	const before = slot.line;
	let release = (): void => undefined;
	const mine = new Promise<void>((resolve) => (release = resolve));
	slot.line = mine;
	try {
		await before;
		return await work();
	} finally {
		release();
		if (slot.line === mine) slot.line = undefined;
	}
}

export type RoundTurn<T> = { ran: true; result: T } | { ran: false };

/** Runs `turn` now, after the running one, or not at all when one is already queued (it covers this call). */
export async function coalesced<T>(slot: Slot, turn: () => Promise<T>): Promise<RoundTurn<T>> {
	const start = (): Promise<T> => {
		const work = exclusive(slot, turn);
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

/** Forgets everything, as a process restart does (tests stand for a restart with it). */
export function forgetAll(): void {
	slots = new Map();
}
