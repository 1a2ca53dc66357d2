import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

import type { Clock } from './clock';
import type { Ctx, Reply } from './context';
import { json, noContent } from './context';
import { GraphError, denied } from './errors';
import type { Kind } from './model';
import { PERMS } from './permissions';
import type { Directory } from './store';

/*
 * Change notifications (webhooks) on users and groups, as Microsoft documents them:
 * - subscription resource type and "Create subscription": resources /users, /users/{id}, /groups,
 *   /groups/{id}, /groups/{id}/members, /groups/{id}/owners; changeType `updated` and `deleted` only;
 *   expirationDateTime at most 41,760 minutes ahead; clientState at most 128 characters;
 *   lifecycleNotificationUrl settable only at creation; includeResourceData not supported for them.
 * - "Receive change notifications through webhooks": validation POST with ?validationToken=, 200
 *   text/plain with the decoded token within 10 seconds, else the create call fails; notifications
 *   answered 2xx within 3 seconds, else retried; delivery can be late, repeated, out of order, lost.
 * - "Reduce missing subscriptions and change notifications": reauthorizationRequired lifecycle events
 *   before a subscription expires; answer 202, then POST /reauthorize or PATCH the expiry.
 * - "Microsoft Graph service limits": 100 subscriptions per app per tenant for directory resources,
 *   1,000 per tenant across apps; over them, 403.
 * Deviations (README): notification URLs must be loopback (tests never leave the machine) and may be
 * http; failed deliveries are retried a few times in seconds rather than for 4 hours; the lifecycle
 * cadence is the documented illustration (from 3 hours before expiry, every 15 minutes).
 */

export const MAX_EXPIRY_MINUTES = 41_760;
export const MAX_PER_APP = 100;
export const MAX_PER_TENANT = 1_000;
export const MAX_CLIENT_STATE = 128;
/** The validation answer must come within 10 seconds. */
export const VALIDATION_TIMEOUT_MS = 10_000;
/** A notification must be acknowledged within 3 seconds. */
export const DELIVERY_TIMEOUT_MS = 3_000;
/** Lifecycle cadence (documented illustration): from 180 minutes before expiry, every 15 minutes. */
export const LIFECYCLE_WINDOW_MS = 180 * 60_000;
export const LIFECYCLE_INTERVAL_MS = 15 * 60_000;
const RETRY_DELAYS_MS = [500, 1000, 2000, 4000];

export interface SubscriptionRecord {
	id: string;
	resource: string;
	changeType: string;
	notificationUrl: string;
	lifecycleNotificationUrl: string | null;
	clientState: string | null;
	expiresAt: number;
	appId: string;
	creatorId: string | null;
	/** Emulated time of the next reauthorizationRequired event, once inside the lifecycle window. */
	nextLifecycleAt?: number;
}

export interface NotificationFaults {
	/** Real milliseconds between a change and its delivery. */
	delayMs: number;
	/** The next N change notifications are lost. */
	drop: number;
	/** The next N change notifications are delivered twice. */
	duplicate: number;
	/** Deliver each batch in reverse order (later changes first). */
	reorder: boolean;
	/** The next N validation requests are not sent (the endpoint looks unreachable). */
	failValidation: number;
}

export interface Delivery {
	kind: 'validation' | 'notification' | 'lifecycle';
	url: string;
	/** Emulated time of sending. */
	time: string;
	/** HTTP status of the answer; 0 when none came (timeout, refused). */
	status: number;
	/** Notifications in the body (validation: 0). */
	count: number;
	subscriptionIds: string[];
	resources: string[];
	lifecycleEvent?: string;
	attempt: number;
	durationMs: number;
}

interface Pending {
	url: string;
	item: Record<string, unknown>;
	subscriptionId: string;
}

const RESOURCE = /^\/?(users|groups)(?:\/([0-9a-fA-F-]{36})(?:\/(members|owners))?)?$/i;

function isoWithTicks(time: number): string {
	return new Date(time).toISOString().replace(/Z$/, '0000Z');
}

function badRequest(code: string, message: string): GraphError {
	return new GraphError(400, code, message);
}

function isLoopback(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Parses and checks a notification URL: https as Graph requires, or http on loopback (emulator). */
function checkUrl(value: unknown, field: string): string {
	if (typeof value !== 'string' || !value)
		throw badRequest('InvalidRequest', `${field} is required.`);
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw badRequest('InvalidRequest', `${field} is not a valid URL.`);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:')
		throw badRequest('InvalidRequest', `${field} must use https.`);
	if (!isLoopback(url.hostname)) {
		// The emulator never sends traffic off the machine.
		throw badRequest(
			'InvalidRequest',
			`${field}: the emulator delivers only to loopback addresses (127.0.0.1, localhost, ::1).`,
		);
	}
	return value;
}

export interface PostResult {
	status: number;
	contentType: string;
	body: string;
	durationMs: number;
}

/** One POST to a loopback URL with a timeout; status 0 when no answer came. */
export function postTo(
	url: string,
	body: string,
	contentType: string,
	timeoutMs: number,
): Promise<PostResult> {
	const started = Date.now();
	return new Promise((resolve) => {
		const target = new URL(url);
		const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
		const req = send(
			target,
			{
				method: 'POST',
				headers: { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) },
				timeout: timeoutMs,
				rejectUnauthorized: false,
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						contentType: String(res.headers['content-type'] ?? ''),
						body: Buffer.concat(chunks).toString('utf8'),
						durationMs: Date.now() - started,
					}),
				);
				res.on('error', () =>
					resolve({ status: 0, contentType: '', body: '', durationMs: Date.now() - started }),
				);
			},
		);
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', () =>
			resolve({ status: 0, contentType: '', body: '', durationMs: Date.now() - started }),
		);
		req.end(body);
	});
}

export class Subscriptions {
	readonly records = new Map<string, SubscriptionRecord>();
	readonly deliveries: Delivery[] = [];
	faults: NotificationFaults = {
		delayMs: 0,
		drop: 0,
		duplicate: 0,
		reorder: false,
		failValidation: 0,
	};
	/** Notifications waiting for the batch window (per URL). */
	private queue: Pending[] = [];
	private flushTimer: NodeJS.Timeout | undefined;
	private inFlight = new Set<Promise<void>>();
	private timer: NodeJS.Timeout | undefined;
	private stopped = false;

	constructor(
		private readonly clock: Clock,
		private readonly tenantId: () => string,
	) {}

	/** Starts the lifecycle clock (checks expiry and reauthorization once a second). */
	start(): void {
		this.timer = setInterval(() => this.tick(), 1000);
		this.timer.unref();
	}

	stop(): void {
		this.stopped = true;
		if (this.timer) clearInterval(this.timer);
		if (this.flushTimer) clearTimeout(this.flushTimer);
	}

	/** Listens to the directory's change log (called again after a reset replaces the directory). */
	attach(directory: Directory): void {
		directory.onChange = (kind, id, change) => this.changed(kind, id, change);
	}

	// ---- Graph API: /subscriptions ---------------------------------------------------------------

	async create(ctx: Ctx): Promise<Reply> {
		this.tick();
		const body = (ctx.body ?? {}) as Record<string, unknown>;
		const resource = typeof body.resource === 'string' ? body.resource : '';
		const match = RESOURCE.exec(resource);
		if (!match)
			throw badRequest(
				'InvalidRequest',
				`The resource '${resource}' is not supported for change notifications.`,
			);
		const kind = match[1].toLowerCase() as Kind;
		requireRead(ctx, kind);
		const changeType = this.checkChangeType(body.changeType);
		if (body.includeResourceData === true) {
			throw badRequest(
				'InvalidRequest',
				'Rich notifications (includeResourceData) are not supported for this resource.',
			);
		}
		const notificationUrl = checkUrl(body.notificationUrl, 'notificationUrl');
		const lifecycleNotificationUrl =
			body.lifecycleNotificationUrl === undefined || body.lifecycleNotificationUrl === null
				? null
				: checkUrl(body.lifecycleNotificationUrl, 'lifecycleNotificationUrl');
		const expiresAt = this.checkExpiry(body.expirationDateTime);
		if (
			body.clientState !== undefined &&
			body.clientState !== null &&
			(typeof body.clientState !== 'string' || body.clientState.length > MAX_CLIENT_STATE)
		) {
			throw badRequest(
				'InvalidRequest',
				`clientState must be a string of at most ${MAX_CLIENT_STATE} characters.`,
			);
		}
		const mine = [...this.records.values()].filter(
			(record) => record.appId === ctx.token.appId,
		).length;
		if (mine >= MAX_PER_APP)
			throw new GraphError(
				403,
				'ExtensionError',
				`Operation: Create; Exception: [Status Code: Forbidden; Reason: The number of subscriptions for this application in this tenant has reached the limit of ${MAX_PER_APP}.]`,
			);
		if (this.records.size >= MAX_PER_TENANT)
			throw new GraphError(
				403,
				'ExtensionError',
				`Operation: Create; Exception: [Status Code: Forbidden; Reason: The number of subscriptions in this tenant has reached the limit of ${MAX_PER_TENANT}.]`,
			);
		// Both endpoints are validated before the subscription exists.
		await this.validate(notificationUrl);
		if (lifecycleNotificationUrl) await this.validate(lifecycleNotificationUrl);
		const record: SubscriptionRecord = {
			id: randomUUID(),
			resource,
			changeType,
			notificationUrl,
			lifecycleNotificationUrl,
			clientState: typeof body.clientState === 'string' ? body.clientState : null,
			expiresAt,
			appId: ctx.token.appId,
			creatorId: ctx.token.userId ?? null,
		};
		this.records.set(record.id, record);
		return json(201, {
			'@odata.context': `${ctx.base}/v1.0/$metadata#subscriptions/$entity`,
			...this.view(record, true),
		});
	}

	route(ctx: Ctx, segments: string[]): Reply {
		this.tick();
		const [, id, action] = segments;
		if (!id) {
			if (ctx.method === 'GET') {
				const value = [...this.records.values()]
					.filter((record) => record.appId === ctx.token.appId)
					.map((record) => this.view(record, false));
				return json(200, { '@odata.context': `${ctx.base}/v1.0/$metadata#subscriptions`, value });
			}
			if (ctx.method === 'POST')
				throw badRequest(
					'BadRequest',
					'Creating a subscription inside $batch is not supported by the emulator.',
				);
			throw new GraphError(
				405,
				'Request_BadRequest',
				'The specified HTTP method is not allowed for the request target.',
			);
		}
		const record = this.records.get(id);
		// Another app's subscription is invisible to this app.
		if (!record || record.appId !== ctx.token.appId)
			throw new GraphError(404, 'ResourceNotFound', `The object was not found.`);
		if (action === 'reauthorize' && ctx.method === 'POST') {
			record.nextLifecycleAt = undefined;
			return noContent();
		}
		if (action) throw badRequest('BadRequest', `Resource not found for the segment '${action}'.`);
		if (ctx.method === 'GET')
			return json(200, {
				'@odata.context': `${ctx.base}/v1.0/$metadata#subscriptions/$entity`,
				...this.view(record, false),
			});
		if (ctx.method === 'DELETE') {
			this.records.delete(id);
			return noContent();
		}
		if (ctx.method === 'PATCH') {
			const body = (ctx.body ?? {}) as Record<string, unknown>;
			for (const key of Object.keys(body)) {
				if (key === 'lifecycleNotificationUrl')
					throw badRequest(
						'InvalidRequest',
						'lifecycleNotificationUrl can only be set when the subscription is created.',
					);
				if (key !== 'expirationDateTime')
					throw badRequest('InvalidRequest', `Property '${key}' cannot be updated.`);
			}
			record.expiresAt = this.checkExpiry(body.expirationDateTime);
			// Renewing also reauthorizes (lifecycle notifications page).
			record.nextLifecycleAt = undefined;
			return json(200, {
				'@odata.context': `${ctx.base}/v1.0/$metadata#subscriptions/$entity`,
				...this.view(record, false),
			});
		}
		throw new GraphError(
			405,
			'Request_BadRequest',
			'The specified HTTP method is not allowed for the request target.',
		);
	}

	private checkChangeType(value: unknown): string {
		if (typeof value !== 'string' || !value)
			throw badRequest('InvalidRequest', 'changeType is required.');
		const types = value.split(',').map((type) => type.trim());
		for (const type of types) {
			if (type !== 'updated' && type !== 'deleted') {
				throw badRequest(
					'InvalidRequest',
					`changeType '${type}' is not supported for this resource; users and groups support 'updated' and 'deleted'.`,
				);
			}
		}
		return [...new Set(types)].join(',');
	}

	private checkExpiry(value: unknown): number {
		const time = typeof value === 'string' ? Date.parse(value) : NaN;
		if (Number.isNaN(time))
			throw badRequest('InvalidRequest', 'expirationDateTime is required and must be a date.');
		const now = this.clock.now();
		if (time <= now)
			throw badRequest('InvalidRequest', 'Subscription expiration can only be in the future.');
		if (time > now + MAX_EXPIRY_MINUTES * 60_000) {
			throw badRequest(
				'InvalidRequest',
				`Subscription expiration can only be ${MAX_EXPIRY_MINUTES} minutes in the future.`,
			);
		}
		return time;
	}

	private view(record: SubscriptionRecord, created: boolean): Record<string, unknown> {
		return {
			id: record.id,
			resource: record.resource,
			applicationId: record.appId,
			changeType: record.changeType,
			// Graph echoes clientState in the create answer; reads do not return the secret.
			clientState: created ? record.clientState : null,
			notificationUrl: record.notificationUrl,
			notificationQueryOptions: null,
			lifecycleNotificationUrl: record.lifecycleNotificationUrl,
			expirationDateTime: isoWithTicks(record.expiresAt),
			creatorId: record.creatorId ?? record.appId,
			includeResourceData: false,
			latestSupportedTlsVersion: 'v1_2',
			encryptionCertificate: null,
			encryptionCertificateId: null,
			notificationUrlAppId: null,
		};
	}

	/** The validation handshake: the endpoint must echo the decoded token as text/plain within 10 s. */
	private async validate(url: string): Promise<void> {
		const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
		const target = `${url}${url.includes('?') ? '&' : '?'}validationToken=${encodeURIComponent(token)}`;
		let result: PostResult;
		if (this.faults.failValidation > 0) {
			this.faults.failValidation -= 1;
			result = { status: 0, contentType: '', body: '', durationMs: 0 };
		} else {
			result = await postTo(target, '', 'text/plain; charset=utf-8', VALIDATION_TIMEOUT_MS);
		}
		this.record({
			kind: 'validation',
			url,
			status: result.status,
			count: 0,
			subscriptionIds: [],
			resources: [],
			attempt: 1,
			durationMs: result.durationMs,
		});
		const ok =
			result.status === 200 &&
			result.contentType.toLowerCase().startsWith('text/plain') &&
			result.body === token;
		if (!ok) {
			const why =
				result.status === 0
					? 'no answer within 10 seconds'
					: result.status !== 200
						? `HTTP ${result.status}`
						: 'the answer was not the validation token as text/plain';
			throw badRequest(
				'ValidationError',
				`Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request (${why}).`,
			);
		}
	}

	// ---- notifications ---------------------------------------------------------------------------

	/** A directory change: one notification per matching subscription. */
	private changed(
		kind: Kind,
		id: string,
		change: 'updated' | 'deleted' | 'members' | 'owners',
	): void {
		const changeType = change === 'deleted' ? 'deleted' : 'updated';
		const now = this.clock.now();
		for (const record of this.records.values()) {
			if (record.expiresAt <= now || !record.changeType.split(',').includes(changeType)) continue;
			const match = RESOURCE.exec(record.resource);
			if (!match || match[1].toLowerCase() !== kind) continue;
			const [, , targetId, relation] = match;
			if (targetId && targetId.toLowerCase() !== id.toLowerCase()) continue;
			if (relation && relation.toLowerCase() !== change) continue;
			const type = kind === 'users' ? 'User' : 'Group';
			const path = `${type}s/${id}`;
			const item: Record<string, unknown> = {
				subscriptionId: record.id,
				subscriptionExpirationDateTime: isoWithTicks(record.expiresAt),
				changeType,
				resource: path,
				resourceData: {
					'@odata.type': `#Microsoft.Graph.${type}`,
					'@odata.id': path,
					id,
					organizationId: this.tenantId(),
				},
				clientState: record.clientState,
				tenantId: this.tenantId(),
			};
			if (this.faults.drop > 0) {
				this.faults.drop -= 1;
				this.record({
					kind: 'notification',
					url: record.notificationUrl,
					status: -1,
					count: 1,
					subscriptionIds: [record.id],
					resources: [path],
					attempt: 0,
					durationMs: 0,
				});
				continue;
			}
			this.queue.push({ url: record.notificationUrl, item, subscriptionId: record.id });
			if (this.faults.duplicate > 0) {
				this.faults.duplicate -= 1;
				this.queue.push({
					url: record.notificationUrl,
					item: { ...item },
					subscriptionId: record.id,
				});
			}
		}
		this.scheduleFlush();
	}

	private scheduleFlush(): void {
		if (this.flushTimer || !this.queue.length || this.stopped) return;
		// Changes within a short window go out in one POST, as Graph batches notifications.
		this.flushTimer = setTimeout(
			() => {
				this.flushTimer = undefined;
				this.flush();
			},
			Math.max(20, this.faults.delayMs),
		);
	}

	private flush(): void {
		const pending = this.queue;
		this.queue = [];
		const byUrl = new Map<string, Pending[]>();
		for (const entry of pending) byUrl.set(entry.url, [...(byUrl.get(entry.url) ?? []), entry]);
		for (const [url, entries] of byUrl) {
			const items = entries.map((entry) => entry.item);
			if (this.faults.reorder) items.reverse();
			for (let start = 0; start < items.length; start += 1000)
				this.track(this.deliver('notification', url, items.slice(start, start + 1000), 1));
		}
	}

	private track(work: Promise<void>): void {
		this.inFlight.add(work);
		void work.finally(() => this.inFlight.delete(work));
	}

	private async deliver(
		kind: 'notification' | 'lifecycle',
		url: string,
		items: Record<string, unknown>[],
		attempt: number,
	): Promise<void> {
		if (this.stopped) return;
		const result = await postTo(
			url,
			JSON.stringify({ value: items }),
			'application/json; charset=utf-8',
			DELIVERY_TIMEOUT_MS,
		);
		this.record({
			kind,
			url,
			status: result.status,
			count: items.length,
			subscriptionIds: [...new Set(items.map((item) => String(item.subscriptionId)))],
			resources: items.map((item) => String(item.resource ?? '')),
			lifecycleEvent: kind === 'lifecycle' ? String(items[0]?.lifecycleEvent) : undefined,
			attempt,
			durationMs: result.durationMs,
		});
		// Not acknowledged (no 2xx within 3 s): Graph tries again later.
		if (result.status >= 200 && result.status < 300) return;
		const wait = RETRY_DELAYS_MS[attempt - 1];
		if (wait === undefined || this.stopped) return;
		await new Promise((resolve) => setTimeout(resolve, wait).unref());
		await this.deliver(kind, url, items, attempt + 1);
	}

	private record(entry: Omit<Delivery, 'time'>): void {
		this.deliveries.push({ ...entry, time: this.clock.iso() });
		if (this.deliveries.length > 20_000) this.deliveries.splice(0, 10_000);
	}

	/** Resolves once every queued and in-flight delivery is done (tests). */
	async settle(): Promise<void> {
		for (let i = 0; i < 100; i++) {
			if (!this.queue.length && !this.flushTimer && !this.inFlight.size) return;
			if (this.flushTimer)
				await new Promise((resolve) => setTimeout(resolve, Math.max(25, this.faults.delayMs + 5)));
			await Promise.all([...this.inFlight]);
		}
	}

	// ---- lifecycle ---------------------------------------------------------------------------------

	/** Removes expired subscriptions and sends reauthorizationRequired inside the lifecycle window. */
	tick(): void {
		const now = this.clock.now();
		for (const record of [...this.records.values()]) {
			if (record.expiresAt <= now) {
				// Directory subscriptions get no subscriptionRemoved event: they simply stop.
				this.records.delete(record.id);
				continue;
			}
			if (!record.lifecycleNotificationUrl || record.expiresAt - now > LIFECYCLE_WINDOW_MS)
				continue;
			if (record.nextLifecycleAt !== undefined && now < record.nextLifecycleAt) continue;
			record.nextLifecycleAt = now + LIFECYCLE_INTERVAL_MS;
			this.sendLifecycle(record, 'reauthorizationRequired');
		}
	}

	/** Sends a lifecycle event now (also used by tests for a permission-change challenge). */
	sendLifecycle(record: SubscriptionRecord, lifecycleEvent: string): void {
		if (!record.lifecycleNotificationUrl) return;
		const item = {
			subscriptionId: record.id,
			subscriptionExpirationDateTime: isoWithTicks(record.expiresAt),
			tenantId: this.tenantId(),
			clientState: record.clientState,
			lifecycleEvent,
		};
		this.track(this.deliver('lifecycle', record.lifecycleNotificationUrl, [item], 1));
	}
}

function requireRead(ctx: Ctx, kind: Kind): void {
	const accepted =
		kind === 'users'
			? PERMS.readUsers.filter((name) => name !== 'User.ReadBasic.All')
			: PERMS.readGroups;
	if (!accepted.some((permission) => ctx.token.permissions.has(permission))) throw denied();
}
