import { randomUUID } from 'node:crypto';

import type { Ctx, Reply } from './context';
import { json, noContent } from './context';
import type { Env } from './env';
import type { GraphError } from './errors';
import { badRequest, denied, notFound } from './errors';
import { contextUrl, countObjects, listObjects, project } from './listing';
import { expandedManager, managerExpand } from './manager-chain';
import type { DirObject, UserRecord } from './model';
import { USER_EMPTY_COLLECTIONS, USER_PROPERTIES, USER_WRITABLE } from './model';
import { parseSelect } from './odata';
import { isAppOnly, PERMS, requirePermission } from './permissions';
import { signInActivityQuery } from './sign-in-activity';
import { emptyExtensionAttributes, securityIdentifier, userValues } from './user-values';
import { checkPassword, checkUpn, checkWritable, idFromReference, requireObject } from './validate';

/** Users: list, get by id or UPN, create, update (204), delete (soft), manager, memberships. */

const userList = (ctx: Ctx, env: Env) => ({
	types: ['user' as const],
	relationship: false,
	context: 'users',
	annotate: false,
	cacheKey: 'users',
	directory: env.directory,
});

export function listUsers(ctx: Ctx, env: Env): Reply {
	requirePermission(ctx, PERMS.readUsers);
	const maxPageSize = signInActivityQuery(ctx, env);
	return listObjects(ctx, () => env.directory.order.users, { ...userList(ctx, env), maxPageSize });
}

export function countUsers(ctx: Ctx, env: Env): Reply {
	requirePermission(ctx, PERMS.readUsers);
	return countObjects(ctx, () => env.directory.order.users, userList(ctx, env));
}

export function findUserOr404(env: Env, key: string): UserRecord {
	const user = env.directory.findUser(key);
	if (!user) throw notFound(key);
	return user;
}

export function getUser(ctx: Ctx, env: Env, key: string): Reply {
	requirePermission(ctx, PERMS.readUsers);
	signInActivityQuery(ctx, env);
	const user = findUserOr404(env, key);
	const select = parseSelect(ctx.query.get('$select'), USER_PROPERTIES, 'user');
	const body = {
		'@odata.context': contextUrl(ctx, 'users', select) + '/$entity',
		...project(user, select, false),
	};
	const expand = managerExpand(ctx);
	if (expand) {
		const manager = expandedManager(env, user, expand);
		if (manager) (body as Record<string, unknown>).manager = manager;
	}
	return json(200, body);
}

export function userResponse(ctx: Ctx, user: DirObject, status = 200): Reply {
	return json(status, {
		'@odata.context': `${ctx.base}/v1.0/$metadata#users/$entity`,
		...project(user, undefined, false),
	});
}

const REQUIRED = [
	'accountEnabled',
	'displayName',
	'mailNickname',
	'userPrincipalName',
	'passwordProfile',
];

export function createUser(ctx: Ctx, env: Env): Reply {
	requirePermission(ctx, PERMS.writeUsers);
	const raw = requireObject(ctx.body);
	checkWritable(raw, USER_WRITABLE, USER_PROPERTIES, 'user', ['passwordProfile', 'id']);
	const body = userValues(raw);
	for (const key of REQUIRED) {
		if (body[key] === undefined || body[key] === null || body[key] === '') {
			throw badRequest(`Property '${key}' is required when creating the entity.`);
		}
	}
	const upn = checkUpn(body.userPrincipalName, (value) => env.directory.isDomainVerified(value));
	const profile = requireObject(body.passwordProfile);
	const password = checkPassword(profile.password);
	const props = newUserProps(body, upn, env);
	const user = env.directory.addUser(props, { password });
	return userResponse(ctx, user, 201);
}

export function newUserProps(
	body: Record<string, unknown>,
	upn: string,
	env: Env,
): Record<string, unknown> {
	const props: Record<string, unknown> = {};
	for (const key of USER_PROPERTIES) props[key] = null;
	for (const key of USER_EMPTY_COLLECTIONS) props[key] = [];
	props.onPremisesExtensionAttributes = emptyExtensionAttributes();
	delete props.manager;
	delete props.memberOf;
	for (const [key, value] of Object.entries(body)) if (USER_WRITABLE.has(key)) props[key] = value;
	props.id = typeof body.id === 'string' ? body.id : randomUUID();
	props.securityIdentifier = securityIdentifier(props.id as string);
	props.userPrincipalName = upn;
	props.userType = props.userType ?? (upn.includes('#EXT#') ? 'Guest' : 'Member');
	props.accountEnabled = props.accountEnabled ?? true;
	props.displayName = props.displayName ?? upn.split('@')[0];
	props.mailNickname = props.mailNickname ?? upn.split('@')[0].replace(/[#$']/g, '');
	props.createdDateTime = env.clock.iso();
	props.signInSessionsValidFromDateTime = env.clock.iso();
	props.lastPasswordChangeDateTime = env.clock.iso();
	return props;
}

export function patchUser(ctx: Ctx, env: Env, key: string): Reply {
	const body = requireObject(ctx.body);
	const onlyEnable =
		Object.keys(body).length > 0 && Object.keys(body).every((k) => k === 'accountEnabled');
	requirePermission(ctx, onlyEnable ? PERMS.enableUsers : PERMS.writeUsers);
	const user = findUserOr404(env, key);
	checkWritable(body, USER_WRITABLE, USER_PROPERTIES, 'user', ['passwordProfile']);
	applyUserPatch(env, user, body);
	return noContent();
}

export function applyUserPatch(env: Env, user: UserRecord, body: Record<string, unknown>): void {
	const patch = userValues(body, user.props);
	if (patch.passwordProfile !== undefined) {
		user.password = checkPassword(requireObject(patch.passwordProfile).password);
		delete patch.passwordProfile;
		// lastPasswordChangeDateTime: "when this user last changed their password or when their password was created"
		patch.lastPasswordChangeDateTime = env.clock.iso();
	}
	if (patch.userPrincipalName !== undefined)
		checkUpn(patch.userPrincipalName, (value) => env.directory.isDomainVerified(value));
	if (patch.accountEnabled !== undefined && typeof patch.accountEnabled !== 'boolean') {
		throw badRequest("Invalid value specified for property 'accountEnabled' of resource 'User'.");
	}
	env.directory.update(user, patch);
}

/** "App-only User.ReadWrite.All cannot delete admin-role holders" (user: delete, permissions). */
export function deleteUser(ctx: Ctx, env: Env, key: string): Reply {
	requirePermission(ctx, PERMS.writeUsers);
	const user = findUserOr404(env, key);
	if (user.roles.length && isAppOnly(ctx) && !ctx.token.permissions.has('Directory.ReadWrite.All'))
		throw denied();
	env.directory.remove(user);
	return noContent();
}

// ---- manager -----------------------------------------------------------------------------------

function managerNotFound(): GraphError {
	return notFound('manager');
}

export function getManager(ctx: Ctx, env: Env, key: string, ref: boolean): Reply {
	requirePermission(ctx, PERMS.readUsers);
	const user = findUserOr404(env, key);
	const managerId = env.directory.managers.get(user.id);
	const manager = managerId ? env.directory.users.get(managerId) : undefined;
	if (!manager) throw managerNotFound();
	if (ref)
		return json(200, {
			'@odata.context': `${ctx.base}/v1.0/$metadata#directoryObjects/$entity`,
			'@odata.id': `${ctx.base}/v1.0/directoryObjects/${manager.id}/Microsoft.DirectoryServices.User`,
		});
	const select = parseSelect(ctx.query.get('$select'), USER_PROPERTIES, 'user');
	return json(200, {
		'@odata.context': `${ctx.base}/v1.0/$metadata#directoryObjects/$entity`,
		...project(manager, select, true),
	});
}

export function setManager(ctx: Ctx, env: Env, key: string): Reply {
	requirePermission(ctx, PERMS.writeUsers);
	const user = findUserOr404(env, key);
	const managerId = idFromReference(requireObject(ctx.body)['@odata.id']);
	const manager = env.directory.findUser(managerId);
	if (!manager) throw notFound(managerId);
	if (manager.id === user.id) throw badRequest('A user cannot be their own manager.');
	env.directory.setManager(user, manager.id);
	return noContent();
}

export function removeManager(ctx: Ctx, env: Env, key: string): Reply {
	requirePermission(ctx, PERMS.writeUsers);
	const user = findUserOr404(env, key);
	if (!env.directory.managers.has(user.id)) throw managerNotFound();
	env.directory.setManager(user, undefined);
	return noContent();
}

export function directReports(ctx: Ctx, env: Env, key: string): Reply {
	requirePermission(ctx, PERMS.readUsers);
	const user = findUserOr404(env, key);
	const source = () =>
		env.directory.directReports(user.id).map((id) => env.directory.users.get(id) as DirObject);
	return listObjects(ctx, source, {
		types: ['user'],
		relationship: true,
		context: 'directoryObjects',
		annotate: true,
		cacheKey: `reports:${user.id}`,
		directory: env.directory,
	});
}

// ---- memberships -------------------------------------------------------------------------------

/** What memberOf can hold: groups, directory roles and administrative units (List memberOf). */
const MEMBER_OF_CASTS = new Set([
	'microsoft.graph.group',
	'microsoft.graph.directoryRole',
	'microsoft.graph.administrativeUnit',
]);

/**
 * memberOf / transitiveMemberOf, optionally cast. List memberOf and List transitiveMemberOf, request
 * headers: "This header and $count are required when using the $search, $filter, $orderby, or OData
 * cast query parameters" (ConsistencyLevel: eventual); the same rule for direct and transitive.
 * The emulator has no directory roles or administrative units: those casts list nothing.
 */
export function memberOf(
	ctx: Ctx,
	env: Env,
	object: DirObject,
	transitive: boolean,
	cast: string | undefined,
): Reply {
	requirePermission(ctx, PERMS.readMemberships);
	if (cast !== undefined && !MEMBER_OF_CASTS.has(cast))
		throw badRequest(`Resource not found for the segment '${cast}'.`);
	const groupsOnly = cast === undefined || cast === 'microsoft.graph.group';
	const source = () => {
		if (!groupsOnly) return [];
		const ids = transitive
			? env.directory.transitiveParents(object.id)
			: env.directory.parentsOf(object.id);
		return ids
			.map((id) => env.directory.groups.get(id))
			.filter((g): g is NonNullable<typeof g> => !!g);
	};
	return listObjects(ctx, source, {
		types: ['group'],
		relationship: true,
		context: cast ? `${cast.slice('microsoft.graph.'.length)}s` : 'directoryObjects',
		annotate: true,
		cacheKey: `${transitive ? 't' : ''}memberOf:${object.id}:${cast ?? ''}`,
		directory: env.directory,
		castNeedsAdvanced: cast !== undefined,
	});
}

/** revokeSignInSessions: 200 with `value: true`; refresh tokens issued before stop working. */
export function revokeSessions(ctx: Ctx, env: Env, key: string): Reply {
	requirePermission(ctx, PERMS.revokeSessions);
	const user = findUserOr404(env, key);
	env.directory.update(user, { signInSessionsValidFromDateTime: env.clock.iso() });
	env.identity.revokeSessions(user.id);
	return json(200, { '@odata.context': `${ctx.base}/v1.0/$metadata#Edm.Boolean`, value: true });
}
