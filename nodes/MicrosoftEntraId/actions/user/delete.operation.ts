import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { checkUser } from '../../helpers/parameters';
import type { BatchRequest, GraphClient } from '../../../transport';
import { userPath } from '../../../transport';
import { showFor, userLocator } from '../common.descriptions';

export const description = showFor(
	'user',
	['delete'],
	[
		userLocator('user', 'User', {
			description: 'The user to delete (soft delete: restorable for 30 days)',
		}),
	],
);

export const mode = 'batch';

export const check = checkUser;

/** DELETE /users/{id|upn} (204), `$batch` when bulk is on. */
export function request(this: IExecuteFunctions, graph: GraphClient, user: string): BatchRequest {
	return { method: 'DELETE', path: userPath(user), subject: { kind: 'User', id: user } };
}

export function finish(this: IExecuteFunctions, graph: GraphClient, user: string): IDataObject {
	return { deleted: true, id: user };
}
