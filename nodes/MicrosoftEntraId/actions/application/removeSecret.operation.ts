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
	applicationLocator('The app registration whose client secret is removed'),
	{
		displayName: 'Secret Key ID',
		name: 'keyId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. f1a0c000-0000-4000-8000-000000000002',
		description:
			'The key ID of the secret (Get Expiring Credentials and Add Secret output it as keyId; the portal calls it Secret ID)',
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
					'Whether a secret the app no longer has passes with status "notFound" instead of failing',
			},
		],
	},
];

export const description = showFor('application', ['removeSecret'], properties);

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
		'Secret Key ID',
		'Use the keyId of the secret (a GUID), not its value or its name',
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
 * The app's secrets are read first (GET with `$select=passwordCredentials`), so that a secret removed
 * before is a state ("notFound"), not a failure; then POST .../removePassword with its key ID (204;
 * Application.ReadWrite.OwnedBy or Application.ReadWrite.All). Output: { status: "removed" | "notFound" }.
 */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	{ application, keyId, ignoreMissing }: Input,
	itemIndex: number,
): Promise<ItemOutput> {
	const read = await readAppCredentials(graph, application, 'passwordCredentials', itemIndex);
	const secret = read.credentials.find((entry) => String(entry.keyId).toLowerCase() === keyId);
	const base = { ...applicationSummary(read.app), keyId };
	if (!secret) {
		if (ignoreMissing) return { ...base, status: 'notFound' };
		throw missingCredential(this, read, 'secret', keyId, itemIndex);
	}
	await graph.request({
		method: 'POST',
		path: `${applicationPath(application)}/removePassword`,
		body: { keyId },
		itemIndex,
		subject: read.subject,
	});
	return {
		...base,
		displayName: secret.displayName ?? null,
		endDateTime: secret.endDateTime ?? null,
		status: 'removed',
	};
}
