import type { StoredSubscription } from './subscription';

/*
 * What Graph POSTs to the webhook (changeNotificationCollection): `value` holds change notifications
 * (subscriptionId, changeType, resource, resourceData, clientState, tenantId; for users and groups no
 * resource data) and lifecycle notifications (the same, with `lifecycleEvent` instead of a change).
 * Anything that does not name one of this node's subscriptions with its clientState is forged.
 */

export interface Classified {
	/** Genuine change notifications. */
	changes: number;
	/** Genuine lifecycle events (reauthorizationRequired, subscriptionRemoved, missed). */
	lifecycle: string[];
	/** Notifications with an unknown subscription or a wrong or missing clientState. */
	forged: number;
	/** The subscription the genuine notifications name (the first one). */
	subscription?: StoredSubscription;
}

/**
 * Compares two strings in time that depends only on the expected string's length, not on where
 * they differ, so the secret cannot be guessed character by character from response times.
 */
export function constantTimeEqual(received: string, expected: string): boolean {
	let difference = received.length ^ expected.length;
	for (let index = 0; index < expected.length; index++) {
		// Past the received string's end, compare against itself shifted (always unequal work).
		const code = index < received.length ? received.charCodeAt(index) : expected.charCodeAt(index) ^ 0xffff;
		difference |= code ^ expected.charCodeAt(index);
	}
	return difference === 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Sorts the notifications of one POST into genuine changes, lifecycle events and forgeries. */
export function classifyNotifications(body: unknown, known: StoredSubscription[]): Classified {
	const result: Classified = { changes: 0, lifecycle: [], forged: 0 };
	const value = isRecord(body) && Array.isArray(body.value) ? body.value : undefined;
	if (!value) {
		result.forged = 1;
		return result;
	}
	for (const item of value) {
		const subscription = isRecord(item) ? known.find((candidate) => candidate.id === item.subscriptionId) : undefined;
		const clientState = isRecord(item) && typeof item.clientState === 'string' ? item.clientState : undefined;
		// Every known subscription is checked the same way; a missing clientState never matches.
		if (!subscription || clientState === undefined || !constantTimeEqual(clientState, subscription.clientState)) {
			result.forged++;
			continue;
		}
		result.subscription ??= subscription;
		const event = (item as Record<string, unknown>).lifecycleEvent;
		if (typeof event === 'string') result.lifecycle.push(event);
		else result.changes++;
	}
	return result;
}
