import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { GraphClient } from '../../transport';
import { showFor } from '../common.descriptions';
import { removeProperties, runRemove } from './removeRelation';

export const description = showFor('group', ['removeMember'], removeProperties('members'));

export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runRemove(this, graph, items, 'members');
}
