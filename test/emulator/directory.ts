import type { Ctx, Reply } from './context';
import { json, noContent } from './context';
import type { Env } from './env';
import { badRequest, notFound } from './errors';
import { listObjects, project } from './listing';
import { PERMS, requirePermission } from './permissions';

/**
 * Deleted items (directory resource): `GET /directory/deletedItems/microsoft.graph.user|group` (the
 * cast is required), get one, `POST .../{id}/restore`, `DELETE .../{id}` (permanent).
 */
export function listDeleted(ctx: Ctx, env: Env, cast: string | undefined): Reply {
	const kind = cast === 'microsoft.graph.user' ? 'users' : cast === 'microsoft.graph.group' ? 'groups' : undefined;
	if (!kind) {
		throw badRequest("The OData cast is required: use /directory/deletedItems/microsoft.graph.user or /directory/deletedItems/microsoft.graph.group.");
	}
	requirePermission(ctx, kind === 'users' ? PERMS.readUsers : PERMS.readGroups);
	env.directory.sweep();
	const source = () => [...env.directory.deleted[kind].values()];
	return listObjects(ctx, source, {
		types: [kind === 'users' ? 'user' : 'group'],
		relationship: false,
		context: `directory/deletedItems/${cast}`,
		annotate: true,
		cacheKey: `deleted:${kind}`,
		directory: env.directory,
	});
}

function findDeletedOr404(env: Env, id: string) {
	env.directory.sweep();
	const object = env.directory.findDeleted(id);
	if (!object) throw notFound(id);
	return object;
}

export function getDeleted(ctx: Ctx, env: Env, id: string): Reply {
	requirePermission(ctx, PERMS.readAny);
	const object = findDeletedOr404(env, id);
	const select = ctx.query.get('$select')?.split(',').map((s) => s.trim()).filter(Boolean);
	return json(200, { '@odata.context': `${ctx.base}/v1.0/$metadata#directoryObjects/$entity`, ...project(object, select, true) });
}

export function restoreDeleted(ctx: Ctx, env: Env, id: string): Reply {
	const object = findDeletedOr404(env, id);
	requirePermission(ctx, object.kind === 'users' ? PERMS.writeUsers : PERMS.writeGroups);
	const restored = env.directory.restore(object.id);
	return json(200, { '@odata.context': `${ctx.base}/v1.0/$metadata#directoryObjects/$entity`, ...project(restored, undefined, true) });
}

export function purgeDeleted(ctx: Ctx, env: Env, id: string): Reply {
	const object = findDeletedOr404(env, id);
	requirePermission(ctx, object.kind === 'users' ? PERMS.writeUsers : PERMS.writeGroups);
	env.directory.purge(object.id);
	return noContent();
}

export function getDirectoryObject(ctx: Ctx, env: Env, id: string): Reply {
	requirePermission(ctx, PERMS.readAny);
	const object = env.directory.findObject(id);
	if (!object) throw notFound(id);
	return json(200, { '@odata.context': `${ctx.base}/v1.0/$metadata#directoryObjects/$entity`, ...project(object, undefined, true) });
}

export function organization(ctx: Ctx, env: Env): Reply {
	requirePermission(ctx, PERMS.readOrganization);
	const domains = env.directory.domains.map((name, index) => ({
		capabilities: 'Email, OfficeCommunicationsOnline',
		isDefault: index === 1,
		isInitial: index === 0,
		name,
		type: 'Managed',
	}));
	return json(200, {
		'@odata.context': `${ctx.base}/v1.0/$metadata#organization`,
		value: [{ id: env.directory.tenantId, displayName: 'Contoso', verifiedDomains: domains, countryLetterCode: 'US', tenantType: 'AAD' }],
	});
}
