import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { bulkEnabled } from '../../helpers/parameters';
import type { GraphClient } from '../../transport';
import { showFor } from '../common.descriptions';
import { addUsersToGroups, membershipProperties } from './membership';

export const description = showFor('user', ['addToGroup'], membershipProperties({
	name: 'ignoreAlreadyMember',
	displayName: 'Ignore If Already a Member',
	description: 'Whether a user who is already a direct member passes with status "alreadyMember" instead of failing',
}));

/** Output per item: { groupId, userId, status: "added" | "alreadyMember" }. */
export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await addUsersToGroups(this, graph, items, bulkEnabled(this));
}
