import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { removeFrom } from '../../helpers/groupMembers';
import { checkBoolean, groupIdFrom, userIdFrom } from '../../helpers/parameters';
import type { GraphClient } from '../../../transport';
import { groupLocator, userLocator } from '../common.descriptions';

/*
 * Remove Member and Remove Owner: the same parameters and the same run, for the group's `members`
 * or its `owners`. Their parameter names stay as saved workflows know them.
 */

/** What differs between the two operations. */
const RELATIONS = {
	members: {
		field: 'member',
		label: 'Member',
		fieldDescription:
			'The user to remove. "By ID" also takes the object ID of a group, device or service principal.',
		ignoreOption: 'ignoreIfNotMember',
		ignoreLabel: 'Ignore If Not a Member',
		ignoreDescription:
			'Whether to succeed with status "notMember" instead of failing when the object is not a member of the group',
		idKey: 'memberId',
	},
	owners: {
		field: 'owner',
		label: 'Owner',
		fieldDescription:
			'The user to remove as owner. "By ID" also takes the object ID of a service principal.',
		ignoreOption: 'ignoreIfNotOwner',
		ignoreLabel: 'Ignore If Not an Owner',
		ignoreDescription:
			'Whether to succeed with status "notOwner" instead of failing when the object is not an owner of the group',
		idKey: 'ownerId',
	},
} as const;

export type RemovedRelation = keyof typeof RELATIONS;

export function removeProperties(relation: RemovedRelation): INodeProperties[] {
	const names = RELATIONS[relation];
	return [
		groupLocator('group', 'Group'),
		userLocator(names.field, names.label, { description: names.fieldDescription }),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: names.ignoreLabel,
					name: names.ignoreOption,
					type: 'boolean',
					default: false,
					description: names.ignoreDescription,
				},
			],
		},
	];
}

/** One item of Remove Member or Remove Owner, checked. */
export interface Removal {
	relation: RemovedRelation;
	groupId: string;
	member: string;
	ignore: boolean;
}

/** The `check` of both operations. */
export function checkRemoval(
	ctx: IExecuteFunctions,
	relation: RemovedRelation,
	itemIndex: number,
): Removal {
	const names = RELATIONS[relation];
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		relation,
		groupId: groupIdFrom(ctx, 'group', itemIndex, 'Group'),
		member: userIdFrom(ctx, names.field, itemIndex, names.label),
		ignore: checkBoolean(ctx, options[names.ignoreOption] ?? false, itemIndex, names.ignoreLabel),
	};
}

/** The `execute` of both operations: `{ groupId, memberId | ownerId, status }` per item; see removeFrom. */
export async function remove(
	this: IExecuteFunctions,
	graph: GraphClient,
	removal: Removal,
	itemIndex: number,
): Promise<IDataObject> {
	const output = await removeFrom(graph, removal.relation, removal, itemIndex);
	return {
		groupId: output.groupId,
		[RELATIONS[removal.relation].idKey]: output.memberId,
		status: output.status,
	};
}
