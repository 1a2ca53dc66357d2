import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemOutput } from '../../helpers/execution';
import { compact, userIdFrom } from '../../helpers/parameters';
import type { GraphClient } from '../../../transport';
import { userPath } from '../../../transport';
import { showFor, userLocator } from '../common.descriptions';
import {
	invitationOutput,
	messageInfoFor,
	messageOptions,
	redirectUrlField,
	redirectUrlFor,
} from './invitation';

const properties: INodeProperties[] = [
	userLocator('user', 'Guest', { description: 'The guest user to invite again' }),
	redirectUrlField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: messageOptions,
	},
];

export const description = showFor('guest', ['resendInvitation'], properties);

export const mode = 'perItem';

export function check(this: IExecuteFunctions, itemIndex: number) {
	return {
		user: userIdFrom(this, 'user', itemIndex, 'Guest'),
		redirect: redirectUrlFor(this, itemIndex),
		info: messageInfoFor(
			this,
			this.getNodeParameter('options', itemIndex, {}) as IDataObject,
			itemIndex,
		),
	};
}

/**
 * A new invitation for an existing guest: the guest's address is read (`mail`, else the first of
 * `otherMails`), then POST /invitations with it and the email on. Graph answers with the same user
 * and a new redeem URL.
 */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	{ user, redirect, info }: ReturnType<typeof check>,
	itemIndex: number,
): Promise<ItemOutput> {
	const found = await graph.request({
		path: userPath(user),
		qs: { $select: 'id,displayName,mail,otherMails,userType' },
		itemIndex,
		subject: { kind: 'User', id: user },
	});
	const email =
		(found.mail as string | null) ?? ((found.otherMails as string[] | undefined) ?? [])[0];
	if (!email) {
		throw new NodeOperationError(
			this.getNode(),
			`User ${user} has no email address to send an invitation to`,
			{
				itemIndex,
				description:
					"Set the user's mail or otherMails first, or invite the address with Guest > Invite",
			},
		);
	}
	const body = compact({
		invitedUserEmailAddress: email,
		inviteRedirectUrl: redirect,
		sendInvitationMessage: true,
		invitedUserType: found.userType === 'Member' ? 'Member' : 'Guest',
		invitedUserMessageInfo: info,
	});
	const answer = await graph.request({
		method: 'POST',
		path: '/invitations',
		body,
		itemIndex,
		subject: { kind: 'Invitation', id: email },
	});
	return invitationOutput(answer);
}
