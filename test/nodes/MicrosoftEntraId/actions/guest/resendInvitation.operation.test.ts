import { DEMO_USERS } from '../../../../emulator';
import { byId, byUpn, run, runFailing, useEmulator } from '../../../../integration/setup';

/** Guest resource: Create invitation (POST /invitations, Graph v1.0 invitation-post), checked in the emulator. */
const world = useEmulator();

const invite = (extra: Record<string, unknown> = {}) => ({
	resource: 'guest',
	operation: 'invite',
	email: '={{ $json.email }}',
	inviteRedirectUrl: 'https://myapplications.microsoft.com',
	...extra,
});

describe('Guest → Resend Invitation', () => {
	it('sends a new invitation for the same guest user, to the address Entra holds', async () => {
		const first = await run(world.emulator, invite({ sendInvitationMessage: false }), [
			{ json: { email: 'ada@fabrikam.com' } },
		]);
		const userId = first[0].json.invitedUserId as string;
		const usersBefore = world.emulator.admin.getState().users;
		const out = await run(world.emulator, {
			resource: 'guest',
			operation: 'resendInvitation',
			user: byId(userId),
			inviteRedirectUrl: 'https://myapplications.microsoft.com',
			options: { customizedMessageBody: 'Reminder' },
		});
		expect(out[0].json).toMatchObject({
			invitedUserId: userId,
			invitedUserEmailAddress: 'ada@fabrikam.com',
			sendInvitationMessage: true,
		});
		expect(out[0].json.id).not.toBe(first[0].json.id);
		expect(world.emulator.admin.getState().users).toBe(usersBefore);
		expect(world.emulator.admin.sentInvitations()).toEqual([
			expect.objectContaining({
				to: 'ada@fabrikam.com',
				userId,
				customizedMessageBody: 'Reminder',
			}),
		]);
		// The seeded guest, by its #EXT# UPN.
		const seeded = await run(world.emulator, {
			resource: 'guest',
			operation: 'resendInvitation',
			user: byUpn(DEMO_USERS.guest.userPrincipalName),
			inviteRedirectUrl: 'https://myapplications.microsoft.com',
		});
		expect(seeded[0].json).toMatchObject({ invitedUserId: DEMO_USERS.guest.id });
	});

	it('says when the user has no address to invite', async () => {
		world.emulator.admin.updateUser(DEMO_USERS.lee.id, { mail: null, otherMails: [] });
		const error = await runFailing(world.emulator, {
			resource: 'guest',
			operation: 'resendInvitation',
			user: byId(DEMO_USERS.lee.id),
			inviteRedirectUrl: 'https://myapplications.microsoft.com',
		});
		expect(error.message).toMatch(/has no email address/);
	});
});
