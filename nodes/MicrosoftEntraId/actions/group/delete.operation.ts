import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runWrites } from '../../helpers/execution';
import { groupIdFrom } from '../../helpers/parameters';
import type { GraphClient } from '../../transport';
import { groupPath } from '../../transport';
import { groupLocator, showFor } from '../common.descriptions';

const properties: INodeProperties[] = [groupLocator('group', 'Group')];

export const description = showFor('group', ['delete'], properties);

export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runWrites(this, graph, items, (itemIndex) => {
		const groupId = groupIdFrom(this, 'group', itemIndex, 'Group');
		return {
			request: { method: 'DELETE', path: groupPath(groupId), subject: { kind: 'Group', id: groupId } },
			finish: () => ({ deleted: true, id: groupId }),
		};
	});
}
