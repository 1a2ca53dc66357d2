import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemOutput } from '../../helpers/execution';
import { checkUser } from '../../helpers/parameters';
import type { GraphClient } from '../../../transport';
import { userPath } from '../../../transport';
import { showFor, userLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	userLocator('user', 'User', {
		description: 'The user whose directly assigned licenses are removed',
	}),
];

export const description = showFor('license', ['removeAll'], properties);

export const mode = 'perItem';

export const check = checkUser;

interface AssignmentState {
	skuId?: string;
	assignedByGroup?: string | null;
}

/** Direct assignments (assignedByGroup null) and those inherited from groups, from licenseAssignmentStates. */
function splitAssignments(states: AssignmentState[]): {
	direct: string[];
	inherited: Array<{ skuId: string; groupId: string }>;
} {
	const direct: string[] = [];
	const inherited: Array<{ skuId: string; groupId: string }> = [];
	for (const state of states) {
		if (typeof state.skuId !== 'string') continue;
		if (state.assignedByGroup)
			inherited.push({ skuId: state.skuId, groupId: state.assignedByGroup });
		else if (!direct.some((skuId) => skuId.toLowerCase() === state.skuId!.toLowerCase()))
			direct.push(state.skuId);
	}
	return { direct, inherited };
}

/**
 * Removes every licence assigned to the user directly: `GET /users/{id}?$select=licenseAssignmentStates`,
 * then one `POST /users/{id}/assignLicense` with all of them in `removeLicenses` (none: no write,
 * status "nothingToRemove"). Licences inherited from a group (assignedByGroup set) are reported with
 * the group's id: only a change of that group (or of the user's membership) removes them. Requests: 2
 * per user (1 when there is nothing to remove).
 */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	user: string,
	itemIndex: number,
): Promise<ItemOutput> {
	const subject = { kind: 'User', id: user };
	const read = await graph.request<IDataObject>({
		path: userPath(user),
		qs: { $select: 'id,licenseAssignmentStates' },
		itemIndex,
		subject,
	});
	const { direct, inherited } = splitAssignments(
		(read.licenseAssignmentStates as AssignmentState[] | undefined) ?? [],
	);
	const userId = typeof read.id === 'string' ? read.id : user;
	if (direct.length) {
		await graph.request({
			method: 'POST',
			path: `${userPath(user)}/assignLicense`,
			body: { addLicenses: [], removeLicenses: direct },
			itemIndex,
			subject,
		});
	}
	return {
		userId,
		status: direct.length ? 'removed' : 'nothingToRemove',
		removedLicenses: direct,
		inheritedLicenses: inherited,
	};
}
