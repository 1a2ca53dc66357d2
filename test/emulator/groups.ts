import { randomUUID } from 'node:crypto';

import type { Ctx, Reply } from './context';
import { json, noContent } from './context';
import type { Env } from './env';
import { badRequest, notFound, unsupportedQuery } from './errors';
import { contextUrl, countObjects, listObjects, project } from './listing';
import type { DirObject, GroupRecord, MemberType } from './model';
import { GROUP_PROPERTIES, GROUP_WRITABLE, isDynamic, isUnified, typeName } from './model';
import { parseSelect } from './odata';
import { PERMS, requirePermission } from './permissions';
import { groupProps } from './seed';
import { checkWritable, idFromReference, requireObject } from './validate';

/** Groups: list, get, create (security, Microsoft 365, dynamic), update, delete, members, owners. */

const MAX_BINDS = 20;

const groupList = (env: Env) => ({
	types: ['group' as const],
	relationship: false,
	context: 'groups',
	annotate: false,
	cacheKey: 'groups',
	directory: env.directory,
});

export function listGroups(ctx: Ctx, env: Env): Reply {
	requirePermission(ctx, PERMS.readGroups);
	return listObjects(ctx, () => env.directory.order.groups, groupList(env));
}

export function countGroups(ctx: Ctx, env: Env): Reply {
	requirePermission(ctx, PERMS.readGroups);
	return countObjects(ctx, () => env.directory.order.groups, groupList(env));
}

export function findGroupOr404(env: Env, id: string): GroupRecord {
	const group = env.directory.findGroup(id);
	if (!group) throw notFound(id);
	return group;
}

export function getGroup(ctx: Ctx, env: Env, id: string): Reply {
	requirePermission(ctx, PERMS.readGroups);
	const group = findGroupOr404(env, id);
	const select = parseSelect(ctx.query.get('$select'), GROUP_PROPERTIES, 'group');
	return json(200, {
		'@odata.context': contextUrl(ctx, 'groups', select) + '/$entity',
		...project(group, select, false),
	});
}

function binds(body: Record<string, unknown>, name: 'members' | 'owners'): string[] {
	const raw = body[`${name}@odata.bind`];
	if (raw === undefined) return [];
	if (!Array.isArray(raw)) throw badRequest(`'${name}@odata.bind' must be an array of references.`);
	return raw.map(idFromReference);
}

function checkBindCount(count: number): void {
	if (count > MAX_BINDS) {
		throw badRequest(
			`The request contains ${count} references; at most ${MAX_BINDS} members and owners can be bound in one request.`,
		);
	}
}

function resolveAll(env: Env, ids: string[]): DirObject[] {
	return ids.map((id) => {
		const object = env.directory.findObject(id);
		if (!object) throw notFound(id);
		return object;
	});
}

function checkGroupKind(body: Record<string, unknown>): void {
	const types = Array.isArray(body.groupTypes) ? (body.groupTypes as string[]) : [];
	for (const key of ['displayName', 'mailNickname']) {
		if (typeof body[key] !== 'string' || !body[key])
			throw badRequest(`Property '${key}' is required when creating the entity.`);
	}
	for (const key of ['mailEnabled', 'securityEnabled']) {
		if (typeof body[key] !== 'boolean')
			throw badRequest(`Property '${key}' is required when creating the entity.`);
	}
	if (body.mailEnabled === true && !types.includes('Unified')) {
		throw badRequest(
			'Creating mail-enabled security groups or distribution groups is not supported through Microsoft Graph.',
		);
	}
	if (types.includes('DynamicMembership')) {
		if (typeof body.membershipRule !== 'string' || !body.membershipRule) {
			throw badRequest(
				"Property 'membershipRule' is required for groups with the 'DynamicMembership' group type.",
			);
		}
		if (
			body.membershipRuleProcessingState !== 'On' &&
			body.membershipRuleProcessingState !== 'Paused'
		) {
			throw badRequest(
				"Property 'membershipRuleProcessingState' must be 'On' or 'Paused' for dynamic groups.",
			);
		}
	}
}

export function createGroup(ctx: Ctx, env: Env): Reply {
	requirePermission(ctx, PERMS.createGroups);
	const body = requireObject(ctx.body);
	checkWritable(body, GROUP_WRITABLE, GROUP_PROPERTIES, 'group');
	checkGroupKind(body);
	const members = binds(body, 'members');
	const owners = binds(body, 'owners');
	checkBindCount(members.length + owners.length);
	if (members.length && (body.groupTypes as string[] | undefined)?.includes('DynamicMembership')) {
		throw badRequest('Members of a group with dynamic membership cannot be added or removed.');
	}
	const memberObjects = resolveAll(env, members);
	const ownerObjects = resolveAll(env, owners);
	const group = createGroupRecord(env, body);
	for (const owner of ownerObjects) group.owners.add(owner.id);
	for (const member of memberObjects) env.directory.addMember(group, member.id);
	return json(201, {
		'@odata.context': `${ctx.base}/v1.0/$metadata#groups/$entity`,
		...project(group, undefined, false),
	});
}

export function createGroupRecord(env: Env, body: Record<string, unknown>): GroupRecord {
	const types = Array.isArray(body.groupTypes) ? (body.groupTypes as string[]) : [];
	const props = groupProps(
		{
			id: typeof body.id === 'string' ? body.id : randomUUID(),
			displayName: String(body.displayName),
			description:
				typeof body.description === 'string' ? body.description : (null as unknown as string),
			mailNickname: String(
				body.mailNickname ?? String(body.displayName).replace(/\W/g, '').toLowerCase(),
			),
			groupTypes: types,
			mailEnabled: body.mailEnabled === true,
			securityEnabled: body.securityEnabled !== false,
			membershipRule: typeof body.membershipRule === 'string' ? body.membershipRule : undefined,
		},
		env.clock.iso(),
	);
	for (const key of GROUP_WRITABLE) if (body[key] !== undefined) props[key] = body[key];
	if (types.includes('DynamicMembership'))
		props.membershipRuleProcessingState = body.membershipRuleProcessingState ?? 'On';
	return env.directory.addGroup(props);
}

/** PATCH: properties and/or `members@odata.bind` (max 20, all-or-nothing); answers 204. */
export function patchGroup(ctx: Ctx, env: Env, id: string): Reply {
	const body = requireObject(ctx.body);
	const onlyMembers = Object.keys(body).every((key) => key === 'members@odata.bind');
	requirePermission(ctx, onlyMembers ? PERMS.writeMembers : PERMS.writeGroups);
	const group = findGroupOr404(env, id);
	checkWritable(body, GROUP_WRITABLE, GROUP_PROPERTIES, 'group');
	const members = binds(body, 'members');
	const owners = binds(body, 'owners');
	checkBindCount(Math.max(members.length, owners.length));
	if (members.length && isDynamic(group))
		throw badRequest('Members of a group with dynamic membership cannot be added or removed.');
	const memberObjects = resolveAll(env, members);
	const ownerObjects = resolveAll(env, owners);
	if (memberObjects.some((member) => group.members.has(member.id))) throw alreadyExists('members');
	if (ownerObjects.some((owner) => group.owners.has(owner.id))) throw alreadyExists('owners');
	for (const member of memberObjects) checkNesting(group, member);
	const patch: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(body))
		if (!key.endsWith('@odata.bind')) patch[key] = value;
	env.directory.update(group, patch);
	for (const member of memberObjects) env.directory.addMember(group, member.id);
	for (const owner of ownerObjects) env.directory.addOwner(group, owner.id);
	return noContent();
}

/** Microsoft 365 groups deleted go to deletedItems; security groups are deleted permanently. */
export function deleteGroup(ctx: Ctx, env: Env, id: string): Reply {
	requirePermission(ctx, PERMS.writeGroups);
	env.directory.remove(findGroupOr404(env, id));
	return noContent();
}

function alreadyExists(property: 'members' | 'owners') {
	return badRequest(
		`One or more added object references already exist for the following modified properties: '${property}'.`,
	);
}

function checkNesting(group: GroupRecord, member: DirObject): void {
	if (member.id === group.id) throw badRequest('A group cannot be a member of itself.');
	if (member.kind === 'groups' && isUnified(group))
		throw badRequest('Nested groups are not supported for Microsoft 365 groups.');
}

// ---- members -----------------------------------------------------------------------------------

/** Member types a cast can select ("OData cast is also enabled", List members). */
const MEMBER_CASTS: Record<string, MemberType | undefined> = {
	'microsoft.graph.user': 'user',
	'microsoft.graph.group': 'group',
	'microsoft.graph.device': 'device',
	'microsoft.graph.orgContact': undefined,
	'microsoft.graph.servicePrincipal': undefined,
};

/**
 * The member type a cast selects. List members: "An attempt to filter by an OData cast that
 * represents an unsupported member type returns a 400 Bad Request error with the
 * Request_UnsupportedQuery code", e.g. microsoft.graph.group on a Microsoft 365 group (its members
 * are users only).
 */
function castType(group: GroupRecord, cast: string | undefined): MemberType | 'none' | undefined {
	if (cast === undefined) return undefined;
	if (!(cast in MEMBER_CASTS)) throw badRequest(`Resource not found for the segment '${cast}'.`);
	const type = MEMBER_CASTS[cast];
	if (isUnified(group) && type !== 'user') {
		throw unsupportedQuery(
			`The OData cast '${cast}' is not supported for the members of a Microsoft 365 group.`,
		);
	}
	return type ?? 'none';
}

function memberObjects(
	env: Env,
	ids: Iterable<string>,
	type: MemberType | 'none' | undefined,
): DirObject[] {
	const out: DirObject[] = [];
	if (type === 'none') return out;
	for (const id of ids) {
		const object = env.directory.findMember(id);
		if (object && (!type || typeName(object.kind) === type)) out.push(object);
	}
	return out;
}

const CONTEXTS: Record<MemberType, string> = { user: 'users', group: 'groups', device: 'devices' };

/**
 * members / transitiveMembers, optionally cast. List members and List transitive members, request
 * headers: "This header and $count are required when using the $search, $filter, $orderby, or OData
 * cast query parameters" (ConsistencyLevel: eventual).
 */
export function listMembers(
	ctx: Ctx,
	env: Env,
	id: string,
	transitive: boolean,
	cast: string | undefined,
): Reply {
	requirePermission(ctx, PERMS.readGroups);
	const group = findGroupOr404(env, id);
	const type = castType(group, cast);
	const ids = () => (transitive ? env.directory.transitiveMembers(group) : group.members);
	const types: MemberType[] = type && type !== 'none' ? [type] : ['user', 'group', 'device'];
	return listObjects(ctx, () => memberObjects(env, ids(), type), {
		types,
		relationship: true,
		context: type && type !== 'none' ? CONTEXTS[type] : 'directoryObjects',
		annotate: true,
		cacheKey: `${transitive ? 't' : ''}members:${group.id}:${cast ?? ''}`,
		directory: env.directory,
		castNeedsAdvanced: cast !== undefined,
	});
}

/** members/$count and members/{cast}/$count (List members, examples 2 and 3: ConsistencyLevel eventual). */
export function countMembers(ctx: Ctx, env: Env, id: string, cast?: string): Reply {
	requirePermission(ctx, PERMS.readGroups);
	const group = findGroupOr404(env, id);
	const type = castType(group, cast);
	const types: MemberType[] = type && type !== 'none' ? [type] : ['user', 'group', 'device'];
	return countObjects(ctx, () => memberObjects(env, group.members, type), {
		types,
		relationship: true,
		context: 'directoryObjects',
		annotate: true,
		cacheKey: `members:${group.id}:${cast ?? ''}`,
		directory: env.directory,
	});
}

/** POST members/$ref: 204; 400 when already a member; 404 when the object does not exist. */
export function addMemberRef(ctx: Ctx, env: Env, id: string): Reply {
	requirePermission(ctx, PERMS.writeMembers);
	const group = findGroupOr404(env, id);
	const memberId = idFromReference(requireObject(ctx.body)['@odata.id']);
	const member = env.directory.findObject(memberId);
	if (!member) throw notFound(memberId);
	checkMembershipWritable(ctx, group);
	if (group.members.has(member.id)) throw alreadyExists('members');
	checkNesting(group, member);
	env.directory.addMember(group, member.id);
	return noContent();
}

/**
 * Membership changes Graph refuses for the kind of group (Remove member, v1.0): "You can't remove a
 * member from groups with dynamic memberships"; "To remove members from a role-assignable group, the
 * calling user must also be assigned the RoleManagement.ReadWrite.Directory permission" (403); a group
 * synchronized from on-premises AD is mastered there (400, Graph's wording for on-premises mastered
 * objects).
 */
function checkMembershipWritable(ctx: Ctx, group: GroupRecord): void {
	if (isDynamic(group))
		throw badRequest('Members of a group with dynamic membership cannot be added or removed.');
	if (group.props.onPremisesSyncEnabled === true) {
		throw badRequest(
			'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.',
		);
	}
	// Groups overview: mail-enabled security and distribution groups are read-only in Graph (wording: the emulator's).
	if (group.props.mailEnabled === true && !isUnified(group)) {
		throw badRequest(
			'Mail-enabled security groups and distribution lists cannot be updated through Microsoft Graph.',
		);
	}
	if (group.props.isAssignableToRole === true)
		requirePermission(ctx, ['RoleManagement.ReadWrite.Directory']);
}

/** DELETE members/{id}/$ref: 204; 404 when the object is not a member. */
export function removeMemberRef(ctx: Ctx, env: Env, id: string, memberId: string): Reply {
	requirePermission(ctx, PERMS.writeMembers);
	const group = findGroupOr404(env, id);
	checkMembershipWritable(ctx, group);
	const member = env.directory.findObject(memberId);
	if (!member || !group.members.has(member.id)) throw notFound(memberId);
	env.directory.removeMember(group, member.id);
	return noContent();
}

// ---- owners ------------------------------------------------------------------------------------

/**
 * owners, optionally cast to microsoft.graph.user (owners are users here; service principals are not
 * listed on v1.0). List owners documents no ConsistencyLevel requirement for the cast.
 */
export function listOwners(ctx: Ctx, env: Env, id: string, cast?: string): Reply {
	requirePermission(ctx, PERMS.readGroups);
	const group = findGroupOr404(env, id);
	if (
		cast !== undefined &&
		cast !== 'microsoft.graph.user' &&
		cast !== 'microsoft.graph.servicePrincipal'
	) {
		throw badRequest(`Resource not found for the segment '${cast}'.`);
	}
	const none = cast === 'microsoft.graph.servicePrincipal';
	const source = () =>
		none
			? []
			: [...group.owners]
					.map((o) => env.directory.findUser(o))
					.filter((o): o is NonNullable<typeof o> => !!o);
	const context = cast ? (none ? 'servicePrincipals' : 'users') : 'directoryObjects';
	return listObjects(ctx, source, {
		types: ['user'],
		relationship: true,
		context,
		annotate: true,
		cacheKey: `owners:${group.id}:${cast ?? ''}`,
		directory: env.directory,
	});
}

export function addOwnerRef(ctx: Ctx, env: Env, id: string): Reply {
	requirePermission(ctx, PERMS.writeGroups);
	const group = findGroupOr404(env, id);
	const ownerId = idFromReference(requireObject(ctx.body)['@odata.id']);
	const owner = env.directory.findObject(ownerId);
	if (!owner) throw notFound(ownerId);
	if (owner.kind !== 'users')
		throw badRequest('Only users and service principals can own a group.');
	if (group.owners.has(owner.id)) throw alreadyExists('owners');
	env.directory.addOwner(group, owner.id);
	return noContent();
}

export function removeOwnerRef(ctx: Ctx, env: Env, id: string, ownerId: string): Reply {
	requirePermission(ctx, PERMS.writeGroups);
	const group = findGroupOr404(env, id);
	const owner = env.directory.findUser(ownerId);
	if (!owner || !group.owners.has(owner.id)) throw notFound(ownerId);
	env.directory.removeOwner(group, owner.id);
	return noContent();
}
