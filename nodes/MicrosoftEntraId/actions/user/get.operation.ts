import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { GraphClient } from '../../transport';
import { userPath } from '../../transport';
import { outputFields, showFor, USER_PROPERTIES, USER_SIMPLIFIED_PROPERTIES, userFieldOptions, userLocator } from '../common.descriptions';
import { selectFor, userIdFrom, withoutAnnotations } from '../common';
import { forEachChecked } from '../execution';

const properties: INodeProperties[] = [userLocator('user', 'User'), ...outputFields(userFieldOptions)];

export const description = showFor('user', ['get'], properties);

/** GET /users/{id|upn} with the `$select` of the chosen output. */
export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachChecked(
		this,
		items,
		(itemIndex) => ({
			user: userIdFrom(this, 'user', itemIndex, 'User'),
			select: selectFor(this, itemIndex, { simplified: USER_SIMPLIFIED_PROPERTIES, all: USER_PROPERTIES }),
		}),
		async ({ user, select }, itemIndex) =>
			withoutAnnotations(await graph.request({ path: userPath(user), qs: { $select: select }, itemIndex, subject: { kind: 'User', id: user } })),
	);
}
