import { DEMO_USERS, READONLY_APP } from '../../emulator';
import { batchRoundTrips, byId, byUpn, graphLog, json, paired, run, runFailing, seedUser, useEmulator, writeRoundTrips } from '../setup';

const world = useEmulator();

describe('User → Update', () => {
	it('changes the given fields only and sets the manager', async () => {
		const user = seedUser(world.emulator, { department: 'Old', jobTitle: 'Keeps' });
		const out = await run(world.emulator, {
			resource: 'user',
			operation: 'update',
			user: byUpn(user.userPrincipalName),
			updateFields: { department: 'New', officeLocation: 'B42', manager: byId(DEMO_USERS.megan.id) },
		});
		expect(out[0].json).toEqual({ id: user.userPrincipalName, updated: true, fields: ['department', 'officeLocation'], managerId: DEMO_USERS.megan.id });
		expect(world.emulator.admin.getUser(user.id)).toMatchObject({ department: 'New', officeLocation: 'B42', jobTitle: 'Keeps', manager: DEMO_USERS.megan.id });
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
		expect(graphLog(world.emulator).map((entry) => `${entry.method} ${entry.status}`)).toEqual(['PATCH 204']);
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
			const error = await runFailing(world.emulator, { resource: 'user', operation: 'update', user: byId(user.id), updateFields });
			expect(error.message).toMatch(message);
		}
		expect(graphLog(world.emulator)).toHaveLength(0);
	});

	it('says which user was not found, and is denied for a read-only app', async () => {
		const missing = await runFailing(world.emulator, { resource: 'user', operation: 'update', user: byUpn('ghost@contoso.com'), updateFields: { city: 'Nowhere' } });
		expect(missing.message).toBe('User not found: ghost@contoso.com');
		const denied = await runFailing(world.emulator, { resource: 'user', operation: 'update', user: byId(DEMO_USERS.alex.id), updateFields: { city: 'Denied' } }, [{ json: {} }], { app: READONLY_APP });
		expect(denied.message).toMatch(/Permission denied/);
		expect(world.emulator.admin.getUser(DEMO_USERS.alex.id)!.city).not.toBe('Denied');
	});

	it('updates many users in $batch with the same results and state as one by one', async () => {
		const users = Array.from({ length: 45 }, () => seedUser(world.emulator));
		const parameters = { resource: 'user', operation: 'update', user: byId('={{ $json.id }}'), updateFields: { jobTitle: '={{ "Title " + $json.n }}' } };
		const items = users.map((user, n) => ({ json: { id: user.id, n } }));
		world.emulator.admin.clearLog();
		const bulk = await run(world.emulator, parameters, items.slice(0, 40));
		expect(batchRoundTrips(world.emulator)).toBe(2);
		const single = await run(world.emulator, { ...parameters, requestOptions: { bulk: false } }, items.slice(40));
		expect(json(bulk).slice(0, 5).map(({ id, ...rest }) => rest)).toEqual(json(single).map(({ id, ...rest }) => rest));
		users.forEach((user, n) => expect(world.emulator.admin.getUser(user.id)!.jobTitle).toBe(`Title ${n}`));
	});
});

describe('User → Delete', () => {
	it('soft-deletes and returns { deleted: true, id }', async () => {
		const user = seedUser(world.emulator);
		const out = await run(world.emulator, { resource: 'user', operation: 'delete', user: byId(user.id) });
		expect(out).toEqual([{ json: { deleted: true, id: user.id }, pairedItem: { item: 0 } }]);
		expect(world.emulator.admin.getUser(user.id)).toMatchObject({ deleted: true });
	});

	it('with continueOnFail: a missing user gets an error item, the others are deleted (bulk and one by one alike)', async () => {
		for (const bulk of [true, false]) {
			const a = seedUser(world.emulator);
			const b = seedUser(world.emulator);
			const items = [{ json: { id: a.id } }, { json: { id: '00000000-0000-4000-8000-00000000dead' } }, { json: { id: b.userPrincipalName } }];
			const out = await run(world.emulator, { resource: 'user', operation: 'delete', user: byId('={{ $json.id }}'), requestOptions: { bulk } }, items, { continueOnFail: true });
			expect(paired(out)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(out[0].json).toEqual({ deleted: true, id: a.id });
			expect(out[1].json.error).toBe('User not found: 00000000-0000-4000-8000-00000000dead');
			expect(out[2].json).toEqual({ deleted: true, id: b.userPrincipalName });
			expect(world.emulator.admin.getUser(a.id)).toMatchObject({ deleted: true });
			expect(world.emulator.admin.getUser(b.id)).toMatchObject({ deleted: true });
		}
	});

	it('without continueOnFail, the first failure stops the node', async () => {
		const error = await runFailing(world.emulator, { resource: 'user', operation: 'delete', user: byId('00000000-0000-4000-8000-00000000dead') });
		expect(error.message).toMatch(/User not found/);
	});
});

describe('User → Disable / Enable', () => {
	it('disables and enables accounts, in bulk for many items', async () => {
		const users = Array.from({ length: 25 }, () => seedUser(world.emulator));
		const items = users.map((user) => ({ json: { id: user.id } }));
		world.emulator.admin.clearLog();
		const disabled = await run(world.emulator, { resource: 'user', operation: 'disable', user: byId('={{ $json.id }}') }, items);
		expect(json(disabled)).toEqual(users.map((user) => ({ id: user.id, accountEnabled: false })));
		expect(writeRoundTrips(world.emulator)).toBe(2);
		for (const user of users) expect(world.emulator.admin.getUser(user.id)!.accountEnabled).toBe(false);
		const enabled = await run(world.emulator, { resource: 'user', operation: 'enable', user: byUpn(users[0].userPrincipalName) });
		expect(enabled[0].json).toEqual({ id: users[0].userPrincipalName, accountEnabled: true });
		expect(world.emulator.admin.getUser(users[0].id)!.accountEnabled).toBe(true);
	});

	it('is denied for a read-only app', async () => {
		const error = await runFailing(world.emulator, { resource: 'user', operation: 'disable', user: byId(DEMO_USERS.alex.id) }, [{ json: {} }], { app: READONLY_APP });
		expect(error.message).toMatch(/Permission denied/);
		expect(world.emulator.admin.getUser(DEMO_USERS.alex.id)!.accountEnabled).toBe(true);
	});
});

describe('User → Revoke Sign-in Sessions', () => {
	it('moves signInSessionsValidFromDateTime', async () => {
		world.emulator.admin.advanceClock(60);
		const before = world.emulator.admin.getUser(DEMO_USERS.alex.id)!.signInSessionsValidFromDateTime;
		const out = await run(world.emulator, { resource: 'user', operation: 'revokeSignInSessions', user: byId(DEMO_USERS.alex.id) });
		expect(out[0].json).toEqual({ userId: DEMO_USERS.alex.id, revoked: true });
		expect(world.emulator.admin.getUser(DEMO_USERS.alex.id)!.signInSessionsValidFromDateTime).not.toEqual(before);
	});
});

describe('throttling', () => {
	it('a throttled sub-request of a bulk disable is retried, never failing its item', async () => {
		const users = Array.from({ length: 5 }, () => seedUser(world.emulator));
		world.emulator.admin.injectFault({ method: 'PATCH', pathPattern: `/users/${users[2].id}`, status: 429, headers: { 'Retry-After': '0' }, count: 2 });
		world.emulator.admin.clearLog();
		const out = await run(world.emulator, { resource: 'user', operation: 'disable', user: byId('={{ $json.id }}') }, users.map((user) => ({ json: { id: user.id } })));
		expect(json(out)).toEqual(users.map((user) => ({ id: user.id, accountEnabled: false })));
		for (const user of users) expect(world.emulator.admin.getUser(user.id)!.accountEnabled).toBe(false);
		expect(graphLog(world.emulator).filter((entry) => entry.batch && entry.status === 429)).toHaveLength(2);
	});

	it('a throttled add-to-group chunk is retried as a whole', async () => {
		const group = world.emulator.admin.createGroup({ displayName: 'Throttled', groupTypes: [], securityEnabled: true, mailEnabled: false, mailNickname: 'throttled' }).id as string;
		const users = Array.from({ length: 30 }, () => seedUser(world.emulator).id);
		world.emulator.admin.injectFault({ method: 'PATCH', pathPattern: `/groups/${group}`, status: 429, headers: { 'Retry-After': '0' }, count: 1 });
		const out = await run(world.emulator, { resource: 'user', operation: 'addToGroup', user: byId('={{ $json.user }}'), group: byId(group) }, users.map((user) => ({ json: { user } })));
		expect(json(out).every((item) => item.status === 'added')).toBe(true);
		expect(world.emulator.admin.listMembers(group)).toHaveLength(30);
	});
});
