import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { GROUP_PROPERTIES, USER_PROPERTIES } from '../../../shared/properties';
import { checkChoice, invalidInput, locatorValue } from '../../helpers/parameters';
import { isGuid } from '../../../transport';
import { GUID_PATTERN } from '../common.descriptions';

/*
 * Deleted items (directory resource, v1.0): users and Microsoft 365 groups stay 30 days in
 * `/directory/deletedItems/microsoft.graph.user|group` (security groups are deleted permanently).
 */

export type DeletedType = 'user' | 'group';

/** "Object Type": which kind of deleted object (lists need the OData cast; the picker too). */
export const objectTypeField: INodeProperties = {
	displayName: 'Object Type',
	name: 'objectType',
	type: 'options',
	noDataExpression: true,
	default: 'user',
	options: [
		{ name: 'User', value: 'user', description: 'Deleted users' },
		{
			name: 'Group',
			value: 'group',
			description: 'Deleted Microsoft 365 groups (security groups are deleted permanently)',
		},
	],
};

/** The deleted object: picked from the deleted items of the chosen type, or by ID. */
export const deletedItemLocator: INodeProperties = {
	displayName: 'Deleted Item',
	name: 'deletedItem',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The deleted user or group',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchDeletedItems', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 02bd9fd6-8f93-4758-87c3-1fb73740a315',
			validation: [
				{
					type: 'regex',
					properties: { regex: GUID_PATTERN, errorMessage: 'Not a valid object ID (a GUID)' },
				},
			],
		},
	],
};

export function objectTypeFor(ctx: IExecuteFunctions, itemIndex: number): DeletedType {
	return (
		checkChoice(
			ctx,
			ctx.getNodeParameter('objectType', itemIndex, 'user'),
			itemIndex,
			'Object Type',
			['user', 'group'] as const,
		) ?? 'user'
	);
}

/** The deleted object's id (a GUID: deleted items are addressed by object ID only). */
export function deletedIdFrom(ctx: IExecuteFunctions, itemIndex: number): string {
	const { value } = locatorValue(
		ctx,
		ctx.getNodeParameter('deletedItem', itemIndex, '') as unknown,
		itemIndex,
		'Deleted Item',
	);
	if (isGuid(value)) return value;
	throw invalidInput(
		ctx,
		itemIndex,
		`"Deleted Item" is not an object ID: "${value}"`,
		"Enter the deleted object's ID (a GUID), or pick it from the list",
	);
}

/** The properties of the "Simplified" output, per type; deletedDateTime always. */
export const SIMPLIFIED: Record<DeletedType, string[]> = {
	user: [
		'id',
		'displayName',
		'userPrincipalName',
		'mail',
		'userType',
		'accountEnabled',
		'department',
		'jobTitle',
		'deletedDateTime',
	],
	group: [
		'id',
		'displayName',
		'description',
		'mail',
		'mailNickname',
		'groupTypes',
		'securityEnabled',
		'visibility',
		'deletedDateTime',
	],
};

export const ALL: Record<DeletedType, string[]> = {
	user: USER_PROPERTIES,
	group: GROUP_PROPERTIES,
};

/** "Output": simplified or all properties of the deleted object. */
export const outputField: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	default: 'simplified',
	options: [
		{
			name: 'Simplified',
			value: 'simplified',
			description: 'The most used properties and when the object was deleted',
		},
		{
			name: 'All Properties',
			value: 'all',
			description: 'Every property Graph returns for the object',
		},
	],
};

export function deletedItemSelect(
	ctx: IExecuteFunctions,
	itemIndex: number,
	type: DeletedType,
): string {
	const output = checkChoice(
		ctx,
		ctx.getNodeParameter('output', itemIndex, 'simplified'),
		itemIndex,
		'Output',
		['simplified', 'all'] as const,
	);
	return (output === 'all' ? ALL : SIMPLIFIED)[type].join(',');
}
