import { DEMO_USERS, READONLY_APP } from '../../../../emulator';
import {
	batchRoundTrips,
	byId,
	byUpn,
	graphLog,
	json,
	run,
	runFailing,
	seedUser,
	useEmulator,
} from '../../../../integration/setup';

const world = useEmulator();

describe('User → Update', () => {
	it('changes the given fields only and sets the manager', async () => {
		const user = seedUser(world.emulator, { department: 'Old', jobTitle: 'Keeps' });
		const out = await run(world.emulator, {
			resource: 'user',
			operation: 'update',
			user: byUpn(user.userPrincipalName),
			updateFields: {
				department: 'New',
				officeLocation: 'B42',
				manager: byId(DEMO_USERS.megan.id),
			},
		});
		expect(out[0].json).toEqual({
			id: user.userPrincipalName,
			updated: true,
			fields: ['department', 'officeLocation'],
			managerId: DEMO_USERS.megan.id,
		});
		expect(world.emulator.admin.getUser(user.id)).toMatchObject({
			department: 'New',
			officeLocation: 'B42',
			jobTitle: 'Keeps',
			manager: DEMO_USERS.megan.id,
		});
	});

	it('with only the manager set, sets the manager without a user PATCH (Graph refuses an empty one), one item or many', async () => {
		const [one, two, three] = [
			seedUser(world.emulator),
			seedUser(world.emulator),
			seedUser(world.emulator),
		];
		world.emulator.admin.clearLog();
		const single = await run(world.emulator, {
			resource: 'user',
			operation: 'update',
			user: byId(one.id),
			updateFields: { manager: byId(DEMO_USERS.megan.id) },
		});
		expect(single[0].json).toEqual({
			id: one.id,
			updated: true,
			fields: [],
			managerId: DEMO_USERS.megan.id,
		});
		expect(
			graphLog(world.emulator).map((entry) => `${entry.method} ${entry.path} ${entry.status}`),
		).toEqual([`PUT /v1.0/users/${one.id}/manager/$ref 204`]);
		const many = await run(
			world.emulator,
			{
				resource: 'user',
				operation: 'update',
				user: byId('={{ $json.id }}'),
				updateFields: { manager: byUpn(DEMO_USERS.alex.userPrincipalName) },
			},
			[{ json: { id: two.id } }, { json: { id: three.id } }],
		);
		expect(json(many).map((item) => item.managerId)).toEqual([
			DEMO_USERS.alex.id,
			DEMO_USERS.alex.id,
		]);
		for (const user of [one, two, three])
			expect(world.emulator.admin.getUser(user.id)!.manager).toBe(
				user === one ? DEMO_USERS.megan.id : DEMO_USERS.alex.id,
			);
		expect(graphLog(world.emulator).filter((entry) => entry.method === 'PATCH')).toHaveLength(0);
	});

	it('with only the manager set, says which user was not found (not that the user was saved)', async () => {
		const error = await runFailing(world.emulator, {
			resource: 'user',
			operation: 'update',
			user: byUpn('ghost@contoso.com'),
			updateFields: { manager: byId(DEMO_USERS.megan.id) },
		});
		expect(error.message).toBe('User not found: ghost@contoso.com');
	});

	it('resets the password with forceChangePasswordNextSignIn, never echoing it', async () => {
		const user = seedUser(world.emulator);
		world.emulator.admin.clearLog();
		const out = await run(world.emulator, {
			resource: 'user',
			operation: 'update',
			user: byId(user.id),
			updateFields: { password: 'N3w!Passw0rd', forceChangePasswordNextSignIn: false },
		});
		expect(out[0].json).toEqual({ id: user.id, updated: true, fields: ['password'] });
		expect(JSON.stringify(out)).not.toContain('N3w!Passw0rd');
		expect(graphLog(world.emulator).map((entry) => `${entry.method} ${entry.status}`)).toEqual([
			'PATCH 204',
		]);
	});

	it('refuses an update without fields, a bad UPN and a weak password before any request', async () => {
		const user = seedUser(world.emulator);
		world.emulator.admin.clearLog();
		const cases = [
			[{}, /Nothing to update/],
			[{ userPrincipalName: 'x@' }, /User Principal Name/],
			[{ password: 'weak' }, /Password/],
			[{ accountEnabled: '={{ "maybe" }}' }, /Account Enabled.*true or false/],
		] as const;
		for (const [updateFields, message] of cases) {
			const error = await runFailing(world.emulator, {
				resource: 'user',
				operation: 'update',
				user: byId(user.id),
				updateFields,
			});
			expect(error.message).toMatch(message);
		}
		expect(graphLog(world.emulator)).toHaveLength(0);
	});

	it('says which user was not found, and is denied for a read-only app', async () => {
		const missing = await runFailing(world.emulator, {
			resource: 'user',
			operation: 'update',
			user: byUpn('ghost@contoso.com'),
			updateFields: { city: 'Nowhere' },
		});
		expect(missing.message).toBe('User not found: ghost@contoso.com');
		const denied = await runFailing(
			world.emulator,
			{
				resource: 'user',
				operation: 'update',
				user: byId(DEMO_USERS.alex.id),
				updateFields: { city: 'Denied' },
			},
			[{ json: {} }],
			{ app: READONLY_APP },
		);
		expect(denied.message).toMatch(/Permission denied/);
		expect(world.emulator.admin.getUser(DEMO_USERS.alex.id)!.city).not.toBe('Denied');
	});

	it('updates many users in $batch with the same results and state as one by one', async () => {
		const users = Array.from({ length: 45 }, () => seedUser(world.emulator));
		const parameters = {
			resource: 'user',
			operation: 'update',
			user: byId('={{ $json.id }}'),
			updateFields: { jobTitle: '={{ "Title " + $json.n }}' },
		};
		const items = users.map((user, n) => ({ json: { id: user.id, n } }));
		world.emulator.admin.clearLog();
		const bulk = await run(world.emulator, parameters, items.slice(0, 40));
		expect(batchRoundTrips(world.emulator)).toBe(2);
		const single = await run(
			world.emulator,
			{ ...parameters, requestOptions: { bulk: false } },
			items.slice(40),
		);
		expect(
			json(bulk)
				.slice(0, 5)
				.map(({ id, ...rest }) => rest),
		).toEqual(json(single).map(({ id, ...rest }) => rest));
		users.forEach((user, n) =>
			expect(world.emulator.admin.getUser(user.id)!.jobTitle).toBe(`Title ${n}`),
		);
	});
});
