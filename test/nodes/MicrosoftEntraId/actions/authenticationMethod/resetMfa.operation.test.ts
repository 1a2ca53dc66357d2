import {
	byId,
	graphLog,
	json,
	roundTrips,
	run,
	seedUser,
	useEmulator,
} from '../../../../integration/setup';

/*
 * Authentication Method → Reset MFA, against the emulator's model of "List methods" and the Delete
 * pages of each type (v1.0): https://learn.microsoft.com/graph/api/authentication-list-methods and
 * https://learn.microsoft.com/graph/api/phoneauthenticationmethod-delete (the default MFA method
 * can't be deleted while others are registered; no alternateMobile without a mobile number).
 */

const world = useEmulator();
const reset = (user: string) => ({
	resource: 'authenticationMethod',
	operation: 'resetMfa',
	user: byId(user),
});

describe('Authentication Method → Reset MFA', () => {
	it('deletes every method but the password, the default last; a second run has nothing to remove', async () => {
		const { id } = seedUser(world.emulator);
		const admin = world.emulator.admin;
		const mobile = admin.addAuthMethod(id, 'phoneAuthenticationMethod', {
			phoneType: 'mobile',
			phoneNumber: '+1 2065555555',
		});
		admin.addAuthMethod(id, 'phoneAuthenticationMethod', {
			phoneType: 'alternateMobile',
			phoneNumber: '+1 2065555556',
		});
		const authenticator = admin.addAuthMethod(
			id,
			'microsoftAuthenticatorAuthenticationMethod',
			{ displayName: 'Pixel' },
			{ isDefault: true },
		);
		admin.addAuthMethod(id, 'fido2AuthenticationMethod', { model: 'YubiKey 5' });
		admin.addAuthMethod(id, 'emailAuthenticationMethod', { emailAddress: 'private@example.com' });
		await run(world.emulator, {
			resource: 'authenticationMethod',
			operation: 'createTemporaryAccessPass',
			user: byId(id),
		});
		admin.clearLog();
		const [first] = json(await run(world.emulator, reset(id)));
		expect(first).toMatchObject({ userId: id, status: 'removed', removed: 6 });
		const results = first.methods as Array<{ id: string; methodType: string; result: string }>;
		expect(results.filter((entry) => entry.result === 'deleted')).toHaveLength(6);
		expect(
			results.find((entry) => entry.methodType === 'passwordAuthenticationMethod')?.result,
		).toBe('kept');
		expect(admin.authMethods(id)).toEqual([]);
		// 1 read + 1 $batch (4 deletions; the default refused) + the deferred mobile + the default
		expect(roundTrips(world.emulator)).toBe(4);
		const singles = graphLog(world.emulator)
			.filter((entry) => !entry.batch && entry.method === 'DELETE')
			.map((entry) => entry.path);
		expect(singles).toEqual([
			expect.stringContaining(`/phoneMethods/${mobile.id}`),
			expect.stringContaining(`/microsoftAuthenticatorMethods/${authenticator.id}`),
		]);

		admin.clearLog();
		const [second] = json(await run(world.emulator, reset(id)));
		expect(second).toMatchObject({ status: 'nothingToRemove', removed: 0 });
		expect(roundTrips(world.emulator)).toBe(1);
	});

	it('fails the item, naming the method left, when Graph refuses one', async () => {
		const { id } = seedUser(world.emulator);
		const admin = world.emulator.admin;
		admin.addAuthMethod(id, 'softwareOathAuthenticationMethod', {});
		const fido = admin.addAuthMethod(id, 'fido2AuthenticationMethod', {});
		admin.injectFault({
			method: 'DELETE',
			pathPattern: `fido2Methods/${fido.id}`,
			status: 403,
			body: { error: { code: 'accessDenied', message: 'Request Authorization failed' } },
		});
		const out = await run(world.emulator, reset(id), [{ json: {} }], { continueOnFail: true });
		expect(out[0].json.error).toMatch(/left 1 method\(s\).*fido2AuthenticationMethod.*403/);
		expect(admin.authMethods(id).map((method) => method.type)).toEqual([
			'fido2AuthenticationMethod',
		]);
	});
});
