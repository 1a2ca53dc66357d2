import type { Clock } from './clock';
import type { Identity } from './identity';
import type { Kind } from './model';
import type { Directory } from './store';
import type { Subscriptions } from './subscriptions';

/** What the Graph handlers share. */
export interface Env {
	directory: Directory;
	identity: Identity;
	clock: Clock;
	/** forceDeltaResync: delta tokens issued at or before this time answer 410 Gone. */
	resyncBefore: Record<Kind, number>;
	/** How an expired (older than 7 days) delta token is answered. */
	deltaExpiry: 'syncStateNotFound' | 'unsupportedQuery';
	/** Change-notification subscriptions (they outlive a reset of the directory, like an app registration). */
	subscriptions: Subscriptions;
}
