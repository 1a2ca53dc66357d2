import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { GraphClient } from '../../transport';
import { bulkEnabled, groupLocator, showFor, userLocator } from '../common.descriptions';
import { addUsersToGroups } from './membership';

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
				displayName: 'Ignore If Already a Member',
				name: 'ignoreAlreadyMember',
				type: 'boolean',
				default: true,
				description: 'Whether a user who is already a direct member passes with status "alreadyMember" instead of failing',
			},
		],
	},
];

export const description = showFor('user', ['addToGroup'], properties);

/** Output per item: { groupId, userId, status: "added" | "alreadyMember" }. */
export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await addUsersToGroups(this, graph, items, bulkEnabled(this));
}
