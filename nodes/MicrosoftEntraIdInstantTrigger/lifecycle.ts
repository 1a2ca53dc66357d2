import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError, randomString } from 'n8n-workflow';

import { CREDENTIAL_TYPE, GraphClient } from '../transport';
import type { TriggerConfig } from '../feed';
import { feedSequence, inspectFeedState, readConfig, runPoll } from '../feed';
import type { Slot } from './coordinator';
import {
	bringUpToDate,
	commitFeed,
	commitSubscription,
	currentSubscription,
	exclusive,
	rememberSecret,
	reconcile,
	slotFor,
	takePending,
} from './coordinator';
import type { StoredSubscription } from './subscription';
import {
	createSubscription,
	deleteSubscription,
	getSubscription,
	listSubscriptions,
	needsRenewal,
	renewSubscription,
	subscriptionResource,
} from './subscription';

/*
 * The subscription's life in n8n's webhook methods: checkExists runs at every activation (and, before
 * n8n 2.41, at every n8n start): it renews an ageing subscription, and answers "missing" for one Graph
 * no longer has, so that n8n calls create; create subscribes (after removing subscriptions of the same
 * URL left behind, and the node's own for an earlier URL); delete unsubscribes at deactivation. Every
 * hook works on the node's slot (coordinator.ts) and leaves its copy of the static data at the newest
 * view when it returns.
 */

type Context = IHookFunctions | IWebhookFunctions;

/** The feed's parameters, read through the hook's or webhook's context. */
export function configOf(ctx: Context): TriggerConfig {
	return readConfig({
		getNode: () => ctx.getNode(),
		getNodeParameter: (name: string, fallback?: unknown) =>
			(ctx.getNodeParameter as (name: string, fallback?: unknown) => unknown).call(
				ctx,
				name,
				fallback,
			),
	});
}

/** Names this node's in-process slot (coordinator.ts). */
export function slotKey(ctx: Context): string {
	return `${ctx.getWorkflow().id ?? ''}:${ctx.getNode().id}:${ctx.getNodeWebhookUrl('default') ?? ''}`;
}

/** A Graph client for the node; the node's secret is redacted from its errors. */
export async function instantClient(
	ctx: Context,
	config: TriggerConfig,
	slot: Slot,
): Promise<GraphClient> {
	const client = await GraphClient.create(ctx, { retry: config.retry });
	const secret = currentSubscription(slot).secret;
	if (secret) client.protectSecret(secret);
	return client;
}

/** The webhook URL, refused when it is not HTTPS (Graph's rule), except with a custom endpoint (emulator, proxy). */
async function notificationUrl(ctx: IHookFunctions): Promise<string> {
	const url = ctx.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(ctx.getNode(), 'n8n did not give this node a webhook URL');
	if (url.toLowerCase().startsWith('https://')) return url;
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	if (credentials.cloud === 'custom') {
		ctx.logger.warn(
			`Microsoft Entra ID Instant Trigger: webhook URL ${url} is not HTTPS; Microsoft Graph refuses such URLs, only a custom endpoint (emulator, proxy) may accept it`,
		);
		return url;
	}
	throw new NodeOperationError(
		ctx.getNode(),
		`Microsoft Graph sends change notifications only to HTTPS URLs, and this n8n's webhook URL is ${url}`,
		{
			description:
				'Run n8n behind HTTPS (a reverse proxy or tunnel with a valid certificate) and set the WEBHOOK_URL environment variable to that public https:// address, then activate again. If n8n cannot be reached from the internet, use the polling trigger (Microsoft Entra ID Trigger) instead.',
		},
	);
}

/**
 * Starts the delta feed from "now" when this node has none for its parameters (activation, or changed
 * parameters). Stored state that is damaged or of a newer layout is left alone: a hook cannot emit
 * items, so the next notification's round reports it (syncReset) and recovers what changed meanwhile.
 */
async function ensureFeed(
	slot: Slot,
	client: GraphClient,
	config: TriggerConfig,
	copy: IDataObject,
): Promise<void> {
	const status = inspectFeedState(copy, config.feedKey).status;
	if (status !== 'none' && status !== 'otherFeed') return;
	const base = feedSequence(copy);
	// With no state for this feed, a poll only records the current delta link and emits nothing.
	await runPoll(client, config, copy);
	commitFeed(slot, copy, base, false);
}

/** Runs a hook on the node's slot, after the turn or hook before it: the copy starts and ends at the newest view this process has. */
async function onSlot<T>(
	ctx: IHookFunctions,
	work: (slot: Slot, copy: IDataObject) => Promise<T>,
): Promise<T> {
	const copy = ctx.getWorkflowStaticData('node');
	const slot = slotFor(slotKey(ctx));
	return await exclusive(slot, async () => {
		reconcile(slot, copy);
		try {
			return await work(slot, copy);
		} finally {
			bringUpToDate(slot, copy);
		}
	});
}

async function checkSubscription(
	ctx: IHookFunctions,
	slot: Slot,
	copy: IDataObject,
): Promise<boolean> {
	const stored = currentSubscription(slot).record;
	const url = ctx.getNodeWebhookUrl('default');
	const config = configOf(ctx);
	if (
		!stored ||
		stored.notificationUrl !== url ||
		stored.resource !== subscriptionResource(config.event.resource)
	)
		return false;
	const client = await instantClient(ctx, config, slot);
	const found = await getSubscription(client, stored.id);
	if (!found || found.body.notificationUrl !== url) return false;
	let subscription: StoredSubscription | undefined = {
		...stored,
		expirationDateTime: String(found.body.expirationDateTime ?? stored.expirationDateTime),
		clockOffsetMs: found.clockOffsetMs,
	};
	if (needsRenewal(subscription)) subscription = await renewSubscription(client, subscription);
	if (!subscription) return false;
	commitSubscription(slot, 'hook', subscription);
	await ensureFeed(slot, client, config, copy);
	return true;
}

export async function checkExists(this: IHookFunctions): Promise<boolean> {
	return await onSlot(this, async (slot, copy) => await checkSubscription(this, slot, copy));
}

/** Deletes the subscriptions of `url` that Graph lists for this app, except `keep`. */
async function deleteSubscriptionsOf(
	client: GraphClient,
	url: string,
	keep?: string,
): Promise<number> {
	const { value, clockOffsetMs } = await listSubscriptions(client);
	for (const stale of value) {
		if (stale.notificationUrl === url && typeof stale.id === 'string' && stale.id !== keep)
			await deleteSubscription(client, stale.id);
	}
	return clockOffsetMs;
}

/**
 * Creates the node's subscription with its secret (kept from earlier subscriptions, or new); the caller
 * commits it. Also used when a notification shows that the subscription is gone.
 */
export async function subscribe(
	ctx: Context,
	slot: Slot,
	client: GraphClient,
	config: TriggerConfig,
	copy: IDataObject,
	url: string,
): Promise<StoredSubscription> {
	// Known before Graph answers: a notification of the new subscription may arrive before the record.
	const secret = rememberSecret(slot, () => randomString(64));
	client.protectSecret(secret);
	// A subscription of the same URL left behind (a crash, a restored database) would double every notification.
	const clockOffsetMs = await deleteSubscriptionsOf(client, url);
	// The feed starts before the subscription: no change can fall between the two.
	await ensureFeed(slot, client, config, copy);
	const created = await createSubscription(client, {
		resource: subscriptionResource(config.event.resource),
		notificationUrl: url,
		clientState: secret,
		clockOffsetMs,
	});
	return await settleOnOne(client, created);
}

/**
 * Several n8n processes may subscribe the node at once (queue mode: a webhook process that found the
 * subscription gone while main activates, or two webhook processes): every one of them keeps the
 * node's subscription for the URL with the smallest id and deletes the others, so they agree on one
 * without talking to each other. All carry the node's secret, so any of them may be kept.
 */
async function settleOnOne(
	client: GraphClient,
	created: StoredSubscription,
): Promise<StoredSubscription> {
	const { value } = await listSubscriptions(client);
	const ours = value.filter(
		(entry) => entry.notificationUrl === created.notificationUrl && typeof entry.id === 'string',
	);
	// Only what Graph still lists counts: another process may have deleted the one just created.
	const kept = ours.map((entry) => entry.id as string).sort()[0];
	if (kept === undefined) return created;
	for (const entry of ours)
		if (entry.id !== kept) await deleteSubscription(client, entry.id as string);
	if (kept === created.id) return created;
	const other = ours.find((entry) => entry.id === kept) as { expirationDateTime?: unknown };
	return {
		...created,
		id: kept,
		expirationDateTime: String(other.expirationDateTime ?? created.expirationDateTime),
	};
}

export async function create(this: IHookFunctions): Promise<boolean> {
	return await onSlot(this, async (slot, copy) => {
		const url = await notificationUrl(this);
		const config = configOf(this);
		const client = await instantClient(this, config, slot);
		const previous = currentSubscription(slot).record;
		// n8n's webhook URL changed: the node's subscription for the old URL would live on and deliver there.
		if (previous && previous.notificationUrl !== url) await deleteSubscription(client, previous.id);
		commitSubscription(slot, 'hook', await subscribe(this, slot, client, config, copy, url));
		return true;
	});
}

export async function remove(this: IHookFunctions): Promise<boolean> {
	return await onSlot(this, async (slot) => {
		const stored = currentSubscription(slot).record;
		const config = configOf(this);
		const client = await instantClient(this, config, slot);
		if (stored) await deleteSubscription(client, stored.id);
		// One of ours that an interrupted or overlapping call created would keep delivering for days.
		const url = stored?.notificationUrl ?? this.getNodeWebhookUrl('default');
		if (url) await deleteSubscriptionsOf(client, url);
		// A call still running saves this, not the deleted subscription, when it returns.
		commitSubscription(slot, 'hook', undefined);
		takePending(slot);
		return true;
	});
}
