import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { BatchRequest, GraphClient } from '../transport';
import { deletedItemPath, graphBatch, groupPath, userPath } from '../transport';
import type { Resource } from './events';
import { withoutAnnotations } from './items';

/*
 * Reading objects that a round reported, 20 per `$batch`: their createdDateTime when the delta item
 * lacked it, properties a filter needs, or the whole object when "Return Full Object" is on.
 */

/**
 * An object delta just reported may not be readable yet (replication delay: 404 for a short while,
 * GRAPH.md and microsoft-graph-docs#15839), so 404s are asked again after these waits (ms).
 */
export const NOT_FOUND_WAITS_MS = [1000, 3000];

export type Place = 'directory' | 'deletedItems';

function pathOf(resource: Resource, place: Place, id: string): string {
	if (place === 'deletedItems') return deletedItemPath(id);
	return resource === 'user' ? userPath(id) : groupPath(id);
}

async function lookupOnce(
	client: GraphClient,
	resource: Resource,
	place: Place,
	ids: string[],
	select: string[],
): Promise<{ found: Map<string, IDataObject>; missing: string[] }> {
	const requests: BatchRequest[] = ids.map((id) => ({
		method: 'GET',
		path: pathOf(resource, place, id),
		qs: { $select: select.join(',') },
		subject: { kind: resource === 'user' ? 'User' : 'Group', id },
	}));
	const results = await graphBatch(client, requests);
	const found = new Map<string, IDataObject>();
	const missing: string[] = [];
	results.forEach((result, index) => {
		if (result.status === 404) missing.push(ids[index]);
		else if (result.error) throw result.error;
		else found.set(ids[index], withoutAnnotations(result.body ?? {}));
	});
	return { found, missing };
}

/**
 * Reads the given objects with `$select`. Returns what was found; ids still missing after the
 * retries are left out. Any other failure throws (the poll fails and the stored state stays).
 */
export async function lookupObjects(
	client: GraphClient,
	resource: Resource,
	place: Place,
	ids: string[],
	select: string[],
): Promise<Map<string, IDataObject>> {
	const found = new Map<string, IDataObject>();
	let pending = ids;
	for (let attempt = 0; pending.length; attempt++) {
		const result = await lookupOnce(client, resource, place, pending, select);
		for (const [id, body] of result.found) found.set(id, body);
		pending = result.missing;
		// Objects in deletedItems do not replicate into it later; only live reads wait for replication.
		if (place === 'deletedItems' || attempt >= NOT_FOUND_WAITS_MS.length) break;
		if (pending.length) await sleep(NOT_FOUND_WAITS_MS[attempt]);
	}
	return found;
}
