import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemOutput } from '../../helpers/execution';
import { checkBoolean, checkText, invalidInput } from '../../helpers/parameters';
import type { GraphClient } from '../../../transport';
import { applicationPath, isGuid } from '../../../transport';
import { showFor } from '../common.descriptions';
import type { ApplicationRef } from './fields';
import { applicationFrom, applicationLocator, applicationSummary } from './fields';

const properties: INodeProperties[] = [
	applicationLocator('The app registration whose certificate is removed'),
	{
		displayName: 'Certificate Key ID',
		name: 'keyId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. c3d1e7a0-5b2f-4c8e-9a61-0d4e2b7f3a11',
		description:
			'The key ID of the certificate (Get Expiring Credentials and Get Many output it as keyId)',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Ignore If Already Removed',
				name: 'ignoreMissing',
				type: 'boolean',
				default: true,
				description:
					'Whether a certificate the app no longer has passes with status "notFound" instead of failing',
			},
		],
	},
];

export const description = showFor('application', ['removeCertificate'], properties);

interface Input {
	application: ApplicationRef;
	keyId: string;
	ignoreMissing: boolean;
}

export const mode = 'perItem';

export function check(this: IExecuteFunctions, itemIndex: number): Input {
	const application = applicationFrom(this, itemIndex);
	const keyId = checkText(
		this,
		this.getNodeParameter('keyId', itemIndex, ''),
		itemIndex,
		'Certificate Key ID',
		true,
	);
	if (!isGuid(keyId))
		throw invalidInput(
			this,
			itemIndex,
			`"Certificate Key ID" is not a GUID: "${keyId}"`,
			'Use the keyId of the certificate (a GUID), not its thumbprint',
		);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		application,
		keyId: keyId.toLowerCase(),
		ignoreMissing: checkBoolean(
			this,
			options.ignoreMissing ?? true,
			itemIndex,
			'Ignore If Already Removed',
		),
	};
}

/**
 * The registered certificates are read (a single application's GET returns their `key`), then PATCH
 * /applications/{id} with all but this one (Update application replaces the collection;
 * Application.ReadWrite.OwnedBy or Application.ReadWrite.All). Output: { status: "removed" | "notFound" }.
 */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	{ application, keyId, ignoreMissing }: Input,
	itemIndex: number,
): Promise<ItemOutput> {
	const subject = {
		kind: 'Application',
		id: 'appId' in application ? application.appId : application.objectId,
	};
	const found = await graph.request({
		path: applicationPath(application),
		qs: { $select: 'id,appId,displayName,keyCredentials' },
		itemIndex,
		subject,
	});
	const registered = Array.isArray(found.keyCredentials)
		? (found.keyCredentials as IDataObject[])
		: [];
	const target = registered.find((entry) => String(entry.keyId).toLowerCase() === keyId);
	const base = { ...applicationSummary(found), keyId };
	if (!target) {
		if (ignoreMissing) return { ...base, status: 'notFound' };
		throw new NodeOperationError(
			this.getNode(),
			`Application ${String(found.displayName ?? subject.id)} has no certificate with key ID ${keyId}`,
			{
				itemIndex,
				description:
					'Check the key ID (Get Expiring Credentials lists the certificates), or turn on "Ignore If Already Removed"',
			},
		);
	}
	const keyCredentials = registered.filter((entry) => entry !== target);
	await graph.request({
		method: 'PATCH',
		path: applicationPath({ objectId: String(found.id) }),
		body: { keyCredentials },
		itemIndex,
		subject,
	});
	return {
		...base,
		displayName: target.displayName ?? null,
		endDateTime: target.endDateTime ?? null,
		status: 'removed',
	};
}
