import { DEMO_GROUPS, DEMO_USERS, READONLY_APP } from '../../../../emulator';
import {
	byId,
	byUpn,
	graphLog,
	json,
	paired,
	run,
	runFailing,
	seedUser,
	useEmulator,
	writeRoundTrips,
} from '../../../../integration/setup';

const world = useEmulator();
const members = (groupId: string) =>
	world.emulator.admin.listMembers(groupId).map((member) => member.id);
const addParameters = (extra: object = {}) => ({
	resource: 'user',
	operation: 'addToGroup',
	user: byId('={{ $json.user }}'),
	group: byId('={{ $json.group }}'),
	...extra,
});

describe('User → Add to Group', () => {
	it('adds a user (by UPN) and says "added"; an existing member says "alreadyMember" by default', async () => {
		const group = DEMO_GROUPS.marketing.id;
		const out = await run(world.emulator, {
			resource: 'user',
			operation: 'addToGroup',
			user: byUpn(DEMO_USERS.lee.userPrincipalName),
			group: byId(group),
		});
		expect(out).toEqual([
			{
				json: { groupId: group, userId: DEMO_USERS.lee.id, status: 'added' },
				pairedItem: { item: 0 },
			},
		]);
		expect(members(group)).toContain(DEMO_USERS.lee.id);

		const again = await run(world.emulator, {
			resource: 'user',
			operation: 'addToGroup',
			user: byId(DEMO_USERS.alex.id),
			group: byId(group),
		});
		expect(again[0].json).toEqual({
			groupId: group,
			userId: DEMO_USERS.alex.id,
			status: 'alreadyMember',
		});
	});

	it('fails for an existing member when "Ignore If Already a Member" is off', async () => {
		const error = await runFailing(world.emulator, {
			resource: 'user',
			operation: 'addToGroup',
			user: byId(DEMO_USERS.alex.id),
			group: byId(DEMO_GROUPS.marketing.id),
			options: { ignoreAlreadyMember: false },
		});
		expect(error.message).toMatch(/already a member/);
	});

	it('decides "already a member" from the directory, not from a 400: another 400 stays an error', async () => {
		// A dynamic group refuses added members with a 400 too; the user is not a member, so it is an error.
		const out = await run(
			world.emulator,
			addParameters(),
			[{ json: { user: DEMO_USERS.lee.id, group: DEMO_GROUPS.salesDynamic.id } }],
			{ continueOnFail: true },
		);
		expect(out[0].json.error).toMatch(/rejected the request/);
		expect(out[0].json).not.toHaveProperty('status');
	});

	it('reports a missing user or group per item (continueOnFail) and adds the rest', async () => {
		const group = DEMO_GROUPS.itAdmins.id;
		const items = [
			{ json: { user: DEMO_USERS.lee.id, group } },
			{ json: { user: 'ghost@contoso.com', group } },
			{ json: { user: DEMO_USERS.megan.id, group: 'b0a7f000-0000-4000-8000-0000000000ff' } },
			{ json: { user: '00000000-0000-4000-8000-00000000dead', group } },
			{ json: { user: DEMO_USERS.diego.userPrincipalName, group } },
		];
		const out = await run(world.emulator, addParameters(), items, { continueOnFail: true });
		expect(paired(out)).toEqual(items.map((_, item) => ({ item })));
		expect(out[0].json.status).toBe('added');
		expect(out[1].json.error).toBe('User not found: ghost@contoso.com');
		expect(out[2].json.error).toBe('Group not found: b0a7f000-0000-4000-8000-0000000000ff');
		expect(out[3].json.error).toBe('User not found: 00000000-0000-4000-8000-00000000dead');
		expect(out[4].json).toEqual({ groupId: group, userId: DEMO_USERS.diego.id, status: 'added' });
		expect(members(group)).toEqual(
			expect.arrayContaining([DEMO_USERS.lee.id, DEMO_USERS.diego.id]),
		);
		expect(members(group)).not.toContain('00000000-0000-4000-8000-00000000dead');
	});

	it('refuses a group ID that is not a GUID before any request', async () => {
		world.emulator.admin.clearLog();
		const error = await runFailing(world.emulator, addParameters(), [
			{ json: { user: DEMO_USERS.lee.id, group: 'engineering' } },
		]);
		expect(error.message).toMatch(/"Group" is not a group ID/);
		expect(graphLog(world.emulator)).toHaveLength(0);
	});

	it('is denied for a read-only app and adds nobody', async () => {
		const error = await runFailing(
			world.emulator,
			addParameters(),
			[{ json: { user: DEMO_USERS.lee.id, group: DEMO_GROUPS.marketing.id } }],
			{ app: READONLY_APP },
		);
		expect(error.message).toMatch(/Permission denied/);
		expect(members(DEMO_GROUPS.marketing.id)).not.toContain(DEMO_USERS.lee.id);
	});

	it('adds 1,000 users to one group with at most 50 write requests', async () => {
		const group = world.emulator.admin.createGroup({
			displayName: 'Bulk target',
			groupTypes: [],
			securityEnabled: true,
			mailEnabled: false,
			mailNickname: 'bulktarget',
		}).id as string;
		const users = Array.from({ length: 1000 }, () => seedUser(world.emulator).id);
		world.emulator.admin.clearLog();
		const out = await run(
			world.emulator,
			addParameters(),
			users.map((user) => ({ json: { user, group } })),
		);
		expect(writeRoundTrips(world.emulator)).toBeLessThanOrEqual(50);
		expect(out).toHaveLength(1000);
		expect(json(out).every((item) => item.status === 'added')).toBe(true);
		expect(paired(out)).toEqual(users.map((_, item) => ({ item })));
		expect(new Set(members(group))).toEqual(new Set(users));
	});

	it('falls back to one add per member when a chunk fails, and ends like one by one', async () => {
		const scenario = () => {
			const group = world.emulator.admin.createGroup({
				displayName: 'Mixed',
				groupTypes: [],
				securityEnabled: true,
				mailEnabled: false,
				mailNickname: `mixed${Math.random().toString(36).slice(2, 8)}`,
			}).id as string;
			const fresh = Array.from({ length: 30 }, () => seedUser(world.emulator).id);
			const existing = seedUser(world.emulator).id;
			world.emulator.admin.addMember(group, existing);
			const list = [
				...fresh.slice(0, 10),
				existing,
				'00000000-0000-4000-8000-00000000dead',
				...fresh.slice(10),
				fresh[0],
			];
			return { group, list, fresh, existing };
		};
		const outcomes = [];
		for (const bulk of [true, false]) {
			const { group, list, fresh, existing } = scenario();
			world.emulator.admin.clearLog();
			const out = await run(
				world.emulator,
				addParameters({ requestOptions: { bulk } }),
				list.map((user) => ({ json: { user, group } })),
				{ continueOnFail: true },
			);
			expect(new Set(members(group))).toEqual(new Set([...fresh, existing]));
			outcomes.push(out.map((item) => item.json.status ?? `error: ${item.json.error as string}`));
			if (bulk) expect(writeRoundTrips(world.emulator)).toBeLessThan(list.length);
		}
		expect(outcomes[0]).toEqual(outcomes[1]);
		expect(outcomes[0][10]).toBe('alreadyMember');
		expect(outcomes[0][11]).toBe('error: User not found: 00000000-0000-4000-8000-00000000dead');
		expect(outcomes[0][outcomes[0].length - 1]).toBe('alreadyMember');
		expect(outcomes[0].filter((status) => status === 'added')).toHaveLength(30);
	});
});

describe('throttling', () => {
	it('a throttled add-to-group chunk is retried as a whole', async () => {
		const group = world.emulator.admin.createGroup({
			displayName: 'Throttled',
			groupTypes: [],
			securityEnabled: true,
			mailEnabled: false,
			mailNickname: 'throttled',
		}).id as string;
		const users = Array.from({ length: 30 }, () => seedUser(world.emulator).id);
		world.emulator.admin.injectFault({
			method: 'PATCH',
			pathPattern: `/groups/${group}`,
			status: 429,
			headers: { 'Retry-After': '0' },
			count: 1,
		});
		const out = await run(
			world.emulator,
			{
				resource: 'user',
				operation: 'addToGroup',
				user: byId('={{ $json.user }}'),
				group: byId(group),
			},
			users.map((user) => ({ json: { user } })),
		);
		expect(json(out).every((item) => item.status === 'added')).toBe(true);
		expect(world.emulator.admin.listMembers(group)).toHaveLength(30);
	});
});
