import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { GROUP_PROPERTIES, MEMBER_PROPERTIES, USER_PROPERTIES } from '../../shared/properties';

/**
 * Node-wide request settings, shown under every operation. The defaults repeat DEFAULT_RETRY as
 * literals (n8n's lint wants literal defaults); a unit test keeps them equal.
 */
export const requestOptions: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Bulk Requests',
			name: 'bulk',
			type: 'boolean',
			default: true,
			description:
				'Whether to group the writes of many input items into Graph bulk requests ($batch, 20 per call; up to 20 members per group update). Turn off to send one request per item.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 20 },
			default: 5,
			description: 'How often a throttled (429) or unavailable (503/504) request is sent again',
		},
		{
			displayName: 'Max Total Retry Wait (Seconds)',
			name: 'maxWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 3600 },
			default: 300,
			description:
				'Time budget of one request: a retry only starts while the time since its first attempt (attempts and waits together, including the waits Graph asks for with Retry-After) stays within it. Each attempt times out after 100 s.',
		},
	],
};

/* ------------------------------------------------------------------------------------------------
 * Shared field builders for every resource (user, group, license).
 * ---------------------------------------------------------------------------------------------- */

/** A GUID, as Entra object ids are written. Used by the "By ID" modes (UI check; code checks again). */
export const GUID_PATTERN =
	'^\\s*[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\s*$';
/** Something shaped like a UPN (local part @ domain); the full rule is isUserPrincipalName. */
export const UPN_PATTERN = '^\\s*[^@\\s]+@[^@\\s]+\\.[^@\\s]+\\s*$';

interface LocatorOptions {
	description?: string;
	required?: boolean;
}

/**
 * A user picker: from a searchable list (display name / UPN), by object id, or by UPN.
 * Read it with `userIdFrom(ctx, name, itemIndex, displayName)` (helpers/parameters.ts).
 */
export function userLocator(
	name: string,
	displayName: string,
	options: LocatorOptions = {},
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: options.required ?? true,
		description: options.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchUsers', searchable: true },
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
			{
				displayName: 'By UPN',
				name: 'upn',
				type: 'string',
				placeholder: 'e.g. adele.vance@contoso.com',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: UPN_PATTERN,
							errorMessage: 'Not a valid user principal name (name@domain)',
						},
					},
				],
			},
		],
	};
}

/**
 * A group picker: from a searchable list (display name / mail nickname) or by object id.
 * Read it with `groupIdFrom(ctx, name, itemIndex, displayName)` (helpers/parameters.ts).
 */
export function groupLocator(
	name: string,
	displayName: string,
	options: LocatorOptions = {},
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: options.required ?? true,
		description: options.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchGroups', searchable: true },
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
}

/**
 * "Output" and "Fields" parameters. `fields` lists the properties a user may pick for "Selected
 * Fields". Read them with `selectFor(ctx, itemIndex, { simplified, all })` (helpers/parameters.ts),
 * which gives the `$select` value.
 */
export function outputFields(fields: INodePropertyOptions[]): INodeProperties[] {
	return [
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			default: 'simplified',
			options: [
				{ name: 'Simplified', value: 'simplified', description: 'The most used properties' },
				{
					name: 'All Properties',
					value: 'all',
					description: 'Every property Graph returns for the object',
				},
				{
					name: 'Selected Fields',
					value: 'selected',
					description: 'Only the properties you pick (ID is always included)',
				},
			],
		},
		{
			displayName: 'Fields',
			name: 'fields',
			type: 'multiOptions',
			default: [],
			options: fields,
			description: 'The properties to return',
			displayOptions: { show: { output: ['selected'] } },
		},
	];
}

/** Adds `displayOptions.show` for one resource and some operations to each property (V2 layout). */
export function showFor(
	resource: string,
	operations: string[],
	properties: INodeProperties[],
): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, resource: [resource], operation: operations },
		},
	}));
}

/**
 * signInActivity (last interactive and non-interactive sign-in): only under "Selected Fields", since
 * Graph returns it only with AuditLog.Read.All in a tenant with Microsoft Entra ID P1 or P2.
 */
export const SIGN_IN_ACTIVITY_FIELD: INodePropertyOptions = {
	name: 'signInActivity',
	value: 'signInActivity',
	description:
		'Last interactive and non-interactive sign-in; needs AuditLog.Read.All and a Microsoft Entra ID P1 or P2 license',
};

/** "Selected Fields" choices for users, sorted by name. */
export const userFieldOptions: INodePropertyOptions[] = [
	...USER_PROPERTIES.filter((property) => property !== 'id').map((property) => ({
		name: property,
		value: property,
	})),
	SIGN_IN_ACTIVITY_FIELD,
].sort((a, b) => a.name.localeCompare(b.name));

/** "Selected Fields" choices for groups, sorted by name. */
export const groupFieldOptions: INodePropertyOptions[] = GROUP_PROPERTIES.filter(
	(property) => property !== 'id',
)
	.map((property) => ({ name: property, value: property }))
	.sort((a, b) => a.name.localeCompare(b.name));

/** "Selected Fields" choices for members and owners, sorted by name. */
export const memberFieldOptions: INodePropertyOptions[] = MEMBER_PROPERTIES.filter(
	(property) => property !== 'id',
)
	.map((property) => ({ name: property, value: property }))
	.sort((a, b) => a.name.localeCompare(b.name));
