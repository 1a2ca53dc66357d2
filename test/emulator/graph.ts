import { routeAuthentication, routePolicies } from './auth-methods';
import type { Ctx, Reply } from './context';
import { json } from './context';
import { delta } from './delta';
import {
	getDeleted,
	getDirectoryObject,
	listDeleted,
	organization,
	purgeDeleted,
	restoreDeleted,
} from './directory';
import type { Env } from './env';
import { GraphError, notFound } from './errors';
import * as groups from './groups';
import { routeRoleManagement } from './roles';
import { createInvitation } from './guests';
import { checkMemberGroups, getMemberGroups, memberObject } from './member-groups';
import { routeApplications } from './applications';
import { assignLicense, licenseDetails, subscribedSkus } from './licenses';
import * as users from './users';

/** Routes one Graph v1.0 request (path segments after `/v1.0`) to its handler. */

function badSegment(segment: string): GraphError {
	return new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
}

function methodNotAllowed(): GraphError {
	return new GraphError(
		405,
		'Request_BadRequest',
		'The specified HTTP method is not allowed for the request target.',
	);
}

/** `users('$x@y')` (required for UPNs starting with `$`) is rewritten to `users/$x@y`. */
export function normalizeSegments(segments: string[]): string[] {
	const match = /^(users|groups)\('(.*)'\)$/.exec(segments[0] ?? '');
	if (match) return [match[1], match[2].replace(/''/g, "'"), ...segments.slice(1)];
	if (segments[0] === 'users' && segments[1]?.startsWith('$') && segments[1] !== '$count')
		throw badSegment(segments[1]);
	return segments;
}

const isCast = (segment: string | undefined): boolean =>
	segment === 'microsoft.graph.user' || segment === 'microsoft.graph.group';
/** Any `microsoft.graph.x` segment after a relationship: an OData cast. */
const isTypeSegment = (segment: string | undefined): boolean =>
	/^microsoft\.graph\.[A-Za-z]+$/.test(segment ?? '');

export function routeGraph(ctx: Ctx, env: Env): Reply {
	const s = normalizeSegments(ctx.segments);
	const m = ctx.method;
	// `applications(appId='...')`: Get application by its client id.
	if (/^applications\(appId=/.test(s[0] ?? '')) return routeApplications(ctx, env, s, m);
	switch (s[0]) {
		case 'users':
			return routeUsers(ctx, env, s, m);
		case 'me':
			if (!ctx.token.userId)
				throw new GraphError(
					400,
					'BadRequest',
					'/me request is only valid with delegated authentication flow.',
				);
			return routeUsers(ctx, env, ['users', ctx.token.userId, ...s.slice(1)], m);
		case 'groups':
			return routeGroups(ctx, env, s, m);
		case 'subscribedSkus':
			if (m !== 'GET' || s.length > 2) throw methodNotAllowed();
			return subscribedSkus(ctx, env, s[1]);
		case 'directory':
			return routeDirectory(ctx, env, s, m);
		case 'directoryObjects':
		case 'devices':
			if (s.length === 3 && isMemberGroupsFunction(s[2])) return routeMemberGroups(ctx, env, s, m);
			if (s[0] === 'devices') throw badSegment(s[0]);
			if (m !== 'GET' || s.length !== 2) throw methodNotAllowed();
			return getDirectoryObject(ctx, env, s[1]);
		case 'invitations':
			if (m !== 'POST' || s.length !== 1) throw methodNotAllowed();
			return createInvitation(ctx, env);
		case 'organization':
			return organization(ctx, env);
		case 'subscriptions':
			return env.subscriptions.route(ctx, s);
		case 'roleManagement':
			return routeRoleManagement(ctx, env, s);
		case 'policies':
			return routePolicies(ctx, env, s);
		case 'applications':
			return routeApplications(ctx, env, s, ctx.method);
		default:
			throw badSegment(s[0] ?? '');
	}
}

/** The delta function, bare, namespaced, or in the call form `delta()` the Kiota SDKs send. */
const DELTA = new Set(['delta', 'delta()', 'microsoft.graph.delta', 'microsoft.graph.delta()']);
const isDelta = (segment: string | undefined): boolean =>
	segment !== undefined && DELTA.has(segment);

function routeUsers(ctx: Ctx, env: Env, s: string[], m: string): Reply {
	if (s.length === 1) {
		if (m === 'GET') return users.listUsers(ctx, env);
		if (m === 'POST') return users.createUser(ctx, env);
		throw methodNotAllowed();
	}
	if (s[1] === '$count') return users.countUsers(ctx, env);
	if (isDelta(s[1])) return delta(ctx, env, 'users');
	const key = s[1];
	if (s.length === 2) {
		if (m === 'GET') return users.getUser(ctx, env, key);
		if (m === 'PATCH') return users.patchUser(ctx, env, key);
		if (m === 'DELETE') return users.deleteUser(ctx, env, key);
		throw methodNotAllowed();
	}
	const rest = s.slice(2).join('/');
	switch (s[2]) {
		case 'manager':
			if (rest === 'manager' && m === 'GET') return users.getManager(ctx, env, key, false);
			if (rest === 'manager/$ref' && m === 'GET') return users.getManager(ctx, env, key, true);
			if (rest === 'manager/$ref' && m === 'PUT') return users.setManager(ctx, env, key);
			if (rest === 'manager/$ref' && m === 'DELETE') return users.removeManager(ctx, env, key);
			throw methodNotAllowed();
		case 'directReports':
			// The cast keeps users only (a manager's reports may also be organizational contacts).
			if (s.length > 4 || (s[3] !== undefined && s[3] !== 'microsoft.graph.user'))
				throw badSegment(s[3]);
			return users.directReports(ctx, env, key);
		case 'checkMemberGroups':
		case 'getMemberGroups':
			return routeMemberGroups(ctx, env, s, m);
		case 'memberOf':
		case 'transitiveMemberOf':
			if (m !== 'GET') throw methodNotAllowed();
			return users.memberOf(
				ctx,
				env,
				users.findUserOr404(env, key),
				s[2] === 'transitiveMemberOf',
				s[3],
			);
		case 'revokeSignInSessions':
			if (m !== 'POST') throw methodNotAllowed();
			return users.revokeSessions(ctx, env, key);
		case 'assignLicense':
			if (m !== 'POST') throw methodNotAllowed();
			return assignLicense(ctx, env, key);
		case 'licenseDetails':
			if (m !== 'GET') throw methodNotAllowed();
			return licenseDetails(ctx, env, key);
		case 'authentication':
			return routeAuthentication(ctx, env, key, s.slice(3));
		default:
			throw badSegment(s[2]);
	}
}

function routeGroups(ctx: Ctx, env: Env, s: string[], m: string): Reply {
	if (s.length === 1) {
		if (m === 'GET') return groups.listGroups(ctx, env);
		if (m === 'POST') return groups.createGroup(ctx, env);
		throw methodNotAllowed();
	}
	if (s[1] === '$count') return groups.countGroups(ctx, env);
	if (isDelta(s[1])) return delta(ctx, env, 'groups');
	const id = s[1];
	if (s.length === 2) {
		if (m === 'GET') return groups.getGroup(ctx, env, id);
		if (m === 'PATCH') return groups.patchGroup(ctx, env, id);
		if (m === 'DELETE') return groups.deleteGroup(ctx, env, id);
		throw methodNotAllowed();
	}
	switch (s[2]) {
		case 'members':
			return routeMembers(ctx, env, s, m, id);
		case 'transitiveMembers':
			if (m !== 'GET') throw methodNotAllowed();
			return groups.listMembers(ctx, env, id, true, s[3]);
		case 'owners':
			if ((s.length === 3 || (s.length === 4 && isTypeSegment(s[3]))) && m === 'GET')
				return groups.listOwners(ctx, env, id, s[3]);
			if (s[3] === '$ref' && m === 'POST') return groups.addOwnerRef(ctx, env, id);
			if (s.length === 5 && s[4] === '$ref' && m === 'DELETE')
				return groups.removeOwnerRef(ctx, env, id, s[3]);
			throw methodNotAllowed();
		case 'memberOf':
		case 'transitiveMemberOf':
			return users.memberOf(
				ctx,
				env,
				groups.findGroupOr404(env, id),
				s[2] === 'transitiveMemberOf',
				s[3],
			);
		case 'checkMemberGroups':
		case 'getMemberGroups':
			return routeMemberGroups(ctx, env, s, m);
		default:
			throw badSegment(s[2]);
	}
}

function routeMembers(ctx: Ctx, env: Env, s: string[], m: string, id: string): Reply {
	if (s.length === 3 || (s.length === 4 && isTypeSegment(s[3]))) {
		if (m === 'GET') return groups.listMembers(ctx, env, id, false, s[3]);
		throw methodNotAllowed();
	}
	if (s[3] === '$count' && m === 'GET') return groups.countMembers(ctx, env, id);
	if (s.length === 5 && isTypeSegment(s[3]) && s[4] === '$count' && m === 'GET')
		return groups.countMembers(ctx, env, id, s[3]);
	if (s[3] === '$ref' && s.length === 4 && m === 'POST') return groups.addMemberRef(ctx, env, id);
	if (s.length === 5 && s[4] === '$ref' && m === 'DELETE')
		return groups.removeMemberRef(ctx, env, id, s[3]);
	if (s.length === 4 && m === 'DELETE') {
		throw new GraphError(
			400,
			'Request_BadRequest',
			'Remove a member with DELETE /groups/{id}/members/{memberId}/$ref.',
		);
	}
	throw methodNotAllowed();
}

const isMemberGroupsFunction = (segment: string | undefined): boolean =>
	segment === 'checkMemberGroups' || segment === 'getMemberGroups';

/** `POST /{users|groups|devices|directoryObjects}/{id}/checkMemberGroups|getMemberGroups` (member-groups.ts). */
function routeMemberGroups(ctx: Ctx, env: Env, s: string[], m: string): Reply {
	if (s.length !== 3) throw badSegment(s[3]);
	if (m !== 'POST') throw methodNotAllowed();
	const object = memberObject(env, s[0], s[1]);
	return s[2] === 'checkMemberGroups'
		? checkMemberGroups(ctx, env, object)
		: getMemberGroups(ctx, env, object);
}

function routeDirectory(ctx: Ctx, env: Env, s: string[], m: string): Reply {
	if (s[1] !== 'deletedItems') throw badSegment(s[1] ?? '');
	if (s.length === 2) return listDeleted(ctx, env, undefined);
	if (isCast(s[2])) {
		if (m !== 'GET') throw methodNotAllowed();
		return listDeleted(ctx, env, s[2]);
	}
	const id = s[2];
	if (s.length === 3 && m === 'GET') return getDeleted(ctx, env, id);
	if (s.length === 3 && m === 'DELETE') return purgeDeleted(ctx, env, id);
	if (s[3] === 'restore' && m === 'POST') return restoreDeleted(ctx, env, id);
	if (s[3] === 'microsoft.graph.restore' && m === 'POST') return restoreDeleted(ctx, env, id);
	throw notFound(id);
}

export { json };
