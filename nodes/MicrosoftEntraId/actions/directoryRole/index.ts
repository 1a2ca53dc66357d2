import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule, ResourceModule } from '../types';
import * as assignToUser from './assignToUser.operation';
import * as getRoleDefinitions from './getRoleDefinitions.operation';
import * as getUserAssignments from './getUserAssignments.operation';
import * as removeFromUser from './removeFromUser.operation';

const operations: Record<string, OperationModule> = {
	assignToUser,
	getRoleDefinitions,
	getUserAssignments,
	removeFromUser,
};

const operationPicker: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['directoryRole'] } },
	options: [
		{
			name: 'Assign to User',
			value: 'assignToUser',
			description: 'Give a user a directory role, tenant-wide (privileged)',
			action: 'Assign a directory role to a user',
		},
		{
			name: 'Get Role Assignments of User',
			value: 'getUserAssignments',
			description: 'List the directory roles a user holds',
			action: 'Get the directory role assignments of a user',
		},
		{
			name: 'Get Role Definitions',
			value: 'getRoleDefinitions',
			description: "List the tenant's directory roles (built-in and custom)",
			action: 'Get the directory role definitions',
		},
		{
			name: 'Remove From User',
			value: 'removeFromUser',
			description: 'Take a directory role away from a user (privileged)',
			action: 'Remove a directory role from a user',
		},
	],
	default: 'getRoleDefinitions',
};

export const directoryRole: ResourceModule = {
	description: [
		operationPicker,
		...Object.values(operations).flatMap((operation) => operation.description),
	],
	operations,
};
