import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { forEachChecked } from '../../helpers/execution';
import { withoutContextAndEtag } from '../../helpers/output';
import type { GraphClient } from '../../transport';
import { userPath } from '../../transport';
import { outputFields, showFor, userFieldOptions, userLocator } from '../common.descriptions';
import { userReadInput } from './fields';

const properties: INodeProperties[] = [userLocator('user', 'User'), ...outputFields(userFieldOptions)];

export const description = showFor('user', ['get'], properties);

/** GET /users/{id|upn} with the `$select` of the chosen output. */
export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachChecked(
		this,
		items,
		(itemIndex) => userReadInput(this, itemIndex),
		async ({ user, select }, itemIndex) =>
			withoutContextAndEtag(await graph.request({ path: userPath(user), qs: { $select: select }, itemIndex, subject: { kind: 'User', id: user } })),
	);
}
