import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule, ResourceModule } from '../types';
import * as deletePermanently from './deletePermanently.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as restore from './restore.operation';

const operations: Record<string, OperationModule> = { deletePermanently, get, getAll, restore };

const operationPicker: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['deletedItem'] } },
	options: [
		{
			name: 'Delete Permanently',
			value: 'deletePermanently',
			description: 'Remove a deleted user or group for good (cannot be undone)',
			action: 'Delete a deleted item permanently',
		},
		{
			name: 'Get',
			value: 'get',
			description: 'Get a deleted user or group',
			action: 'Get a deleted item',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'List or search deleted users or groups (kept 30 days)',
			action: 'Get many deleted items',
		},
		{
			name: 'Restore',
			value: 'restore',
			description: 'Bring back a deleted user or group with its memberships',
			action: 'Restore a deleted item',
		},
	],
	default: 'getAll',
};

export const deletedItem: ResourceModule = {
	description: [
		operationPicker,
		...Object.values(operations).flatMap((operation) => operation.description),
	],
	operations,
};
