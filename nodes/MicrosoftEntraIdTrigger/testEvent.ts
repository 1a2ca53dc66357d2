import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GraphClient } from '../transport';
import { groupPath } from '../transport';
import type { TriggerConfig } from '../feed';
import {
	createdSince,
	deletedEvent,
	deletedItems,
	localClock,
	memberItem,
	objectEvent,
	passesTypeFilter,
	withoutAnnotations,
} from '../feed';

/*
 * "Fetch Test Event" (manual mode): the most recent real object that matches the event, built by the
 * same functions as real events (output.ts), so it has the keys a real event of this node has. It
 * reads only; the stored delta state is not touched.
 */

const DAY_MS = 24 * 3600 * 1000;
/** Look-back windows for the newest user: small first, so a busy tenant answers from one page. */
const WINDOWS_DAYS = [1, 30, 365, 36500];
const MEMBERSHIP_GROUPS_TRIED = 5;

/** Keeps the `limit` newest objects by `field` while the pages stream past. */
function keepNewest(kept: IDataObject[], object: IDataObject, field: string, limit: number): void {
	kept.push(withoutAnnotations(object));
	kept.sort((a, b) => String(b[field] ?? '').localeCompare(String(a[field] ?? '')));
	if (kept.length > limit) kept.length = limit;
}

/** The newest objects by createdDateTime that pass the node's filters. */
async function newestCreated(
	client: GraphClient,
	config: TriggerConfig,
	limit: number,
): Promise<IDataObject[]> {
	const select = config.event.kind === 'membership' ? ['displayName'] : config.select;
	// Groups are listed whole in one pass anyway (see directoryScan.ts), so one window is enough for them.
	const windows =
		config.event.resource === 'group' ? [WINDOWS_DAYS[WINDOWS_DAYS.length - 1]] : WINDOWS_DAYS;
	for (const days of windows) {
		const kept: IDataObject[] = [];
		for await (const object of createdSince(
			client,
			config.event.resource,
			localClock.now() - days * DAY_MS,
			select,
		)) {
			if (passesTypeFilter(config, object)) keepNewest(kept, object, 'createdDateTime', limit);
		}
		if (kept.length) return kept;
	}
	return [];
}

async function newestDeleted(
	client: GraphClient,
	config: TriggerConfig,
): Promise<IDataObject | undefined> {
	const kept: IDataObject[] = [];
	for await (const object of deletedItems(client, config.event.resource, config.select)) {
		if (passesTypeFilter(config, object)) keepNewest(kept, object, 'deletedDateTime', 1);
	}
	return kept[0];
}

async function membershipTestEvent(
	client: GraphClient,
	config: TriggerConfig,
): Promise<INodeExecutionData | undefined> {
	for (const group of await newestCreated(client, config, MEMBERSHIP_GROUPS_TRIED)) {
		const members = await client.request<{ value?: IDataObject[] }>({
			path: `${groupPath(group.id as string)}/members`,
			qs: { $select: 'id', $top: 1 },
		});
		const member = members.value?.[0];
		if (member)
			return memberItem(
				group.id as string,
				member.id as string,
				String(member['@odata.type'] ?? ''),
				false,
			);
	}
	return undefined;
}

function nothingFound(client: GraphClient, what: string): NodeOperationError {
	return new NodeOperationError(client.node, `No test event: ${what}`, {
		description:
			'Make such a change in Microsoft Entra ID and fetch again, or activate the workflow: real events are emitted as changes happen.',
	});
}

export async function fetchTestEvent(
	client: GraphClient,
	config: TriggerConfig,
): Promise<INodeExecutionData[]> {
	const resource = config.event.resource;
	switch (config.event.kind) {
		case 'deleted': {
			const deleted = await newestDeleted(client, config);
			if (!deleted)
				throw nothingFound(
					client,
					`no deleted ${resource} is listed in deleted items (they stay there 30 days)`,
				);
			return [deletedEvent(config, deleted.id as string, 'soft', deleted)];
		}
		case 'membership': {
			const item = await membershipTestEvent(client, config);
			if (!item)
				throw nothingFound(
					client,
					`none of the ${MEMBERSHIP_GROUPS_TRIED} newest groups has members`,
				);
			return [item];
		}
		default: {
			const [newest] = await newestCreated(client, config, 1);
			if (!newest)
				throw nothingFound(
					client,
					`no ${resource} with a creation date matching the filters exists in the directory`,
				);
			const id = newest.id as string;
			if (config.event.kind !== 'accountEnabled')
				return [objectEvent(config, 'created', id, newest)];
			// As a real enable/disable event: an update whose changed property is accountEnabled (all
			// selected properties with "Return Full Object").
			const changeType = newest.accountEnabled === false ? 'disabled' : 'enabled';
			const properties = config.fullObject
				? newest
				: { accountEnabled: newest.accountEnabled ?? null };
			return [
				objectEvent(config, changeType, id, properties, { changedProperties: ['accountEnabled'] }),
			];
		}
	}
}
