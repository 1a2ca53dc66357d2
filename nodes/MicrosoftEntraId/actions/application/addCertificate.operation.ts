import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemOutput } from '../../helpers/execution';
import { checkText, invalidInput } from '../../helpers/parameters';
import type { GraphClient } from '../../../transport';
import { applicationPath } from '../../../transport';
import { showFor } from '../common.descriptions';
import type { ApplicationRef } from './fields';
import {
	applicationFrom,
	applicationLocator,
	applicationSummary,
	readAppCredentials,
} from './fields';

const properties: INodeProperties[] = [
	applicationLocator('The app registration that gets the certificate'),
	{
		displayName: 'Certificate (PEM)',
		name: 'certificatePem',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: '-----BEGIN CERTIFICATE-----',
		description:
			'The public certificate only (-----BEGIN CERTIFICATE-----), never the private key. Pasted on one line is fine.',
	},
	{
		displayName: 'Certificate Name',
		name: 'label',
		type: 'string',
		default: '',
		placeholder: 'e.g. CN=n8n Entra ID',
		description: 'The description shown under Certificates & secrets (optional)',
	},
];

export const description = showFor('application', ['addCertificate'], properties);

interface Input {
	application: ApplicationRef;
	/** The certificate's DER, base64 (keyCredential `key`). */
	key: string;
	label: string;
}

/** The base64 body of one PEM certificate, line breaks (or their loss) tolerated; undefined if it is not one. */
export function certificateBase64(pem: string): string | undefined {
	const text = pem.replace(/\\n/g, '\n').trim();
	const match = /^-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----$/.exec(text);
	if (!match) return undefined;
	const body = match[1].replace(/\s+/g, '');
	return /^[A-Za-z0-9+/]+={0,2}$/.test(body) && body.length % 4 === 0 ? body : undefined;
}

export const mode = 'perItem';

export function check(this: IExecuteFunctions, itemIndex: number): Input {
	const application = applicationFrom(this, itemIndex);
	const pem = checkText(
		this,
		this.getNodeParameter('certificatePem', itemIndex, ''),
		itemIndex,
		'Certificate (PEM)',
		true,
	);
	if (/PRIVATE KEY/.test(pem)) {
		throw invalidInput(
			this,
			itemIndex,
			'"Certificate (PEM)" holds a private key',
			'Paste only the certificate (-----BEGIN CERTIFICATE-----); the private key stays with the app that signs in',
		);
	}
	const key = certificateBase64(pem);
	if (!key)
		throw invalidInput(
			this,
			itemIndex,
			'"Certificate (PEM)" is not one PEM certificate',
			'Paste one certificate from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----',
		);
	return {
		application,
		key,
		label: checkText(
			this,
			this.getNodeParameter('label', itemIndex, ''),
			itemIndex,
			'Certificate Name',
			false,
		),
	};
}

/**
 * Update application: the keyCredentials collection is replaced by the one sent, so the registered
 * ones are read first (a single application's GET returns their `key`), then PATCH /applications/{id}
 * with them plus the new one (Application.ReadWrite.OwnedBy or Application.ReadWrite.All). Graph sets
 * start and end from the certificate. A certificate already registered (same key) is not added twice.
 */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	{ application, key, label }: Input,
	itemIndex: number,
): Promise<ItemOutput> {
	const {
		app: found,
		credentials: registered,
		subject,
	} = await readAppCredentials(graph, application, 'keyCredentials', itemIndex);
	const same = registered.find((entry) => entry.key === key);
	if (same)
		return { ...applicationSummary(found), keyId: same.keyId ?? null, status: 'alreadyRegistered' };
	const added: IDataObject = { type: 'AsymmetricX509Cert', usage: 'Verify', key };
	if (label) added.displayName = label;
	await graph.request({
		method: 'PATCH',
		path: applicationPath({ objectId: String(found.id) }),
		body: { keyCredentials: [...registered, added] },
		itemIndex,
		subject,
	});
	const after = await graph.request({
		path: applicationPath({ objectId: String(found.id) }),
		qs: { $select: 'id,keyCredentials' },
		itemIndex,
		subject,
	});
	const created = (
		Array.isArray(after.keyCredentials) ? (after.keyCredentials as IDataObject[]) : []
	).find((entry) => entry.key === key);
	return {
		...applicationSummary(found),
		keyId: created?.keyId ?? null,
		displayName: created?.displayName ?? null,
		startDateTime: created?.startDateTime ?? null,
		endDateTime: created?.endDateTime ?? null,
		status: 'added',
	};
}
