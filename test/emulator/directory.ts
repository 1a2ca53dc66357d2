import type { Ctx, Reply } from './context';
import { json, noContent } from './context';
import type { Env } from './env';
import { badRequest, denied, notFound } from './errors';
import { listObjects, project } from './listing';
import { isAppOnly, PERMS, requirePermission } from './permissions';

/**
 * Deleted items (directory resource): `GET /directory/deletedItems/microsoft.graph.user|group` (the
 * cast is required), get one, `POST .../{id}/restore`, `DELETE .../{id}` (permanent).
 */
export function listDeleted(ctx: Ctx, env: Env, cast: string | undefined): Reply {
	const kind =
		cast === 'microsoft.graph.user'
			? 'users'
			: cast === 'microsoft.graph.group'
				? 'groups'
				: undefined;
	if (!kind) {
		throw badRequest(
			'The OData cast is required: use /directory/deletedItems/microsoft.graph.user or /directory/deletedItems/microsoft.graph.group.',
		);
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
	const select = ctx.query
		.get('$select')
		?.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	return json(200, {
		'@odata.context': `${ctx.base}/v1.0/$metadata#directoryObjects/$entity`,
		...project(object, select, true),
	});
}

/**
 * Restore deleted item (v1.0, https://learn.microsoft.com/graph/api/directory-deleteditems-restore):
 * users need User.ReadWrite.All, groups Group.ReadWrite.All; "In app-only scenarios, the
 * User.ReadWrite.All application permission isn't enough privilege to restore deleted users with
 * administrator roles". A restore fails with 400 when the object's user principal name (users) or mail
 * address (Microsoft 365 groups) is now held by another live object (shared/GRAPH.md).
 */
export function restoreDeleted(ctx: Ctx, env: Env, id: string): Reply {
	const object = findDeletedOr404(env, id);
	requirePermission(ctx, object.kind === 'users' ? PERMS.writeUsers : PERMS.writeGroups);
	if (
		object.kind === 'users' &&
		object.roles.length &&
		isAppOnly(ctx) &&
		!ctx.token.permissions.has('Directory.ReadWrite.All')
	)
		throw denied();
	if (object.kind === 'groups') checkGroupMailFree(env, object.props.mail);
	const restored = env.directory.restore(object.id);
	return json(200, {
		'@odata.context': `${ctx.base}/v1.0/$metadata#directoryObjects/$entity`,
		...project(restored, undefined, true),
	});
}

function checkGroupMailFree(env: Env, mail: unknown): void {
	if (typeof mail !== 'string' || !mail) return;
	const wanted = mail.toLowerCase();
	for (const group of env.directory.groups.values()) {
		if (String(group.props.mail ?? '').toLowerCase() === wanted) {
			throw badRequest('Another object with the same value for property mail already exists.');
		}
	}
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
	return json(200, {
		'@odata.context': `${ctx.base}/v1.0/$metadata#directoryObjects/$entity`,
		...project(object, undefined, true),
	});
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
		value: [
			{
				id: env.directory.tenantId,
				displayName: 'Contoso',
				verifiedDomains: domains,
				countryLetterCode: 'US',
				tenantType: 'AAD',
			},
		],
	});
}
