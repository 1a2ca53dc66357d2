import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { GROUP_PROPERTIES, GROUP_SIMPLIFIED_PROPERTIES } from '../../../shared/properties';
import { forEachChecked } from '../../helpers/execution';
import { outputObject, withoutContextAndEtag } from '../../helpers/output';
import { checkBoolean, invalidInput, selectFor, userIdFrom } from '../../helpers/parameters';
import type { GraphClient, QueryValue } from '../../transport';
import { userPath } from '../../transport';
import { groupFieldOptions, outputFields, showFor, userLocator } from '../common.descriptions';
import { pageSize, userLimitFor } from '../listing';

const properties: INodeProperties[] = [
	userLocator('user', 'User'),
	{
		displayName: 'Membership',
		name: 'membership',
		type: 'options',
		default: 'direct',
		options: [
			{ name: 'Direct', value: 'direct', description: 'Groups the user is a member of itself (memberOf)' },
			{
				name: 'Transitive',
				value: 'transitive',
				description: 'Also the groups that contain those groups, at any depth (transitiveMemberOf)',
			},
		],
	},
	{
		displayName: 'Security Groups Only',
		name: 'securityOnly',
		type: 'boolean',
		default: false,
		description: 'Whether to return only security-enabled groups',
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: true,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	...outputFields(groupFieldOptions),
];

export const description = showFor('user', ['getGroups'], properties);

interface GroupsQuery {
	path: string;
	qs: Record<string, QueryValue>;
	limit?: number;
	user: string;
}

function query(ctx: IExecuteFunctions, itemIndex: number): GroupsQuery {
	const user = userIdFrom(ctx, 'user', itemIndex, 'User');
	const membership = ctx.getNodeParameter('membership', itemIndex, 'direct');
	if (membership !== 'direct' && membership !== 'transitive') {
		throw invalidInput(ctx, itemIndex, `"Membership" must be "direct" or "transitive"`, 'Pick Direct or Transitive');
	}
	const securityOnly = checkBoolean(ctx, ctx.getNodeParameter('securityOnly', itemIndex, false), itemIndex, 'Security Groups Only');
	const limit = userLimitFor(ctx, itemIndex, true);
	const relation = membership === 'direct' ? 'memberOf' : 'transitiveMemberOf';
	// The cast to microsoft.graph.group leaves out directory roles and administrative units; it makes
	// this an advanced query, for which the transport adds ConsistencyLevel and $count.
	const qs: Record<string, QueryValue> = {
		$select: selectFor(ctx, itemIndex, { simplified: GROUP_SIMPLIFIED_PROPERTIES, all: GROUP_PROPERTIES }),
		$top: pageSize(limit),
	};
	if (securityOnly) qs.$filter = 'securityEnabled eq true';
	return { path: `${userPath(user)}/${relation}/microsoft.graph.group`, qs, limit, user };
}

/** GET /users/{id|upn}/memberOf (or transitiveMemberOf)/microsoft.graph.group: one item per group. */
export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachChecked(
		this,
		items,
		(itemIndex) => query(this, itemIndex),
		async ({ path, qs, limit, user }, itemIndex) =>
			(await graph.getAll({ path, qs, itemIndex, subject: { kind: 'User', id: user } }, limit)).map(withoutContextAndEtag).map((group) => outputObject(this, group)),
	);
}
