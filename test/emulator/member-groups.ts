import type { Ctx, Reply } from './context';
import { json } from './context';
import type { Env } from './env';
import { badRequest, GraphError, notFound } from './errors';
import type { DirObject } from './model';
import { PERMS, requirePermission } from './permissions';
import { requireObject } from './validate';

/**
 * Group membership functions of directoryObject (v1.0):
 * - checkMemberGroups (https://learn.microsoft.com/graph/api/directoryobject-checkmembergroups):
 *   `POST /users/{id|upn}|/groups/{id}|/devices/{id}|/directoryObjects/{id}/checkMemberGroups` with
 *   `{"groupIds": [...]}`, "Up to 20 groups may be specified"; answers 200 with the ids from that
 *   list that the object is a member of. "This function is transitive."
 * - getMemberGroups (https://learn.microsoft.com/graph/api/directoryobject-getmembergroups):
 *   `POST .../getMemberGroups` with `{"securityEnabledOnly": bool}`; answers every group id the
 *   object is a member of, transitively (only security groups when true).
 * Both answer `{"@odata.context": "...$metadata#Collection(Edm.String)", "value": [ids]}`.
 * getMemberGroups "returns up to 11,000 group IDs"; beyond that 400 `Directory_ResultSizeLimitExceeded`
 * (the page's workaround: List transitiveMemberOf).
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const CHECK_LIMIT = 20;
export const MEMBER_GROUPS_LIMIT = 11_000;

/** The object the function is called on, by the collection in the path. */
export function memberObject(env: Env, collection: string, key: string): DirObject {
	const d = env.directory;
	const found =
		collection === 'users'
			? d.findUser(key)
			: collection === 'groups'
				? d.findGroup(key)
				: collection === 'devices'
					? (d.devices.get(key) ?? d.devices.get(key.toLowerCase()))
					: d.findMember(key);
	if (!found) throw notFound(key);
	return found;
}

function stringCollection(ctx: Ctx, ids: string[]): Reply {
	return json(200, {
		'@odata.context': `${ctx.base}/v1.0/$metadata#Collection(Edm.String)`,
		value: ids,
	});
}

export function checkMemberGroups(ctx: Ctx, env: Env, object: DirObject): Reply {
	requirePermission(ctx, PERMS.readMemberships);
	const body = requireObject(ctx.body);
	const groupIds = body.groupIds;
	if (!Array.isArray(groupIds) || groupIds.some((id) => typeof id !== 'string')) {
		throw badRequest("Invalid value specified for property 'groupIds'.");
	}
	if (groupIds.length > CHECK_LIMIT)
		throw badRequest(`Up to ${CHECK_LIMIT} groups may be specified in 'groupIds'.`);
	for (const id of groupIds as string[]) if (!GUID.test(id)) throw badRequest(`Invalid GUID:${id}`);
	const parents = new Set(env.directory.transitiveParents(object.id).map((id) => id.toLowerCase()));
	return stringCollection(
		ctx,
		(groupIds as string[]).filter((id) => parents.has(id.toLowerCase())),
	);
}

export function getMemberGroups(ctx: Ctx, env: Env, object: DirObject): Reply {
	requirePermission(ctx, PERMS.readMemberships);
	const body = requireObject(ctx.body);
	if (typeof body.securityEnabledOnly !== 'boolean') {
		throw badRequest("Invalid value specified for property 'securityEnabledOnly'.");
	}
	const ids = env.directory.transitiveParents(object.id).filter((id) => {
		const group = env.directory.groups.get(id);
		return group && (!body.securityEnabledOnly || group.props.securityEnabled === true);
	});
	if (ids.length > MEMBER_GROUPS_LIMIT) {
		throw new GraphError(
			400,
			'Directory_ResultSizeLimitExceeded',
			`The result has more than ${MEMBER_GROUPS_LIMIT} group IDs; use transitiveMemberOf instead.`,
		);
	}
	return stringCollection(ctx, ids);
}
