import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { GROUP_PROPERTIES, GROUP_SIMPLIFIED_PROPERTIES } from '../../../shared/properties';
import type { ItemOutput } from '../../helpers/execution';
import { outputObject } from '../../helpers/output';
import { groupIdFrom, selectFor } from '../../helpers/parameters';
import type { GraphClient } from '../../../transport';
import { groupPath } from '../../../transport';
import { groupFieldOptions, groupLocator, outputFields, showFor } from '../common.descriptions';

const properties: INodeProperties[] = [
	groupLocator('group', 'Group'),
	...outputFields(groupFieldOptions),
];

export const description = showFor('group', ['get'], properties);

export const mode = 'perItem';

export function check(this: IExecuteFunctions, itemIndex: number) {
	return {
		groupId: groupIdFrom(this, 'group', itemIndex, 'Group'),
		select: selectFor(this, itemIndex, {
			simplified: GROUP_SIMPLIFIED_PROPERTIES,
			all: GROUP_PROPERTIES,
		}),
	};
}

export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	{ groupId, select }: ReturnType<typeof check>,
	itemIndex: number,
): Promise<ItemOutput> {
	const group = await graph.request({
		path: groupPath(groupId),
		qs: { $select: select },
		itemIndex,
		subject: { kind: 'Group', id: groupId },
	});
	return outputObject(this, group);
}
