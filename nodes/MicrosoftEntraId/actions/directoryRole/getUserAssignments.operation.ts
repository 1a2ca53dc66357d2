import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemOutput } from '../../helpers/execution';
import { withoutContextAndEtag } from '../../helpers/output';
import { checkUser } from '../../helpers/parameters';
import type { GraphClient } from '../../../transport';
import { userPath } from '../../../transport';
import { showFor, userLocator } from '../common.descriptions';
import { assignmentsOf } from './roles';

const properties: INodeProperties[] = [
	userLocator('user', 'User', { description: 'The user whose directory role assignments to list' }),
];

export const description = showFor('directoryRole', ['getUserAssignments'], properties);

export const mode = 'perItem';

export const check = checkUser;

/**
 * GET /roleManagement/directory/roleAssignments?$filter=principalId eq '{id}'&$expand=roleDefinition:
 * one item per assignment, with the role's name. The user is read first (`$select=id`).
 */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	user: string,
	itemIndex: number,
): Promise<ItemOutput> {
	// Read the user first: the filter alone answers an empty list for an unknown id, and needs the id of a UPN.
	const principalId = String(
		(
			await graph.request({
				path: userPath(user),
				qs: { $select: 'id' },
				itemIndex,
				subject: { kind: 'User', id: user },
			})
		).id,
	);
	const request = assignmentsOf(principalId, itemIndex, true);
	const assignments = await graph.getAll<IDataObject>({ ...request });
	return assignments.map((assignment) => {
		const out = withoutContextAndEtag(assignment);
		const role = out.roleDefinition as IDataObject | null | undefined;
		if (role)
			out.roleDefinition = {
				id: role.id,
				displayName: role.displayName,
				description: role.description,
				isBuiltIn: role.isBuiltIn,
			};
		return { ...out, roleDisplayName: role?.displayName ?? null };
	});
}
