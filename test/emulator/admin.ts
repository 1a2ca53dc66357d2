import { randomUUID } from 'node:crypto';

import type { AccessAdmin } from './admin-access';
import { accessAdmin, accessHttp } from './admin-access';
import { seedApplications } from './applications';
import type { KeyCredential } from './client-assertion';
import { keyCredentialFor } from './client-assertion';
import type { Clock } from './clock';
import type { Env } from './env';
import { GraphError } from './errors';
import { createGroupRecord } from './groups';
import type { SentInvitation } from './guests';
import { sentInvitations } from './guests';
import type { Identity } from './identity';
import { demoApps } from './identity';
import type { GroupRecord, Kind, UserRecord } from './model';
import { isDynamic, isUnified } from './model';
import type { FaultSpec, Faults, LogEntry, RequestLog } from './observe';
import type { SeedOptions } from './seed';
import { buildDirectory, seedGenerated } from './seed';
import type { Delivery, NotificationFaults } from './subscriptions';
import type { Throttle, ThrottleLimits } from './throttle';
import { applyUserPatch, newUserProps } from './users';
import { checkUpn } from './validate';
import { Random } from './random';

/**
 * Out-of-band control of the emulator, as an admin portal or a test harness would: reset and seed,
 * directory changes (fed to delta exactly like API changes), clock, faults, throttling, request log.
 * Reads here are direct: unthrottled and not logged.
 */
export interface EmulatorState {
	users: number;
	groups: number;
	deletedUsers: number;
	deletedGroups: number;
	skus: {
		skuId: string;
		skuPartNumber: string;
		consumedUnits: number;
		enabled: number;
		warning: number;
	}[];
	now: string;
	changeSequence: number;
	throttle: boolean;
	latencyMs: number;
}

export interface EmulatorAdmin extends AccessAdmin {
	reset(options?: SeedOptions): EmulatorState;
	seed(options: { users?: number; groups?: number }): EmulatorState;
	getState(): EmulatorState;
	createUser(props: Record<string, unknown>): Record<string, unknown>;
	updateUser(idOrUpn: string, patch: Record<string, unknown>): Record<string, unknown>;
	deleteUser(idOrUpn: string): Record<string, unknown>;
	restoreUser(id: string): Record<string, unknown>;
	purgeUser(id: string): { id: string; purged: true };
	createGroup(props: Record<string, unknown>): Record<string, unknown>;
	updateGroup(id: string, patch: Record<string, unknown>): Record<string, unknown>;
	deleteGroup(id: string): Record<string, unknown>;
	restoreGroup(id: string): Record<string, unknown>;
	purgeGroup(id: string): { id: string; purged: true };
	addMember(groupId: string, memberId: string): Record<string, unknown>;
	removeMember(groupId: string, memberId: string): Record<string, unknown>;
	setManager(userId: string, managerId: string | null): Record<string, unknown>;
	getUser(idOrUpn: string): Record<string, unknown> | undefined;
	getGroup(id: string): Record<string, unknown> | undefined;
	listMembers(groupId: string): { id: string; type: 'user' | 'group' | 'device' }[];
	/** Group-based licensing: the group's current direct user members inherit the SKU (assignedByGroup = the group). */
	assignGroupLicense(groupId: string, skuId: string): Record<string, unknown>;
	/** Invitation emails "sent" by `POST /invitations` with sendInvitationMessage (guests.ts). */
	sentInvitations(): SentInvitation[];
	advanceClock(seconds: number): { now: string };
	now(): string;
	injectFault(fault: FaultSpec): void;
	clearFaults(): void;
	forceDeltaResync(kind?: 'users' | 'groups'): void;
	setDeltaExpiryError(mode: 'syncStateNotFound' | 'unsupportedQuery'): void;
	requestCount(): number;
	requestLog(): LogEntry[];
	clearLog(): void;
	setThrottle(on: boolean, limits?: Partial<ThrottleLimits>): void;
	setLatency(ms: number): void;
	/** An access token for a registered app without calling the token endpoint (tests). */
	issueToken(clientId: string): string;
	setTokenLifetime(seconds: number): void;
	/** The certificates registered on an app (its keyCredentials). */
	keyCredentials(clientId: string): KeyCredential[];
	/** Replaces an app's keyCredentials (reset restores the demo apps' own). */
	setKeyCredentials(clientId: string, keys: KeyCredential[]): KeyCredential[];
	/** Registers a PEM certificate on an app, as uploading it in the portal does; dates default to the certificate's. */
	registerCertificate(
		clientId: string,
		certificate: string,
		dates?: { startDateTime?: string; endDateTime?: string; displayName?: string },
	): KeyCredential;
	/** Registers generated applications (paging through large tenants), secrets ending in the given days (round robin). */
	seedApplications(count: number, secretsEndInDays?: number[]): { count: number };
	/** Change-notification subscriptions of every app (admin view: clientState hidden). */
	listSubscriptions(): Record<string, unknown>[];
	/** Faults of notification delivery: delay, loss, duplication, reordering, failed validation. */
	setNotificationFaults(faults: Partial<NotificationFaults>): NotificationFaults;
	/** Validation requests, notifications and lifecycle events sent, with the answers' status. */
	deliveries(): Delivery[];
	clearDeliveries(): void;
	/** Sends a lifecycle event (e.g. reauthorizationRequired after a permission change) now. */
	sendLifecycleEvent(subscriptionId: string, lifecycleEvent: string): void;
	/** Removes a subscription as if it had expired or been deleted elsewhere. */
	removeSubscription(subscriptionId: string): void;
	/** Waits until queued and in-flight deliveries are done (in-process only). */
	settleNotifications(): Promise<void>;
}

export interface AdminDeps {
	env: Env;
	identity: Identity;
	clock: Clock;
	throttle: Throttle;
	faults: Faults;
	log: RequestLog;
	latency: { ms: number };
	options: SeedOptions;
}

export class AdminError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

/** Admin-side view of an object: all properties, deletion state, relationships. */
function describe(env: Env, object: UserRecord | GroupRecord): Record<string, unknown> {
	const deleted = Boolean(env.directory.findDeleted(object.id));
	const out: Record<string, unknown> = {
		...JSON.parse(JSON.stringify(object.props)),
		'@odata.type': `#microsoft.graph.${object.kind === 'users' ? 'user' : 'group'}`,
		deleted,
	};
	if (object.kind === 'users') {
		out.manager = env.directory.managers.get(object.id) ?? null;
		out.memberOf = env.directory.parentsOf(object.id);
		out.roles = [...object.roles];
	} else {
		out.members = [...object.members];
		out.owners = [...object.owners];
	}
	return out;
}

function wrap<T>(fn: () => T): T {
	try {
		return fn();
	} catch (error) {
		if (error instanceof GraphError)
			throw new AdminError(error.status, `${error.code}: ${error.message}`);
		throw error;
	}
}

export function createAdmin(deps: AdminDeps): EmulatorAdmin {
	const { env, clock, throttle, faults, log, identity } = deps;
	let random = new Random((deps.options.seed ?? 1) + 7919);
	const dir = () => env.directory;
	const user = (key: string): UserRecord => {
		const found = dir().findUser(key) ?? (dir().deleted.users.get(key) as UserRecord | undefined);
		if (!found) throw new AdminError(404, `No user '${key}'`);
		return found;
	};
	const group = (id: string): GroupRecord => {
		const found = dir().findGroup(id) ?? (dir().deleted.groups.get(id) as GroupRecord | undefined);
		if (!found) throw new AdminError(404, `No group '${id}'`);
		return found;
	};
	const liveUser = (key: string): UserRecord => {
		const found = dir().findUser(key);
		if (!found) throw new AdminError(404, `No user '${key}' in the directory`);
		return found;
	};
	const liveGroup = (id: string): GroupRecord => {
		const found = dir().findGroup(id);
		if (!found) throw new AdminError(404, `No group '${id}' in the directory`);
		return found;
	};
	const state = (): EmulatorState => ({
		users: dir().users.size,
		groups: dir().groups.size,
		deletedUsers: dir().deleted.users.size,
		deletedGroups: dir().deleted.groups.size,
		skus: [...dir().skus.values()].map((s) => ({
			skuId: s.skuId,
			skuPartNumber: s.skuPartNumber,
			consumedUnits: s.consumedUnits,
			enabled: s.prepaidUnits.enabled,
			warning: s.prepaidUnits.warning,
		})),
		now: clock.iso(),
		changeSequence: dir().seq,
		throttle: throttle.enabled,
		latencyMs: deps.latency.ms,
	});
	const removeObject = (object: UserRecord | GroupRecord, kind: Kind) => {
		dir().remove(object);
		void kind;
		return describe(env, object);
	};

	return {
		...accessAdmin(dir),
		reset(options = {}) {
			const merged = { ...deps.options, ...options };
			env.directory = buildDirectory(clock, merged).directory;
			env.subscriptions.attach(env.directory);
			random = new Random((merged.seed ?? 1) + 7919);
			env.resyncBefore = { users: -Infinity, groups: -Infinity };
			throttle.reset();
			faults.clear();
			// The app registrations start over too: the demo apps' certificates and secrets, no seeded apps.
			const demo = demoApps(clock.now());
			for (const clientId of [...identity.apps.keys()])
				if (!demo.some((app) => app.clientId === clientId)) identity.apps.delete(clientId);
			for (const app of demo) {
				const registered = identity.apps.get(app.clientId);
				if (registered)
					Object.assign(registered, {
						keyCredentials: app.keyCredentials,
						passwordCredentials: app.passwordCredentials,
					});
			}
			return state();
		},
		seed(options) {
			seedGenerated(dir(), random, Number(options.users ?? 0), Number(options.groups ?? 0));
			return state();
		},
		getState: state,
		createUser(props) {
			return wrap(() => {
				const upn = checkUpn(props.userPrincipalName, (value) => dir().isDomainVerified(value));
				const record = dir().addUser(
					newUserProps({ ...props, id: props.id ?? randomUUID() }, upn, env),
					{ password: 'Admin!Passw0rd' },
				);
				return describe(env, record);
			});
		},
		updateUser(key, patch) {
			return wrap(() => {
				const record = liveUser(key);
				applyUserPatch(env, record, patch);
				return describe(env, record);
			});
		},
		deleteUser: (key) => wrap(() => removeObject(liveUser(key), 'users')),
		restoreUser: (id) => wrap(() => describe(env, dir().restore(user(id).id))),
		purgeUser(id) {
			return wrap(() => {
				const record = user(id);
				if (dir().users.has(record.id)) dir().remove(record);
				dir().purge(record.id);
				return { id: record.id, purged: true as const };
			});
		},
		createGroup(props) {
			return wrap(() => {
				const types = Array.isArray(props.groupTypes) ? props.groupTypes : [];
				const record = createGroupRecord(env, {
					mailEnabled: types.includes('Unified'),
					securityEnabled: !types.includes('Unified'),
					mailNickname: String(props.displayName ?? 'group')
						.replace(/\W/g, '')
						.toLowerCase(),
					...props,
				});
				for (const member of (props.members as string[] | undefined) ?? [])
					dir().addMember(record, member);
				for (const owner of (props.owners as string[] | undefined) ?? []) record.owners.add(owner);
				// Synced from on-premises AD: read-only in Graph, so only the admin API sets it.
				if (props.onPremisesSyncEnabled === true) record.props.onPremisesSyncEnabled = true;
				return describe(env, record);
			});
		},
		updateGroup(id, patch) {
			return wrap(() => {
				const record = liveGroup(id);
				dir().update(record, patch);
				return describe(env, record);
			});
		},
		assignGroupLicense(groupId, skuId) {
			return wrap(() => {
				const record = liveGroup(groupId);
				dir().assignGroupLicense(record, skuId);
				return describe(env, record);
			});
		},
		deleteGroup: (id) => wrap(() => removeObject(liveGroup(id), 'groups')),
		restoreGroup: (id) => wrap(() => describe(env, dir().restore(group(id).id))),
		purgeGroup(id) {
			return wrap(() => {
				const record = group(id);
				if (dir().groups.has(record.id)) {
					const soft = isUnified(record);
					dir().remove(record);
					if (soft) dir().purge(record.id);
				} else dir().purge(record.id);
				return { id: record.id, purged: true as const };
			});
		},
		addMember(groupId, memberId) {
			const record = liveGroup(groupId);
			const member = dir().findObject(memberId);
			if (!member) throw new AdminError(404, `No object '${memberId}'`);
			if (isDynamic(record))
				throw new AdminError(400, 'Dynamic group: membership follows the rule');
			dir().addMember(record, member.id);
			return describe(env, record);
		},
		removeMember(groupId, memberId) {
			const record = liveGroup(groupId);
			if (!record.members.has(memberId))
				throw new AdminError(404, `'${memberId}' is not a member of '${groupId}'`);
			dir().removeMember(record, memberId);
			return describe(env, record);
		},
		setManager(userId, managerId) {
			const record = liveUser(userId);
			if (managerId !== null) liveUser(managerId);
			dir().setManager(record, managerId === null ? undefined : liveUser(managerId).id);
			return describe(env, record);
		},
		getUser(key) {
			const record =
				dir().findUser(key) ?? (dir().deleted.users.get(key) as UserRecord | undefined);
			return record ? describe(env, record) : undefined;
		},
		getGroup(id) {
			const record =
				dir().findGroup(id) ?? (dir().deleted.groups.get(id) as GroupRecord | undefined);
			return record ? describe(env, record) : undefined;
		},
		sentInvitations: () => sentInvitations(dir()),
		listMembers(groupId) {
			const record = group(groupId);
			return [...record.members].map((id) => ({ id, type: dir().memberType(id) }));
		},
		advanceClock(seconds) {
			clock.advance(Number(seconds));
			env.subscriptions.tick();
			return { now: clock.iso() };
		},
		now: () => clock.iso(),
		injectFault(fault) {
			try {
				faults.add(fault);
			} catch (error) {
				throw new AdminError(400, (error as Error).message);
			}
		},
		clearFaults: () => faults.clear(),
		forceDeltaResync(kind) {
			const now = clock.now();
			if (!kind || kind === 'users') env.resyncBefore.users = now;
			if (!kind || kind === 'groups') env.resyncBefore.groups = now;
		},
		setDeltaExpiryError(mode) {
			env.deltaExpiry = mode;
		},
		requestCount: () => log.count(),
		requestLog: () => [...log.entries],
		clearLog: () => log.clear(),
		setThrottle(on, limits) {
			throttle.enabled = Boolean(on);
			throttle.limits = { ...throttle.limits, ...(limits ?? {}) };
			throttle.reset();
		},
		setLatency(ms) {
			deps.latency.ms = Math.max(0, Number(ms) || 0);
		},
		issueToken: (clientId) => identity.issueAppToken(clientId),
		setTokenLifetime(seconds) {
			identity.lifetimeSeconds = seconds;
		},
		keyCredentials: (clientId) => [...(registeredApp(identity, clientId).keyCredentials ?? [])],
		setKeyCredentials(clientId, keys) {
			registeredApp(identity, clientId).keyCredentials = [...keys];
			return [...keys];
		},
		seedApplications(count, secretsEndInDays) {
			return {
				count: seedApplications(env, Math.max(0, Number(count) || 0), secretsEndInDays).length,
			};
		},
		registerCertificate(clientId, certificate, dates = {}) {
			const app = registeredApp(identity, clientId);
			const key = keyCredentialFor(certificate, dates);
			app.keyCredentials = [...(app.keyCredentials ?? []), key];
			return key;
		},
		listSubscriptions() {
			env.subscriptions.tick();
			return [...env.subscriptions.records.values()].map((record) => ({
				id: record.id,
				resource: record.resource,
				changeType: record.changeType,
				notificationUrl: record.notificationUrl,
				lifecycleNotificationUrl: record.lifecycleNotificationUrl,
				expirationDateTime: new Date(record.expiresAt).toISOString(),
				applicationId: record.appId,
				hasClientState: record.clientState !== null,
			}));
		},
		setNotificationFaults(faults) {
			const current = env.subscriptions.faults;
			env.subscriptions.faults = {
				delayMs: Math.max(0, Number(faults.delayMs ?? current.delayMs) || 0),
				drop: Math.max(0, Number(faults.drop ?? current.drop) || 0),
				duplicate: Math.max(0, Number(faults.duplicate ?? current.duplicate) || 0),
				reorder: Boolean(faults.reorder ?? current.reorder),
				failValidation: Math.max(0, Number(faults.failValidation ?? current.failValidation) || 0),
			};
			return { ...env.subscriptions.faults };
		},
		deliveries: () => [...env.subscriptions.deliveries],
		clearDeliveries: () => {
			env.subscriptions.deliveries.length = 0;
		},
		sendLifecycleEvent(subscriptionId, lifecycleEvent) {
			const record = env.subscriptions.records.get(subscriptionId);
			if (!record) throw new AdminError(404, `No subscription '${subscriptionId}'`);
			env.subscriptions.sendLifecycle(record, lifecycleEvent);
		},
		removeSubscription(subscriptionId) {
			if (!env.subscriptions.records.delete(subscriptionId))
				throw new AdminError(404, `No subscription '${subscriptionId}'`);
		},
		settleNotifications: () => env.subscriptions.settle(),
	};
}

// ---- HTTP: /_emulator/... ----------------------------------------------------------------------

export interface AdminReply {
	status: number;
	body?: unknown;
}

/** What `GET /_emulator/` answers: every admin route, so that the URL the start banner prints leads somewhere. */
export const ADMIN_ROUTES: Array<{ route: string; does: string }> = [
	{ route: 'GET /_emulator/', does: 'this index' },
	{
		route: 'GET /_emulator/state',
		does: 'counts of users, groups, devices and deleted objects, the clock',
	},
	{ route: 'POST /_emulator/reset', does: 'start over from a seed (body: seed options)' },
	{
		route: 'POST /_emulator/seed',
		does: 'add generated users and groups (body: { users, groups, ... })',
	},
	{ route: 'GET /_emulator/clock', does: "the emulator's current time" },
	{ route: 'POST /_emulator/clock', does: 'move the clock forward (body: { advanceSeconds })' },
	{
		route: 'POST /_emulator/faults',
		does: 'inject a fault (body: a fault spec: status, path, count, ...)',
	},
	{ route: 'DELETE /_emulator/faults', does: 'clear injected faults' },
	{ route: 'GET /_emulator/requests', does: 'the request log' },
	{ route: 'DELETE /_emulator/requests', does: 'clear the request log' },
	{ route: 'POST /_emulator/throttle', does: 'turn throttling on or off (body: { on, limits })' },
	{ route: 'POST /_emulator/latency', does: 'add latency to every request (body: { ms })' },
	{
		route: 'POST /_emulator/delta/resync',
		does: 'expire delta links (body: { kind: users | groups })',
	},
	{ route: 'POST /_emulator/token', does: 'an access token for an app (body: { clientId })' },
	{
		route: 'GET|PUT /_emulator/apps/{clientId}/keyCredentials',
		does: "an app's registered certificates, or replace them (body: { value })",
	},
	{
		route: 'POST /_emulator/apps/seed',
		does: 'register generated applications (body: { count, secretsEndInDays })',
	},
	{
		route: 'POST /_emulator/apps/{clientId}/certificates',
		does: 'register a PEM certificate on an app (body: { certificate, startDateTime?, endDateTime? })',
	},
	{
		route: 'POST /_emulator/directory/{users|groups}',
		does: "create a user or group without Graph's checks",
	},
	{
		route: 'GET|PATCH|DELETE /_emulator/directory/{users|groups}/{id}',
		does: 'read, change or delete one (?permanent=true purges)',
	},
	{
		route: 'POST /_emulator/directory/{users|groups}/{id}/restore',
		does: 'restore from deleted items',
	},
	{
		route: 'PUT /_emulator/directory/users/{id}/manager',
		does: 'set or clear the manager (body: { managerId })',
	},
	{ route: 'GET /_emulator/directory/groups/{id}/members', does: 'list members' },
	{
		route: 'POST|DELETE /_emulator/directory/groups/{id}/members/{memberId}',
		does: 'add or remove a member',
	},
];

/** Routes `/_emulator/...` (JSON in and out, no auth) to the admin operations. */
export function adminHttp(
	admin: EmulatorAdmin,
	method: string,
	segments: string[],
	query: URLSearchParams,
	body: unknown,
): AdminReply {
	const b = (body ?? {}) as Record<string, unknown>;
	const ok = (value: unknown = { ok: true }) => ({ status: 200, body: value });
	const path = segments.join('/');
	const [area, kind, id, sub, memberId] = segments;
	if (method === 'GET' && path === '')
		return ok({
			emulator: 'Microsoft Graph emulator: admin API (JSON, no auth)',
			routes: ADMIN_ROUTES,
		});
	if (method === 'POST' && path === 'reset') return ok(admin.reset(b as SeedOptions));
	if (method === 'POST' && path === 'seed') return ok(admin.seed(b));
	if (method === 'GET' && path === 'state') return ok(admin.getState());
	if (path === 'clock') {
		if (method === 'POST') return ok(admin.advanceClock(Number(b.advanceSeconds ?? 0)));
		return ok({ now: admin.now() });
	}
	if (path === 'faults') {
		if (method === 'POST') {
			admin.injectFault(b as unknown as FaultSpec);
			return ok();
		}
		if (method === 'DELETE') {
			admin.clearFaults();
			return ok();
		}
	}
	if (path === 'requests') {
		if (method === 'GET') return ok({ count: admin.requestCount(), requests: admin.requestLog() });
		if (method === 'DELETE') {
			admin.clearLog();
			return ok();
		}
	}
	if (method === 'POST' && path === 'throttle') {
		admin.setThrottle(Boolean(b.on ?? b.enabled), b.limits as Partial<ThrottleLimits> | undefined);
		return ok();
	}
	if (method === 'POST' && path === 'latency') {
		admin.setLatency(Number(b.ms ?? b.latencyMs ?? 0));
		return ok();
	}
	if (method === 'POST' && (path === 'delta/resync' || path === 'delta-resync')) {
		admin.forceDeltaResync(b.kind as 'users' | 'groups' | undefined);
		return ok();
	}
	const appKeys = /^apps\/([^/]+)\/(keyCredentials|certificates)$/.exec(path);
	if (appKeys && appKeys[2] === 'keyCredentials' && method === 'GET')
		return ok({ value: admin.keyCredentials(decodeURIComponent(appKeys[1])) });
	if (appKeys && appKeys[2] === 'keyCredentials' && method === 'PUT')
		return ok({
			value: admin.setKeyCredentials(
				decodeURIComponent(appKeys[1]),
				(b.value ?? []) as KeyCredential[],
			),
		});
	if (appKeys && appKeys[2] === 'certificates' && method === 'POST') {
		const dates = {
			startDateTime: b.startDateTime as string | undefined,
			endDateTime: b.endDateTime as string | undefined,
			displayName: b.displayName as string | undefined,
		};
		return ok(
			admin.registerCertificate(decodeURIComponent(appKeys[1]), String(b.certificate ?? ''), dates),
		);
	}
	if (method === 'POST' && path === 'apps/seed')
		return ok(
			admin.seedApplications(Number(b.count ?? 0), b.secretsEndInDays as number[] | undefined),
		);
	if (method === 'POST' && path === 'token')
		return ok({ access_token: admin.issueToken(String(b.clientId ?? b.client_id)) });
	if (path === 'subscriptions' && method === 'GET') return ok({ value: admin.listSubscriptions() });
	if (area === 'subscriptions' && kind && !id && method === 'DELETE') {
		admin.removeSubscription(kind);
		return ok();
	}
	if (area === 'subscriptions' && kind && id === 'lifecycle' && method === 'POST') {
		admin.sendLifecycleEvent(kind, String(b.lifecycleEvent ?? 'reauthorizationRequired'));
		return ok();
	}
	if (path === 'notifications/faults' && method === 'POST')
		return ok(admin.setNotificationFaults(b as Partial<NotificationFaults>));
	if (path === 'notifications') {
		if (method === 'GET') return ok({ value: admin.deliveries() });
		if (method === 'DELETE') {
			admin.clearDeliveries();
			return ok();
		}
	}
	const access = accessHttp(admin, method, segments, b);
	if (access) return access;
	if (area === 'directory' && (kind === 'users' || kind === 'groups'))
		return directoryHttp(admin, method, kind, id, sub, memberId, query, b);
	throw new AdminError(
		404,
		`No admin route ${method} /_emulator/${path} (GET /_emulator/ lists them)`,
	);
}

function directoryHttp(
	admin: EmulatorAdmin,
	method: string,
	kind: 'users' | 'groups',
	id: string | undefined,
	sub: string | undefined,
	memberId: string | undefined,
	query: URLSearchParams,
	body: Record<string, unknown>,
): AdminReply {
	const isUsers = kind === 'users';
	if (!id) {
		if (method === 'POST')
			return { status: 201, body: isUsers ? admin.createUser(body) : admin.createGroup(body) };
		throw new AdminError(405, 'Use POST to create');
	}
	if (!sub) {
		if (method === 'GET') {
			const found = isUsers ? admin.getUser(id) : admin.getGroup(id);
			if (!found) throw new AdminError(404, `No ${kind} '${id}'`);
			return { status: 200, body: found };
		}
		if (method === 'PATCH')
			return {
				status: 200,
				body: isUsers ? admin.updateUser(id, body) : admin.updateGroup(id, body),
			};
		if (method === 'DELETE') {
			if (query.get('permanent') === 'true')
				return { status: 200, body: isUsers ? admin.purgeUser(id) : admin.purgeGroup(id) };
			return { status: 200, body: isUsers ? admin.deleteUser(id) : admin.deleteGroup(id) };
		}
	}
	if (sub === 'restore' && method === 'POST')
		return { status: 200, body: isUsers ? admin.restoreUser(id) : admin.restoreGroup(id) };
	if (sub === 'manager' && isUsers && method === 'PUT')
		return { status: 200, body: admin.setManager(id, (body.managerId as string | null) ?? null) };
	if (sub === 'members' && !isUsers) {
		if (!memberId && method === 'GET') return { status: 200, body: admin.listMembers(id) };
		if (memberId && method === 'POST') return { status: 200, body: admin.addMember(id, memberId) };
		if (memberId && method === 'DELETE')
			return { status: 200, body: admin.removeMember(id, memberId) };
	}
	throw new AdminError(
		404,
		`No admin route ${method} /_emulator/directory/${kind}/${id}/${sub ?? ''}`,
	);
}

function registeredApp(identity: Identity, clientId: string) {
	const app = identity.apps.get(clientId);
	if (!app) throw new AdminError(404, `No app registration with client id ${clientId}`);
	return app;
}
