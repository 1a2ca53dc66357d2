import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { forEachChecked } from '../../helpers/execution';
import { outputObject, withoutContextAndEtag } from '../../helpers/output';
import type { GraphClient } from '../../transport';
import { ensureNodeError, graphErrorInfo, userPath } from '../../transport';
import { outputFields, showFor, userFieldOptions, userLocator } from '../common.descriptions';
import { userReadInput } from './fields';

const properties: INodeProperties[] = [
	userLocator('user', 'User', { description: 'The user whose manager to get' }),
	...outputFields(userFieldOptions),
];

export const description = showFor('user', ['getManager'], properties);

/**
 * GET /users/{id|upn}/manager. Graph answers 404 both when the user does not exist and when the user
 * has no manager; the user is then read to tell the two apart: no manager gives `{ manager: null }`.
 */
export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachChecked(
		this,
		items,
		(itemIndex) => userReadInput(this, itemIndex),
		async ({ user, select }, itemIndex) => {
			try {
				const manager = await graph.request({ path: `${userPath(user)}/manager`, qs: { $select: select }, itemIndex, subject: { kind: 'Manager of user', id: user } });
				// a manager is a user or an organizational contact: objectType says which
				return outputObject(this, withoutContextAndEtag(manager), { typed: true });
			} catch (error) {
				if (graphErrorInfo(error)?.status !== 404) throw ensureNodeError(graph.node, error);
				const found = await graph.request({ path: userPath(user), qs: { $select: 'id' }, itemIndex, subject: { kind: 'User', id: user } });
				return { userId: found.id, manager: null };
			}
		},
	);
}
