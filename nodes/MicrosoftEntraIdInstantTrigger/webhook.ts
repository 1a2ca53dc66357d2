import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import type { GraphClient } from '../transport';
import type { TriggerConfig } from '../feed';
import { feedSequence, readFeedState, runPoll } from '../feed';
import type { Slot } from './coordinator';
import {
	bringUpToDate,
	coalesced,
	commitFeed,
	commitSubscription,
	currentSubscription,
	handOver,
	reconcile,
	slotFor,
	startRound,
	takePending,
} from './coordinator';
import { configOf, instantClient, slotKey, subscribe } from './lifecycle';
import { classifyNotifications } from './notifications';
import type { StoredSubscription } from './subscription';
import {
	deleteSubscription,
	getSubscription,
	needsRenewal,
	renewSubscription,
} from './subscription';

/*
 * One POST from Graph. Validation requests are answered with the token. Everything else is
 * acknowledged at once (Graph wants 2xx within 3 seconds and throttles slow endpoints); only then
 * are the notifications checked and, for genuine ones, one turn run on the node's slot
 * (coordinator.ts): a delta round, then the subscription's upkeep (renewal when due or asked,
 * a new subscription when Graph dropped it). The round's items become the execution; n8n saves this
 * call's copy of the static data after the call returns, and the copy is at the slot's newest view by then.
 */

const NO_EXECUTION: IWebhookResponseData = { noWebhookResponse: true };

type Where = { workflowId: string | undefined; node: string };

/** Subscribes again when the recorded subscription is gone, unless the record changed meanwhile. */
async function replace(
	ctx: IWebhookFunctions,
	slot: Slot,
	client: GraphClient,
	config: TriggerConfig,
	copy: IDataObject,
	base: number,
	gone: StoredSubscription,
): Promise<void> {
	if (currentSubscription(slot).revision !== base) return;
	ctx.logger.warn(
		'Microsoft Entra ID Instant Trigger: the Graph subscription is gone; subscribing again',
	);
	const next = await subscribe(ctx, slot, client, config, copy, gone.notificationUrl);
	if (commitSubscription(slot, base, next)) return;
	// Deactivated or re-saved while this call subscribed: the new subscription would be a second one,
	// unless the activation settled on it (subscribe keeps one of several).
	if (currentSubscription(slot).record?.id !== next.id) await deleteSubscription(client, next.id);
}

/**
 * A genuine notification (it carries the node's secret) from a subscription other than the recorded
 * one: an extra one of ours (from an overlapping or interrupted call), or the current one while the
 * record is stale (another process's copy was saved last). The extra one is deleted; the current one
 * replaces a record whose subscription Graph no longer has. Answers whether the record changed.
 */
async function settleStranger(
	slot: Slot,
	client: GraphClient,
	base: number,
	record: StoredSubscription,
	strangerId: string,
): Promise<boolean> {
	const recorded = await getSubscription(client, record.id);
	if (recorded) {
		await deleteSubscription(client, strangerId);
		return false;
	}
	const found = await getSubscription(client, strangerId);
	if (!found) return false;
	return commitSubscription(slot, base, {
		...record,
		id: strangerId,
		resource: String(found.body.resource ?? record.resource),
		notificationUrl: String(found.body.notificationUrl ?? record.notificationUrl),
		expirationDateTime: String(found.body.expirationDateTime ?? ''),
		clockOffsetMs: found.clockOffsetMs,
	});
}

/** Renews when due or asked (reauthorizationRequired), and subscribes again when Graph dropped the subscription. */
async function upkeep(
	ctx: IWebhookFunctions,
	slot: Slot,
	client: GraphClient,
	config: TriggerConfig,
	copy: IDataObject,
	roundRead: boolean,
): Promise<void> {
	const { lifecycle, named } = takePending(slot);
	const view = currentSubscription(slot);
	const record = view.record;
	// Deactivated meanwhile: nothing to keep, and nothing may be written back.
	if (!record) return;
	for (const id of named) {
		if (id !== record.id && (await settleStranger(slot, client, view.revision, record, id))) return;
	}
	const events = lifecycle.get(record.id) ?? new Set<string>();
	if (events.has('subscriptionRemoved'))
		return await replace(ctx, slot, client, config, copy, view.revision, record);
	const feed = readFeedState(copy, config.feedKey);
	// A round that just read Graph tells Graph's clock (its Date header): the renewal time is judged on it.
	const checked =
		roundRead && feed
			? { ...record, clockOffsetMs: Date.parse(feed.servedAt) - Date.now() }
			: record;
	if (!events.has('reauthorizationRequired') && !needsRenewal(checked)) return;
	const renewed = await renewSubscription(client, checked);
	if (renewed) commitSubscription(slot, view.revision, renewed);
	else await replace(ctx, slot, client, config, copy, view.revision, record);
}

/** One turn on the slot: the delta round on this call's copy, then the subscription's upkeep; the items to hand over, if any. */
async function runTurn(
	ctx: IWebhookFunctions,
	slot: Slot,
	client: GraphClient,
	config: TriggerConfig,
	copy: IDataObject,
	where: Where,
): Promise<INodeExecutionData[][] | null> {
	// The slot may have moved on while this turn was queued.
	startRound(slot, copy);
	const base = feedSequence(copy);
	let items: INodeExecutionData[][] | null = null;
	let roundRead = false;
	try {
		const read = await runPoll(client, config, copy);
		// A round dropped because the slot moved on (a hook started another feed) hands nothing over.
		if (commitFeed(slot, copy, base, read !== null)) items = read;
		roundRead = true;
	} catch (error) {
		// The stored delta link stays: the next notification (or lifecycle event) reads these changes again.
		ctx.logger.error(
			`Microsoft Entra ID Instant Trigger: the delta round failed and will be repeated at the next notification: ${client.redact((error as Error).message)}`,
			where,
		);
	}
	try {
		await upkeep(ctx, slot, client, config, copy, roundRead);
	} catch (error) {
		ctx.logger.error(
			`Microsoft Entra ID Instant Trigger: renewing the Graph subscription failed (retried at the next notification and at the next activation): ${client.redact((error as Error).message)}`,
			where,
		);
	}
	return items;
}

function answerValidation(ctx: IWebhookFunctions, token: string): IWebhookResponseData {
	const res = ctx.getResponseObject();
	res.status(200);
	res.setHeader('Content-Type', 'text/plain; charset=utf-8');
	res.setHeader('X-Content-Type-Options', 'nosniff');
	res.end(token);
	return NO_EXECUTION;
}

/** Hands the notifications' lifecycle events and subscriptions to the slot's next upkeep. */
function addPending(slot: Slot, classified: ReturnType<typeof classifyNotifications>): void {
	for (const id of classified.subscriptionIds) slot.pending.named.add(id);
	for (const { subscriptionId, event } of classified.lifecycle) {
		const events = slot.pending.lifecycle.get(subscriptionId) ?? new Set<string>();
		events.add(event);
		slot.pending.lifecycle.set(subscriptionId, events);
	}
}

export async function handleWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const query = this.getQueryData() as IDataObject;
	// Validation: echo the (already URL-decoded) token as text/plain within 10 seconds.
	if (typeof query.validationToken === 'string')
		return answerValidation(this, query.validationToken);
	const res = this.getResponseObject();
	res.status(202).end();

	const copy = this.getWorkflowStaticData('node');
	const slot = slotFor(slotKey(this));
	const where: Where = { workflowId: this.getWorkflow().id, node: this.getNode().name };
	// Graph has its answer already: from here on nothing may throw into n8n's response handling.
	try {
		reconcile(slot, copy);
		const classified = classifyNotifications(this.getBodyData(), currentSubscription(slot).secret);
		if (classified.forged) {
			this.logger.warn(
				`Microsoft Entra ID Instant Trigger: ignored ${classified.forged} notification(s) without this node's clientState`,
				where,
			);
		}
		if (!classified.subscriptionIds.length) return NO_EXECUTION;
		addPending(slot, classified);
		const config = configOf(this);
		const client = await instantClient(this, config, slot);
		const turn = await coalesced(
			slot,
			async () => await runTurn(this, slot, client, config, copy, where),
		);
		// A turn queued by another call covers this notification.
		const items = turn.ran ? turn.result : null;
		if (!items) return NO_EXECUTION;
		handOver(slot, copy);
		return { noWebhookResponse: true, workflowData: items };
	} catch (error) {
		this.logger.error(
			`Microsoft Entra ID Instant Trigger: could not process a notification: ${(error as Error).message}`,
			where,
		);
		return NO_EXECUTION;
	} finally {
		bringUpToDate(slot, copy);
	}
}
