import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { nodeParameter } from '../../helpers/nodeParameter';
import { invalidInput, userIdFrom } from '../../helpers/parameters';
import { userPath } from '../../../transport';
import { showFor, userLocator } from '../common.descriptions';
import { accountFields, profileFields, userChanges } from './fields';
import type { UserWrite } from './userWrites';
import { writeUsers } from './userWrites';

const properties: INodeProperties[] = [
	userLocator('user', 'User'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [...accountFields, ...profileFields].sort((a, b) =>
			a.displayName.localeCompare(b.displayName),
		),
	},
];

export const description = showFor('user', ['update'], properties);

export function check(this: IExecuteFunctions, itemIndex: number): UserWrite {
	const user = userIdFrom(this, 'user', itemIndex, 'User');
	const { body, manager } = userChanges(
		this,
		nodeParameter(this, 'updateFields', itemIndex, {}),
		itemIndex,
		'Update Fields',
	);
	if (!Object.keys(body).length && !manager) {
		throw invalidInput(
			this,
			itemIndex,
			`Nothing to update`,
			'Add at least one field under "Update Fields"',
		);
	}
	const changed = Object.keys(body).length > 0;
	return {
		// Graph answers 400 "Empty Payload" to a PATCH with nothing in it: a manager-only update sends none.
		request: changed
			? {
					method: 'PATCH',
					path: userPath(user),
					body,
					itemIndex,
					subject: { kind: 'User', id: user },
				}
			: undefined,
		manager,
		target: user,
		output: {
			id: user,
			updated: true,
			fields: Object.keys(body)
				.filter((key) => key !== 'passwordProfile')
				.concat(body.passwordProfile ? ['password'] : []),
		},
	};
}

export const mode = 'allItems';

/**
 * PATCH /users/{id|upn} (204), `$batch` when bulk is on; the manager with its own request after
 * (PUT /users/{id|upn}/manager/$ref). With only the manager set, the PUT is the only write.
 */
export const execute = writeUsers;
