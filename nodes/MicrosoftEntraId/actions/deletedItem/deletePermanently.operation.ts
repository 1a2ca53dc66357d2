import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { BatchRequest, GraphClient } from '../../../transport';
import { deletedItemPath } from '../../../transport';
import { showFor } from '../common.descriptions';
import { deletedIdFrom, deletedItemLocator, objectTypeField } from './fields';

const properties: INodeProperties[] = [
	objectTypeField,
	{
		...deletedItemLocator,
		description: 'The deleted user or group to remove for good. This cannot be undone.',
	},
];

export const description = showFor('deletedItem', ['deletePermanently'], properties);

export const mode = 'batch';

export function check(this: IExecuteFunctions, itemIndex: number): string {
	return deletedIdFrom(this, itemIndex);
}

/**
 * DELETE /directory/deletedItems/{id} (204): the object is gone for good and cannot be restored.
 * `$batch` when bulk is on. The delta trigger then reports it as permanently deleted.
 */
export function request(this: IExecuteFunctions, graph: GraphClient, id: string): BatchRequest {
	return { method: 'DELETE', path: deletedItemPath(id), subject: { kind: 'Deleted item', id } };
}

export function finish(this: IExecuteFunctions, graph: GraphClient, id: string): IDataObject {
	return { id, deletedPermanently: true };
}
