import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { chunk } from '../../helpers/engine';
import type { Checked } from '../../helpers/execution';
import { handleItemError, sendItemRequests } from '../../helpers/execution';
import { bulkEnabled, groupIdFromValue, idList, invalidInput } from '../../helpers/parameters';
import type { BatchRequest, BatchResult, GraphClient } from '../../../transport';
import { groupLocator, showFor } from '../common.descriptions';
import type { MemberObject } from './memberObject';
import { memberObjectFields, memberObjectFrom } from './memberObject';

/** checkMemberGroups: "Up to 20 groups may be specified" per request; longer lists are split. */
const IDS_PER_CALL = 20;

/*
 * The groups to check: picked one by one ("Groups", a group picker each) and/or typed in or mapped
 * from earlier nodes ("Group IDs"). Both may be used; the groups of both are checked. Nodes saved
 * before "Groups" existed have only "Group IDs" and run as before.
 */
const properties: INodeProperties[] = [
	...memberObjectFields(),
	{
		displayName: 'Groups',
		name: 'groups',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Group',
		default: {},
		description:
			'The groups to check, picked from the list or by ID. Membership counts directly or through nested groups.',
		options: [{ displayName: 'Group', name: 'group', values: [groupLocator('group', 'Group')] }],
	},
	{
		displayName: 'Group IDs',
		name: 'groupIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 02bd9fd6-8f93-4758-87c3-1fb73740a315, 9a6f2d3e-1c4b-4e8a-b7d5-0f3e6a9c8d03',
		description:
			'More groups to check, by object ID: separated by commas, or an expression giving an array (for example IDs from an earlier node)',
	},
];

export const description = showFor('user', ['checkGroupMembership'], properties);

interface Check {
	object: MemberObject;
	groupIds: string[];
}

export function check(this: IExecuteFunctions, itemIndex: number): Check {
	const object = memberObjectFrom(this, itemIndex);
	const picked = (
		(this.getNodeParameter('groups', itemIndex, {}) as { group?: Array<{ group?: unknown }> })
			.group ?? []
	).map((entry) => groupIdFromValue(this, entry.group, itemIndex, 'Group'));
	const typed = idList(
		this,
		this.getNodeParameter('groupIds', itemIndex, ''),
		itemIndex,
		'Group IDs',
	);
	const groupIds: string[] = [];
	for (const id of [...picked, ...typed]) {
		if (!groupIds.some((known) => known.toLowerCase() === id.toLowerCase())) groupIds.push(id);
	}
	if (!groupIds.length)
		throw invalidInput(
			this,
			itemIndex,
			`No group to check: "Groups" and "Group IDs" are empty`,
			'Add a group under "Groups", or enter group IDs',
		);
	return { object, groupIds };
}

/** One item per input: a boolean per group (`isMember[groupId]`), and whether all/any matched. */
function output(check: Check, found: Set<string>): IDataObject {
	const isMember: IDataObject = {};
	for (const id of check.groupIds) isMember[id] = found.has(id.toLowerCase());
	const memberOf = check.groupIds.filter((id) => found.has(id.toLowerCase()));
	return {
		id: check.object.id,
		isMemberOfAll: memberOf.length === check.groupIds.length,
		isMemberOfAny: memberOf.length > 0,
		isMember,
		memberOf,
		notMemberOf: check.groupIds.filter((id) => !found.has(id.toLowerCase())),
	};
}

export const mode = 'allItems';

/**
 * POST /{users|groups|devices}/{id}/checkMemberGroups with up to 20 group ids per call (transitive:
 * nested groups count). Every call of every item goes into `$batch` when bulk is on, so N items of
 * up to 20 ids take ceil(N / 20) round trips. Graph answers the ids the object is a member of.
 */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	checked: Array<Checked<Check>>,
): Promise<INodeExecutionData[]> {
	const requests: BatchRequest[] = [];
	for (const [itemIndex, entry] of checked.entries()) {
		if (!('input' in entry)) continue;
		const { object, groupIds } = entry.input;
		for (const ids of chunk(groupIds, IDS_PER_CALL)) {
			requests.push({
				method: 'POST',
				path: `${object.path}/checkMemberGroups`,
				body: { groupIds: ids },
				// A query: sending it twice changes nothing, so a throttled call may be retried.
				idempotent: true,
				itemIndex,
				subject: { kind: object.kind, id: object.id },
			});
		}
	}
	const results = await sendItemRequests(this, graph, requests, bulkEnabled(this));
	const byItem = new Map<number, BatchResult[]>();
	requests.forEach((request, n) =>
		byItem.set(request.itemIndex!, [...(byItem.get(request.itemIndex!) ?? []), results[n]]),
	);
	return checked.map((entry, itemIndex) => {
		if (!('input' in entry)) return handleItemError(this, entry.error, itemIndex);
		const answers = byItem.get(itemIndex) ?? [];
		const failed = answers.find((answer) => answer.error);
		if (failed) return handleItemError(this, failed.error, itemIndex);
		const found = new Set(
			answers.flatMap((answer) =>
				((answer.body?.value as string[] | undefined) ?? []).map((id) => id.toLowerCase()),
			),
		);
		return { json: output(entry.input, found), pairedItem: { item: itemIndex } };
	});
}
