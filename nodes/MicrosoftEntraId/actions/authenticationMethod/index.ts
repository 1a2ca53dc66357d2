import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule, ResourceModule } from '../types';
import * as createTemporaryAccessPass from './createTemporaryAccessPass.operation';
import * as del from './delete.operation';
import * as deleteTemporaryAccessPass from './deleteTemporaryAccessPass.operation';
import * as getAll from './getAll.operation';
import * as getTemporaryAccessPasses from './getTemporaryAccessPasses.operation';
import * as resetMfa from './resetMfa.operation';

const operations: Record<string, OperationModule> = {
	createTemporaryAccessPass,
	delete: del,
	deleteTemporaryAccessPass,
	getAll,
	getTemporaryAccessPasses,
	resetMfa,
};

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
			description:
				'Create a time-limited pass for a first sign-in without a password (the pass is shown only in this output)',
			action: 'Create a temporary access pass for a user',
		},
		{
			name: 'Delete',
			value: 'delete',
			description:
				'Delete one registered method of a user (Authenticator, phone, email, FIDO2, OATH, Windows Hello, pass); the password cannot be deleted',
			action: 'Delete an authentication method of a user',
		},
		{
			name: 'Delete Temporary Access Pass',
			value: 'deleteTemporaryAccessPass',
			description: "Delete a user's Temporary Access Pass",
			action: 'Delete a temporary access pass of a user',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			description: "List a user's registered authentication methods, each with its type",
			action: 'Get many authentication methods of a user',
		},
		{
			name: 'Get Temporary Access Passes',
			value: 'getTemporaryAccessPasses',
			description: "List a user's Temporary Access Pass with its validity (never the pass itself)",
			action: 'Get temporary access passes of a user',
		},
		{
			name: 'Reset MFA',
			value: 'resetMfa',
			description: 'Delete every method except the password, so the user must register MFA again',
			action: 'Reset MFA of a user',
		},
	],
	default: 'createTemporaryAccessPass',
};

export const authenticationMethod: ResourceModule = {
	description: [
		operationPicker,
		...Object.values(operations).flatMap((operation) => operation.description),
	],
	operations,
};
