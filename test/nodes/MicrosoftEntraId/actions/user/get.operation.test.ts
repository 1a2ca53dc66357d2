import { DEMO_USERS } from '../../../../emulator';
import {
	byId,
	byUpn,
	fromList,
	graphLog,
	json,
	run,
	runFailing,
	useEmulator,
} from '../../../../integration/setup';

/*
 * Stale accounts: signInActivity as a selectable field and the "Not Signed In Since" filter of
 * User → Get Many, against the emulator's model of List users ("Get users including their last
 * sign-in time": AuditLog.Read.All, Entra ID P1/P2, $filter on its own, pages of at most 120).
 */

const world = useEmulator();

describe('User → Get', () => {
	it('gets a user by ID, by UPN and from the list, with the chosen output', async () => {
		const simplified = await run(world.emulator, {
			resource: 'user',
			operation: 'get',
			user: fromList(DEMO_USERS.alex.id),
		});
		expect(simplified[0].json).toMatchObject({
			id: DEMO_USERS.alex.id,
			userPrincipalName: DEMO_USERS.alex.userPrincipalName,
			department: 'Marketing',
			accountEnabled: true,
		});
		expect(simplified[0].json).not.toHaveProperty('@odata.context');

		const selected = await run(world.emulator, {
			resource: 'user',
			operation: 'get',
			user: byUpn(DEMO_USERS.alex.userPrincipalName),
			output: 'selected',
			fields: ['jobTitle'],
		});
		expect(selected[0].json).toEqual({ id: DEMO_USERS.alex.id, jobTitle: 'Marketing Assistant' });

		const guest = await run(world.emulator, {
			resource: 'user',
			operation: 'get',
			user: byUpn(DEMO_USERS.guest.userPrincipalName),
			output: 'selected',
			fields: ['userType'],
		});
		expect(guest[0].json).toEqual({ id: DEMO_USERS.guest.id, userType: 'Guest' });

		const dollar = await run(world.emulator, {
			resource: 'user',
			operation: 'get',
			user: byUpn(DEMO_USERS.dollar.userPrincipalName),
		});
		expect(dollar[0].json.id).toBe(DEMO_USERS.dollar.id);

		const quoted = await run(world.emulator, {
			resource: 'user',
			operation: 'get',
			user: byUpn(DEMO_USERS.patti.userPrincipalName),
		});
		expect(quoted[0].json.id).toBe(DEMO_USERS.patti.id);
	});

	// Known emulator gap (reported): it lacks user properties Graph v1.0 has (employeeHireDate,
	// employeeOrgData, faxNumber, imAddresses, onPremises*, securityIdentifier, ...), so "All
	// Properties" gets a 400 there. Drop `.failing` once the emulator knows them.
	it('gets every property with "All Properties"', async () => {
		const all = await run(world.emulator, {
			resource: 'user',
			operation: 'get',
			user: byId(DEMO_USERS.alex.id),
			output: 'all',
		});
		expect(all[0].json).toMatchObject({
			id: DEMO_USERS.alex.id,
			usageLocation: 'US',
			employeeHireDate: null,
		});
	});

	it('says which user was not found', async () => {
		const error = await runFailing(world.emulator, {
			resource: 'user',
			operation: 'get',
			user: byId('00000000-0000-4000-8000-000000000000'),
		});
		expect(error.message).toBe('User not found: 00000000-0000-4000-8000-000000000000');
		expect(error.description).toMatch(/Request_ResourceNotFound/);
	});

	it('refuses an ID that is neither a GUID nor a UPN before any request', async () => {
		world.emulator.admin.clearLog();
		const error = await runFailing(world.emulator, {
			resource: 'user',
			operation: 'get',
			user: byId('../groups'),
		});
		expect(error.message).toMatch(/"User" is not valid/);
		expect(graphLog(world.emulator)).toHaveLength(0);
	});
});

describe('User → signInActivity', () => {
	it('is a selectable field of Get and Get Many', async () => {
		const one = await run(world.emulator, {
			resource: 'user',
			operation: 'get',
			user: { __rl: true, mode: 'id', value: DEMO_USERS.alex.id },
			output: 'selected',
			fields: ['displayName', 'signInActivity'],
		});
		expect(one[0].json).toMatchObject({
			id: DEMO_USERS.alex.id,
			displayName: 'Alex Wilber',
			signInActivity: {
				lastSignInDateTime: expect.stringMatching(/Z$/),
				lastNonInteractiveSignInDateTime: expect.stringMatching(/Z$/),
			},
		});
		const many = await run(world.emulator, {
			resource: 'user',
			operation: 'getAll',
			returnAll: true,
			output: 'selected',
			fields: ['signInActivity'],
		});
		expect(
			json(many).find((user) => user.id === DEMO_USERS.megan.id)?.signInActivity,
		).toMatchObject({ lastSignInDateTime: expect.any(String) });
	});
});
