import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemOutput } from '../../helpers/execution';
import { withoutContextAndEtag } from '../../helpers/output';
import type { GraphClient } from '../../../transport';
import { userPath } from '../../../transport';
import { outputFields, showFor, userFieldOptions, userLocator } from '../common.descriptions';
import { userReadInput } from './fields';

const properties: INodeProperties[] = [
	userLocator('user', 'User', { description: 'The user whose chain of managers to get' }),
	...outputFields(userFieldOptions).map((field) =>
		field.name === 'output'
			? { ...field, description: 'Which properties of each manager to return' }
			: field,
	),
];

export const description = showFor('user', ['getManagerChain'], properties);

/** What each manager in the chain shows in the "Simplified" output. */
const MANAGER_PROPERTIES = [
	'id',
	'displayName',
	'userPrincipalName',
	'mail',
	'jobTitle',
	'department',
];

/** The nested `manager` objects of the answer, as a flat list from the direct manager upward. */
function flatten(user: IDataObject): IDataObject[] {
	const managers: IDataObject[] = [];
	let next = user.manager as IDataObject | undefined;
	while (next && typeof next === 'object') {
		const { manager, ...rest } = next;
		managers.push({ level: managers.length + 1, ...withoutContextAndEtag(rest) });
		next = manager as IDataObject | undefined;
	}
	return managers;
}

export const mode = 'perItem';

export function check(this: IExecuteFunctions, itemIndex: number) {
	return userReadInput(this, itemIndex, MANAGER_PROPERTIES);
}

/**
 * GET /users/{id|upn}?$expand=manager($levels=max;$select=...) (List manager, "Get the management
 * chain"): every manager up to the top in one request. `$levels` needs ConsistencyLevel: eventual,
 * sent with `$count=true` as in Microsoft's example. One item per user: `managers` from the direct
 * manager (level 1) upward, and the top of the chain.
 */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	{ user, select }: ReturnType<typeof check>,
	itemIndex: number,
): Promise<ItemOutput> {
	const answer = await graph.request({
		path: userPath(user),
		qs: {
			$select: 'id,displayName,userPrincipalName',
			$expand: `manager($levels=max;$select=${select})`,
			$count: true,
		},
		headers: { ConsistencyLevel: 'eventual' },
		itemIndex,
		subject: { kind: 'User', id: user },
	});
	const managers = flatten(answer);
	return {
		id: answer.id,
		displayName: answer.displayName,
		userPrincipalName: answer.userPrincipalName,
		managerCount: managers.length,
		topManager: managers.length ? managers[managers.length - 1] : null,
		managers,
	};
}
