import type { IDataObject } from 'n8n-workflow';

import type { GraphClient, GraphResponse } from '../transport';
import { encodePathSegment, ensureNodeError, graphErrorInfo } from '../transport';
import type { Resource } from '../feed';

/*
 * The Graph subscription behind one instant trigger node, and the calls that manage it
 * (subscription resource type; Create, Update, Delete subscription; lifecycle notifications).
 */

/** Users and groups: "expirationDateTime at most 41,760 minutes (under 29 days)" ahead. */
export const MAX_LIFETIME_MINUTES = 41_760;
/**
 * What the node asks for: 4 days, not the 29-day maximum. Graph sends reauthorizationRequired before
 * a subscription expires, and every lifecycle event runs a delta round; with a 4-day lifetime that
 * happens every few days even in a tenant where nothing changes, so the stored delta link (valid 7
 * days for directory objects) never ages out and no change is left to the limited recovery.
 */
export const LIFETIME_MS = 4 * 24 * 3600_000;
/**
 * A subscription is renewed once less than this is left, i.e. once it is a day old: at most one
 * renewal request a day, on whatever occasion comes first (a notification, a lifecycle event, a
 * restart or reactivation).
 */
export const RENEW_BELOW_MS = LIFETIME_MS - 24 * 3600_000;
/** Users and groups support these two change types only (`updated` covers create and soft delete). */
export const CHANGE_TYPES = 'updated,deleted';

const KEY = 'entraIdSubscription';

export interface StoredSubscription {
	id: string;
	resource: string;
	notificationUrl: string;
	/** Random secret Graph echoes in every notification; checked before anything is done. */
	clientState: string;
	/** Graph's expiry of the subscription, ISO 8601. */
	expirationDateTime: string;
	/** Graph's clock minus n8n's (from the Date header of Graph's last answer), ms. */
	clockOffsetMs: number;
}

export function subscriptionResource(resource: Resource): string {
	return resource === 'user' ? '/users' : '/groups';
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The node's subscription as one copy of the static data holds it. `revision` counts the changes of
 * the record (coordinator.ts compares copies by it); `secret` is the node's clientState, used for every
 * subscription the node makes while n8n runs (re-subscriptions, a re-save), so that a copy holding an
 * older record still accepts the newer subscription's notifications.
 */
export interface SubscriptionView {
	revision: number;
	record?: StoredSubscription;
	secret?: string;
}

function readRecord(stored: Record<string, unknown>): StoredSubscription | undefined {
	const { id, resource, notificationUrl, clientState, expirationDateTime, clockOffsetMs } = stored;
	if (
		typeof id !== 'string' ||
		typeof clientState !== 'string' ||
		typeof notificationUrl !== 'string'
	)
		return undefined;
	return {
		id,
		resource: String(resource ?? ''),
		notificationUrl,
		clientState,
		expirationDateTime: String(expirationDateTime ?? ''),
		clockOffsetMs: typeof clockOffsetMs === 'number' ? clockOffsetMs : 0,
	};
}

export function readSubscriptionView(staticData: IDataObject): SubscriptionView {
	const stored = staticData[KEY];
	if (!isRecord(stored)) return { revision: 0 };
	const revision =
		typeof stored.revision === 'number' && Number.isInteger(stored.revision) && stored.revision >= 0
			? stored.revision
			: 0;
	const record = readRecord(stored);
	const secret =
		typeof stored.clientState === 'string' && stored.clientState ? stored.clientState : undefined;
	return { revision, ...(record ? { record } : {}), ...(secret ? { secret } : {}) };
}

/** The stored subscription, or undefined (none yet, or deactivated). */
export function readSubscription(staticData: IDataObject): StoredSubscription | undefined {
	return readSubscriptionView(staticData).record;
}

/**
 * Writes a view's record with its revision. Only coordinator.ts calls this: it decides which view is
 * the newest. Without a record (deactivated) nothing is stored: the revision and the secret then live
 * in the process's slot only.
 */
export function writeSubscriptionView(staticData: IDataObject, view: SubscriptionView): void {
	if (view.record) staticData[KEY] = { ...view.record, revision: view.revision };
	else if (staticData[KEY] !== undefined) delete staticData[KEY];
}

/** Graph's clock minus ours, from an answer's Date header (second resolution). */
export function clockOffset(response: GraphResponse<unknown>, fallback = 0): number {
	const date = Date.parse(response.headers.date ?? '');
	return Number.isNaN(date) ? fallback : date - Date.now();
}

/** Graph's current time as best known. */
export function graphNow(subscription: { clockOffsetMs: number }): number {
	return Date.now() + subscription.clockOffsetMs;
}

export function needsRenewal(subscription: StoredSubscription): boolean {
	const expires = Date.parse(subscription.expirationDateTime);
	return Number.isNaN(expires) || expires - graphNow(subscription) < RENEW_BELOW_MS;
}

function isNotFound(error: unknown): boolean {
	return graphErrorInfo(error)?.status === 404;
}

/** This app's subscriptions (Graph lists only those of the calling app), with Graph's clock offset. */
export async function listSubscriptions(
	client: GraphClient,
): Promise<{ value: IDataObject[]; clockOffsetMs: number }> {
	const value: IDataObject[] = [];
	let clockOffsetMs = 0;
	for await (const response of client.responses({ path: '/subscriptions' })) {
		clockOffsetMs = clockOffset(response, clockOffsetMs);
		value.push(...response.body.value);
	}
	return { value, clockOffsetMs };
}

/** The subscription as Graph has it, or undefined when it is gone (expired, deleted). */
export async function getSubscription(
	client: GraphClient,
	id: string,
): Promise<{ body: IDataObject; clockOffsetMs: number } | undefined> {
	try {
		const response = await client.send({ path: `/subscriptions/${encodePathSegment(id)}` });
		return { body: response.body, clockOffsetMs: clockOffset(response) };
	} catch (error) {
		if (isNotFound(error)) return undefined;
		throw ensureNodeError(client.node, error);
	}
}

export async function createSubscription(
	client: GraphClient,
	options: {
		resource: string;
		notificationUrl: string;
		clientState: string;
		clockOffsetMs: number;
	},
): Promise<StoredSubscription> {
	const expiry = new Date(Date.now() + options.clockOffsetMs + LIFETIME_MS).toISOString();
	// A proxy may echo the request body into its error: the secret never reaches an error or log.
	client.protectSecret(options.clientState);
	// Graph validates both URLs before it answers: n8n has registered the webhook by then.
	const response = await client.send({
		method: 'POST',
		path: '/subscriptions',
		body: {
			changeType: CHANGE_TYPES,
			notificationUrl: options.notificationUrl,
			lifecycleNotificationUrl: options.notificationUrl,
			resource: options.resource,
			expirationDateTime: expiry,
			clientState: options.clientState,
		},
		subject: { kind: 'Subscription' },
	});
	return {
		id: String(response.body.id),
		resource: options.resource,
		notificationUrl: options.notificationUrl,
		clientState: options.clientState,
		expirationDateTime: String(response.body.expirationDateTime ?? expiry),
		clockOffsetMs: clockOffset(response, options.clockOffsetMs),
	};
}

/**
 * Renews (PATCH expirationDateTime), which also reauthorizes the subscription. Undefined when Graph
 * no longer has it (it expired or was deleted): the caller creates a new one.
 */
export async function renewSubscription(
	client: GraphClient,
	subscription: StoredSubscription,
): Promise<StoredSubscription | undefined> {
	const expiry = new Date(graphNow(subscription) + LIFETIME_MS).toISOString();
	try {
		const response = await client.send({
			method: 'PATCH',
			path: `/subscriptions/${encodePathSegment(subscription.id)}`,
			body: { expirationDateTime: expiry },
			idempotent: true,
			subject: { kind: 'Subscription', id: subscription.id },
		});
		return {
			...subscription,
			expirationDateTime: String(response.body?.expirationDateTime ?? expiry),
			clockOffsetMs: clockOffset(response, subscription.clockOffsetMs),
		};
	} catch (error) {
		if (isNotFound(error)) return undefined;
		throw ensureNodeError(client.node, error);
	}
}

export async function deleteSubscription(client: GraphClient, id: string): Promise<void> {
	try {
		await client.send({
			method: 'DELETE',
			path: `/subscriptions/${encodePathSegment(id)}`,
			subject: { kind: 'Subscription', id },
		});
	} catch (error) {
		if (!isNotFound(error)) throw ensureNodeError(client.node, error);
	}
}
