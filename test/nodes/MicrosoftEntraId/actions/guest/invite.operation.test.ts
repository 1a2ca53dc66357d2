import { READONLY_APP } from '../../../../emulator';
import {
	batchRoundTrips,
	graphLog,
	json,
	paired,
	run,
	runFailing,
	useEmulator,
} from '../../../../integration/setup';

/** Guest resource: Create invitation (POST /invitations, Graph v1.0 invitation-post), checked in the emulator. */
const world = useEmulator();

const invite = (extra: Record<string, unknown> = {}) => ({
	resource: 'guest',
	operation: 'invite',
	email: '={{ $json.email }}',
	inviteRedirectUrl: 'https://myapplications.microsoft.com',
	...extra,
});

describe('Guest → Invite', () => {
	it('invites guests in one $batch: the guest users exist, the redeem URLs come back, emails are sent', async () => {
		const emails = ['ada@fabrikam.com', 'grace@fabrikam.com', 'linus@tailspin.example'];
		world.emulator.admin.clearLog();
		const out = await run(
			world.emulator,
			invite({
				additionalFields: {
					customizedMessageBody: 'Welcome aboard',
					ccRecipient: 'sponsor@contoso.com',
				},
			}),
			emails.map((email) => ({ json: { email } })),
		);
		expect(paired(out)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(batchRoundTrips(world.emulator)).toBe(1);
		expect(graphLog(world.emulator).filter((entry) => !entry.batch)).toHaveLength(1);
		for (const [index, item] of json(out).entries()) {
			expect(item).toMatchObject({
				invitedUserEmailAddress: emails[index],
				invitedUserType: 'Guest',
				status: 'PendingAcceptance',
				sendInvitationMessage: true,
			});
			expect(item.inviteRedeemUrl).toMatch(/^https:\/\/login\.microsoftonline\.com\/redeem\?/);
			const user = world.emulator.admin.getUser(item.invitedUserId as string);
			expect(user).toMatchObject({
				userType: 'Guest',
				mail: emails[index],
				externalUserState: 'PendingAcceptance',
			});
			expect(String(user!.userPrincipalName)).toContain('#EXT#@');
		}
		const sent = world.emulator.admin.sentInvitations();
		expect(sent.map((message) => message.to)).toEqual(emails);
		expect(sent[0]).toMatchObject({
			customizedMessageBody: 'Welcome aboard',
			cc: ['sponsor@contoso.com'],
		});
	});

	it('can leave the email to you (redeem URL only), invite as Member, and set the display name', async () => {
		const out = await run(
			world.emulator,
			invite({
				sendInvitationMessage: false,
				additionalFields: { displayName: 'Ada Lovelace', userType: 'Member' },
			}),
			[{ json: { email: 'ada@fabrikam.com' } }],
		);
		expect(out[0].json).toMatchObject({
			sendInvitationMessage: false,
			invitedUserType: 'Member',
			invitedUserDisplayName: 'Ada Lovelace',
		});
		expect(world.emulator.admin.sentInvitations()).toEqual([]);
		expect(world.emulator.admin.getUser(out[0].json.invitedUserId as string)).toMatchObject({
			displayName: 'Ada Lovelace',
			userType: 'Member',
		});
	});

	it('checks every input before sending anything; continueOnFail keeps the good items', async () => {
		world.emulator.admin.clearLog();
		const items = [{ json: { email: 'ok@fabrikam.com' } }, { json: { email: 'not-an-address' } }];
		const error = await runFailing(world.emulator, invite(), items);
		expect(error.message).toBe('"Email" is not an email address: "not-an-address"');
		expect(error.context?.itemIndex).toBe(1);
		expect(graphLog(world.emulator)).toHaveLength(0);
		const url = await runFailing(world.emulator, invite({ inviteRedirectUrl: 'myapps' }), [
			items[0],
		]);
		expect(url.message).toMatch(/"Redirect URL" is not a web address/);
		const kept = await run(world.emulator, invite(), items, { continueOnFail: true });
		expect(kept[0].json).toMatchObject({ invitedUserEmailAddress: 'ok@fabrikam.com' });
		expect(kept[1].json.error).toMatch(/not an email address/);
		expect(paired(kept)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('is denied without User.Invite.All (read-only app)', async () => {
		const error = await runFailing(
			world.emulator,
			invite(),
			[{ json: { email: 'ada@fabrikam.com' } }],
			{ app: READONLY_APP },
		);
		expect(error.message).toMatch(/Permission denied/);
	});
});
