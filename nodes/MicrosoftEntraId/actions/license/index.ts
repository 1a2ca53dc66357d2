import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule, ResourceModule } from '../types';
import * as addOrRemove from './addOrRemove.operation';
import * as getAvailable from './getAvailable.operation';
import * as getUserLicenses from './getUserLicenses.operation';
import * as removeAll from './removeAll.operation';

const operations: Record<string, OperationModule> = {
	addOrRemove,
	getAvailable,
	getUserLicenses,
	removeAll,
};

const operationPicker: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['license'] } },
	options: [
		{
			name: 'Add or Remove',
			value: 'addOrRemove',
			description: 'Assign licenses to a user, take licenses away, or both',
			action: 'Add or remove licenses of a user',
		},
		{
			name: 'Get Available Licenses',
			value: 'getAvailable',
			description: "List the tenant's licenses with enabled, consumed and available units",
			action: 'Get available licenses',
		},
		{
			name: 'Get User Licenses',
			value: 'getUserLicenses',
			description: 'List the licenses assigned to a user',
			action: 'Get licenses of a user',
		},
		{
			name: 'Remove All',
			value: 'removeAll',
			description:
				'Remove every license assigned to a user directly; licenses inherited from groups are listed with their group',
			action: 'Remove all licenses of a user',
		},
	],
	default: 'getUserLicenses',
};

export const license: ResourceModule = {
	description: [
		operationPicker,
		...Object.values(operations).flatMap((operation) => operation.description),
	],
	operations,
};
