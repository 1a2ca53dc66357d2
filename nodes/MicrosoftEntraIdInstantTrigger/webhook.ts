import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { GraphClient } from '../MicrosoftEntraId/transport';
import type { TriggerConfig } from '../MicrosoftEntraIdTrigger/config';
import { runPoll } from '../MicrosoftEntraIdTrigger/poll';
import { readFeedState } from '../MicrosoftEntraIdTrigger/state';
import { adoptNewestFeed, coalesced, rememberFeed, rememberSubscription, rememberedSubscription } from './coordinator';
import { configOf, slotKey, subscribe } from './lifecycle';
import type { Classified } from './notifications';
import { classifyNotifications } from './notifications';
import type { StoredSubscription } from './subscription';
import { needsRenewal, readSubscription, renewSubscription, writeSubscription } from './subscription';

/*
 * One POST from Graph. Validation requests are answered with the token. Everything else is
 * acknowledged at once (Graph wants 2xx within 3 seconds and throttles slow endpoints); only then
 * are the notifications checked and, for genuine ones, one delta round run (coalesced per feed) and
 * the subscription renewed or reauthorized when due. The round's items become the execution; n8n
 * saves the static data (delta link, subscription) after this call returns.
 */

const NO_EXECUTION: IWebhookResponseData = { noWebhookResponse: true };

/** Subscriptions a notification may name: the stored one and the one this process renewed or recreated last. */
function knownSubscriptions(staticData: IDataObject, key: string): StoredSubscription[] {
	const stored = readSubscription(staticData);
	const remembered = rememberedSubscription(key);
	return [stored, remembered].filter((entry): entry is StoredSubscription => entry !== undefined);
}

/** The freshest copy of the named subscription (later expiry wins). */
function freshest(staticData: IDataObject, key: string, id: string): StoredSubscription | undefined {
	const copies = knownSubscriptions(staticData, key).filter((entry) => entry.id === id);
	return copies.sort((a, b) => Date.parse(b.expirationDateTime) - Date.parse(a.expirationDateTime))[0];
}

async function deltaRound(ctx: IWebhookFunctions, client: GraphClient, config: TriggerConfig, staticData: IDataObject, key: string): Promise<INodeExecutionData[][] | null> {
	const turn = await coalesced(key, async () => {
		adoptNewestFeed(key, staticData, config.feedKey);
		const items = await runPoll(client, config, staticData);
		rememberFeed(key, staticData, config.feedKey);
		return items;
	});
	// A round queued by another call covers this notification; keep this call's copy current.
	if (!turn.ran) adoptNewestFeed(key, staticData, config.feedKey);
	return turn.ran ? turn.result : null;
}

/** Renews when due or asked (reauthorizationRequired), and subscribes again when Graph dropped the subscription. */
async function keepSubscription(
	ctx: IWebhookFunctions,
	client: GraphClient,
	config: TriggerConfig,
	staticData: IDataObject,
	key: string,
	classified: Classified,
	roundRead: boolean,
): Promise<void> {
	const named = classified.subscription as StoredSubscription;
	let subscription = freshest(staticData, key, named.id) ?? named;
	const feed = readFeedState(staticData, config.feedKey);
	// A round that just read Graph tells Graph's clock (its Date header): renewal times are computed on it.
	if (roundRead && feed) subscription = { ...subscription, clockOffsetMs: Date.parse(feed.servedAt) - Date.now() };
	const removed = classified.lifecycle.includes('subscriptionRemoved');
	const asked = classified.lifecycle.includes('reauthorizationRequired');
	let next: StoredSubscription | undefined = subscription;
	if (!removed && (asked || needsRenewal(subscription))) next = await renewSubscription(client, subscription);
	if (removed || !next) {
		ctx.logger.warn('Microsoft Entra ID Instant Trigger: the Graph subscription is gone; subscribing again');
		next = await subscribe(ctx, client, config, staticData, subscription.notificationUrl);
	}
	writeSubscription(staticData, next);
	rememberSubscription(key, next);
}

function answerValidation(ctx: IWebhookFunctions, token: string): IWebhookResponseData {
	const res = ctx.getResponseObject();
	res.status(200);
	res.setHeader('Content-Type', 'text/plain; charset=utf-8');
	res.setHeader('X-Content-Type-Options', 'nosniff');
	res.end(token);
	return NO_EXECUTION;
}

/** The delta round and the subscription upkeep for genuine notifications; the round's items, if any. */
async function processGenuine(ctx: IWebhookFunctions, staticData: IDataObject, key: string, classified: Classified): Promise<INodeExecutionData[][] | null> {
	const where = { workflowId: ctx.getWorkflow().id, node: ctx.getNode().name };
	const config = configOf(ctx);
	const client = await GraphClient.create(ctx, { retry: config.retry });
	let items: INodeExecutionData[][] | null = null;
	let roundRead = false;
	try {
		items = await deltaRound(ctx, client, config, staticData, key);
		roundRead = true;
	} catch (error) {
		// The stored delta link stays: the next notification (or lifecycle event) reads these changes again.
		ctx.logger.error(`Microsoft Entra ID Instant Trigger: the delta round failed and will be repeated at the next notification: ${(error as Error).message}`, where);
	}
	try {
		await keepSubscription(ctx, client, config, staticData, key, classified, roundRead);
	} catch (error) {
		ctx.logger.error(`Microsoft Entra ID Instant Trigger: renewing the Graph subscription failed (retried at the next notification and at the next n8n start): ${(error as Error).message}`, where);
	}
	return items;
}

export async function handleWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const query = this.getQueryData() as IDataObject;
	// Validation: echo the (already URL-decoded) token as text/plain within 10 seconds.
	if (typeof query.validationToken === 'string') return answerValidation(this, query.validationToken);
	const res = this.getResponseObject();
	res.status(202).end();

	const staticData = this.getWorkflowStaticData('node');
	const key = slotKey(this);
	const classified = classifyNotifications(this.getBodyData(), knownSubscriptions(staticData, key));
	const where = { workflowId: this.getWorkflow().id, node: this.getNode().name };
	if (classified.forged) {
		this.logger.warn(`Microsoft Entra ID Instant Trigger: ignored ${classified.forged} notification(s) naming an unknown subscription or with a wrong or missing clientState`, where);
	}
	if (!classified.subscription) return NO_EXECUTION;

	// Graph has its answer already: from here on nothing may throw into n8n's response handling.
	try {
		const items = await processGenuine(this, staticData, key, classified);
		return items ? { noWebhookResponse: true, workflowData: items } : NO_EXECUTION;
	} catch (error) {
		this.logger.error(`Microsoft Entra ID Instant Trigger: could not process a notification: ${(error as Error).message}`, where);
		return NO_EXECUTION;
	}
}
