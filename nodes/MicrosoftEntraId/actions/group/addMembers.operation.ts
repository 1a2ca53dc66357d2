import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { Checked, ItemOutput } from '../../helpers/execution';
import { failFast, handleItemError } from '../../helpers/execution';
import { addMembers, resolveObjectIds } from '../../helpers/groupMembers';
import { bulkEnabled, groupIdFrom, userIdFrom } from '../../helpers/parameters';
import type { GraphClient } from '../../../transport';
import { groupLocator, showFor, userLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	groupLocator('group', 'Group'),
	userLocator('member', 'Member', {
		description:
			'The user to add. "By ID" also takes the object ID of a group, device or service principal.',
	}),
];

export const description = showFor('group', ['addMembers'], properties);

/** One input item: which member goes into which group, and how it ended. */
interface Entry {
	itemIndex: number;
	groupId: string;
	member: string;
	memberId?: string;
	outcome?: ItemOutput | Error;
}

/** What an item asks for: which member goes into which group. */
type MemberInput = Pick<Entry, 'groupId' | 'member'>;

/** Each checked item as an entry; an item whose check failed starts with its error as outcome. */
function entriesOf(checked: Array<Checked<MemberInput>>): Entry[] {
	return checked.map((entry, itemIndex) =>
		'input' in entry
			? { itemIndex, ...entry.input }
			: { itemIndex, groupId: '', member: '', outcome: entry.error as Error },
	);
}

/** Members given by UPN become object ids (bind and $ref need ids). */
async function resolveMembers(graph: GraphClient, entries: Entry[], bulk: boolean): Promise<void> {
	const open = entries.filter((entry) => !entry.outcome);
	const ids = await resolveObjectIds(
		graph,
		open.map((entry) => ({ value: entry.member, itemIndex: entry.itemIndex })),
		bulk,
	);
	open.forEach((entry, position) => {
		const id = ids[position];
		if (id instanceof Error) entry.outcome = id;
		else entry.memberId = id;
	});
}

function byGroup(entries: Entry[]): Map<string, Entry[]> {
	const groups = new Map<string, Entry[]>();
	for (const entry of entries) {
		if (entry.outcome) continue;
		const key = entry.groupId.toLowerCase();
		const group = groups.get(key);
		if (group) group.push(entry);
		else groups.set(key, [entry]);
	}
	return groups;
}

/**
 * Adds one group's members through the add-member engine. The same member asked for twice is added
 * once; its other items report `alreadyMember` (or the first one's error).
 */
async function addToGroup(graph: GraphClient, entries: Entry[], bulk: boolean): Promise<void> {
	const groupId = entries[0].groupId;
	const results = await addMembers(
		graph,
		groupId,
		entries.map((entry) => ({ memberId: String(entry.memberId), itemIndex: entry.itemIndex })),
		{ bulk },
	);
	entries.forEach((entry, position) => {
		const { outcome } = results[position];
		entry.outcome =
			outcome instanceof Error ? outcome : { groupId, memberId: entry.memberId, status: outcome };
	});
}

export const mode = 'allItems';

export function check(this: IExecuteFunctions, itemIndex: number): MemberInput {
	return {
		groupId: groupIdFrom(this, 'group', itemIndex, 'Group'),
		member: userIdFrom(this, 'member', itemIndex, 'Member'),
	};
}

/**
 * Many items adding members to the same group use `members@odata.bind`, 20 per request
 * (see addMembersToGroup); the results stay per item, in input order.
 */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	checked: Array<Checked<MemberInput>>,
): Promise<INodeExecutionData[]> {
	const bulk = bulkEnabled(this);
	const entries = entriesOf(checked);
	await resolveMembers(graph, entries, bulk);
	const unknown = entries.find((entry) => entry.outcome instanceof Error);
	if (unknown) failFast(this, unknown.outcome, unknown.itemIndex);
	for (const groupEntries of byGroup(entries).values()) {
		await addToGroup(graph, groupEntries, bulk);
		// Without continueOnFail a failure stops the node before the next group is touched.
		const failed = groupEntries.find((entry) => entry.outcome instanceof Error);
		if (failed) failFast(this, failed.outcome, failed.itemIndex);
	}
	return entries.map((entry) => {
		if (entry.outcome instanceof Error || !entry.outcome) {
			return handleItemError(this, entry.outcome ?? new Error('No result'), entry.itemIndex);
		}
		return {
			json: entry.outcome as INodeExecutionData['json'],
			pairedItem: { item: entry.itemIndex },
		};
	});
}
