import { DEMO_USERS } from '../../../../emulator';
import { byId, run, useEmulator } from '../../../../integration/setup';

const world = useEmulator();

describe('User → Revoke Sign-in Sessions', () => {
	it('moves signInSessionsValidFromDateTime', async () => {
		world.emulator.admin.advanceClock(60);
		const before = world.emulator.admin.getUser(
			DEMO_USERS.alex.id,
		)!.signInSessionsValidFromDateTime;
		const out = await run(world.emulator, {
			resource: 'user',
			operation: 'revokeSignInSessions',
			user: byId(DEMO_USERS.alex.id),
		});
		expect(out[0].json).toEqual({ userId: DEMO_USERS.alex.id, revoked: true });
		expect(
			world.emulator.admin.getUser(DEMO_USERS.alex.id)!.signInSessionsValidFromDateTime,
		).not.toEqual(before);
	});
});
