import { DEMO_USERS } from '../../../../emulator';
import {
	byId,
	byUpn,
	graphLog,
	json,
	run,
	runFailing,
	seedUser,
	useEmulator,
} from '../../../../integration/setup';

/**
 * User → Get Direct Reports (List directReports), Get Manager Chain (List manager, "Get the
 * management chain"), Check Group Membership (checkMemberGroups) and Get Member Groups
 * (getMemberGroups), Graph v1.0, against the emulator's directory.
 */
const world = useEmulator();

describe('User → Get Direct Reports', () => {
	it('lists the reports (users), pages through them, and honours the limit', async () => {
		const reports = Array.from({ length: 5 }, () => seedUser(world.emulator));
		for (const report of reports) world.emulator.admin.setManager(report.id, DEMO_USERS.lee.id);
		world.emulator.admin.clearLog();
		const all = await run(world.emulator, {
			resource: 'user',
			operation: 'getDirectReports',
			user: byUpn(DEMO_USERS.lee.userPrincipalName),
		});
		// Johanna reports to Lee in the demo tenant.
		expect(
			json(all)
				.map((user) => user.id)
				.sort(),
		).toEqual([DEMO_USERS.johanna.id, ...reports.map((r) => r.id)].sort());
		expect(all[0].json).toHaveProperty('userPrincipalName');
		// Node version 1.2 (1.1 kept `@odata.type` here: test/nodes/MicrosoftEntraId/actions/listing.test.ts)
		expect(all[0].json['@odata.type']).toBeUndefined();
		const request = graphLog(world.emulator)[0];
		expect(request.path).toContain('/directReports/microsoft.graph.user?');
		const limited = await run(world.emulator, {
			resource: 'user',
			operation: 'getDirectReports',
			user: byId(DEMO_USERS.lee.id),
			returnAll: false,
			limit: 2,
		});
		expect(limited).toHaveLength(2);
		const none = await run(world.emulator, {
			resource: 'user',
			operation: 'getDirectReports',
			user: byId(DEMO_USERS.isaiah.id),
		});
		expect(none).toEqual([]);
		const missing = await runFailing(world.emulator, {
			resource: 'user',
			operation: 'getDirectReports',
			user: byUpn('ghost@contoso.com'),
		});
		expect(missing.message).toBe('User not found: ghost@contoso.com');
	});
});
