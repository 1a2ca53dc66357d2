import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runWrites } from '../../helpers/execution';
import { userIdFrom } from '../../helpers/parameters';
import type { GraphClient } from '../../transport';
import { userPath } from '../../transport';
import { showFor, userLocator } from '../common.descriptions';

export const description = showFor('user', ['revokeSignInSessions'], [
	userLocator('user', 'User', { description: 'The user whose refresh tokens and session cookies to invalidate' }),
]);

/** POST /users/{id|upn}/revokeSignInSessions (200, `{ value: true }`), `$batch` when bulk is on. */
export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runWrites(this, graph, items, (itemIndex) => {
		const user = userIdFrom(this, 'user', itemIndex, 'User');
		return {
			request: { method: 'POST', path: `${userPath(user)}/revokeSignInSessions`, subject: { kind: 'User', id: user } },
			finish: (result) => ({ userId: user, revoked: result.body?.value !== false }),
		};
	});
}
