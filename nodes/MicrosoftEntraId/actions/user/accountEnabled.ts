import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runWrites } from '../../helpers/execution';
import { userIdFrom } from '../../helpers/parameters';
import type { GraphClient } from '../../transport';
import { userPath } from '../../transport';

/** Disable and Enable: PATCH /users/{id|upn} with accountEnabled, `$batch` when bulk is on. */
export async function setAccountEnabled(
	ctx: IExecuteFunctions,
	graph: GraphClient,
	items: INodeExecutionData[],
	accountEnabled: boolean,
): Promise<INodeExecutionData[]> {
	return await runWrites(ctx, graph, items, (itemIndex) => {
		const user = userIdFrom(ctx, 'user', itemIndex, 'User');
		return {
			request: { method: 'PATCH', path: userPath(user), body: { accountEnabled }, subject: { kind: 'User', id: user } },
			finish: () => ({ id: user, accountEnabled }),
		};
	});
}
