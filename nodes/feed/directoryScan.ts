import type { IDataObject } from 'n8n-workflow';

import type { GraphClient } from '../transport';
import type { Resource } from './events';

/** OData DateTimeOffset literal without milliseconds, e.g. 2026-01-02T03:04:05Z. */
export function odataDateTime(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Objects created at or after `since` (ms), page by page.
 * Users: `$filter=createdDateTime ge ...` (user resource: createdDateTime "Supports $filter (eq, ne,
 * not, ge, le, in)"). Groups: the group resource lists no $filter support for createdDateTime, so all
 * groups are listed (999 per page) and compared here; tenants hold far fewer groups than users.
 */
export async function* createdSince(
	client: GraphClient,
	resource: Resource,
	since: number,
	select: string[],
): AsyncGenerator<IDataObject> {
	const $select = [...new Set([...select, 'id', 'createdDateTime'])].join(',');
	const request =
		resource === 'user'
			? {
					path: '/users',
					qs: { $filter: `createdDateTime ge ${odataDateTime(since)}`, $select, $top: 999 },
				}
			: { path: '/groups', qs: { $select, $top: 999 } };
	for await (const page of client.pages<IDataObject>(request)) {
		for (const object of page.value) {
			const created = Date.parse(String(object.createdDateTime ?? ''));
			if (!Number.isNaN(created) && created >= since) yield object;
		}
	}
}

/** Every object of deleted items of one type (kept 30 days), page by page. */
export async function* deletedItems(
	client: GraphClient,
	resource: Resource,
	select: string[],
): AsyncGenerator<IDataObject> {
	const cast = resource === 'user' ? 'microsoft.graph.user' : 'microsoft.graph.group';
	const request = {
		path: `/directory/deletedItems/${cast}`,
		qs: { $select: [...new Set([...select, 'id', 'deletedDateTime'])].join(','), $top: 999 },
	};
	for await (const page of client.pages<IDataObject>(request)) yield* page.value;
}
