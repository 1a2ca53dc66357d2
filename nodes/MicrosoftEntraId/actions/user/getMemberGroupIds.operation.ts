import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkBoolean } from '../../helpers/parameters';
import type { BatchRequest, BatchResult, GraphClient, QueryValue } from '../../../transport';
import { graphErrorInfo } from '../../../transport';
import { showFor } from '../common.descriptions';
import type { MemberObject } from './memberObject';
import { memberObjectFields, memberObjectFrom } from './memberObject';

const properties: INodeProperties[] = [
	...memberObjectFields(),
	{
		displayName: 'Security Groups Only',
		name: 'securityEnabledOnly',
		type: 'boolean',
		default: false,
		description: 'Whether to return only security-enabled groups',
	},
];

export const description = showFor('user', ['getMemberGroupIds'], properties);

/**
 * Past 11,000 groups getMemberGroups answers 400 Directory_ResultSizeLimitExceeded; its page's
 * workaround is the transitiveMemberOf listing (cast to groups), paged to the end.
 */
async function viaTransitiveMemberOf(
	graph: GraphClient,
	object: MemberObject,
	securityEnabledOnly: boolean,
	itemIndex: number,
): Promise<string[]> {
	const qs: Record<string, QueryValue> = { $select: 'id', $top: 999 };
	if (securityEnabledOnly) qs.$filter = 'securityEnabled eq true';
	const groups = await graph.getAll({
		path: `${object.path}/transitiveMemberOf/microsoft.graph.group`,
		qs,
		itemIndex,
		subject: { kind: object.kind, id: object.id },
	});
	return groups.map((group) => String(group.id));
}

export const mode = 'batch';

export function check(this: IExecuteFunctions, itemIndex: number) {
	const object = memberObjectFrom(this, itemIndex);
	const securityEnabledOnly = checkBoolean(
		this,
		this.getNodeParameter('securityEnabledOnly', itemIndex, false),
		itemIndex,
		'Security Groups Only',
	);
	return { object, securityEnabledOnly };
}

type Query = ReturnType<typeof check>;

/**
 * POST /{users|groups|devices}/{id}/getMemberGroups: the ids of every group the object is a member
 * of, directly or through nesting, in one item. `$batch` when bulk is on (one call per item).
 */
export function request(
	this: IExecuteFunctions,
	graph: GraphClient,
	{ object, securityEnabledOnly }: Query,
): BatchRequest {
	return {
		method: 'POST',
		path: `${object.path}/getMemberGroups`,
		body: { securityEnabledOnly },
		idempotent: true,
		subject: { kind: object.kind, id: object.id },
	};
}

export function finish(
	this: IExecuteFunctions,
	graph: GraphClient,
	{ object }: Query,
	result: BatchResult,
): IDataObject {
	const groupIds = (result.body?.value as string[] | undefined) ?? [];
	return { id: object.id, groupIds, count: groupIds.length };
}

/** Over Graph's result size limit, the groups are read from transitiveMemberOf instead. */
export async function recover(
	this: IExecuteFunctions,
	graph: GraphClient,
	{ object, securityEnabledOnly }: Query,
	result: BatchResult,
	itemIndex: number,
): Promise<IDataObject> {
	if (graphErrorInfo(result.error)?.code !== 'Directory_ResultSizeLimitExceeded')
		throw result.error;
	const groupIds = await viaTransitiveMemberOf(graph, object, securityEnabledOnly, itemIndex);
	return { id: object.id, groupIds, count: groupIds.length };
}
