import type { INodeParameters } from 'n8n-workflow';

import { DEMO_USERS, READONLY_APP } from '../../emulator';
import { graphLog, json, run, runFailing, seedUsers, useEmulator } from '../setup';

/*
 * Stale accounts: signInActivity as a selectable field and the "Not Signed In Since" filter of
 * User → Get Many, against the emulator's model of List users ("Get users including their last
 * sign-in time": AuditLog.Read.All, Entra ID P1/P2, $filter on its own, pages of at most 120).
 */
const world = useEmulator();

const DAY = 86400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const getMany = (filters: INodeParameters, extra: INodeParameters = {}): INodeParameters => ({ resource: 'user', operation: 'getAll', returnAll: true, filters, ...extra });

describe('User → signInActivity', () => {
	it('is a selectable field of Get and Get Many', async () => {
		const one = await run(world.emulator, { resource: 'user', operation: 'get', user: { __rl: true, mode: 'id', value: DEMO_USERS.alex.id }, output: 'selected', fields: ['displayName', 'signInActivity'] });
		expect(one[0].json).toMatchObject({ id: DEMO_USERS.alex.id, displayName: 'Alex Wilber', signInActivity: { lastSignInDateTime: expect.stringMatching(/Z$/), lastNonInteractiveSignInDateTime: expect.stringMatching(/Z$/) } });
		const many = await run(world.emulator, { resource: 'user', operation: 'getAll', returnAll: true, output: 'selected', fields: ['signInActivity'] });
		expect(json(many).find((user) => user.id === DEMO_USERS.megan.id)?.signInActivity).toMatchObject({ lastSignInDateTime: expect.any(String) });
	});

	it('"Not Signed In Since" (interactive) finds the stale accounts, with their sign-in dates', async () => {
		const out = await run(world.emulator, getMany({ notSignedInSince: daysAgo(100) }));
		expect(json(out).map((user) => user.id).sort()).toEqual([DEMO_USERS.lee.id, DEMO_USERS.nestor.id, DEMO_USERS.patti.id].sort());
		expect(out[0].json).toHaveProperty('signInActivity.lastSignInDateTime');
		expect(out[0].json).toHaveProperty('displayName');
		const sent = graphLog(world.emulator).find((entry) => entry.path.startsWith('/v1.0/users?'))!;
		expect(decodeURIComponent(sent.path)).toMatch(/\$filter=signInActivity\/lastSignInDateTime le \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
	});

	it('"Interactive and Non-Interactive" also leaves out users with a recent non-interactive sign-in', async () => {
		const out = await run(world.emulator, getMany({ notSignedInSince: daysAgo(100), signInKind: 'any' }));
		expect(json(out).map((user) => user.id).sort()).toEqual([DEMO_USERS.nestor.id, DEMO_USERS.patti.id].sort());
		const limited = await run(world.emulator, getMany({ notSignedInSince: daysAgo(100), signInKind: 'any' }, { returnAll: false, limit: 1 }));
		expect(limited).toHaveLength(1);
	});

	it('pages of 120 users (the documented maximum with signInActivity) are followed to the end', async () => {
		const stale = seedUsers(world.emulator, 250);
		for (const id of stale) world.emulator.admin.setSignInActivity(id, 365, null);
		world.emulator.admin.clearLog();
		const out = await run(world.emulator, getMany({ notSignedInSince: daysAgo(100) }));
		expect(out).toHaveLength(253);
		expect(graphLog(world.emulator)).toHaveLength(3);
	});

	it('refuses other filters with it, before any request', async () => {
		world.emulator.admin.clearLog();
		const error = await runFailing(world.emulator, getMany({ notSignedInSince: daysAgo(30), accountEnabled: true }));
		expect(error.message).toBe('"Not Signed In Since" cannot be combined with other filters');
		expect(error.context?.itemIndex).toBe(0);
		const sorted = await runFailing(world.emulator, getMany({ notSignedInSince: daysAgo(30) }, { sort: { orderBy: 'displayName' } }));
		expect(sorted.message).toBe('"Sort" cannot be used with "Not Signed In Since"');
		expect(sorted.context?.itemIndex).toBe(0);
		const bad = await runFailing(world.emulator, getMany({ notSignedInSince: 'last spring' }));
		expect(bad.message).toMatch(/"Not Signed In Since" is not a date and time/);
		expect(graphLog(world.emulator)).toHaveLength(0);
	});

	it('a tenant without Entra ID P1/P2 gets a clear message; an app without AuditLog.Read.All is denied', async () => {
		world.emulator.admin.setPremium(false);
		const free = await runFailing(world.emulator, getMany({ notSignedInSince: daysAgo(30) }));
		expect(free.message).toMatch(/^Sign-in activity needs a Microsoft Entra ID P1 or P2 license/);
		expect(free.description).toMatch(/Authentication_RequestFromNonPremiumTenantOrB2CTenant/);
		const field = await run(world.emulator, { resource: 'user', operation: 'getAll', returnAll: true, output: 'selected', fields: ['signInActivity'] }, [{ json: {} }], { continueOnFail: true });
		expect(field[0].json.error).toMatch(/P1 or P2 license/);
		world.emulator.admin.setPremium(true);
		const denied = await runFailing(world.emulator, getMany({ notSignedInSince: daysAgo(30) }), [{ json: {} }], { app: READONLY_APP });
		expect(denied.message).toMatch(/Permission denied/);
	});
});
