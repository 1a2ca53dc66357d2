import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { Checked } from '../../helpers/execution';
import { failFast, handleItemError, sendItemRequests } from '../../helpers/execution';
import { resolvedId, resolveUserIds } from '../../helpers/lookups';
import { bulkEnabled, invalidInput, userIdFrom } from '../../helpers/parameters';
import type { GraphClient } from '../../../transport';
import { showFor, userLocator } from '../common.descriptions';
import { setManagerRequest } from './userWrites';

const properties: INodeProperties[] = [
	userLocator('user', 'User', { description: 'The user whose manager to set' }),
	userLocator('manager', 'Manager', { description: 'The user who becomes the manager' }),
];

export const description = showFor('user', ['setManager'], properties);

interface Pair {
	user: string;
	manager: string;
	managerId?: string;
}

export function check(this: IExecuteFunctions, itemIndex: number): Pair {
	const user = userIdFrom(this, 'user', itemIndex, 'User');
	const manager = userIdFrom(this, 'manager', itemIndex, 'Manager');
	if (user.toLowerCase() === manager.toLowerCase()) {
		throw invalidInput(
			this,
			itemIndex,
			`A user cannot be their own manager`,
			'Pick a different user as "Manager"',
		);
	}
	return { user, manager };
}

export const mode = 'allItems';

/**
 * PUT /users/{id|upn}/manager/$ref with the manager's directory object reference (`$batch` when
 * bulk is on). Managers given by UPN are looked up first.
 */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	checked: Array<Checked<Pair>>,
): Promise<INodeExecutionData[]> {
	const bulk = bulkEnabled(this);
	const entries: Array<Pair | { error: unknown }> = checked.map((entry) =>
		'input' in entry ? entry.input : entry,
	);
	const pairs = entries.flatMap((entry, itemIndex) =>
		'error' in entry ? [] : [{ pair: entry, itemIndex }],
	);
	const resolved = await resolveUserIds(
		this,
		graph,
		pairs.map(({ pair }) => pair.manager),
		bulk,
	);
	const ready: Array<{ pair: Pair; itemIndex: number }> = [];
	for (const { pair, itemIndex } of pairs) {
		try {
			pair.managerId = resolvedId(resolved, pair.manager);
			ready.push({ pair, itemIndex });
		} catch (error) {
			failFast(this, error, itemIndex);
			entries[itemIndex] = { error };
		}
	}
	const results = await sendItemRequests(
		this,
		graph,
		ready.map(({ pair, itemIndex }) =>
			setManagerRequest(graph, pair.user, pair.managerId!, itemIndex),
		),
		bulk,
	);
	const byItem = new Map(ready.map(({ itemIndex }, n) => [itemIndex, results[n]]));
	return entries.map((entry, itemIndex) => {
		const result = byItem.get(itemIndex);
		const error = 'error' in entry ? entry.error : result?.error;
		if (error || !result) return handleItemError(this, error, itemIndex);
		const pair = entry as Pair;
		return {
			json: { userId: pair.user, managerId: pair.managerId, managerSet: true },
			pairedItem: { item: itemIndex },
		};
	});
}
