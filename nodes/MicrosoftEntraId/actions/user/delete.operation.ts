import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runWrites } from '../../helpers/execution';
import { userIdFrom } from '../../helpers/parameters';
import type { GraphClient } from '../../transport';
import { userPath } from '../../transport';
import { showFor, userLocator } from '../common.descriptions';

export const description = showFor('user', ['delete'], [
	userLocator('user', 'User', { description: 'The user to delete (soft delete: restorable for 30 days)' }),
]);

/** DELETE /users/{id|upn} (204), `$batch` when bulk is on. */
export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runWrites(this, graph, items, (itemIndex) => {
		const user = userIdFrom(this, 'user', itemIndex, 'User');
		return {
			request: { method: 'DELETE', path: userPath(user), subject: { kind: 'User', id: user } },
			finish: () => ({ deleted: true, id: user }),
		};
	});
}
