import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GraphClient, GraphRequest, GraphResponse, GraphPage } from '../transport';
import { odataString } from '../transport';
import type { ServedTime } from './classify';
import { localClock } from './classify';
import type { TriggerConfig } from './config';
import type { EventKind } from './events';

/*
 * Reading delta rounds. Docs: "Use delta query to track changes in Microsoft Graph data"
 * (delta-query-overview) and "user: delta" / "group: delta".
 */

/**
 * Sent on every delta request. user: delta docs: with `Prefer: return=minimal`, "If the property has
 * not changed, the property is not included in the response at all" - so the keys of an item are
 * exactly its changed properties. The header is not encoded in the links; it is sent each time.
 */
export const DELTA_HEADERS = { Prefer: 'return=minimal' };

export interface MemberChange {
	type: string;
	removed: boolean;
}

/** One object's changes over a round, merged from every occurrence. */
export interface ObjectChange {
	id: string;
	/** Reported properties (the changed ones, see DELTA_HEADERS); a later occurrence wins per key. */
	properties: IDataObject;
	/** `@removed.reason` when the object was removed: `changed` = soft, `deleted` = permanent. */
	removed?: string;
	/** Merged `members@delta` slices, by member id. */
	members?: Map<string, MemberChange>;
}

export interface Round {
	changes: Map<string, ObjectChange>;
	deltaLink: string;
	/** Graph's time when it served the round's first page. */
	servedAt: string;
	/** False when that page had no `Date` header and n8n's clock stood in (classify.ts). */
	graphClock: boolean;
	pages: number;
	items: number;
}

/** The start of a feed: `GET /{users|groups}/delta?$select=...`. */
export function feedRequest(config: TriggerConfig, qs: Record<string, string> = {}): GraphRequest {
	return {
		path: config.event.resource === 'user' ? '/users/delta' : '/groups/delta',
		qs: { $select: config.select.join(','), ...qs },
		headers: DELTA_HEADERS,
	};
}

/** Graph's clock from a response's Date header, else n8n's (Date has one-second resolution). */
export function servedAt(response: GraphResponse<unknown>): string {
	return servedTime(response).servedAt;
}

/** The time a response was served, and whether it is Graph's (a `Date` header) or n8n's clock. */
export function servedTime(response: GraphResponse<unknown>): ServedTime {
	const time = Date.parse(response.headers.date ?? '');
	if (Number.isNaN(time))
		return { servedAt: new Date(localClock.now()).toISOString(), graphClock: false };
	return { servedAt: new Date(time).toISOString(), graphClock: true };
}

/**
 * A deltaLink is stored and followed by a later poll with the access token, so it is checked before
 * it is stored, like every link the transport follows: one that is not a URL on the configured Graph
 * host fails the poll (or the activation), and the stored state stays as it was.
 */
export function checkDeltaLink(client: GraphClient, link: string): string {
	try {
		client.assertGraphLink(link);
	} catch (error) {
		throw new NodeOperationError(
			client.node,
			'Microsoft Graph ended the delta round with a deltaLink that cannot be used',
			{
				description: `${(error as Error).message}. The link was not stored: the stored state was left unchanged, and the next poll reads the same changes again.`,
			},
		);
	}
	return link;
}

function missingDeltaLink(client: GraphClient): NodeOperationError {
	return new NodeOperationError(
		client.node,
		'Microsoft Graph ended a delta round without a deltaLink',
		{
			description:
				'The answer had neither @odata.nextLink nor @odata.deltaLink; the stored state was left unchanged.',
		},
	);
}

/**
 * "Sync from now": `$deltatoken=latest` answers with a deltaLink and no data (delta query overview),
 * so activation costs one request however large the tenant. Any value that comes anyway is ignored.
 */
export async function startFeed(
	client: GraphClient,
	config: TriggerConfig,
): Promise<{ deltaLink: string; servedAt: string; graphClock: boolean }> {
	let first: ServedTime | undefined;
	for await (const response of client.responses(feedRequest(config, { $deltatoken: 'latest' }))) {
		first ??= servedTime(response);
		const link = response.body['@odata.deltaLink'];
		if (typeof link === 'string') return { deltaLink: checkDeltaLink(client, link), ...first };
	}
	throw missingDeltaLink(client);
}

/**
 * What an event keeps of an item, so that memory follows what is needed rather than the size of the
 * round: deletions keep only the id, membership keeps only the member references.
 */
function trimmed(item: IDataObject, kind: EventKind): IDataObject {
	if (kind === 'deleted' || kind === 'membership') return {};
	const properties: IDataObject = {};
	for (const [key, value] of Object.entries(item)) {
		// Annotations (`@odata.type`, `@removed`, `members@delta`) are not properties.
		if (key.includes('@')) continue;
		properties[key] = value;
	}
	return properties;
}

function mergeMembers(change: ObjectChange, slice: unknown): void {
	if (!Array.isArray(slice)) return;
	change.members ??= new Map();
	for (const entry of slice as IDataObject[]) {
		if (typeof entry?.id !== 'string') continue;
		change.members.set(entry.id, {
			type: typeof entry['@odata.type'] === 'string' ? (entry['@odata.type'] as string) : '',
			removed: entry['@removed'] !== undefined,
		});
	}
}

/**
 * Merges one delta item into the round. The overview docs: "a single entity [may] be contained
 * multiple times in the response" and a large group's members come in slices on several pages
 * (delta-query-groups: "locally merge each group's state"). No order is guaranteed, so the latest
 * occurrence wins for properties and for removal; member slices are unioned.
 */
export function mergeItem(
	changes: Map<string, ObjectChange>,
	item: IDataObject,
	kind: EventKind,
): void {
	const id = item.id;
	if (typeof id !== 'string') return;
	let change = changes.get(id);
	if (!change) {
		change = { id, properties: {} };
		changes.set(id, change);
	}
	const removed = item['@removed'] as IDataObject | undefined;
	if (removed !== undefined) {
		change.removed = typeof removed?.reason === 'string' ? removed.reason : 'changed';
		return;
	}
	change.removed = undefined;
	Object.assign(change.properties, trimmed(item, kind));
	if (kind === 'membership') mergeMembers(change, item['members@delta']);
}

export interface ReadRoundOptions {
	/** Called after each page was received (with the count so far): a caller can tell a failure of the stored link itself from one later in the round. */
	onPage?: (pages: number) => void;
}

/**
 * Reads one whole round from the stored deltaLink: follows nextLinks until a deltaLink, page by page
 * (pages are not kept). Throws on any failure; the caller then leaves the stored state as it was.
 */
export async function readRound(
	client: GraphClient,
	deltaLink: string,
	kind: EventKind,
	options: ReadRoundOptions = {},
): Promise<Round> {
	const changes = new Map<string, ObjectChange>();
	let first: ServedTime | undefined;
	let pages = 0;
	let items = 0;
	for await (const response of client.responses<IDataObject>({
		url: deltaLink,
		headers: DELTA_HEADERS,
	})) {
		first ??= servedTime(response);
		pages += 1;
		options.onPage?.(pages);
		const page: GraphPage<IDataObject> = response.body;
		for (const item of page.value) {
			items += 1;
			mergeItem(changes, item, kind);
		}
		const link = page['@odata.deltaLink'];
		if (typeof link === 'string')
			return { changes, deltaLink: checkDeltaLink(client, link), ...first, pages, items };
	}
	throw missingDeltaLink(client);
}

/**
 * Whether this delta feed returns createdDateTime at all (the docs leave it open for users): one
 * delta request scoped to a single object (user: delta: "The only supported $filter expression is for
 * tracking changes on a specific object: $filter=id+eq+{value}") starts a round that lists that
 * object with the selected properties. One request, instead of reading every undecided object.
 */
export async function feedReturnsCreatedDateTime(
	client: GraphClient,
	config: TriggerConfig,
	id: string,
): Promise<boolean> {
	const page = await client.request<GraphPage<IDataObject>>({
		path: config.event.resource === 'user' ? '/users/delta' : '/groups/delta',
		qs: { $select: 'id,createdDateTime', $filter: `id eq ${odataString(id)}` },
	});
	return (page.value ?? []).some((item) => item.id === id && 'createdDateTime' in item);
}

/** The property names Graph reported as changed (annotations left out). */
export function changedProperties(change: ObjectChange): string[] {
	return Object.keys(change.properties).filter((key) => key !== 'id');
}
