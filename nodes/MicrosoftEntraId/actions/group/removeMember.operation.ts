import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { forEachChecked } from '../../helpers/execution';
import { removeFrom } from '../../helpers/groupMembers';
import { checkBoolean, groupIdFrom, userIdFrom } from '../../helpers/parameters';
import type { GraphClient } from '../../transport';
import { groupLocator, showFor, userLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	groupLocator('group', 'Group'),
	userLocator('member', 'Member', {
		description: 'The user to remove. "By ID" also takes the object ID of a group, device or service principal.',
	}),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Ignore If Not a Member',
				name: 'ignoreIfNotMember',
				type: 'boolean',
				default: false,
				description: 'Whether to succeed with status "notMember" instead of failing when the object is not a member of the group',
			},
		],
	},
];

export const description = showFor('group', ['removeMember'], properties);

function check(ctx: IExecuteFunctions, itemIndex: number) {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		groupId: groupIdFrom(ctx, 'group', itemIndex, 'Group'),
		member: userIdFrom(ctx, 'member', itemIndex, 'Member'),
		ignoreIfNotMember: checkBoolean(ctx, options.ignoreIfNotMember ?? false, itemIndex, 'Ignore If Not a Member'),
	};
}

export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachChecked(
		this,
		items,
		(itemIndex) => check(this, itemIndex),
		async ({ groupId, member, ignoreIfNotMember }, itemIndex) =>
			await removeFrom(graph, 'members', { groupId, member, ignore: ignoreIfNotMember }, itemIndex),
	);
}
