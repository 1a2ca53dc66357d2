import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { groupIdFrom } from '../../helpers/parameters';
import type { BatchRequest, GraphClient } from '../../../transport';
import { groupPath } from '../../../transport';
import { groupLocator, showFor } from '../common.descriptions';

const properties: INodeProperties[] = [groupLocator('group', 'Group')];

export const description = showFor('group', ['delete'], properties);

export const mode = 'batch';

export function check(this: IExecuteFunctions, itemIndex: number): string {
	return groupIdFrom(this, 'group', itemIndex, 'Group');
}

export function request(
	this: IExecuteFunctions,
	graph: GraphClient,
	groupId: string,
): BatchRequest {
	return { method: 'DELETE', path: groupPath(groupId), subject: { kind: 'Group', id: groupId } };
}

export function finish(this: IExecuteFunctions, graph: GraphClient, groupId: string): IDataObject {
	return { deleted: true, id: groupId };
}
