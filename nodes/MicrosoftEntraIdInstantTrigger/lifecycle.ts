import type { IDataObject, IHookFunctions, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError, randomString } from 'n8n-workflow';

import { CREDENTIAL_TYPE, GraphClient } from '../MicrosoftEntraId/transport';
import type { TriggerConfig } from '../MicrosoftEntraIdTrigger/config';
import { readConfig } from '../MicrosoftEntraIdTrigger/config';
import { runPoll } from '../MicrosoftEntraIdTrigger/poll';
import { readFeedState } from '../MicrosoftEntraIdTrigger/state';
import { forget, rememberFeed, rememberSubscription } from './coordinator';
import type { StoredSubscription } from './subscription';
import {
	createSubscription,
	deleteSubscription,
	getSubscription,
	listSubscriptions,
	needsRenewal,
	readSubscription,
	renewSubscription,
	subscriptionResource,
	writeSubscription,
} from './subscription';

/*
 * The subscription's life in n8n's webhook methods: checkExists runs at every activation and every
 * n8n start (it renews an ageing subscription, and answers "missing" for one Graph no longer has, so
 * that n8n calls create), create subscribes (after removing stale subscriptions of the same URL),
 * delete unsubscribes at deactivation.
 */

type Context = IHookFunctions | IWebhookFunctions;

/** The polling trigger's parameter reading, for a webhook node (it reads only parameters and the node). */
export function configOf(ctx: Context): TriggerConfig {
	const view = {
		getNode: () => ctx.getNode(),
		getNodeParameter: (name: string, fallback?: unknown) => (ctx.getNodeParameter as (name: string, fallback?: unknown) => unknown).call(ctx, name, fallback),
	};
	return readConfig(view as unknown as IPollFunctions);
}

/** Names this node's in-process slot (coordinator.ts). */
export function slotKey(ctx: Context): string {
	return `${ctx.getWorkflow().id ?? ''}:${ctx.getNode().id}:${ctx.getNodeWebhookUrl('default') ?? ''}`;
}

/** The webhook URL, refused when it is not HTTPS (Graph's rule), except with a custom endpoint (emulator, proxy). */
async function notificationUrl(ctx: IHookFunctions): Promise<string> {
	const url = ctx.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(ctx.getNode(), 'n8n did not give this node a webhook URL');
	if (url.toLowerCase().startsWith('https://')) return url;
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	if (credentials.cloud === 'custom') {
		ctx.logger.warn(`Microsoft Entra ID Instant Trigger: webhook URL ${url} is not HTTPS; Microsoft Graph refuses such URLs, only a custom endpoint (emulator, proxy) may accept it`);
		return url;
	}
	throw new NodeOperationError(ctx.getNode(), `Microsoft Graph sends change notifications only to HTTPS URLs, and this n8n's webhook URL is ${url}`, {
		description:
			"Run n8n behind HTTPS (a reverse proxy or tunnel with a valid certificate) and set the WEBHOOK_URL environment variable to that public https:// address, then activate again. If n8n cannot be reached from the internet, use the polling trigger (Microsoft Entra ID Trigger) instead.",
	});
}

/** Starts the delta feed from "now" when this node has none yet (activation, or changed parameters). */
async function ensureFeed(client: GraphClient, config: TriggerConfig, staticData: IDataObject): Promise<void> {
	if (readFeedState(staticData, config.feedKey)) return;
	// With no stored state, a poll only records the current delta link and emits nothing.
	await runPoll(client, config, staticData);
}

function store(ctx: Context, staticData: IDataObject, subscription: StoredSubscription | undefined): void {
	writeSubscription(staticData, subscription);
	rememberSubscription(slotKey(ctx), subscription);
}

export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node');
	const stored = readSubscription(staticData);
	const url = this.getNodeWebhookUrl('default');
	const config = configOf(this);
	if (!stored || stored.notificationUrl !== url || stored.resource !== subscriptionResource(config.event.resource)) return false;
	const client = await GraphClient.create(this, { retry: config.retry });
	const found = await getSubscription(client, stored.id);
	if (!found || found.body.notificationUrl !== url) return false;
	let subscription: StoredSubscription | undefined = {
		...stored,
		expirationDateTime: String(found.body.expirationDateTime ?? stored.expirationDateTime),
		clockOffsetMs: found.clockOffsetMs,
	};
	if (needsRenewal(subscription)) subscription = await renewSubscription(client, subscription);
	if (!subscription) return false;
	store(this, staticData, subscription);
	await ensureFeed(client, config, staticData);
	rememberFeed(slotKey(this), staticData, config.feedKey);
	return true;
}

/** Subscribes this node: also used when a notification shows that the subscription is gone. */
export async function subscribe(ctx: Context, client: GraphClient, config: TriggerConfig, staticData: IDataObject, url: string): Promise<StoredSubscription> {
	const { value, clockOffsetMs } = await listSubscriptions(client);
	// A subscription of the same URL left behind (a crash, a restored database) would double every notification.
	for (const stale of value) {
		if (stale.notificationUrl === url && typeof stale.id === 'string') await deleteSubscription(client, stale.id);
	}
	// The feed starts before the subscription: no change can fall between the two.
	await ensureFeed(client, config, staticData);
	rememberFeed(slotKey(ctx), staticData, config.feedKey);
	const subscription = await createSubscription(client, {
		resource: subscriptionResource(config.event.resource),
		notificationUrl: url,
		clientState: randomString(64),
		clockOffsetMs,
	});
	store(ctx, staticData, subscription);
	return subscription;
}

export async function create(this: IHookFunctions): Promise<boolean> {
	const url = await notificationUrl(this);
	const config = configOf(this);
	const client = await GraphClient.create(this, { retry: config.retry });
	await subscribe(this, client, config, this.getWorkflowStaticData('node'), url);
	return true;
}

export async function remove(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node');
	const stored = readSubscription(staticData);
	const config = configOf(this);
	const client = await GraphClient.create(this, { retry: config.retry });
	if (stored) await deleteSubscription(client, stored.id);
	store(this, staticData, undefined);
	forget(slotKey(this));
	return true;
}
