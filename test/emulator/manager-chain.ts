import type { Ctx } from './context';
import { isEventual } from './context';
import type { Env } from './env';
import { badRequest } from './errors';
import { project } from './listing';
import type { UserRecord } from './model';
import { USER_PROPERTIES } from './model';
import { parseSelect } from './odata';

/**
 * `$expand=manager` on a single user (List manager, v1.0: https://learn.microsoft.com/graph/api/user-list-manager):
 * - "Get the management chain": `GET /users/{id|upn}?$expand=manager($levels=n)`; n is `max` ("to
 *   return all managers") or a number between 1 and 1000; without `$levels` only the immediate manager.
 * - `$select` inside the expand picks each manager's properties: `manager($levels=max;$select=id,displayName)`.
 * - The chain comes nested: each manager holds its own `manager`. Using `$levels` needs
 *   `ConsistencyLevel: eventual` (the page's request headers and Example 2, sent with `$count=true`).
 */
interface ManagerExpand {
	levels: number;
	select?: string[];
}

const MAX_LEVELS = 1000;

/** The manager expansion asked for in `$expand`, if any. Other expansions are left alone. */
export function managerExpand(ctx: Ctx): ManagerExpand | undefined {
	const raw = ctx.query.get('$expand');
	if (!raw) return undefined;
	const match = /(?:^|,)\s*manager\s*(?:\(([^)]*)\))?\s*(?:,|$)/.exec(raw);
	if (!match) return undefined;
	const expand: ManagerExpand = { levels: 1 };
	let hasLevels = false;
	for (const option of (match[1] ?? '')
		.split(';')
		.map((part) => part.trim())
		.filter(Boolean)) {
		const [name, value = ''] = option.split('=', 2).map((part) => part.trim());
		if (name === '$levels') {
			hasLevels = true;
			if (value.toLowerCase() === 'max') expand.levels = MAX_LEVELS;
			else if (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= MAX_LEVELS)
				expand.levels = Number(value);
			else
				throw badRequest(
					`Invalid value '${value}' for $levels: use max or a number between 1 and ${MAX_LEVELS}.`,
				);
		} else if (name === '$select') {
			expand.select = parseSelect(value, USER_PROPERTIES, 'user');
		} else {
			throw badRequest(`Query option '${name}' is not supported inside $expand=manager.`);
		}
	}
	if (hasLevels && !isEventual(ctx)) {
		throw badRequest(
			"The $levels query option in $expand=manager requires the 'ConsistencyLevel: eventual' header.",
		);
	}
	return expand;
}

/** The user's managers upward, nested, as many levels as asked; a loop in the chain ends it. */
export function expandedManager(
	env: Env,
	user: UserRecord,
	expand: ManagerExpand,
): Record<string, unknown> | undefined {
	const seen = new Set([user.id]);
	let top: Record<string, unknown> | undefined;
	let holder: Record<string, unknown> | undefined;
	let current = user;
	for (let level = 0; level < expand.levels; level++) {
		const managerId = env.directory.managers.get(current.id);
		const manager = managerId ? env.directory.users.get(managerId) : undefined;
		if (!manager || seen.has(manager.id)) break;
		seen.add(manager.id);
		const entry = project(manager, expand.select, true);
		if (holder) holder.manager = entry;
		else top = entry;
		holder = entry;
		current = manager;
	}
	return top;
}
