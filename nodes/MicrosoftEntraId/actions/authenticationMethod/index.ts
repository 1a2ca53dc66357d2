import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule, ResourceModule } from '../types';
import * as createTemporaryAccessPass from './createTemporaryAccessPass.operation';
import * as deleteTemporaryAccessPass from './deleteTemporaryAccessPass.operation';
import * as getTemporaryAccessPasses from './getTemporaryAccessPasses.operation';

const operations: Record<string, OperationModule> = { createTemporaryAccessPass, deleteTemporaryAccessPass, getTemporaryAccessPasses };

const operationPicker: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['authenticationMethod'] } },
	options: [
		{
			name: 'Create Temporary Access Pass',
			value: 'createTemporaryAccessPass',
			description: 'Create a time-limited pass for a first sign-in without a password (the pass is shown only in this output)',
			action: 'Create a temporary access pass for a user',
		},
		{
			name: 'Delete Temporary Access Pass',
			value: 'deleteTemporaryAccessPass',
			description: "Delete a user's Temporary Access Pass",
			action: 'Delete a temporary access pass of a user',
		},
		{
			name: 'Get Temporary Access Passes',
			value: 'getTemporaryAccessPasses',
			description: "List a user's Temporary Access Pass with its validity (never the pass itself)",
			action: 'Get temporary access passes of a user',
		},
	],
	default: 'createTemporaryAccessPass',
};

export const authenticationMethod: ResourceModule = {
	description: [operationPicker, ...Object.values(operations).flatMap((operation) => operation.description)],
	operations,
};
