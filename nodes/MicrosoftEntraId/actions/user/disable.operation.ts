import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { GraphClient } from '../../transport';
import { showFor, userLocator } from '../common.descriptions';
import { setAccountEnabled } from './accountEnabled';

export const description = showFor('user', ['disable'], [userLocator('user', 'User', { description: 'The user whose account to disable (blocks sign-in)' })]);

export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await setAccountEnabled(this, graph, items, false);
}
