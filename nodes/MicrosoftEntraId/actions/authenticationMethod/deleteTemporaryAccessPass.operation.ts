import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInput, textParam, userIdFrom } from '../../helpers/parameters';
import type { BatchRequest, GraphClient } from '../../../transport';
import { isGuid } from '../../../transport';
import { showFor, userLocator } from '../common.descriptions';
import { tapPath } from './tap';

const properties: INodeProperties[] = [
	userLocator('user', 'User'),
	{
		displayName: 'Temporary Access Pass ID',
		name: 'tapId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 6f1967b7-15e8-4935-ac26-d50770ed07a7',
		description:
			'The ID of the pass, from Create Temporary Access Pass or Get Temporary Access Passes',
	},
];

export const description = showFor(
	'authenticationMethod',
	['deleteTemporaryAccessPass'],
	properties,
);

export const mode = 'batch';

interface PassRef {
	user: string;
	tapId: string;
}

export function check(this: IExecuteFunctions, itemIndex: number): PassRef {
	const user = userIdFrom(this, 'user', itemIndex, 'User');
	const tapId = textParam(this, 'tapId', itemIndex, 'Temporary Access Pass ID', { required: true });
	if (!isGuid(tapId)) {
		throw invalidInput(
			this,
			itemIndex,
			`"Temporary Access Pass ID" is not an ID: "${tapId}"`,
			'Enter the id of the pass (a GUID)',
		);
	}
	return { user, tapId };
}

/** DELETE /users/{id|upn}/authentication/temporaryAccessPassMethods/{id} (204), `$batch` when bulk is on. */
export function request(
	this: IExecuteFunctions,
	graph: GraphClient,
	{ user, tapId }: PassRef,
): BatchRequest {
	return {
		method: 'DELETE',
		path: tapPath(user, tapId),
		subject: { kind: 'Temporary Access Pass of user', id: `${user}, pass ${tapId}` },
	};
}

export function finish(
	this: IExecuteFunctions,
	graph: GraphClient,
	{ user, tapId }: PassRef,
): IDataObject {
	return { deleted: true, id: tapId, userId: user };
}
