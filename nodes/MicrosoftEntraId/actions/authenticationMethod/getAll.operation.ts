import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemOutput } from '../../helpers/execution';
import { checkUser } from '../../helpers/parameters';
import type { GraphClient } from '../../../transport';
import { showFor, userLocator } from '../common.descriptions';
import { listMethods, methodOutput } from './methods';

const properties: INodeProperties[] = [userLocator('user', 'User')];

export const description = showFor('authenticationMethod', ['getAll'], properties);

export const mode = 'perItem';

export const check = checkUser;

/**
 * GET /users/{id|upn}/authentication/methods: one output item per registered method (the password
 * too), with `methodType` (e.g. `phoneAuthenticationMethod`, the value Delete takes) instead of the
 * `@odata.type` annotation. A Temporary Access Pass shows without the pass itself (Graph returns null).
 */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	user: string,
	itemIndex: number,
): Promise<ItemOutput> {
	const methods = await listMethods(graph, user, itemIndex);
	return methods.map((method) => methodOutput(user, method));
}
