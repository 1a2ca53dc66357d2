import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { GraphClient } from '../../transport';
import { bulkEnabled, showFor } from '../common.descriptions';
import { checkBoolean } from '../common';
import { runWrites } from '../execution';
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
 * POST /{users|groups|devices}/{id}/getMemberGroups: the ids of every group the object is a member
 * of, directly or through nesting, in one item. `$batch` when bulk is on (one call per item).
 */
export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runWrites(
		this,
		graph,
		items,
		(itemIndex) => {
			const object = memberObjectFrom(this, itemIndex);
			const securityEnabledOnly = checkBoolean(this, this.getNodeParameter('securityEnabledOnly', itemIndex, false), itemIndex, 'Security Groups Only');
			return {
				request: {
					method: 'POST',
					path: `${object.path}/getMemberGroups`,
					body: { securityEnabledOnly },
					idempotent: true,
					subject: { kind: object.kind, id: object.id },
				},
				finish: (result) => {
					const groupIds = (result.body?.value as string[] | undefined) ?? [];
					return { id: object.id, groupIds, count: groupIds.length };
				},
			};
		},
		bulkEnabled(this),
	);
}
