import type { IDataObject } from 'n8n-workflow';

import type { BatchRequest } from '../../../transport';
import { userPath } from '../../../transport';

/** Disable and Enable: PATCH /users/{id|upn} with accountEnabled, `$batch` when bulk is on. */
export function accountEnabledWrite(accountEnabled: boolean) {
	return {
		request: (_graph: unknown, user: string): BatchRequest => ({
			method: 'PATCH',
			path: userPath(user),
			body: { accountEnabled },
			subject: { kind: 'User', id: user },
		}),
		finish: (_graph: unknown, user: string): IDataObject => ({ id: user, accountEnabled }),
	};
}
