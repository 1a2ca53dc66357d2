import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { EventDefinition } from './events';
import {
	DEFAULT_GROUP_PROPERTIES,
	DEFAULT_USER_PROPERTIES,
	eventDefinition,
	requiredProperties,
} from './events';

export type DeleteKind = 'soft' | 'permanent' | 'both';
export type UserTypeFilter = 'all' | 'Member' | 'Guest';
export type GroupTypeFilter = 'all' | 'microsoft365' | 'security';

/** The node's parameters, read and checked once per poll. */
export interface TriggerConfig {
	event: EventDefinition;
	/** `$select` of the delta feed: what Graph tracks and returns. */
	select: string[];
	/** An update is emitted only when one of these changed; empty: any change. */
	watched: string[];
	deleteKind: DeleteKind;
	userType: UserTypeFilter;
	groupType: GroupTypeFilter;
	fullObject: boolean;
	retry: { maxRetries?: number; maxWaitSeconds?: number };
	/**
	 * Names the feed: the stored deltaLink belongs to one resource and one `$select` (Graph encodes
	 * the query into the link). A different key means the node was reconfigured: start afresh.
	 */
	feedKey: string;
}

/** A comma-separated property list, trimmed and without duplicates. */
export function propertyList(text: string): string[] {
	const names = text
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	return [...new Set(names)];
}

const PROPERTY_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Properties the user or group type filter reads: the feed selects them (else every change would
 * need a lookup), and a change without them is looked up.
 */
export function typeFilterProperties(
	filters: Pick<TriggerConfig, 'userType' | 'groupType'>,
): string[] {
	if (filters.userType !== 'all') return ['userType'];
	if (filters.groupType !== 'all') return ['groupTypes', 'securityEnabled'];
	return [];
}

/**
 * The feed's `$select`. The membership event selects only `members` (group: delta docs: "You can use
 * `$select=members` to get membership changes"), so renames and other edits do not wake it.
 */
export function feedSelect(event: EventDefinition, chosen: string[], extra: string[]): string[] {
	if (event.kind === 'membership') return ['members'];
	const names = [...chosen, ...requiredProperties(event), ...extra].filter((name) => name !== 'id');
	return ['id', ...new Set(names)];
}

/** What reading the parameters needs of n8n's context: a poll, hook or webhook context all have it. */
export interface ParameterReader {
	getNode(): INode;
	getNodeParameter(name: string, fallback?: unknown): unknown;
}

export function readConfig(ctx: ParameterReader): TriggerConfig {
	const event = eventDefinition(ctx.getNodeParameter('event') as string);
	if (!event)
		throw new NodeOperationError(ctx.getNode(), 'Unknown event: choose one in the "Event" field');
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const fallback = event.resource === 'user' ? DEFAULT_USER_PROPERTIES : DEFAULT_GROUP_PROPERTIES;
	const field = event.resource === 'user' ? 'userProperties' : 'groupProperties';
	const chosen =
		typeof options[field] === 'string' && options[field]
			? propertyList(options[field] as string)
			: fallback;
	const watched =
		typeof options.watchedProperties === 'string' ? propertyList(options.watchedProperties) : [];
	for (const name of [...chosen, ...watched]) {
		if (!PROPERTY_NAME.test(name)) {
			throw new NodeOperationError(ctx.getNode(), `"${name}" is not a property name`, {
				description: 'List property names separated by commas, e.g. displayName,department',
			});
		}
	}
	// A type filter of the other resource does not apply.
	const userType =
		event.resource === 'user' ? ((options.userType as UserTypeFilter | undefined) ?? 'all') : 'all';
	const groupType =
		event.resource === 'group'
			? ((options.groupType as GroupTypeFilter | undefined) ?? 'all')
			: 'all';
	const select = feedSelect(event, chosen, [
		...watched,
		...typeFilterProperties({ userType, groupType }),
	]);
	return {
		event,
		select,
		watched,
		deleteKind: (options.deleteKind as DeleteKind | undefined) ?? 'both',
		userType,
		groupType,
		fullObject: options.fullObject === true && event.kind !== 'membership',
		retry: {
			maxRetries: typeof options.maxRetries === 'number' ? options.maxRetries : undefined,
			maxWaitSeconds:
				typeof options.maxWaitSeconds === 'number' ? options.maxWaitSeconds : undefined,
		},
		feedKey: `${event.resource}:${[...select].sort().join(',')}`,
	};
}
