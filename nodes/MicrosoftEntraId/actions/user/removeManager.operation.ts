import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemOutput } from '../../helpers/execution';
import { checkBoolean, invalidInput, userIdFrom } from '../../helpers/parameters';
import type { GraphClient } from '../../../transport';
import { ensureNodeError, graphErrorInfo, userPath } from '../../../transport';
import { showFor, userLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	userLocator('user', 'User', { description: 'The user whose manager to remove' }),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Ignore If No Manager',
				name: 'ignoreNoManager',
				type: 'boolean',
				default: true,
				description:
					'Whether a user without a manager passes with status "noManager" instead of failing',
			},
		],
	},
];

export const description = showFor('user', ['removeManager'], properties);

export const mode = 'perItem';

export function check(this: IExecuteFunctions, itemIndex: number) {
	const options = this.getNodeParameter('options', itemIndex, {}) as { ignoreNoManager?: unknown };
	return {
		user: userIdFrom(this, 'user', itemIndex, 'User'),
		ignore:
			options.ignoreNoManager === undefined
				? true
				: checkBoolean(this, options.ignoreNoManager, itemIndex, 'Ignore If No Manager'),
	};
}

/**
 * DELETE /users/{id|upn}/manager/$ref. A 404 means no user or no manager: the user is read to tell
 * which. Output: { userId, status: "removed" | "noManager" }.
 */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	{ user, ignore }: ReturnType<typeof check>,
	itemIndex: number,
): Promise<ItemOutput> {
	try {
		await graph.request({
			method: 'DELETE',
			path: `${userPath(user)}/manager/$ref`,
			itemIndex,
			subject: { kind: 'Manager of user', id: user },
		});
		return { userId: user, status: 'removed' };
	} catch (error) {
		if (graphErrorInfo(error)?.status !== 404) throw ensureNodeError(graph.node, error);
		await graph.request({
			path: userPath(user),
			qs: { $select: 'id' },
			itemIndex,
			subject: { kind: 'User', id: user },
		});
		if (!ignore)
			throw invalidInput(
				this,
				itemIndex,
				`The user ${user} has no manager`,
				'Turn on "Ignore If No Manager" to let such items pass',
			);
		return { userId: user, status: 'noManager' };
	}
}
