import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Checked } from '../../helpers/execution';
import { bulkEnabled } from '../../helpers/parameters';
import type { GraphClient } from '../../../transport';
import { showFor } from '../common.descriptions';
import type { MembershipInput } from './membership';
import { removeUsersFromGroups, membershipInput, membershipProperties } from './membership';

export const description = showFor(
	'user',
	['removeFromGroup'],
	membershipProperties({
		name: 'ignoreNotMember',
		displayName: 'Ignore If Not a Member',
		description:
			'Whether a user who is not a direct member passes with status "notMember" instead of failing',
	}),
);

export const mode = 'allItems';

export function check(this: IExecuteFunctions, itemIndex: number): MembershipInput {
	return membershipInput(this, itemIndex, 'ignoreNotMember', 'Ignore If Not a Member');
}

/** Output per item: { groupId, userId, status: "removed" | "notMember" }. */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	checked: Array<Checked<MembershipInput>>,
): Promise<INodeExecutionData[]> {
	return await removeUsersFromGroups(this, graph, checked, bulkEnabled(this));
}
