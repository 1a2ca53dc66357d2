import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule, ResourceModule } from '../types';
import * as addCertificate from './addCertificate.operation';
import * as addSecret from './addSecret.operation';
import * as getAll from './getAll.operation';
import * as getExpiringCredentials from './getExpiringCredentials.operation';
import * as removeCertificate from './removeCertificate.operation';
import * as removeSecret from './removeSecret.operation';

const operations: Record<string, OperationModule> = {
	addCertificate,
	addSecret,
	getAll,
	getExpiringCredentials,
	removeCertificate,
	removeSecret,
};

const operationPicker: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['application'] } },
	options: [
		{
			name: 'Add Certificate',
			value: 'addCertificate',
			description: 'Register a certificate (public part, PEM) on an app registration',
			action: 'Add a certificate to the application',
		},
		{
			name: 'Add Secret',
			value: 'addSecret',
			description:
				'Create a client secret for an app registration (its value is in this output only)',
			action: 'Add a secret to the application',
		},
		{
			name: 'Get Expiring Credentials',
			value: 'getExpiringCredentials',
			description:
				'List the secrets and certificates of app registrations that end within some days',
			action: 'Get expiring credentials of applications',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'List app registrations with their secrets and certificates',
			action: 'Get many applications',
		},
		{
			name: 'Remove Certificate',
			value: 'removeCertificate',
			description: 'Delete a certificate of an app registration',
			action: 'Remove a certificate from the application',
		},
		{
			name: 'Remove Secret',
			value: 'removeSecret',
			description: 'Delete a client secret of an app registration',
			action: 'Remove a secret from the application',
		},
	],
	default: 'getExpiringCredentials',
};

export const application: ResourceModule = {
	description: [
		operationPicker,
		...Object.values(operations).flatMap((operation) => operation.description),
	],
	operations,
};
