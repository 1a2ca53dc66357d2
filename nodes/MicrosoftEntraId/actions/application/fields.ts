import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkText, invalidInput, locatorValue } from '../../helpers/parameters';
import type { GraphClient } from '../../../transport';
import { applicationPath, isGuid } from '../../../transport';
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

/** A credential's key ID from the item: a GUID (lower case), or bad input saying what to give instead. */
export function keyIdFrom(
	ctx: IExecuteFunctions,
	itemIndex: number,
	label: string,
	hint: string,
): string {
	const keyId = checkText(
		ctx,
		ctx.getNodeParameter('keyId', itemIndex, ''),
		itemIndex,
		label,
		true,
	);
	if (!isGuid(keyId))
		throw invalidInput(ctx, itemIndex, `"${label}" is not a GUID: "${keyId}"`, hint);
	return keyId.toLowerCase();
}

/** The app registration read for a credential change, with its secrets or certificates. */
export interface AppCredentials {
	app: IDataObject;
	credentials: IDataObject[];
	subject: { kind: string; id: string };
}

/**
 * Reads the app with its secrets (`passwordCredentials`) or certificates (`keyCredentials`; a single
 * application's GET returns their `key`), so that each change is decided on the app's current state.
 */
export async function readAppCredentials(
	graph: GraphClient,
	application: ApplicationRef,
	list: 'passwordCredentials' | 'keyCredentials',
	itemIndex: number,
): Promise<AppCredentials> {
	const subject = {
		kind: 'Application',
		id: 'appId' in application ? application.appId : application.objectId,
	};
	const app = await graph.request({
		path: applicationPath(application),
		qs: { $select: `id,appId,displayName,${list}` },
		itemIndex,
		subject,
	});
	const credentials = Array.isArray(app[list]) ? (app[list] as IDataObject[]) : [];
	return { app, credentials, subject };
}

/** The error for a key ID the app does not have (without "Ignore If Already Removed"). */
export function missingCredential(
	ctx: IExecuteFunctions,
	{ app, subject }: AppCredentials,
	noun: 'secret' | 'certificate',
	keyId: string,
	itemIndex: number,
): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`Application ${String(app.displayName ?? subject.id)} has no ${noun} with key ID ${keyId}`,
		{
			itemIndex,
			description: `Check the key ID (Get Expiring Credentials lists the ${noun}s), or turn on "Ignore If Already Removed"`,
		},
	);
}
