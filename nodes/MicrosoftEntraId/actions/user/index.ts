import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule, ResourceModule } from '../types';
import * as addToGroup from './addToGroup.operation';
import * as checkGroupMembership from './checkGroupMembership.operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as disable from './disable.operation';
import * as enable from './enable.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getDirectReports from './getDirectReports.operation';
import * as getGroups from './getGroups.operation';
import * as getManager from './getManager.operation';
import * as getManagerChain from './getManagerChain.operation';
import * as getMemberGroupIds from './getMemberGroupIds.operation';
import * as removeFromAllGroups from './removeFromAllGroups.operation';
import * as removeFromGroup from './removeFromGroup.operation';
import * as removeManager from './removeManager.operation';
import * as revokeSignInSessions from './revokeSignInSessions.operation';
import * as setManager from './setManager.operation';
import * as update from './update.operation';

const operations: Record<string, OperationModule> = {
	addToGroup,
	checkGroupMembership,
	create,
	delete: del,
	disable,
	enable,
	get,
	getAll,
	getDirectReports,
	getGroups,
	getManager,
	getManagerChain,
	getMemberGroupIds,
	removeFromAllGroups,
	removeFromGroup,
	removeManager,
	revokeSignInSessions,
	setManager,
	update,
};

const operationPicker: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['user'] } },
	options: [
		{
			name: 'Add to Group',
			value: 'addToGroup',
			description:
				'Add a user to a group (many input items for one group are added 20 per request)',
			action: 'Add a user to a group',
		},
		{
			name: 'Check Group Membership',
			value: 'checkGroupMembership',
			description:
				'Check whether a user (or group, device) is a member of given groups, directly or through nesting: true or false per group',
			action: 'Check group membership of a user',
		},
		{
			name: 'Create',
			value: 'create',
			description: 'Create a user with password, profile fields and manager',
			action: 'Create a user',
		},
		{
			name: 'Delete',
			value: 'delete',
			description: 'Delete a user (restorable for 30 days)',
			action: 'Delete a user',
		},
		{
			name: 'Disable',
			value: 'disable',
			description: 'Block sign-in for a user account',
			action: 'Disable a user',
		},
		{
			name: 'Enable',
			value: 'enable',
			description: 'Allow sign-in for a user account',
			action: 'Enable a user',
		},
		{
			name: 'Get',
			value: 'get',
			description: 'Get a user by list search, ID or UPN',
			action: 'Get a user',
		},
		{
			name: 'Get Direct Reports',
			value: 'getDirectReports',
			description: 'Get the users who report to a manager',
			action: 'Get direct reports of a user',
		},
		{
			name: 'Get Groups',
			value: 'getGroups',
			description: 'Get the groups a user is a member of, directly or transitively',
			action: 'Get groups of a user',
		},
		{
			name: 'Get Manager',
			value: 'getManager',
			description: "Get a user's manager",
			action: 'Get the manager of a user',
		},
		{
			name: 'Get Manager Chain',
			value: 'getManagerChain',
			description: "Get a user's managers up to the top of the organization",
			action: 'Get manager chain of a user',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'Search users by name, mail or UPN, with filters and sorting',
			action: 'Get many users',
		},
		{
			name: 'Get Member Groups',
			value: 'getMemberGroupIds',
			description:
				'Get the IDs of every group a user (or group, device) is a member of, directly or through nesting',
			action: 'Get member groups of a user',
		},
		{
			name: 'Remove From All Groups',
			value: 'removeFromAllGroups',
			description:
				'Remove a user from every group they are a direct member of; dynamic and on-premises synced groups are skipped and reported',
			action: 'Remove a user from all groups',
		},
		{
			name: 'Remove From Group',
			value: 'removeFromGroup',
			description: 'Remove a user from a group',
			action: 'Remove a user from a group',
		},
		{
			name: 'Remove Manager',
			value: 'removeManager',
			description: "Remove a user's manager",
			action: 'Remove the manager of a user',
		},
		{
			name: 'Revoke Sessions',
			value: 'revokeSignInSessions',
			description:
				"Revoke a user's sign-in sessions: invalidates refresh tokens and session cookies, forcing a new sign-in",
			action: 'Revoke sessions of a user',
		},
		{
			name: 'Set Manager',
			value: 'setManager',
			description: "Set a user's manager",
			action: 'Set the manager of a user',
		},
		{
			name: 'Update',
			value: 'update',
			description: 'Update profile and account fields of a user, or reset the password',
			action: 'Update a user',
		},
	],
	default: 'get',
};

export const user: ResourceModule = {
	description: [
		operationPicker,
		...Object.values(operations).flatMap((operation) => operation.description),
	],
	operations,
};
