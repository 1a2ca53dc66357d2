import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemOutput } from '../../helpers/execution';
import { checkBoolean } from '../../helpers/parameters';
import type { GraphClient } from '../../../transport';
import { applicationPath } from '../../../transport';
import { showFor } from '../common.descriptions';
import type { ApplicationRef } from './fields';
import {
	applicationFrom,
	applicationLocator,
	applicationSummary,
	keyIdFrom,
	missingCredential,
	readAppCredentials,
} from './fields';

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
	const keyId = keyIdFrom(
		this,
		itemIndex,
		'Certificate Key ID',
		'Use the keyId of the certificate (a GUID), not its thumbprint',
	);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		application,
		keyId,
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
	const read = await readAppCredentials(graph, application, 'keyCredentials', itemIndex);
	const target = read.credentials.find((entry) => String(entry.keyId).toLowerCase() === keyId);
	const base = { ...applicationSummary(read.app), keyId };
	if (!target) {
		if (ignoreMissing) return { ...base, status: 'notFound' };
		throw missingCredential(this, read, 'certificate', keyId, itemIndex);
	}
	const keyCredentials = read.credentials.filter((entry) => entry !== target);
	await graph.request({
		method: 'PATCH',
		path: applicationPath({ objectId: String(read.app.id) }),
		body: { keyCredentials },
		itemIndex,
		subject: read.subject,
	});
	return {
		...base,
		displayName: target.displayName ?? null,
		endDateTime: target.endDateTime ?? null,
		status: 'removed',
	};
}
