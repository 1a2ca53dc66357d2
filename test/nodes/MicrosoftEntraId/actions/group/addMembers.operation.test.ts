import type { NodeParameterValueType } from 'n8n-workflow';

import { DEMO_GROUPS, DEMO_USERS, READONLY_APP } from '../../../../emulator';
import {
	byId,
	graphLog,
	itemsOf,
	json,
	memberIds,
	paired,
	run,
	runFailing,
	seedGroup,
	seedUsers,
	useEmulator,
	writeRoundTrips,
} from '../../../../integration/setup';

const world = useEmulator();
const G = DEMO_GROUPS;
const U = DEMO_USERS;
const MISSING = 'deadbeef-0000-4000-8000-000000000000';

const addMembers = (
	groupId: string,
	member: NodeParameterValueType = byId('={{ $json.id }}'),
	bulk = true,
) => ({
	resource: 'group',
	operation: 'addMembers',
	group: byId(groupId),
	member,
	requestOptions: { bulk },
});

describe('Group > Add Members', () => {
	it('adds 1,000 members to one group with at most 50 write requests, one output item per input item', async () => {
		const { emulator } = world;
		const groupId = seedGroup(emulator);
		const users = seedUsers(emulator, 1000);
		emulator.admin.clearLog();

		const output = await run(emulator, addMembers(groupId), itemsOf(users.map((id) => ({ id }))));

		expect(output).toHaveLength(1000);
		expect(output.every((item) => item.json.status === 'added')).toBe(true);
		expect(paired(output)).toEqual(users.map((_, item) => ({ item })));
		expect(memberIds(emulator, groupId)).toEqual([...users].sort());
		expect(writeRoundTrips(emulator)).toBeLessThanOrEqual(50);
		expect(graphLog(emulator).filter((entry) => entry.method === 'PATCH')).toHaveLength(50);
	});

	it('pinpoints the failing member of a chunk: existing members say alreadyMember (from the group state), a missing object fails alone', async () => {
		const { emulator } = world;
		const groupId = seedGroup(emulator);
		const users = seedUsers(emulator, 5);
		emulator.admin.addMember(groupId, users[1]);
		const ids = [users[0], users[1], MISSING, users[2], users[3], users[4]];

		const output = await run(emulator, addMembers(groupId), itemsOf(ids.map((id) => ({ id }))), {
			continueOnFail: true,
		});

		expect(json(output).map((item) => item.status ?? 'error')).toEqual([
			'added',
			'alreadyMember',
			'error',
			'added',
			'added',
			'added',
		]);
		expect(output[2].json.error).toMatch(/not found/i);
		expect(paired(output)).toEqual(ids.map((_, item) => ({ item })));
		expect(memberIds(emulator, groupId)).toEqual([...users].sort());
	});

	it('gives the same results and state one by one (bulk off) as in bulk', async () => {
		const { emulator } = world;
		const bulkGroup = seedGroup(emulator);
		const singleGroup = seedGroup(emulator);
		const users = seedUsers(emulator, 25);
		for (const groupId of [bulkGroup, singleGroup]) emulator.admin.addMember(groupId, users[3]);
		const input = itemsOf([...users, users[7], MISSING].map((id) => ({ id })));

		emulator.admin.clearLog();
		const bulk = await run(emulator, addMembers(bulkGroup), input, { continueOnFail: true });
		const bulkWrites = writeRoundTrips(emulator);
		emulator.admin.clearLog();
		const single = await run(emulator, addMembers(singleGroup, undefined, false), input, {
			continueOnFail: true,
		});
		const singleWrites = writeRoundTrips(emulator);

		// Error texts hold the group id and Graph's request-id: compare what the items say, not those.
		const strip = (items: typeof bulk) =>
			json(items).map(({ memberId, status, httpCode }) => ({ memberId, status, httpCode }));
		expect(strip(bulk)).toEqual(strip(single));
		expect(json(bulk)[25]).toMatchObject({ memberId: users[7], status: 'alreadyMember' });
		expect(json(bulk)[3]).toMatchObject({ status: 'alreadyMember' });
		expect(memberIds(emulator, bulkGroup)).toEqual(memberIds(emulator, singleGroup));
		expect(singleWrites).toBe(26);
		// Both chunk updates go in one $batch; chunk 1 (an existing member) is refused, then bound again
		// without it; chunk 2 (a missing object) is refused, then member by member to pinpoint it: 1 + 1 + 6.
		expect(bulkWrites).toBe(8);
	});

	it('re-adding 40 existing members writes twice (one refused bind per chunk) and says alreadyMember for each', async () => {
		const { emulator } = world;
		const groupId = seedGroup(emulator);
		const users = seedUsers(emulator, 40);
		for (const id of users) emulator.admin.addMember(groupId, id);
		emulator.admin.clearLog();
		const output = await run(emulator, addMembers(groupId), itemsOf(users.map((id) => ({ id }))));
		expect(json(output).map((item) => item.status)).toEqual(users.map(() => 'alreadyMember'));
		// The two refused member updates travel in one $batch round trip.
		expect(writeRoundTrips(emulator)).toBe(1);
		expect(
			graphLog(emulator).filter((entry) => entry.batch && entry.method === 'PATCH'),
		).toHaveLength(2);
		expect(memberIds(emulator, groupId)).toEqual([...users].sort());
	});

	it('adds members given by UPN and groups by ID', async () => {
		const { emulator } = world;
		const groupId = seedGroup(emulator);
		const output = await run(
			emulator,
			{ ...addMembers(groupId, '={{ $json.member }}') },
			itemsOf([
				{ member: { __rl: true, mode: 'upn', value: U.isaiah.userPrincipalName } },
				{ member: { __rl: true, mode: 'id', value: G.platform.id } },
			]),
		);
		expect(json(output)).toEqual([
			{ groupId, memberId: U.isaiah.id, status: 'added' },
			{ groupId, memberId: G.platform.id, status: 'added' },
		]);
		expect(memberIds(emulator, groupId)).toEqual([U.isaiah.id, G.platform.id].sort());
	});

	it('fails every item of a missing group after one check, without trying member by member', async () => {
		const { emulator } = world;
		const users = seedUsers(emulator, 3);
		emulator.admin.clearLog();
		const output = await run(emulator, addMembers(MISSING), itemsOf(users.map((id) => ({ id }))), {
			continueOnFail: true,
		});
		expect(output.map((item) => item.json.error)).toEqual(
			users.map(() => expect.stringMatching(/not found/i)),
		);
		expect(graphLog(emulator).filter((entry) => entry.method === 'POST')).toHaveLength(0);
	});

	it('reports permission denied per item (read-only app) and leaves the group unchanged', async () => {
		const { emulator } = world;
		const before = memberIds(emulator, G.marketing.id);
		const error = await runFailing(
			emulator,
			addMembers(G.marketing.id, byId(U.isaiah.id)),
			[{ json: {} }],
			{ app: READONLY_APP },
		);
		expect(error.message).toMatch(/permission/i);
		expect(error.httpCode).toBe('403');
		expect(memberIds(emulator, G.marketing.id)).toEqual(before);
	});

	it('refuses bad input before any request: a member that is neither an ID nor a UPN', async () => {
		const { emulator } = world;
		emulator.admin.clearLog();
		const error = await runFailing(emulator, addMembers(G.marketing.id, byId('not-an-id')), [
			{ json: {} },
			{ json: {} },
		]);
		expect(error.message).toMatch(/"Member" is not valid/);
		expect(error.context?.itemIndex).toBe(0);
		expect(graphLog(emulator)).toHaveLength(0);
	});

	it("fails a member of a dynamic group with Graph's refusal, unless the rule already makes it a member", async () => {
		const { emulator } = world;
		const before = memberIds(emulator, G.salesDynamic.id);
		const output = await run(
			emulator,
			addMembers(G.salesDynamic.id),
			itemsOf([{ id: U.alex.id }, { id: U.isaiah.id }]),
			{ continueOnFail: true },
		);
		expect(output[0].json.error).toMatch(/rejected/i);
		expect(output[0].json.httpCode).toBe('400');
		// Isaiah works in Sales: the membership rule made him a member.
		expect(output[1].json).toMatchObject({ memberId: U.isaiah.id, status: 'alreadyMember' });
		expect(memberIds(emulator, G.salesDynamic.id)).toEqual(before);
	});

	it('adds the same member twice in one run once; the repeat says alreadyMember', async () => {
		const { emulator } = world;
		const groupId = seedGroup(emulator);
		const [user] = seedUsers(emulator, 1);
		const output = await run(
			emulator,
			addMembers(groupId),
			itemsOf([{ id: user }, { id: user.toUpperCase() }]),
		);
		expect(json(output).map((item) => item.status)).toEqual(['added', 'alreadyMember']);
		expect(memberIds(emulator, groupId)).toEqual([user]);
	});
});
