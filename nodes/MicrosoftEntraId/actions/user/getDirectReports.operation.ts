import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { USER_PROPERTIES, USER_SIMPLIFIED_PROPERTIES } from '../../../shared/properties';
import { forEachChecked } from '../../helpers/execution';
import { withoutContextAndEtag } from '../../helpers/output';
import { selectFor, userIdFrom } from '../../helpers/parameters';
import type { GraphClient } from '../../transport';
import { userPath } from '../../transport';
import { outputFields, showFor, userFieldOptions, userLocator } from '../common.descriptions';
import { limitFields, limitFor, list } from '../listing';

const properties: INodeProperties[] = [
	userLocator('user', 'Manager', { description: 'The user whose direct reports to list' }),
	...limitFields.map((field) => (field.name === 'returnAll' ? { ...field, default: true } : field)),
	...outputFields(userFieldOptions),
];

export const description = showFor('user', ['getDirectReports'], properties);

/**
 * GET /users/{id|upn}/directReports/microsoft.graph.user: one item per report, users only (a
 * manager's reports may also be organizational contacts). The OData cast is sent as an advanced
 * query (ConsistencyLevel: eventual, `$count=true`), as Graph wants for casts on directory
 * relationships; pages follow `@odata.nextLink`.
 */
export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachChecked(
		this,
		items,
		(itemIndex) => ({
			user: userIdFrom(this, 'user', itemIndex, 'Manager'),
			select: selectFor(this, itemIndex, { simplified: USER_SIMPLIFIED_PROPERTIES, all: USER_PROPERTIES }),
			limit: limitFor(this, itemIndex),
		}),
		async ({ user, select, limit }, itemIndex) =>
			(await list(graph, `${userPath(user)}/directReports/microsoft.graph.user`, { $select: select, $count: true }, limit, itemIndex, { kind: 'User', id: user })).map(withoutContextAndEtag),
	);
}
