import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { GraphClient } from '../../transport';
import { bulkEnabled, groupLocator, showFor, userLocator } from '../common.descriptions';
import { removeUsersFromGroups } from './membership';

const properties: INodeProperties[] = [
	userLocator('user', 'User'),
	groupLocator('group', 'Group'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Ignore If Not a Member',
				name: 'ignoreNotMember',
				type: 'boolean',
				default: true,
				description: 'Whether a user who is not a direct member passes with status "notMember" instead of failing',
			},
		],
	},
];

export const description = showFor('user', ['removeFromGroup'], properties);

/** Output per item: { groupId, userId, status: "removed" | "notMember" }. */
export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await removeUsersFromGroups(this, graph, items, bulkEnabled(this));
}
