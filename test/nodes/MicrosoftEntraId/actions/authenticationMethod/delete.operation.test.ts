import {
	byId,
	json,
	roundTrips,
	run,
	runFailing,
	seedUser,
	useEmulator,
} from '../../../../integration/setup';

/*
 * Authentication Method → Delete, against the emulator's model of the v1.0 Delete pages of each
 * method type, e.g. https://learn.microsoft.com/graph/api/phoneauthenticationmethod-delete ("If the
 * phone number is the user's default ... MFA authentication method, it can't be deleted") and
 * https://learn.microsoft.com/graph/api/microsoftauthenticatorauthenticationmethod-delete (204).
 */

const world = useEmulator();
const params = (extra: object) => ({
	resource: 'authenticationMethod',
	operation: 'delete',
	user: byId('={{ $json.userId }}'),
	methodType: '={{ $json.methodType }}',
	methodId: '={{ $json.id }}',
	...extra,
});

describe('Authentication Method → Delete', () => {
	it('deletes methods of every type by their own path (bulk: one $batch)', async () => {
		const { id } = seedUser(world.emulator);
		const admin = world.emulator.admin;
		const types = [
			'microsoftAuthenticatorAuthenticationMethod',
			'phoneAuthenticationMethod',
			'emailAuthenticationMethod',
			'fido2AuthenticationMethod',
			'softwareOathAuthenticationMethod',
			'windowsHelloForBusinessAuthenticationMethod',
		];
		for (const type of types)
			admin.addAuthMethod(
				id,
				type,
				type === 'phoneAuthenticationMethod'
					? { phoneType: 'office', phoneNumber: '+1 4255550100' }
					: {},
			);
		const listed = await run(world.emulator, {
			resource: 'authenticationMethod',
			operation: 'getAll',
			user: byId(id),
		});
		admin.clearLog();
		const items = listed
			.filter((item) => item.json.methodType !== 'passwordAuthenticationMethod')
			.map((item) => ({ json: item.json }));
		const out = await run(world.emulator, params({}), items);
		expect(json(out).map((item) => item.status)).toEqual(types.map(() => 'deleted'));
		expect(roundTrips(world.emulator)).toBe(1);
		expect(admin.authMethods(id)).toEqual([]);
	});

	it('refuses the password method before any request, saying so', async () => {
		const { id } = seedUser(world.emulator);
		world.emulator.admin.clearLog();
		const error = await runFailing(
			world.emulator,
			params({
				user: byId(id),
				methodType: 'passwordAuthenticationMethod',
				methodId: '28c10230-6103-485e-b985-444c60001490',
			}),
		);
		expect(error.message).toBe('The password method cannot be deleted');
		expect(error.description).toMatch(/User > Update/);
		expect(roundTrips(world.emulator)).toBe(0);
	});

	it("explains Graph's refusal of the default method while others are registered", async () => {
		const { id } = seedUser(world.emulator);
		const admin = world.emulator.admin;
		const phone = admin.addAuthMethod(
			id,
			'phoneAuthenticationMethod',
			{ phoneType: 'mobile', phoneNumber: '+1 2065555555' },
			{ isDefault: true },
		);
		admin.addAuthMethod(id, 'microsoftAuthenticatorAuthenticationMethod', {});
		const out = await run(
			world.emulator,
			params({
				user: byId(id),
				methodType: 'phoneAuthenticationMethod',
				methodId: phone.id as string,
			}),
			[{ json: {} }],
			{ continueOnFail: true },
		);
		expect(out[0].json.error).toMatch(/default sign-in method.*Reset MFA/);
		expect(admin.authMethods(id)).toHaveLength(2);
	});
});
