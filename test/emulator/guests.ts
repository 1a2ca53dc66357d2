import { randomUUID } from 'node:crypto';

import type { Ctx, Reply } from './context';
import { json } from './context';
import type { Env } from './env';
import { badRequest } from './errors';
import type { UserRecord } from './model';
import { requirePermission } from './permissions';
import type { Directory } from './store';
import { newUserProps } from './users';
import { requireObject } from './validate';

/**
 * Guests (Microsoft Entra B2B): `POST /invitations` (Create invitation, v1.0;
 * https://learn.microsoft.com/graph/api/invitation-post, resource: .../resources/invitation).
 * - 201 with an invitation: id, inviteRedeemUrl, invitedUserEmailAddress, invitedUserDisplayName,
 *   invitedUserType, inviteRedirectUrl, sendInvitationMessage, invitedUserMessageInfo, resetRedemption,
 *   status ("PendingAcceptance" until redeemed) and invitedUser { id }.
 * - invitedUserEmailAddress and inviteRedirectUrl are required; invitedUserType is "Guest" (default)
 *   or "Member"; invitedUserMessageInfo.ccRecipients: "only 1 additional recipient is supported".
 * - The invited user is a user entity of userType Guest (or Member), created at once; inviting the
 *   same address again answers a new invitation for that same user (no second user).
 * - Permissions: User.Invite.All (least), User.ReadWrite.All, Directory.ReadWrite.All.
 */

const INVITE_PERMISSIONS = ['User.Invite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'];

/** An invitation email the emulator "sent" (sendInvitationMessage true), for tests to check. */
export interface SentInvitation {
	to: string;
	cc: string[];
	customizedMessageBody: string | null;
	messageLanguage: string | null;
	inviteRedeemUrl: string;
	userId: string;
}

const outbox = new WeakMap<Directory, SentInvitation[]>();

export function sentInvitations(directory: Directory): SentInvitation[] {
	return [...(outbox.get(directory) ?? [])];
}

const EMAIL =
	/^[^@\s]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

function invalid(property: string): Error {
	return badRequest(`Invalid value specified for property '${property}' of resource 'Invitation'.`);
}

function optionalString(value: unknown, property: string): string | null {
	if (value === undefined || value === null) return null;
	if (typeof value !== 'string') throw invalid(property);
	return value;
}

function messageInfo(raw: unknown): {
	customizedMessageBody: string | null;
	messageLanguage: string | null;
	ccRecipients: Array<{ emailAddress: { address: string; name: string | null } }>;
} {
	if (raw === undefined || raw === null)
		return { customizedMessageBody: null, messageLanguage: null, ccRecipients: [] };
	const info = requireObject(raw);
	const cc = info.ccRecipients ?? [];
	if (!Array.isArray(cc)) throw invalid('invitedUserMessageInfo');
	if (cc.length > 1) throw badRequest('Currently, only 1 additional recipient is supported.');
	const ccRecipients = cc.map((entry) => {
		const address = requireObject(requireObject(entry).emailAddress).address;
		if (typeof address !== 'string' || !EMAIL.test(address))
			throw invalid('invitedUserMessageInfo');
		const name = requireObject(requireObject(entry).emailAddress).name;
		return { emailAddress: { address, name: typeof name === 'string' ? name : null } };
	});
	return {
		customizedMessageBody: optionalString(info.customizedMessageBody, 'invitedUserMessageInfo'),
		messageLanguage: optionalString(info.messageLanguage, 'invitedUserMessageInfo'),
		ccRecipients,
	};
}

function findByEmail(directory: Directory, email: string): UserRecord | undefined {
	const wanted = email.toLowerCase();
	for (const user of directory.users.values()) {
		const mails = [user.props.mail, ...((user.props.otherMails as string[] | undefined) ?? [])];
		if (mails.some((mail) => typeof mail === 'string' && mail.toLowerCase() === wanted))
			return user;
	}
	return undefined;
}

/** A guest's UPN: the address with `@` as `_`, then `#EXT#@` and the tenant's initial domain. */
export function guestUpn(email: string, initialDomain: string): string {
	const local = email.replace('@', '_').replace(/[^A-Za-z0-9'._\-!#^~]/g, '');
	return `${local}#EXT#@${initialDomain}`;
}

export function createInvitation(ctx: Ctx, env: Env): Reply {
	requirePermission(ctx, INVITE_PERMISSIONS);
	const body = requireObject(ctx.body);
	const email = body.invitedUserEmailAddress;
	if (typeof email !== 'string' || !email.trim())
		throw badRequest("Property 'invitedUserEmailAddress' is required.");
	if (!EMAIL.test(email.trim())) throw invalid('invitedUserEmailAddress');
	const redirect = body.inviteRedirectUrl;
	if (typeof redirect !== 'string' || !redirect.trim())
		throw badRequest("Property 'inviteRedirectUrl' is required.");
	try {
		new URL(redirect);
	} catch {
		throw invalid('inviteRedirectUrl');
	}
	const userType = body.invitedUserType ?? 'Guest';
	if (userType !== 'Guest' && userType !== 'Member') throw invalid('invitedUserType');
	const send = body.sendInvitationMessage ?? false;
	if (typeof send !== 'boolean') throw invalid('sendInvitationMessage');
	const displayName = optionalString(body.invitedUserDisplayName, 'invitedUserDisplayName');
	const info = messageInfo(body.invitedUserMessageInfo);

	const address = email.trim();
	const directory = env.directory;
	let user = findByEmail(directory, address);
	if (!user) {
		const upn = guestUpn(address, directory.domains[0]);
		const props = newUserProps(
			{ displayName: displayName ?? address.split('@')[0], accountEnabled: true },
			upn,
			env,
		);
		Object.assign(props, {
			mail: address,
			otherMails: [address],
			userType,
			creationType: 'Invitation',
			externalUserState: 'PendingAcceptance',
			externalUserStateChangeDateTime: env.clock.iso(),
			mailNickname: upn.split('#EXT#')[0].replace(/[^A-Za-z0-9._\-!^~]/g, ''),
		});
		user = directory.addUser(props);
	}
	const id = randomUUID();
	const redeem = `https://login.microsoftonline.com/redeem?rd=${encodeURIComponent(`https://invitations.microsoft.com/redeem/?tenant=${directory.tenantId}&user=${id}&ticket=${randomUUID()}&ver=2.0`)}`;
	if (send) {
		const sent = outbox.get(directory) ?? [];
		sent.push({
			to: address,
			cc: info.ccRecipients.map((cc) => cc.emailAddress.address),
			customizedMessageBody: info.customizedMessageBody,
			messageLanguage: info.messageLanguage,
			inviteRedeemUrl: redeem,
			userId: user.id,
		});
		outbox.set(directory, sent);
	}
	const accepted = user.props.externalUserState === 'Accepted';
	return json(201, {
		'@odata.context': `${ctx.base}/v1.0/$metadata#invitations/$entity`,
		id,
		inviteRedeemUrl: redeem,
		invitedUserDisplayName: displayName,
		invitedUserType: user.props.userType ?? userType,
		invitedUserEmailAddress: address,
		sendInvitationMessage: send,
		resetRedemption: false,
		inviteRedirectUrl: redirect,
		status: accepted ? 'Completed' : 'PendingAcceptance',
		invitedUserMessageInfo: info,
		invitedUser: { id: user.id },
	});
}
