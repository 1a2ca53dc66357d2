import type { Ctx } from './context';
import type { Env } from './env';
import { GraphError, unsupportedQuery } from './errors';
import type { Node } from './odata';
import { parseFilter } from './odata';
import type { Directory } from './store';
import { DEMO_USERS } from './demo-tenant';

/**
 * `signInActivity` on users, from Microsoft's v1.0 pages:
 * - List users, example "Get users including their last sign-in time": "Details for the
 *   signInActivity property require a Microsoft Entra ID P1 or P2 license and the AuditLog.Read.All
 *   permission." "When you specify $select=signInActivity or $filter=signInActivity while listing
 *   users, the maximum page size for $top is 120. Requests with $top set higher than 120 will return
 *   pages with up to 120 users. signInActivity supports $filter (eq, ne, not, ge, le) but not with
 *   any other filterable properties." It is never returned without `$select`.
 * - signInActivity resource: lastSignInDateTime (interactive), lastNonInteractiveSignInDateTime,
 *   lastSuccessfulSignInDateTime, and the request ids of each.
 * A tenant without P1/P2 answers 403 `Authentication_RequestFromNonPremiumTenantOrB2CTenant`
 * ("Neither tenant is B2C or tenant doesn't have premium license", the code Graph is reported to
 * send, e.g. in the Microsoft Q&A and the projects that handle it).
 */

export const SIGN_IN_PAGE_MAX = 120;
const SUB_PROPERTIES = new Set([
	'lastSignInDateTime',
	'lastSignInRequestId',
	'lastNonInteractiveSignInDateTime',
	'lastNonInteractiveSignInRequestId',
	'lastSuccessfulSignInDateTime',
	'lastSuccessfulSignInRequestId',
]);

interface SignInState {
	premium: boolean;
}

const states = new WeakMap<Directory, SignInState>();

/** Per directory: demo users get sign-in activity relative to the directory's clock on first use. */
function stateOf(directory: Directory): SignInState {
	let state = states.get(directory);
	if (!state) {
		state = { premium: true };
		states.set(directory, state);
		seedDemoActivity(directory);
	}
	return state;
}

const DAY = 24 * 3600 * 1000;

function activity(
	directory: Directory,
	interactiveDaysAgo: number | null,
	nonInteractiveDaysAgo: number | null,
): Record<string, unknown> {
	const at = (days: number | null) =>
		days === null ? null : directory.clock.iso(directory.clock.now() - days * DAY);
	const id = (days: number | null, n: number) =>
		days === null ? null : `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
	const latest = [interactiveDaysAgo, nonInteractiveDaysAgo].filter((d): d is number => d !== null);
	const success = latest.length ? Math.min(...latest) : null;
	return {
		lastSignInDateTime: at(interactiveDaysAgo),
		lastSignInRequestId: id(interactiveDaysAgo, 1),
		lastNonInteractiveSignInDateTime: at(nonInteractiveDaysAgo),
		lastNonInteractiveSignInRequestId: id(nonInteractiveDaysAgo, 2),
		lastSuccessfulSignInDateTime: at(success),
		lastSuccessfulSignInRequestId: id(success, 3),
	};
}

/**
 * Demo tenant: Adele, Alex, Megan signed in recently; Lee only non-interactively lately; Nestor
 * (disabled) and Patti long ago; the others never (signInActivity null).
 */
function seedDemoActivity(directory: Directory): void {
	const plan: Array<[string, number | null, number | null]> = [
		[DEMO_USERS.admin.id, 1, 0],
		[DEMO_USERS.alex.id, 3, 2],
		[DEMO_USERS.megan.id, 10, 9],
		[DEMO_USERS.lee.id, 200, 5],
		[DEMO_USERS.nestor.id, 400, 390],
		[DEMO_USERS.patti.id, 120, null],
	];
	for (const [id, interactive, nonInteractive] of plan) {
		const user = directory.users.get(id);
		if (user) user.props.signInActivity = activity(directory, interactive, nonInteractive);
	}
}

/** Admin: the tenant has (or lacks) an Entra ID P1/P2 licence. */
export function setPremium(directory: Directory, premium: boolean): void {
	stateOf(directory).premium = premium;
}

/** Admin: set a user's sign-in activity (days ago, or null for never). Not a tracked change (delta). */
export function setSignInActivity(
	directory: Directory,
	userId: string,
	interactiveDaysAgo: number | null,
	nonInteractiveDaysAgo: number | null,
): Record<string, unknown> {
	stateOf(directory);
	const user = directory.findUser(userId);
	if (!user)
		throw new GraphError(404, 'Request_ResourceNotFound', `Resource '${userId}' does not exist.`);
	user.props.signInActivity =
		interactiveDaysAgo === null && nonInteractiveDaysAgo === null
			? null
			: activity(directory, interactiveDaysAgo, nonInteractiveDaysAgo);
	directory.version++;
	return user.props.signInActivity as Record<string, unknown>;
}

function mentions(ctx: Ctx): { select: boolean; filter: boolean } {
	const select = (ctx.query.get('$select') ?? '')
		.split(',')
		.some((name) => name.trim() === 'signInActivity');
	const filter = /\bsignInActivity\b/.test(ctx.query.get('$filter') ?? '');
	return { select, filter };
}

/** signInActivity filters: eq, ne, not, ge, le on its sub-properties, and no other property. */
function checkFilter(node: Node): void {
	const bad = (): never => {
		throw unsupportedQuery(
			"Unsupported or invalid query filter clause specified for property 'signInActivity' of resource 'User'.",
		);
	};
	const visit = (n: Node): void => {
		if (n.t === 'and' || n.t === 'or') {
			visit(n.a);
			visit(n.b);
		} else if (n.t === 'not') visit(n.a);
		else if (n.t === 'cmp') {
			if (!['eq', 'ne', 'ge', 'le'].includes(n.op)) bad();
			const prop = n.left.t === 'prop' ? n.left : n.right.t === 'prop' ? n.right : undefined;
			const [head, sub] = (prop?.path ?? '').split('/');
			if (head !== 'signInActivity' || !SUB_PROPERTIES.has(sub ?? '')) bad();
		} else bad();
	};
	visit(node);
}

/**
 * Checks a users request that selects or filters on signInActivity (permission, licence, filter
 * rules) and returns the largest page it may have; undefined when signInActivity is not involved.
 */
export function signInActivityQuery(ctx: Ctx, env: Env): number | undefined {
	const state = stateOf(env.directory);
	const { select, filter } = mentions(ctx);
	if (!select && !filter) return undefined;
	if (!['AuditLog.Read.All'].some((permission) => ctx.token.permissions.has(permission))) {
		throw new GraphError(
			403,
			'Authorization_RequestDenied',
			'Insufficient privileges to complete the operation.',
		);
	}
	if (!state.premium) {
		throw new GraphError(
			403,
			'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
			"Neither tenant is B2C or tenant doesn't have premium license",
		);
	}
	if (filter) checkFilter(parseFilter(ctx.query.get('$filter') ?? '').node);
	return SIGN_IN_PAGE_MAX;
}
