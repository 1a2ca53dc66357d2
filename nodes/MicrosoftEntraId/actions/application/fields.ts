import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInput, locatorValue } from '../../helpers/parameters';
import { isGuid } from '../../../transport';
import { GUID_PATTERN } from '../common.descriptions';

/** An application: by its application (client) ID, as admins know it, or by its object ID. */
export function applicationLocator(description: string): INodeProperties {
	const guid = (label: string) => [
		{
			type: 'regex' as const,
			properties: { regex: GUID_PATTERN, errorMessage: `Not a valid ${label} (a GUID)` },
		},
	];
	return {
		displayName: 'Application',
		name: 'application',
		type: 'resourceLocator',
		default: { mode: 'appId', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'By Application (Client) ID',
				name: 'appId',
				type: 'string',
				placeholder: 'e.g. 0e7d1c7a-5b1e-4a8e-9d65-7a0b1f9c2d01',
				validation: guid('application (client) ID'),
			},
			{
				displayName: 'By Object ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. e1a0c000-0000-4000-8000-000000000001',
				validation: guid('object ID'),
			},
		],
	};
}

export type ApplicationRef = { appId: string } | { objectId: string };

/** The "Application" parameter: a GUID, meant as the application (client) ID or the object ID by its mode. */
export function applicationFrom(ctx: IExecuteFunctions, itemIndex: number): ApplicationRef {
	const { mode, value } = locatorValue(
		ctx,
		ctx.getNodeParameter('application', itemIndex, ''),
		itemIndex,
		'Application',
	);
	if (!isGuid(value)) {
		throw invalidInput(
			ctx,
			itemIndex,
			`"Application" is not a GUID: "${value}"`,
			"Enter the application (client) ID from the app registration's Overview page, or its object ID",
		);
	}
	return mode === 'id' ? { objectId: value } : { appId: value };
}

/** What the outputs say about the application: both ids and the name. */
export function applicationSummary(application: IDataObject): IDataObject {
	return {
		applicationId: application.id,
		appId: application.appId,
		applicationName: application.displayName ?? null,
	};
}

/** Properties of "Get Many" with "Simplified": the ones credential hygiene needs. */
export const SIMPLIFIED_PROPERTIES = [
	'id',
	'appId',
	'displayName',
	'createdDateTime',
	'signInAudience',
	'passwordCredentials',
	'keyCredentials',
];

/** The v1.0 application properties a user may pick (application resource type). */
export const APPLICATION_PROPERTIES = [
	'id',
	'appId',
	'displayName',
	'createdDateTime',
	'description',
	'notes',
	'signInAudience',
	'identifierUris',
	'tags',
	'passwordCredentials',
	'keyCredentials',
	'requiredResourceAccess',
	'web',
	'publisherDomain',
];
