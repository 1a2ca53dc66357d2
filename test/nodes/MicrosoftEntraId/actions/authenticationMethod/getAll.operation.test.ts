import { byId, json, run, runFailing, seedUser, useEmulator } from '../../../../integration/setup';

/*
 * Authentication Method → Get Many, against the emulator's model of "List methods" (v1.0,
 * https://learn.microsoft.com/graph/api/authentication-list-methods): every registered method, the
 * password (well-known id 28c10230-6103-485e-b985-444c60001490) included, typed by `@odata.type`.
 */

const world = useEmulator();

describe('Authentication Method → Get Many', () => {
	it("lists a user's methods with methodType and no OData annotations", async () => {
		const { id } = seedUser(world.emulator);
		const phone = world.emulator.admin.addAuthMethod(id, 'phoneAuthenticationMethod', {
			phoneNumber: '+1 2065555555',
			phoneType: 'mobile',
			smsSignInState: 'notEnabled',
		});
		const app = world.emulator.admin.addAuthMethod(
			id,
			'microsoftAuthenticatorAuthenticationMethod',
			{ displayName: 'iPhone 15', deviceTag: 'SoftwareTokenActivated', phoneAppVersion: '6.8.7' },
		);
		const out = json(
			await run(world.emulator, {
				resource: 'authenticationMethod',
				operation: 'getAll',
				user: byId(id),
			}),
		);
		expect(out.map((item) => item.methodType)).toEqual([
			'passwordAuthenticationMethod',
			'phoneAuthenticationMethod',
			'microsoftAuthenticatorAuthenticationMethod',
		]);
		expect(out[1]).toMatchObject({
			userId: id,
			id: phone.id,
			phoneNumber: '+1 2065555555',
			phoneType: 'mobile',
		});
		expect(out[2]).toMatchObject({ id: app.id, displayName: 'iPhone 15' });
		for (const item of out)
			expect(Object.keys(item).filter((key) => key.startsWith('@odata'))).toEqual([]);
	});

	it('names a user that does not exist', async () => {
		const error = await runFailing(world.emulator, {
			resource: 'authenticationMethod',
			operation: 'getAll',
			user: byId('00000000-0000-4000-8000-00000000dead'),
		});
		expect(error.message).toMatch(/not found/i);
	});
});
