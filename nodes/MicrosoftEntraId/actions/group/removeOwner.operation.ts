import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { forEachChecked } from '../../helpers/execution';
import { removeFrom } from '../../helpers/groupMembers';
import { checkBoolean, groupIdFrom, userIdFrom } from '../../helpers/parameters';
import type { GraphClient } from '../../transport';
import { groupLocator, showFor, userLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	groupLocator('group', 'Group'),
	userLocator('owner', 'Owner', {
		description: 'The user to remove as owner. "By ID" also takes the object ID of a service principal.',
	}),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Ignore If Not an Owner',
				name: 'ignoreIfNotOwner',
				type: 'boolean',
				default: false,
				description: 'Whether to succeed with status "notOwner" instead of failing when the object is not an owner of the group',
			},
		],
	},
];

export const description = showFor('group', ['removeOwner'], properties);

function check(ctx: IExecuteFunctions, itemIndex: number) {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		groupId: groupIdFrom(ctx, 'group', itemIndex, 'Group'),
		member: userIdFrom(ctx, 'owner', itemIndex, 'Owner'),
		ignore: checkBoolean(ctx, options.ignoreIfNotOwner ?? false, itemIndex, 'Ignore If Not an Owner'),
	};
}

export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachChecked(
		this,
		items,
		(itemIndex) => check(this, itemIndex),
		async (input, itemIndex) => {
			const output = await removeFrom(graph, 'owners', input, itemIndex);
			return { groupId: output.groupId, ownerId: output.memberId, status: output.status };
		},
	);
}
