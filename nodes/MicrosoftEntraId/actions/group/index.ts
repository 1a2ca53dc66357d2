import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule, ResourceModule } from '../types';
import * as addMembers from './addMembers.operation';
import * as addOwner from './addOwner.operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getMembers from './getMembers.operation';
import * as getOwners from './getOwners.operation';
import * as getTransitiveMembers from './getTransitiveMembers.operation';
import * as removeMember from './removeMember.operation';
import * as removeOwner from './removeOwner.operation';
import * as update from './update.operation';

const operations: Record<string, OperationModule> = {
	addMembers,
	addOwner,
	create,
	delete: del,
	get,
	getAll,
	getMembers,
	getOwners,
	getTransitiveMembers,
	removeMember,
	removeOwner,
	update,
};

const operationPicker: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['group'] } },
	options: [
		{
			name: 'Add Members',
			value: 'addMembers',
			description:
				'Add members to a group (many input items for one group are added 20 per request)',
			action: 'Add members to a group',
		},
		{
			name: 'Add Owner',
			value: 'addOwner',
			description: 'Make a user an owner of a group',
			action: 'Add an owner to a group',
		},
		{
			name: 'Create',
			value: 'create',
			description: 'Create a security or Microsoft 365 group, with owners and members',
			action: 'Create a group',
		},
		{ name: 'Delete', value: 'delete', description: 'Delete a group', action: 'Delete a group' },
		{ name: 'Get', value: 'get', description: 'Get a group', action: 'Get a group' },
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'List and search groups',
			action: 'Get many groups',
		},
		{
			name: 'Get Members',
			value: 'getMembers',
			description: 'List or search the direct members of a group',
			action: 'Get members of a group',
		},
		{
			name: 'Get Owners',
			value: 'getOwners',
			description: 'List the owners of a group',
			action: 'Get owners of a group',
		},
		{
			name: 'Get Transitive Members',
			value: 'getTransitiveMembers',
			description: 'List or search the members of a group and of its nested groups',
			action: 'Get transitive members of a group',
		},
		{
			name: 'Remove Member',
			value: 'removeMember',
			description: 'Remove a member from a group',
			action: 'Remove a member from a group',
		},
		{
			name: 'Remove Owner',
			value: 'removeOwner',
			description: 'Remove an owner from a group',
			action: 'Remove an owner from a group',
		},
		{ name: 'Update', value: 'update', description: 'Update a group', action: 'Update a group' },
	],
	default: 'get',
};

export const group: ResourceModule = {
	description: [
		operationPicker,
		...Object.values(operations).flatMap((operation) => operation.description),
	],
	operations,
};
