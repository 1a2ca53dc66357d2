import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { forEachChecked } from '../../helpers/execution';
import { withoutContextAndEtag } from '../../helpers/output';
import type { GraphClient } from '../../transport';
import { deletedItemPath } from '../../transport';
import { showFor } from '../common.descriptions';
import { deletedIdFrom, deletedItemLocator, objectTypeField, objectTypeFor, deletedItemSelect, outputField } from './fields';

const properties: INodeProperties[] = [objectTypeField, deletedItemLocator, outputField];

export const description = showFor('deletedItem', ['get'], properties);

/** GET /directory/deletedItems/{id} (Get deleted item); 404 once restored or purged. */
export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachChecked(
		this,
		items,
		(itemIndex) => ({ id: deletedIdFrom(this, itemIndex), select: deletedItemSelect(this, itemIndex, objectTypeFor(this, itemIndex)) }),
		async ({ id, select }, itemIndex) =>
			withoutContextAndEtag(await graph.request({ path: deletedItemPath(id), qs: { $select: select }, itemIndex, subject: { kind: 'Deleted item', id } })),
	);
}
