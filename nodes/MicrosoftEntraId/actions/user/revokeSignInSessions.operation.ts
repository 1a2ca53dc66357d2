import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { checkUser } from '../../helpers/parameters';
import type { BatchRequest, BatchResult, GraphClient } from '../../../transport';
import { userPath } from '../../../transport';
import { showFor, userLocator } from '../common.descriptions';

export const description = showFor(
	'user',
	['revokeSignInSessions'],
	[
		userLocator('user', 'User', {
			description: 'The user whose refresh tokens and session cookies to invalidate',
		}),
	],
);

export const mode = 'batch';

export const check = checkUser;

/** POST /users/{id|upn}/revokeSignInSessions (200, `{ value: true }`), `$batch` when bulk is on. */
export function request(this: IExecuteFunctions, graph: GraphClient, user: string): BatchRequest {
	return {
		method: 'POST',
		path: `${userPath(user)}/revokeSignInSessions`,
		subject: { kind: 'User', id: user },
	};
}

export function finish(
	this: IExecuteFunctions,
	graph: GraphClient,
	user: string,
	result: BatchResult,
): IDataObject {
	return { userId: user, revoked: result.body?.value !== false };
}
