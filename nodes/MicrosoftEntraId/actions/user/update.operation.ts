import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { nodeParameter } from '../../helpers/nodeParameter';
import { invalidInput, userIdFrom } from '../../helpers/parameters';
import { userPath } from '../../transport';
import { showFor, userLocator } from '../common.descriptions';
import { accountFields, profileFields, userChanges } from './fields';
import type { UserWrite } from './write';
import { writeUsers } from './write';

const properties: INodeProperties[] = [
	userLocator('user', 'User'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [...accountFields, ...profileFields].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];

export const description = showFor('user', ['update'], properties);

export function check(this: IExecuteFunctions, itemIndex: number): UserWrite {
	const user = userIdFrom(this, 'user', itemIndex, 'User');
	const { body, manager } = userChanges(this, nodeParameter(this, 'updateFields', itemIndex, {}), itemIndex, 'Update Fields');
	if (!Object.keys(body).length && !manager) {
		throw invalidInput(this, itemIndex, `Nothing to update`, 'Add at least one field under "Update Fields"');
	}
	return {
		// A manager-only update still sends the (empty) PATCH: it checks that the user exists.
		request: { method: 'PATCH', path: userPath(user), body, itemIndex, subject: { kind: 'User', id: user } },
		manager,
		target: user,
		output: { id: user, updated: true, fields: Object.keys(body).filter((key) => key !== 'passwordProfile').concat(body.passwordProfile ? ['password'] : []) },
	};
}

export const mode = 'allItems';

/** PATCH /users/{id|upn} (204), `$batch` when bulk is on; the manager with its own request after. */
export const execute = writeUsers;
