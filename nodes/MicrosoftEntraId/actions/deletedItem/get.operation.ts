import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemOutput } from '../../helpers/execution';
import { withoutContextAndEtag } from '../../helpers/output';
import type { GraphClient } from '../../../transport';
import { deletedItemPath } from '../../../transport';
import { showFor } from '../common.descriptions';
import {
	deletedIdFrom,
	deletedItemLocator,
	objectTypeField,
	objectTypeFor,
	deletedItemSelect,
	outputField,
} from './fields';

const properties: INodeProperties[] = [objectTypeField, deletedItemLocator, outputField];

export const description = showFor('deletedItem', ['get'], properties);

export const mode = 'perItem';

export function check(this: IExecuteFunctions, itemIndex: number) {
	return {
		id: deletedIdFrom(this, itemIndex),
		select: deletedItemSelect(this, itemIndex, objectTypeFor(this, itemIndex)),
	};
}

/** GET /directory/deletedItems/{id} (Get deleted item); 404 once restored or purged. */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	{ id, select }: ReturnType<typeof check>,
	itemIndex: number,
): Promise<ItemOutput> {
	return withoutContextAndEtag(
		await graph.request({
			path: deletedItemPath(id),
			qs: { $select: select },
			itemIndex,
			subject: { kind: 'Deleted item', id },
		}),
	);
}
