import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Checked } from '../../helpers/execution';
import { bulkEnabled } from '../../helpers/parameters';
import type { GraphClient } from '../../../transport';
import { showFor } from '../common.descriptions';
import type { MembershipInput } from './membership';
import { addUsersToGroups, membershipInput, membershipProperties } from './membership';

export const description = showFor(
	'user',
	['addToGroup'],
	membershipProperties({
		name: 'ignoreAlreadyMember',
		displayName: 'Ignore If Already a Member',
		description:
			'Whether a user who is already a direct member passes with status "alreadyMember" instead of failing',
	}),
);

export const mode = 'allItems';

export function check(this: IExecuteFunctions, itemIndex: number): MembershipInput {
	return membershipInput(this, itemIndex, 'ignoreAlreadyMember', 'Ignore If Already a Member');
}

/** Output per item: { groupId, userId, status: "added" | "alreadyMember" }. */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	checked: Array<Checked<MembershipInput>>,
): Promise<INodeExecutionData[]> {
	return await addUsersToGroups(this, graph, checked, bulkEnabled(this));
}
