import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule, ResourceModule } from '../types';
import * as invite from './invite.operation';
import * as resendInvitation from './resendInvitation.operation';

const operations: Record<string, OperationModule> = { invite, resendInvitation };

const operationPicker: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['guest'] } },
	options: [
		{
			name: 'Invite',
			value: 'invite',
			description:
				'Invite an external user by email (B2B): creates the guest and returns the redeem URL',
			action: 'Invite a guest',
		},
		{
			name: 'Resend Invitation',
			value: 'resendInvitation',
			description: 'Send an existing guest a new invitation email',
			action: 'Resend invitation to a guest',
		},
	],
	default: 'invite',
};

export const guest: ResourceModule = {
	description: [
		operationPicker,
		...Object.values(operations).flatMap((operation) => operation.description),
	],
	operations,
};
