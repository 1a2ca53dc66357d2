/*
 * What Graph POSTs to the webhook (changeNotificationCollection): `value` holds change notifications
 * (subscriptionId, changeType, resource, resourceData, clientState, tenantId; for users and groups no
 * resource data) and lifecycle notifications (the same, with `lifecycleEvent` instead of a change).
 * A notification is genuine when it carries the node's secret as clientState (every subscription of
 * the node is created with it, subscription.ts SubscriptionView) and names a subscription; anything
 * else is forged. Which subscription it names matters for upkeep only (webhook.ts).
 */

export interface Classified {
	/** Genuine change notifications. */
	changes: number;
	/** Genuine lifecycle events (reauthorizationRequired, subscriptionRemoved, missed), each with the subscription it names. */
	lifecycle: { subscriptionId: string; event: string }[];
	/** Notifications without the node's clientState, or naming no subscription. */
	forged: number;
	/** The subscriptions the genuine notifications name, each once. */
	subscriptionIds: string[];
}

/**
 * Compares two strings in time that depends only on the expected string's length, not on where
 * they differ, so the secret cannot be guessed character by character from response times.
 */
export function constantTimeEqual(received: string, expected: string): boolean {
	let difference = received.length ^ expected.length;
	for (let index = 0; index < expected.length; index++) {
		// Past the received string's end, compare against itself shifted (always unequal work).
		const code =
			index < received.length ? received.charCodeAt(index) : expected.charCodeAt(index) ^ 0xffff;
		difference |= code ^ expected.charCodeAt(index);
	}
	return difference === 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Sorts the notifications of one POST into genuine changes, lifecycle events and forgeries. */
export function classifyNotifications(body: unknown, secret: string | undefined): Classified {
	const result: Classified = { changes: 0, lifecycle: [], forged: 0, subscriptionIds: [] };
	const value = isRecord(body) && Array.isArray(body.value) ? body.value : undefined;
	if (!value) {
		result.forged = 1;
		return result;
	}
	for (const item of value) {
		const subscriptionId =
			isRecord(item) && typeof item.subscriptionId === 'string' ? item.subscriptionId : undefined;
		const clientState =
			isRecord(item) && typeof item.clientState === 'string' ? item.clientState : undefined;
		// A missing clientState never matches; without a secret (never subscribed) nothing is genuine.
		if (
			!subscriptionId ||
			clientState === undefined ||
			secret === undefined ||
			!constantTimeEqual(clientState, secret)
		) {
			result.forged++;
			continue;
		}
		if (!result.subscriptionIds.includes(subscriptionId))
			result.subscriptionIds.push(subscriptionId);
		const event = (item as Record<string, unknown>).lifecycleEvent;
		if (typeof event === 'string') result.lifecycle.push({ subscriptionId, event });
		else result.changes++;
	}
	return result;
}
