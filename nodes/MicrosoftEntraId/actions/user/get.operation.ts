import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemOutput } from '../../helpers/execution';
import { withoutContextAndEtag } from '../../helpers/output';
import type { GraphClient } from '../../../transport';
import { userPath } from '../../../transport';
import { outputFields, showFor, userFieldOptions, userLocator } from '../common.descriptions';
import { userReadInput } from './fields';

const properties: INodeProperties[] = [
	userLocator('user', 'User'),
	...outputFields(userFieldOptions),
];

export const description = showFor('user', ['get'], properties);

export const mode = 'perItem';

export function check(this: IExecuteFunctions, itemIndex: number) {
	return userReadInput(this, itemIndex);
}

/** GET /users/{id|upn} with the `$select` of the chosen output. */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	{ user, select }: ReturnType<typeof check>,
	itemIndex: number,
): Promise<ItemOutput> {
	return withoutContextAndEtag(
		await graph.request({
			path: userPath(user),
			qs: { $select: select },
			itemIndex,
			subject: { kind: 'User', id: user },
		}),
	);
}
