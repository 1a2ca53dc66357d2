import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { bulkEnabled } from '../../helpers/parameters';
import type { GraphClient } from '../../transport';
import { showFor } from '../common.descriptions';
import { removeUsersFromGroups, membershipProperties } from './membership';

export const description = showFor('user', ['removeFromGroup'], membershipProperties({
	name: 'ignoreNotMember',
	displayName: 'Ignore If Not a Member',
	description: 'Whether a user who is not a direct member passes with status "notMember" instead of failing',
}));

/** Output per item: { groupId, userId, status: "removed" | "notMember" }. */
export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await removeUsersFromGroups(this, graph, items, bulkEnabled(this));
}
