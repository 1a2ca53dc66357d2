import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { forEachUser } from '../../helpers/execution';
import type { GraphClient } from '../../transport';
import { showFor, userLocator } from '../common.descriptions';
import { tapFields, tapPath } from './tap';

const properties: INodeProperties[] = [userLocator('user', 'User')];

export const description = showFor('authenticationMethod', ['getTemporaryAccessPasses'], properties);

/**
 * GET /users/{id|upn}/authentication/temporaryAccessPassMethods: one item per pass (a user has at
 * most one), with its validity but never the pass itself. No pass gives no item.
 */
export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachUser(
		this,
		items,
		async (user, itemIndex) => {
			const passes = await graph.getAll<IDataObject>({ path: tapPath(user), itemIndex, subject: { kind: 'User', id: user } });
			return passes.map((pass) => ({ userId: user, ...tapFields(pass) }));
		},
	);
}
