import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemOutput } from '../../helpers/execution';
import { checkUser } from '../../helpers/parameters';
import type { GraphClient } from '../../../transport';
import { showFor, userLocator } from '../common.descriptions';
import { tapFields, tapPath } from './tap';

const properties: INodeProperties[] = [userLocator('user', 'User')];

export const description = showFor(
	'authenticationMethod',
	['getTemporaryAccessPasses'],
	properties,
);

export const mode = 'perItem';

export const check = checkUser;

/**
 * GET /users/{id|upn}/authentication/temporaryAccessPassMethods: one item per pass (a user has at
 * most one), with its validity but never the pass itself. No pass gives no item.
 */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	user: string,
	itemIndex: number,
): Promise<ItemOutput> {
	const passes = await graph.getAll<IDataObject>({
		path: tapPath(user),
		itemIndex,
		subject: { kind: 'User', id: user },
	});
	return passes.map((pass) => ({ userId: user, ...tapFields(pass) }));
}
