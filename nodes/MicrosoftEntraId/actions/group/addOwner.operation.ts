import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemOutput } from '../../helpers/execution';
import { addReference, isOwner, resolveObjectId } from '../../helpers/groupMembers';
import { groupIdFrom, userIdFrom } from '../../helpers/parameters';
import type { GraphClient } from '../../../transport';
import { ensureNodeError, graphErrorInfo } from '../../../transport';
import { groupLocator, showFor, userLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	groupLocator('group', 'Group'),
	userLocator('owner', 'Owner', {
		description:
			'The user to make an owner. "By ID" also takes the object ID of a service principal.',
	}),
];

export const description = showFor('group', ['addOwner'], properties);

export const mode = 'perItem';

export function check(this: IExecuteFunctions, itemIndex: number) {
	return {
		groupId: groupIdFrom(this, 'group', itemIndex, 'Group'),
		owner: userIdFrom(this, 'owner', itemIndex, 'Owner'),
	};
}

/** `POST /groups/{id}/owners/$ref`; a refusal (400) is `alreadyOwner` when the owner list says so. */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	{ groupId, owner }: ReturnType<typeof check>,
	itemIndex: number,
): Promise<ItemOutput> {
	const ownerId = await resolveObjectId(graph, owner, itemIndex);
	try {
		await addReference(graph, groupId, 'owners', ownerId, itemIndex);
		return { groupId, ownerId, status: 'added' };
	} catch (error) {
		if (
			graphErrorInfo(error)?.status === 400 &&
			(await isOwner(graph, groupId, ownerId, itemIndex).catch(() => false))
		) {
			return { groupId, ownerId, status: 'alreadyOwner' };
		}
		throw ensureNodeError(graph.node, error);
	}
}
