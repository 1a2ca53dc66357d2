import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runWrites } from '../../helpers/execution';
import type { GraphClient } from '../../transport';
import { deletedItemPath } from '../../transport';
import { showFor } from '../common.descriptions';
import { deletedIdFrom, deletedItemLocator, objectTypeField } from './fields';

const properties: INodeProperties[] = [
	objectTypeField,
	{ ...deletedItemLocator, description: 'The deleted user or group to remove for good. This cannot be undone.' },
];

export const description = showFor('deletedItem', ['deletePermanently'], properties);

/**
 * DELETE /directory/deletedItems/{id} (204): the object is gone for good and cannot be restored.
 * `$batch` when bulk is on. The delta trigger then reports it as permanently deleted.
 */
export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runWrites(this, graph, items, (itemIndex) => {
		const id = deletedIdFrom(this, itemIndex);
		return {
			request: { method: 'DELETE', path: deletedItemPath(id), subject: { kind: 'Deleted item', id } },
			finish: () => ({ id, deletedPermanently: true }),
		};
	});
}
