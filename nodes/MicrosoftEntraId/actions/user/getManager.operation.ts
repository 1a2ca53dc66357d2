import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemOutput } from '../../helpers/execution';
import { outputObject, withoutContextAndEtag } from '../../helpers/output';
import type { GraphClient } from '../../../transport';
import { ensureNodeError, graphErrorInfo, userPath } from '../../../transport';
import { outputFields, showFor, userFieldOptions, userLocator } from '../common.descriptions';
import { userReadInput } from './fields';

const properties: INodeProperties[] = [
	userLocator('user', 'User', { description: 'The user whose manager to get' }),
	...outputFields(userFieldOptions),
];

export const description = showFor('user', ['getManager'], properties);

export const mode = 'perItem';

export function check(this: IExecuteFunctions, itemIndex: number) {
	return userReadInput(this, itemIndex);
}

/**
 * GET /users/{id|upn}/manager. Graph answers 404 both when the user does not exist and when the user
 * has no manager; the user is then read to tell the two apart: no manager gives `{ manager: null }`.
 */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	{ user, select }: ReturnType<typeof check>,
	itemIndex: number,
): Promise<ItemOutput> {
	try {
		const manager = await graph.request({
			path: `${userPath(user)}/manager`,
			qs: { $select: select },
			itemIndex,
			subject: { kind: 'Manager of user', id: user },
		});
		// a manager is a user or an organizational contact: objectType says which
		return outputObject(this, withoutContextAndEtag(manager), { typed: true });
	} catch (error) {
		if (graphErrorInfo(error)?.status !== 404) throw ensureNodeError(graph.node, error);
		const found = await graph.request({
			path: userPath(user),
			qs: { $select: 'id' },
			itemIndex,
			subject: { kind: 'User', id: user },
		});
		return { userId: found.id, manager: null };
	}
}
