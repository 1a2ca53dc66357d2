import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemOutput } from '../../helpers/execution';
import { checkText, invalidInput } from '../../helpers/parameters';
import type { GraphClient } from '../../../transport';
import { applicationPath } from '../../../transport';
import { showFor } from '../common.descriptions';
import type { ApplicationRef } from './fields';
import { applicationFrom, applicationLocator } from './fields';

const properties: INodeProperties[] = [
	applicationLocator('The app registration that gets a new client secret'),
	{
		displayName: 'Secret Name',
		name: 'label',
		type: 'string',
		default: '',
		placeholder: 'e.g. n8n 2026-12',
		description: 'The description shown under Certificates & secrets (optional)',
	},
	{
		displayName: 'Valid For (Days)',
		name: 'validForDays',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 730 },
		default: 180,
		description:
			"How long the secret works, from now: up to 730 days (two years, Graph's default and the portal's longest); tenant policies may allow less",
	},
];

export const description = showFor('application', ['addSecret'], properties);

interface Input {
	application: ApplicationRef;
	body: IDataObject;
}

export const mode = 'perItem';

export function check(this: IExecuteFunctions, itemIndex: number): Input {
	const application = applicationFrom(this, itemIndex);
	const days = Number(this.getNodeParameter('validForDays', itemIndex, 180));
	if (!Number.isInteger(days) || days < 1 || days > 730) {
		throw invalidInput(
			this,
			itemIndex,
			'"Valid For (Days)" must be a whole number from 1 to 730',
			'Enter how many days the secret should work, e.g. 180',
		);
	}
	const name = checkText(
		this,
		this.getNodeParameter('label', itemIndex, ''),
		itemIndex,
		'Secret Name',
		false,
	);
	const passwordCredential: IDataObject = {
		endDateTime: new Date(Date.now() + days * 86_400_000).toISOString(),
	};
	if (name) passwordCredential.displayName = name;
	return { application, body: { passwordCredential } };
}

/**
 * POST /applications/{id}/addPassword (or `(appId='...')`): Graph creates the secret and returns its
 * value in `secretText` in this answer only (application: addPassword; Application.ReadWrite.OwnedBy
 * for apps the caller owns, else Application.ReadWrite.All). The value is in this output only, never
 * in an error; store it (e.g. in a vault) in the next step.
 */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	{ application, body }: Input,
	itemIndex: number,
): Promise<ItemOutput> {
	const path = `${applicationPath(application)}/addPassword`;
	const id = 'appId' in application ? application.appId : application.objectId;
	const created = await graph.request({
		method: 'POST',
		path,
		body,
		itemIndex,
		subject: { kind: 'Application', id },
	});
	return {
		...('appId' in application
			? { appId: application.appId }
			: { applicationId: application.objectId }),
		keyId: created.keyId ?? null,
		displayName: created.displayName ?? null,
		hint: created.hint ?? null,
		startDateTime: created.startDateTime ?? null,
		endDateTime: created.endDateTime ?? null,
		secretText: created.secretText ?? null,
	};
}
