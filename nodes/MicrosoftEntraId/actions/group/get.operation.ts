import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { GROUP_PROPERTIES, GROUP_SIMPLIFIED_PROPERTIES } from '../../../shared/properties';
import { forEachChecked } from '../../helpers/execution';
import { outputObject } from '../../helpers/output';
import { groupIdFrom, selectFor } from '../../helpers/parameters';
import type { GraphClient } from '../../transport';
import { groupPath } from '../../transport';
import { groupFieldOptions, groupLocator, outputFields, showFor } from '../common.descriptions';

const properties: INodeProperties[] = [groupLocator('group', 'Group'), ...outputFields(groupFieldOptions)];

export const description = showFor('group', ['get'], properties);

export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const check = (itemIndex: number) => ({
		groupId: groupIdFrom(this, 'group', itemIndex, 'Group'),
		select: selectFor(this, itemIndex, { simplified: GROUP_SIMPLIFIED_PROPERTIES, all: GROUP_PROPERTIES }),
	});
	return await forEachChecked(this, items, check, async ({ groupId, select }, itemIndex) => {
		const group = await graph.request({
			path: groupPath(groupId),
			qs: { $select: select },
			itemIndex,
			subject: { kind: 'Group', id: groupId },
		});
		return outputObject(this, group);
	});
}
