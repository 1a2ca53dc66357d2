import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	checkBoolean,
	checkChoice,
	checkText,
	invalidInput,
	textParam,
} from '../../helpers/parameters';

/*
 * Guests (Microsoft Entra B2B) through `POST /invitations` (Create invitation, v1.0): the invited user
 * (userType Guest, or Member) is created at once; the answer holds the invitation's redeem URL.
 */

const EMAIL =
	/^[^@\s]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export const redirectUrlField: INodeProperties = {
	displayName: 'Redirect URL',
	name: 'inviteRedirectUrl',
	type: 'string',
	default: 'https://myapplications.microsoft.com',
	required: true,
	description:
		'Where the guest lands after redeeming the invitation (an https:// URL, e.g. your app or the My Apps portal)',
};

export const sendMessageField: INodeProperties = {
	displayName: 'Send Invitation Email',
	name: 'sendInvitationMessage',
	type: 'boolean',
	default: true,
	description:
		'Whether Microsoft sends the invitation email. Turn off to send the redeem URL from the output yourself.',
};

/** Message options shared by Invite and Resend Invitation. */
export const messageOptions: INodeProperties[] = [
	{
		displayName: 'Custom Message',
		name: 'customizedMessageBody',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'Text added to the invitation email',
	},
	{
		displayName: 'Message Language',
		name: 'messageLanguage',
		type: 'string',
		default: '',
		placeholder: 'e.g. en-US',
		description: 'Language of the invitation email (default en-US)',
	},
	{
		displayName: 'CC Recipient',
		name: 'ccRecipient',
		type: 'string',
		placeholder: 'e.g. sponsor@contoso.com',
		default: '',
		description: 'One more address that gets a copy of the invitation email (Graph accepts one)',
	},
];

export function checkEmail(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	label: string,
): string {
	const email = checkText(ctx, value, itemIndex, label, true);
	if (!EMAIL.test(email)) {
		throw invalidInput(
			ctx,
			itemIndex,
			`"${label}" is not an email address: "${email}"`,
			'Enter an address such as ada@fabrikam.com',
		);
	}
	return email;
}

export function redirectUrlFor(ctx: IExecuteFunctions, itemIndex: number): string {
	const url = textParam(ctx, 'inviteRedirectUrl', itemIndex, 'Redirect URL', { required: true });
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
		throw invalidInput(
			ctx,
			itemIndex,
			`"Redirect URL" is not a web address: "${url}"`,
			'Enter a full URL such as https://myapplications.microsoft.com',
		);
	}
	return url;
}

/** `invitedUserMessageInfo` from the message options (undefined when none is set). */
export function messageInfoFor(
	ctx: IExecuteFunctions,
	options: IDataObject,
	itemIndex: number,
): IDataObject | undefined {
	const info: IDataObject = {};
	const body = checkText(ctx, options.customizedMessageBody, itemIndex, 'Custom Message', false);
	if (body) info.customizedMessageBody = body;
	const language = checkText(ctx, options.messageLanguage, itemIndex, 'Message Language', false);
	if (language) {
		if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language)) {
			throw invalidInput(
				ctx,
				itemIndex,
				`"Message Language" is not a language tag: "${language}"`,
				'Enter a language tag such as en-US or de-DE',
			);
		}
		info.messageLanguage = language;
	}
	const cc = checkText(ctx, options.ccRecipient, itemIndex, 'CC Recipient', false);
	if (cc)
		info.ccRecipients = [
			{ emailAddress: { address: checkEmail(ctx, cc, itemIndex, 'CC Recipient') } },
		];
	return Object.keys(info).length ? info : undefined;
}

export function sendMessageFor(ctx: IExecuteFunctions, itemIndex: number): boolean {
	return checkBoolean(
		ctx,
		ctx.getNodeParameter('sendInvitationMessage', itemIndex, true),
		itemIndex,
		'Send Invitation Email',
	);
}

export function userTypeFor(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
): 'Guest' | 'Member' | undefined {
	return checkChoice(ctx, value, itemIndex, 'User Type', ['Guest', 'Member'] as const);
}

/** The output of an invitation: Graph's invitation, with the invited user's ID at the top. */
export function invitationOutput(body: IDataObject | undefined): IDataObject {
	const invitation = { ...(body ?? {}) };
	delete invitation['@odata.context'];
	const invitedUser = (invitation.invitedUser as IDataObject | undefined) ?? {};
	return { invitedUserId: invitedUser.id, ...invitation };
}
