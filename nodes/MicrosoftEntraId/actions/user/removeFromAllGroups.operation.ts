import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { sendRequests } from '../../helpers/engine';
import type { ItemOutput } from '../../helpers/execution';
import { referenceRequest } from '../../helpers/groupMembers';
import { resolvedId, resolveUserIds } from '../../helpers/lookups';
import { bulkEnabled, checkUser } from '../../helpers/parameters';
import type { BatchResult, GraphClient } from '../../../transport';
import { graphErrorInfo, userPath } from '../../../transport';
import { showFor, userLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	userLocator('user', 'User', {
		description: 'The user to take out of every group they are a direct member of',
	}),
];

export const description = showFor('user', ['removeFromAllGroups'], properties);

export const mode = 'perItem';

export const check = checkUser;

interface Membership {
	id: string;
	displayName?: string;
	groupTypes?: string[];
	onPremisesSyncEnabled?: boolean | null;
	mailEnabled?: boolean;
	isAssignableToRole?: boolean | null;
}

type Outcome = 'removed' | 'notMember' | 'skipped' | 'failed';

interface GroupResult extends IDataObject {
	groupId: string;
	displayName: string | null;
	outcome: Outcome;
}

/** Why Graph will not change this group's members, or undefined when it may. */
function whyUnchangeable(group: Membership): string | undefined {
	if ((group.groupTypes ?? []).includes('DynamicMembership')) {
		return "Dynamic membership: the membership rule decides (change the user's attributes or the rule)";
	}
	if (group.onPremisesSyncEnabled === true) {
		return 'Synchronized from on-premises Active Directory: change the membership there';
	}
	// Groups overview (v1.0): mail-enabled security groups and distribution groups are read-only in Graph.
	if (group.mailEnabled === true && !(group.groupTypes ?? []).includes('Unified')) {
		return 'Distribution list or mail-enabled security group: Graph only reads these; change the membership in Exchange Online';
	}
	return undefined;
}

/**
 * The user's direct group memberships: `GET /users/{id}/memberOf/microsoft.graph.group` (the cast
 * needs `ConsistencyLevel: eventual` and `$count=true`, List memberOf), up to 999 per page.
 */
async function directGroups(
	graph: GraphClient,
	userId: string,
	itemIndex: number,
): Promise<Membership[]> {
	return await graph.getAll<Membership>({
		path: `${userPath(userId)}/memberOf/microsoft.graph.group`,
		qs: {
			$select: 'id,displayName,groupTypes,mailEnabled,onPremisesSyncEnabled,isAssignableToRole',
			$top: 999,
			$count: true,
		},
		itemIndex,
		subject: { kind: 'User', id: userId },
	});
}

function removalResult(group: Membership, result: BatchResult): GroupResult {
	const base = { groupId: group.id, displayName: group.displayName ?? null };
	if (!result.error) return { ...base, outcome: 'removed' };
	// Gone since the listing: the state asked for.
	if (result.status === 404) return { ...base, outcome: 'notMember' };
	const info = graphErrorInfo(result.error);
	const roleAssignable = group.isAssignableToRole === true && result.status === 403;
	return {
		...base,
		outcome: 'failed',
		httpCode: String(result.status),
		code: info?.code ?? null,
		reason: roleAssignable
			? `Role-assignable group: removing members needs RoleManagement.ReadWrite.Directory as well (delegated: a Privileged Role Administrator). Graph: ${info?.message ?? result.error.message}`
			: (info?.message ?? result.error.message),
	};
}

/**
 * Removes the user from every group they are a direct member of (memberships through nested groups
 * end with the direct ones). Groups whose members Graph will not change (dynamic membership,
 * synchronized from on-premises, distribution lists and mail-enabled security groups) are skipped
 * and reported; every other group gets
 * `DELETE /groups/{id}/members/{userId}/$ref`, 20 per `$batch` when bulk is on; Graph's refusal (a
 * role-assignable group without RoleManagement.ReadWrite.Directory: 403) is that group's outcome.
 * Request floor, bulk on: 1 read (2 when the user is given by UPN) + ceil(removable groups / 20)
 * `$batch` calls, e.g. 30 groups: 1-2 reads + 2 `$batch`. Bulk off: one DELETE per group.
 */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	user: string,
	itemIndex: number,
): Promise<ItemOutput> {
	const userId = resolvedId(await resolveUserIds(this, graph, [user], false), user);
	const groups = await directGroups(graph, userId, itemIndex);
	const skipped: GroupResult[] = [];
	const removable: Membership[] = [];
	for (const group of groups) {
		const reason = whyUnchangeable(group);
		if (reason)
			skipped.push({
				groupId: group.id,
				displayName: group.displayName ?? null,
				outcome: 'skipped',
				reason,
			});
		else removable.push(group);
	}
	const requests = removable.map((group) =>
		referenceRequest(
			graph,
			'remove',
			{ groupId: group.id, relation: 'members', objectId: userId },
			itemIndex,
			{ kind: 'Group', id: group.id },
		),
	);
	const results = await sendRequests(graph, requests, { bulk: bulkEnabled(this) });
	const outcomes = [
		...removable.map((group, index) => removalResult(group, results[index])),
		...skipped,
	];
	const count = (outcome: Outcome) => outcomes.filter((entry) => entry.outcome === outcome).length;
	const removed = count('removed');
	const failed = count('failed');
	return {
		userId,
		status: removed ? 'removed' : failed ? 'notRemoved' : 'nothingToRemove',
		removed,
		skipped: count('skipped'),
		failed,
		groups: outcomes,
	};
}
