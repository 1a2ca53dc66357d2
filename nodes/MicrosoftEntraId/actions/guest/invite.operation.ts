import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkText, compact } from '../../helpers/parameters';
import type { BatchRequest, BatchResult, GraphClient } from '../../../transport';
import { showFor } from '../common.descriptions';
import {
	checkEmail,
	invitationOutput,
	messageInfoFor,
	messageOptions,
	redirectUrlField,
	redirectUrlFor,
	sendMessageField,
	sendMessageFor,
	userTypeFor,
} from './invitation';

const properties: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. ada@fabrikam.com',
		default: '',
		required: true,
		description: 'Email address of the person to invite',
	},
	redirectUrlField,
	sendMessageField,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Display Name',
				name: 'displayName',
				type: 'string',
				default: '',
				description: 'Display name of the new guest user',
			},
			...messageOptions,
			{
				displayName: 'User Type',
				name: 'userType',
				type: 'options',
				default: 'Guest',
				options: [
					{ name: 'Guest', value: 'Guest' },
					{ name: 'Member', value: 'Member', description: 'An external user with member rights' },
				],
			},
		],
	},
];

export const description = showFor('guest', ['invite'], properties);

export const mode = 'batch';

export function check(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const email = checkEmail(this, this.getNodeParameter('email', itemIndex, ''), itemIndex, 'Email');
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	return compact({
		invitedUserEmailAddress: email,
		inviteRedirectUrl: redirectUrlFor(this, itemIndex),
		sendInvitationMessage: sendMessageFor(this, itemIndex),
		invitedUserDisplayName: checkText(this, fields.displayName, itemIndex, 'Display Name', false),
		invitedUserType: userTypeFor(this, fields.userType, itemIndex),
		invitedUserMessageInfo: messageInfoFor(this, fields, itemIndex),
	});
}

/**
 * POST /invitations (201), `$batch` when bulk is on. The output is the invitation: `invitedUserId`,
 * `inviteRedeemUrl` (send it yourself when the email is off), `status`. Inviting an address again
 * answers a new invitation for the same user.
 */
export function request(
	this: IExecuteFunctions,
	graph: GraphClient,
	body: IDataObject,
): BatchRequest {
	return {
		method: 'POST',
		path: '/invitations',
		body,
		subject: { kind: 'Invitation', id: body.invitedUserEmailAddress as string },
	};
}

export function finish(
	this: IExecuteFunctions,
	graph: GraphClient,
	body: IDataObject,
	result: BatchResult,
): IDataObject {
	return invitationOutput(result.body);
}
