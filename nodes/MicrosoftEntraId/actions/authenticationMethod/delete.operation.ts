import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInput, textParam, userIdFrom } from '../../helpers/parameters';
import type { BatchRequest, BatchResult, GraphClient } from '../../../transport';
import { graphErrorInfo } from '../../../transport';
import { showFor, userLocator } from '../common.descriptions';
import { DELETABLE_METHODS, PASSWORD_METHOD, isDefaultMethodRefusal, methodPath } from './methods';

const properties: INodeProperties[] = [
	userLocator('user', 'User'),
	{
		displayName: 'Method Type',
		name: 'methodType',
		type: 'options',
		required: true,
		default: 'microsoftAuthenticatorAuthenticationMethod',
		description:
			'The kind of method: "methodType" in the output of Get Many. The password cannot be deleted (reset it with User > Update instead).',
		options: Object.entries(DELETABLE_METHODS)
			.map(([value, { name }]) => ({ name, value }))
			.sort((a, b) => a.name.localeCompare(b.name)),
	},
	{
		displayName: 'Method ID',
		name: 'methodId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3179e48a-750b-4051-897c-87b9720928f7',
		description: 'The ID of the method, as Get Many returns it',
	},
];

export const description = showFor('authenticationMethod', ['delete'], properties);

export const mode = 'batch';

interface MethodRef {
	user: string;
	methodType: string;
	methodId: string;
}

export function check(this: IExecuteFunctions, itemIndex: number): MethodRef {
	const user = userIdFrom(this, 'user', itemIndex, 'User');
	const methodType = textParam(this, 'methodType', itemIndex, 'Method Type', {
		required: true,
	}).replace(/^#?microsoft\.graph\./, '');
	if (methodType === PASSWORD_METHOD) {
		throw invalidInput(
			this,
			itemIndex,
			'The password method cannot be deleted',
			'Microsoft Graph has no delete for a user\'s password: reset it with User > Update ("Password"), or disable the account',
		);
	}
	if (!(methodType in DELETABLE_METHODS)) {
		throw invalidInput(
			this,
			itemIndex,
			`"Method Type" is not a method that can be deleted: "${methodType}"`,
			`Use one of ${Object.keys(DELETABLE_METHODS).join(', ')} (the "methodType" of Get Many)`,
		);
	}
	const methodId = textParam(this, 'methodId', itemIndex, 'Method ID', { required: true });
	return { user, methodType, methodId };
}

/** DELETE /users/{id|upn}/authentication/{type}Methods/{id} (204), `$batch` when bulk is on. */
export function request(
	this: IExecuteFunctions,
	graph: GraphClient,
	{ user, methodType, methodId }: MethodRef,
): BatchRequest {
	const name = DELETABLE_METHODS[methodType].name;
	return {
		method: 'DELETE',
		path: methodPath(user, methodType, methodId),
		subject: { kind: `${name} method of user`, id: `${user}, method ${methodId}` },
	};
}

export function finish(
	this: IExecuteFunctions,
	graph: GraphClient,
	{ user, methodType, methodId }: MethodRef,
): IDataObject {
	return { userId: user, methodType, id: methodId, status: 'deleted' };
}

/** The default MFA method while others exist: Graph refuses; say what to do instead. */
export function recover(
	this: IExecuteFunctions,
	graph: GraphClient,
	input: MethodRef,
	result: BatchResult,
): never {
	const error = result.error as Error;
	const info = graphErrorInfo(error);
	if (info && isDefaultMethodRefusal(info.status, info.message)) {
		error.message =
			`Microsoft Graph refused to delete this method because it is the user's default sign-in method and other methods are registered${info.message ? ` (${info.message})` : ''}. ` +
			'Delete the other methods first, have the user change the default method, or use Reset MFA, which deletes the default method last.';
	}
	throw error;
}
