import type { INodeParameters } from 'n8n-workflow';

import { DEMO_USERS, READONLY_APP } from '../../../../emulator';
import {
	graphLog,
	json,
	run,
	runFailing,
	seedUser,
	seedUsers,
	useEmulator,
} from '../../../../integration/setup';

/*
 * Stale accounts: signInActivity as a selectable field and the "Not Signed In Since" filter of
 * User → Get Many, against the emulator's model of List users ("Get users including their last
 * sign-in time": AuditLog.Read.All, Entra ID P1/P2, $filter on its own, pages of at most 120).
 */

const world = useEmulator();
const DAY = 86400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const getMany = (filters: INodeParameters, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'user',
	operation: 'getAll',
	returnAll: true,
	filters,
	...extra,
});

describe('User → Get Many / Search Users', () => {
	it('searches display name, mail and UPN', async () => {
		const out = await run(world.emulator, {
			resource: 'user',
			operation: 'getAll',
			search: 'megan',
			returnAll: true,
		});
		expect(json(out).map((user) => user.id)).toEqual([DEMO_USERS.megan.id]);
		const byMail = await run(world.emulator, {
			resource: 'user',
			operation: 'getAll',
			search: 'pradeep.gupta',
			returnAll: true,
		});
		expect(json(byMail).map((user) => user.id)).toContain(DEMO_USERS.guest.id);
	});

	it('combines field filters, a raw filter and order by', async () => {
		const out = await run(world.emulator, {
			resource: 'user',
			operation: 'getAll',
			returnAll: true,
			filters: { department: 'Engineering', filter: "startsWith(jobTitle, 'Senior')" },
			sort: { orderBy: 'displayName', descending: true },
		});
		expect(json(out).map((user) => user.id)).toEqual([DEMO_USERS.johanna.id]);
		const advanced = graphLog(world.emulator).filter((entry) =>
			entry.path.startsWith('/v1.0/users?'),
		);
		expect(advanced[advanced.length - 1].path).toContain('$count=true');
		world.emulator.admin.clearLog();
		const disabled = await run(world.emulator, {
			resource: 'user',
			operation: 'getAll',
			returnAll: true,
			filters: { accountEnabled: false },
		});
		expect(
			graphLog(world.emulator)
				.map((entry) => entry.path)
				.join(),
		).not.toContain('$count');
		expect(json(disabled).map((user) => user.id)).toEqual([DEMO_USERS.nestor.id]);
		const quote = await run(world.emulator, {
			resource: 'user',
			operation: 'getAll',
			returnAll: true,
			filters: { displayNameStartsWith: "Patti O'F" },
		});
		expect(json(quote).map((user) => user.id)).toEqual([DEMO_USERS.patti.id]);
	});

	it('follows nextLinks for Return All and stops at the limit', async () => {
		world.emulator.admin.seed({ users: 1100 });
		const total = world.emulator.admin.getState().users;
		world.emulator.admin.clearLog();
		const all = await run(world.emulator, {
			resource: 'user',
			operation: 'getAll',
			returnAll: true,
			output: 'selected',
			fields: [],
		});
		expect(all).toHaveLength(total);
		expect(new Set(json(all).map((user) => user.id)).size).toBe(total);
		expect(
			graphLog(world.emulator).filter((entry) => entry.path.startsWith('/v1.0/users')).length,
		).toBeGreaterThanOrEqual(2);
		const limited = await run(world.emulator, {
			resource: 'user',
			operation: 'getAll',
			returnAll: false,
			limit: 1001,
		});
		expect(limited).toHaveLength(1001);
	});

	it('orders by display name descending and honours the limit', async () => {
		for (let index = 0; index < 30; index++)
			seedUser(world.emulator, { displayName: `Zed ${String(index).padStart(2, '0')}` });
		const out = await run(world.emulator, {
			resource: 'user',
			operation: 'getAll',
			returnAll: false,
			limit: 25,
			filters: { displayNameStartsWith: 'Zed' },
			sort: { orderBy: 'displayName', descending: true },
		});
		expect(out).toHaveLength(25);
		expect(out[0].json.displayName).toBe('Zed 29');
		const all = await run(world.emulator, {
			resource: 'user',
			operation: 'getAll',
			returnAll: true,
			filters: { displayNameStartsWith: 'Zed' },
		});
		expect(all).toHaveLength(30);
	});
});

describe('User → signInActivity', () => {
	it('"Not Signed In Since" (interactive) finds the stale accounts, with their sign-in dates', async () => {
		const out = await run(world.emulator, getMany({ notSignedInSince: daysAgo(100) }));
		expect(
			json(out)
				.map((user) => user.id)
				.sort(),
		).toEqual([DEMO_USERS.lee.id, DEMO_USERS.nestor.id, DEMO_USERS.patti.id].sort());
		expect(out[0].json).toHaveProperty('signInActivity.lastSignInDateTime');
		expect(out[0].json).toHaveProperty('displayName');
		const sent = graphLog(world.emulator).find((entry) => entry.path.startsWith('/v1.0/users?'))!;
		expect(decodeURIComponent(sent.path)).toMatch(
			/\$filter=signInActivity\/lastSignInDateTime le \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/,
		);
	});

	it('"Interactive and Non-Interactive" also leaves out users with a recent non-interactive sign-in', async () => {
		const out = await run(
			world.emulator,
			getMany({ notSignedInSince: daysAgo(100), signInKind: 'any' }),
		);
		expect(
			json(out)
				.map((user) => user.id)
				.sort(),
		).toEqual([DEMO_USERS.nestor.id, DEMO_USERS.patti.id].sort());
		const limited = await run(
			world.emulator,
			getMany(
				{ notSignedInSince: daysAgo(100), signInKind: 'any' },
				{ returnAll: false, limit: 1 },
			),
		);
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
		const error = await runFailing(
			world.emulator,
			getMany({ notSignedInSince: daysAgo(30), accountEnabled: true }),
		);
		expect(error.message).toBe('"Not Signed In Since" cannot be combined with other filters');
		expect(error.context?.itemIndex).toBe(0);
		const sorted = await runFailing(
			world.emulator,
			getMany({ notSignedInSince: daysAgo(30) }, { sort: { orderBy: 'displayName' } }),
		);
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
		const field = await run(
			world.emulator,
			{
				resource: 'user',
				operation: 'getAll',
				returnAll: true,
				output: 'selected',
				fields: ['signInActivity'],
			},
			[{ json: {} }],
			{ continueOnFail: true },
		);
		expect(field[0].json.error).toMatch(/P1 or P2 license/);
		world.emulator.admin.setPremium(true);
		const denied = await runFailing(
			world.emulator,
			getMany({ notSignedInSince: daysAgo(30) }),
			[{ json: {} }],
			{ app: READONLY_APP },
		);
		expect(denied.message).toMatch(/Permission denied/);
	});
});
