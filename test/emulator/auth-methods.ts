import { randomInt, randomUUID } from 'node:crypto';

import type { Ctx, Reply } from './context';
import { json, noContent } from './context';
import type { Env } from './env';
import { GraphError, notFound } from './errors';
import type { Directory } from './store';
import { findUserOr404 } from './users';
import { requireObject } from './validate';

/**
 * Temporary Access Pass (TAP), from Microsoft's v1.0 pages:
 * - temporaryAccessPassAuthenticationMethod resource: id, temporaryAccessPass (the pass, returned
 *   only when it is created), createdDateTime, startDateTime, lifetimeInMinutes, isUsableOnce,
 *   isUsable, methodUsabilityReason.
 * - Create temporaryAccessPassMethod (`POST /users/{id}/authentication/temporaryAccessPassMethods`,
 *   201): optional isUsableOnce, lifetimeInMinutes ("Must be between 10 and 43200"; default: the
 *   policy's defaultLifetimeInMinutes), startDateTime. "A user can only have one Temporary Access
 *   Pass": a new one deletes the previous one. A multi-use pass only "if it is allowed by the
 *   Temporary Access Pass authentication method policy".
 * - List temporaryAccessPassMethods ("will only return a single object"), Get, Delete (204).
 * - temporaryAccessPassAuthenticationMethodConfiguration (the tenant policy): state
 *   enabled/disabled, defaultLifetimeInMinutes, minimumLifetimeInMinutes, maximumLifetimeInMinutes,
 *   isUsableOnce ("If true, all the passes in the tenant will be restricted to one-time use"),
 *   defaultLength (8..48). Defaults from "Configure Temporary Access Pass": 1 h min, 8 h max, 1 h
 *   default, not one-time, length 8.
 * - "Temporary Access Pass cannot be added to an external guest user" (same page, troubleshooting).
 * The exact wording of a lifetime outside the policy follows a reported Graph answer
 * (microsoftgraph/microsoft-graph-docs#12187): 400 `badRequest` "Invalid LifetimeInMinutes specified.
 * The valid range between 60 and 480."; the wording for a disabled policy is the emulator's own.
 */

export interface TapPolicy {
	state: 'enabled' | 'disabled';
	defaultLifetimeInMinutes: number;
	minimumLifetimeInMinutes: number;
	maximumLifetimeInMinutes: number;
	isUsableOnce: boolean;
	defaultLength: number;
}

interface TapRecord {
	id: string;
	userId: string;
	createdDateTime: string;
	startDateTime: string;
	lifetimeInMinutes: number;
	isUsableOnce: boolean;
}

interface AuthState {
	policy: TapPolicy;
	taps: Map<string, TapRecord>;
	methods: Map<string, MethodRecord>;
	/** The method id that is each user's default MFA method (userId -> method id). */
	defaults: Map<string, string>;
}

/**
 * The other registered methods (authenticationMethod resource, v1.0 derived types), each with its own
 * collection under `/users/{id}/authentication/` and its own Delete page (204):
 * microsoftAuthenticatorMethods, phoneMethods, emailMethods, fido2Methods, softwareOathMethods,
 * windowsHelloForBusinessMethods. Rules from those pages:
 * - Delete phoneAuthenticationMethod: "If the phone number is the user's default Azure multi-factor
 *   authentication (MFA) authentication method, it can't be deleted"; "A user can't have an
 *   alternateMobile number without a mobile number".
 * - The default-method refusal's wording is the one Graph answers (Microsoft Q&A 1337439): 400
 *   "Cannot delete default method with other methods configured. Please change default method before
 *   deletion." It applies while any other method than the password is registered.
 * - passwordAuthenticationMethod: listed for every user (well-known id
 *   28c10230-6103-485e-b985-444c60001490); it has no Delete (405 here).
 */
export const METHOD_COLLECTIONS: Record<string, string> = {
	microsoftAuthenticatorAuthenticationMethod: 'microsoftAuthenticatorMethods',
	phoneAuthenticationMethod: 'phoneMethods',
	emailAuthenticationMethod: 'emailMethods',
	fido2AuthenticationMethod: 'fido2Methods',
	softwareOathAuthenticationMethod: 'softwareOathMethods',
	windowsHelloForBusinessAuthenticationMethod: 'windowsHelloForBusinessMethods',
};

export const PASSWORD_METHOD_ID = '28c10230-6103-485e-b985-444c60001490';

interface MethodRecord {
	id: string;
	userId: string;
	type: string;
	props: Record<string, unknown>;
}

export const DEFAULT_TAP_POLICY: TapPolicy = {
	state: 'enabled',
	defaultLifetimeInMinutes: 60,
	minimumLifetimeInMinutes: 60,
	maximumLifetimeInMinutes: 480,
	isUsableOnce: false,
	defaultLength: 8,
};

/** Per directory, so that a reset (a new Directory) starts from the defaults. */
const states = new WeakMap<Directory, AuthState>();

function stateOf(directory: Directory): AuthState {
	let state = states.get(directory);
	if (!state) {
		state = {
			policy: { ...DEFAULT_TAP_POLICY },
			taps: new Map(),
			methods: new Map(),
			defaults: new Map(),
		};
		states.set(directory, state);
	}
	return state;
}

/** Admin: change the tenant's TAP policy (as an Authentication Policy Administrator would). */
export function setTapPolicy(directory: Directory, patch: Partial<TapPolicy>): TapPolicy {
	const state = stateOf(directory);
	state.policy = { ...state.policy, ...patch };
	return { ...state.policy };
}

/** Admin: the TAPs a user has (never the pass itself: Graph does not keep it readable either). */
export function tapsOf(directory: Directory, userId: string): Array<Record<string, unknown>> {
	return [...stateOf(directory).taps.values()]
		.filter((tap) => tap.userId === userId)
		.map((tap) => ({ ...tap }));
}

/** Admin: register a method of `type` (a METHOD_COLLECTIONS key) for a user, optionally as the default MFA method. */
export function addAuthMethod(
	directory: Directory,
	userId: string,
	type: string,
	props: Record<string, unknown> = {},
	options: { isDefault?: boolean } = {},
): Record<string, unknown> {
	if (!(type in METHOD_COLLECTIONS)) throw new Error(`Unknown authentication method type ${type}`);
	const state = stateOf(directory);
	const record: MethodRecord = {
		id: typeof props.id === 'string' ? props.id : randomUUID(),
		userId,
		type,
		props: { createdDateTime: new Date().toISOString(), ...props },
	};
	state.methods.set(record.id, record);
	if (options.isDefault) state.defaults.set(userId, record.id);
	directory.version++;
	return { id: record.id, type, ...record.props };
}

/** Admin: every method a user has (TAPs included, the password left out), as `{ id, type }`. */
export function authMethodsOf(
	directory: Directory,
	userId: string,
): Array<{ id: string; type: string; isDefault: boolean }> {
	const state = stateOf(directory);
	const others = [...state.methods.values()]
		.filter((method) => method.userId === userId)
		.map((method) => ({ id: method.id, type: method.type }));
	const taps = [...state.taps.values()]
		.filter((tap) => tap.userId === userId)
		.map((tap) => ({ id: tap.id, type: 'temporaryAccessPassAuthenticationMethod' }));
	return [...others, ...taps].map((method) => ({
		...method,
		isDefault: state.defaults.get(userId) === method.id,
	}));
}

const TAP_READ = [
	'UserAuthMethod-TAP.Read.All',
	'UserAuthMethod-TAP.ReadWrite.All',
	'UserAuthenticationMethod.Read.All',
	'UserAuthenticationMethod.ReadWrite.All',
];
const TAP_WRITE = ['UserAuthMethod-TAP.ReadWrite.All', 'UserAuthenticationMethod.ReadWrite.All'];

function requireAny(ctx: Ctx, accepted: string[]): void {
	if (!accepted.some((permission) => ctx.token.permissions.has(permission))) {
		throw new GraphError(403, 'accessDenied', 'Request Authorization failed');
	}
}

const badRequest = (message: string) => new GraphError(400, 'badRequest', message);

const PASS_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789+%@#$&=!?';

function newPass(length: number): string {
	let pass = '';
	for (let index = 0; index < length; index++) pass += PASS_CHARS[randomInt(PASS_CHARS.length)];
	return pass;
}

function usability(
	tap: TapRecord,
	now: number,
): { isUsable: boolean; methodUsabilityReason: string } {
	const start = Date.parse(tap.startDateTime);
	if (now < start) return { isUsable: false, methodUsabilityReason: 'NotYetValid' };
	if (now >= start + tap.lifetimeInMinutes * 60_000)
		return { isUsable: false, methodUsabilityReason: 'Expired' };
	return { isUsable: true, methodUsabilityReason: 'EnabledByPolicy' };
}

function view(ctx: Ctx, env: Env, tap: TapRecord, pass: string | null): Record<string, unknown> {
	return {
		'@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethod',
		id: tap.id,
		temporaryAccessPass: pass,
		createdDateTime: tap.createdDateTime,
		startDateTime: tap.startDateTime,
		lifetimeInMinutes: tap.lifetimeInMinutes,
		isUsableOnce: tap.isUsableOnce,
		...usability(tap, env.clock.now()),
	};
}

const ALLOWED = new Set(['@odata.type', 'isUsableOnce', 'lifetimeInMinutes', 'startDateTime']);

function createTap(ctx: Ctx, env: Env, key: string): Reply {
	requireAny(ctx, TAP_WRITE);
	const user = findUserOr404(env, key);
	// The entity is the request body (Create temporaryAccessPassMethod); `{}` takes the policy defaults.
	const body = requireObject(ctx.body);
	for (const name of Object.keys(body)) {
		if (!ALLOWED.has(name))
			throw badRequest(`Property '${name}' is read-only or does not exist and cannot be set.`);
	}
	const { policy, taps } = stateOf(env.directory);
	if (String(user.props.userPrincipalName).includes('#EXT#')) {
		throw badRequest('Temporary Access Pass cannot be added to an external guest user.');
	}
	if (policy.state !== 'enabled') {
		throw badRequest(
			'The Temporary Access Pass authentication method is not enabled for this user by the tenant policy.',
		);
	}
	const lifetime = body.lifetimeInMinutes ?? policy.defaultLifetimeInMinutes;
	if (typeof lifetime !== 'number' || !Number.isInteger(lifetime))
		throw badRequest("Invalid value specified for property 'lifetimeInMinutes'.");
	const min = Math.max(10, policy.minimumLifetimeInMinutes);
	const max = Math.min(43200, policy.maximumLifetimeInMinutes);
	if (lifetime < min || lifetime > max)
		throw badRequest(
			`Invalid LifetimeInMinutes specified. The valid range between ${min} and ${max}.`,
		);
	const once = body.isUsableOnce ?? policy.isUsableOnce;
	if (typeof once !== 'boolean')
		throw badRequest("Invalid value specified for property 'isUsableOnce'.");
	if (!once && policy.isUsableOnce) {
		throw badRequest(
			'The Temporary Access Pass policy only allows one-time use passes: set isUsableOnce to true.',
		);
	}
	let start = env.clock.iso();
	if (body.startDateTime !== undefined) {
		const parsed = typeof body.startDateTime === 'string' ? Date.parse(body.startDateTime) : NaN;
		if (Number.isNaN(parsed))
			throw badRequest("Invalid value specified for property 'startDateTime'.");
		start = env.clock.iso(parsed);
	}
	// One pass per user: a new one replaces the previous one.
	for (const [id, tap] of taps) if (tap.userId === user.id) taps.delete(id);
	const tap: TapRecord = {
		id: randomUUID(),
		userId: user.id,
		createdDateTime: env.clock.iso(),
		startDateTime: start,
		lifetimeInMinutes: lifetime,
		isUsableOnce: once,
	};
	taps.set(tap.id, tap);
	env.directory.version++;
	const context = `${ctx.base}/v1.0/$metadata#users('${user.id}')/authentication/temporaryAccessPassMethods/$entity`;
	return json(201, {
		'@odata.context': context,
		...view(ctx, env, tap, newPass(policy.defaultLength)),
	});
}

function userTaps(env: Env, userId: string): TapRecord[] {
	return [...stateOf(env.directory).taps.values()].filter((tap) => tap.userId === userId);
}

function findTap(env: Env, userId: string, id: string): TapRecord {
	const tap = stateOf(env.directory).taps.get(id);
	if (!tap || tap.userId !== userId) throw notFound(id);
	return tap;
}

/** `/users/{id}/authentication/...` (segments after the user key). */
export function routeAuthentication(ctx: Ctx, env: Env, key: string, rest: string[]): Reply {
	if (rest[0] === 'methods' && rest.length === 1) return listMethods(ctx, env, key);
	if (rest[0] === 'passwordMethods') return passwordMethods(ctx, env, key, rest);
	const type = Object.keys(METHOD_COLLECTIONS).find((name) => METHOD_COLLECTIONS[name] === rest[0]);
	if (type) return routeMethods(ctx, env, key, type, rest);
	if (rest[0] !== 'temporaryAccessPassMethods') {
		throw new GraphError(
			400,
			'BadRequest',
			`Resource not found for the segment '${rest[0] ?? 'authentication'}'.`,
		);
	}
	const m = ctx.method;
	if (rest.length === 1) {
		if (m === 'POST') return createTap(ctx, env, key);
		if (m === 'GET') {
			requireAny(ctx, TAP_READ);
			const user = findUserOr404(env, key);
			return json(200, {
				'@odata.context': `${ctx.base}/v1.0/$metadata#users('${user.id}')/authentication/temporaryAccessPassMethods`,
				value: userTaps(env, user.id).map((tap) => view(ctx, env, tap, null)),
			});
		}
	}
	if (rest.length === 2) {
		const user = findUserOr404(env, key);
		if (m === 'GET') {
			requireAny(ctx, TAP_READ);
			return json(200, view(ctx, env, findTap(env, user.id, rest[1]), null));
		}
		if (m === 'DELETE') {
			requireAny(ctx, TAP_WRITE);
			const tap = findTap(env, user.id, rest[1]);
			refuseDefault(env, user.id, tap.id);
			stateOf(env.directory).taps.delete(tap.id);
			env.directory.version++;
			return noContent();
		}
	}
	throw new GraphError(
		405,
		'Request_BadRequest',
		'The specified HTTP method is not allowed for the request target.',
	);
}

/**
 * `GET /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass`
 * (Get temporaryAccessPassAuthenticationMethodConfiguration: Policy.Read.All or
 * Policy.ReadWrite.AuthenticationMethod).
 */
export function routePolicies(ctx: Ctx, env: Env, s: string[]): Reply {
	const path = s.slice(1).join('/').toLowerCase();
	if (
		ctx.method !== 'GET' ||
		path !== 'authenticationmethodspolicy/authenticationmethodconfigurations/temporaryaccesspass'
	) {
		throw new GraphError(
			400,
			'BadRequest',
			`Resource not found for the segment '${s[1] ?? 'policies'}'.`,
		);
	}
	if (
		!['Policy.Read.All', 'Policy.ReadWrite.AuthenticationMethod'].some((p) =>
			ctx.token.permissions.has(p),
		)
	) {
		throw new GraphError(
			403,
			'Authorization_RequestDenied',
			'Insufficient privileges to complete the operation.',
		);
	}
	const { policy } = stateOf(env.directory);
	return json(200, {
		'@odata.context': `${ctx.base}/v1.0/$metadata#policies/authenticationMethodsPolicy/authenticationMethodConfigurations/$entity`,
		'@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration',
		id: 'TemporaryAccessPass',
		...policy,
		includeTargets: [{ targetType: 'group', id: 'all_users', isRegistrationRequired: false }],
		excludeTargets: [],
	});
}

const METHOD_READ = ['UserAuthenticationMethod.Read.All', 'UserAuthenticationMethod.ReadWrite.All'];
const METHOD_WRITE = ['UserAuthenticationMethod.ReadWrite.All'];

const TYPE_PREFIX = '#microsoft.graph.';

function methodView(method: MethodRecord): Record<string, unknown> {
	return { '@odata.type': `${TYPE_PREFIX}${method.type}`, id: method.id, ...method.props };
}

function passwordView(env: Env, userId: string): Record<string, unknown> {
	const user = env.directory.findUser(userId);
	return {
		'@odata.type': `${TYPE_PREFIX}passwordAuthenticationMethod`,
		id: PASSWORD_METHOD_ID,
		password: null,
		createdDateTime: user?.props.createdDateTime ?? null,
	};
}

/** `GET /users/{id}/authentication/methods` (List methods): the password first, then every registered method. */
function listMethods(ctx: Ctx, env: Env, key: string): Reply {
	if (ctx.method !== 'GET')
		throw new GraphError(
			405,
			'Request_BadRequest',
			'The specified HTTP method is not allowed for the request target.',
		);
	requireAny(ctx, METHOD_READ);
	const user = findUserOr404(env, key);
	const state = stateOf(env.directory);
	const others = [...state.methods.values()]
		.filter((method) => method.userId === user.id)
		.map(methodView);
	const taps = userTaps(env, user.id).map((tap) => view(ctx, env, tap, null));
	return json(200, {
		'@odata.context': `${ctx.base}/v1.0/$metadata#users('${user.id}')/authentication/methods`,
		value: [passwordView(env, user.id), ...others, ...taps],
	});
}

function passwordMethods(ctx: Ctx, env: Env, key: string, rest: string[]): Reply {
	const user = findUserOr404(env, key);
	if (ctx.method !== 'GET')
		throw new GraphError(
			405,
			'Request_BadRequest',
			'The specified HTTP method is not allowed for the request target.',
		);
	requireAny(ctx, METHOD_READ);
	if (rest.length === 1) return json(200, { value: [passwordView(env, user.id)] });
	if (rest[1] !== PASSWORD_METHOD_ID) throw notFound(rest[1]);
	return json(200, passwordView(env, user.id));
}

/** The default MFA method cannot be deleted while the user has other methods than the password. */
function refuseDefault(env: Env, userId: string, methodId: string): void {
	const state = stateOf(env.directory);
	if (state.defaults.get(userId) !== methodId) return;
	const others = authMethodsOf(env.directory, userId).filter((method) => method.id !== methodId);
	if (others.length)
		throw badRequest(
			'Cannot delete default method with other methods configured. Please change default method before deletion.',
		);
	state.defaults.delete(userId);
}

function routeMethods(ctx: Ctx, env: Env, key: string, type: string, rest: string[]): Reply {
	const user = findUserOr404(env, key);
	const state = stateOf(env.directory);
	const mine = [...state.methods.values()].filter(
		(method) => method.userId === user.id && method.type === type,
	);
	if (rest.length === 1 && ctx.method === 'GET') {
		requireAny(ctx, METHOD_READ);
		return json(200, { value: mine.map(methodView) });
	}
	if (rest.length === 2) {
		const method = mine.find((entry) => entry.id === rest[1]);
		if (ctx.method === 'GET') {
			requireAny(ctx, METHOD_READ);
			if (!method) throw notFound(rest[1]);
			return json(200, methodView(method));
		}
		if (ctx.method === 'DELETE') {
			requireAny(ctx, METHOD_WRITE);
			if (!method) throw notFound(rest[1]);
			if (
				type === 'phoneAuthenticationMethod' &&
				method.props.phoneType === 'mobile' &&
				mine.some((entry) => entry.props.phoneType === 'alternateMobile')
			) {
				throw badRequest(
					"A user can't have an alternateMobile number without a mobile number: delete the alternateMobile number first.",
				);
			}
			refuseDefault(env, user.id, method.id);
			state.methods.delete(method.id);
			env.directory.version++;
			return noContent();
		}
	}
	throw new GraphError(
		405,
		'Request_BadRequest',
		'The specified HTTP method is not allowed for the request target.',
	);
}
