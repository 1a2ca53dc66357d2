import type { INodeParameters } from 'n8n-workflow';

import { DEMO_USERS, READONLY_APP } from '../../../../emulator';
import {
	graphLog,
	itemsOf,
	json,
	memberIds,
	paired,
	roundTrips,
	run,
	runFailing,
	seedUsers,
	useEmulator,
	writeRoundTrips,
} from '../../../../integration/setup';

const world = useEmulator();
const U = DEMO_USERS;

const create = (extra: INodeParameters = {}) => ({
	resource: 'group',
	operation: 'create',
	groupType: 'security',
	displayName: '={{ $json.name }}',
	mailNickname: '={{ $json.nick }}',
	...extra,
});

describe('Group > Create', () => {
	it('creates a security group with owners and members', async () => {
		const { emulator } = world;
		const output = await run(
			emulator,
			create({
				additionalFields: {
					description: 'Ops',
					ownerIds: U.admin.id,
					memberIds: `${U.alex.id}, ${U.megan.id}`,
				},
			}),
			itemsOf([{ name: 'Ops', nick: 'ops' }]),
		);
		const id = output[0].json.id as string;
		const group = emulator.admin.getGroup(id);
		expect(group).toMatchObject({
			displayName: 'Ops',
			mailNickname: 'ops',
			description: 'Ops',
			mailEnabled: false,
			securityEnabled: true,
			groupTypes: [],
		});
		expect(group?.owners).toEqual([U.admin.id]);
		expect(memberIds(emulator, id)).toEqual([U.alex.id, U.megan.id].sort());
		expect(paired(output)).toEqual([{ item: 0 }]);
	});

	// issue 25, item 7: the README says members and owners given by UPN are looked up
	it('takes owners and members by UPN (looked up in one $batch before the create) and says who was added', async () => {
		const { emulator } = world;
		emulator.admin.clearLog();
		const output = await run(
			emulator,
			create({
				additionalFields: {
					ownerIds: U.admin.userPrincipalName,
					memberIds: `${U.alex.userPrincipalName}, ${U.megan.id}, ${U.megan.userPrincipalName}`,
				},
			}),
			itemsOf([{ name: 'By UPN', nick: 'byupn' }]),
		);
		const id = output[0].json.id as string;
		expect(emulator.admin.getGroup(id)?.owners).toEqual([U.admin.id]);
		expect(memberIds(emulator, id)).toEqual([U.alex.id, U.megan.id].sort());
		expect(output[0].json.addedOwners).toEqual([
			{ id: U.admin.id, userPrincipalName: U.admin.userPrincipalName },
		]);
		// Megan given twice (ID and UPN) is added once
		expect(output[0].json.addedMembers).toEqual([
			{ id: U.alex.id, userPrincipalName: U.alex.userPrincipalName },
			{ id: U.megan.id },
		]);
		const calls = graphLog(emulator).map((entry) => `${entry.method} ${entry.path}`);
		expect(calls.filter((call) => call.startsWith('POST /v1.0/groups'))).toHaveLength(1);
		expect(roundTrips(emulator)).toBe(2);
	});

	it('fails the item whose UPN is unknown before creating its group; the other items are created', async () => {
		const { emulator } = world;
		const output = await run(
			emulator,
			create({ additionalFields: { memberIds: '={{ $json.member }}' } }),
			itemsOf([
				{ name: 'Nobody', nick: 'nobody', member: 'nobody@contoso.com' },
				{ name: 'Alex', nick: 'alexgroup', member: U.alex.userPrincipalName },
			]),
			{ continueOnFail: true },
		);
		expect(output[0].json.error).toMatch(/nobody@contoso\.com/);
		expect(
			graphLog(emulator).filter(
				(entry) => entry.method === 'POST' && entry.path === '/v1.0/groups',
			),
		).toHaveLength(1);
		expect(memberIds(emulator, output[1].json.id as string)).toEqual([U.alex.id]);
	});

	it('creates a group with 45 members: 20 bound in the create, the other 25 in 2 PATCHes', async () => {
		const { emulator } = world;
		const users = seedUsers(emulator, 45);
		emulator.admin.clearLog();
		const output = await run(
			emulator,
			create({ additionalFields: { memberIds: '={{ $json.members }}' } }),
			itemsOf([{ name: 'Big', nick: 'big', members: users }]),
		);
		const id = output[0].json.id as string;
		expect(memberIds(emulator, id)).toEqual([...users].sort());
		// The create, then the two member updates together in one $batch.
		const writes = graphLog(emulator)
			.filter((entry) => entry.method !== 'GET')
			.map((entry) => `${entry.method} ${entry.path}`);
		expect(writes).toEqual([
			'POST /v1.0/groups',
			`PATCH /v1.0/groups/${id}`,
			`PATCH /v1.0/groups/${id}`,
			'POST /v1.0/$batch',
		]);
		expect(writeRoundTrips(emulator)).toBe(2);
	});

	it('binds owners first: 3 owners and 17 members go with the create, the other 13 members in one PATCH', async () => {
		const { emulator } = world;
		const owners = seedUsers(emulator, 3);
		const members = seedUsers(emulator, 30);
		emulator.admin.clearLog();
		const output = await run(
			emulator,
			create({ additionalFields: { ownerIds: owners.join(','), memberIds: members.join('\n') } }),
			itemsOf([{ name: 'Mixed', nick: 'mixed' }]),
		);
		const id = output[0].json.id as string;
		expect((emulator.admin.getGroup(id)?.owners as string[]).sort()).toEqual([...owners].sort());
		expect(memberIds(emulator, id)).toEqual([...members].sort());
		expect(writeRoundTrips(emulator)).toBe(2);
	});

	it('creates a dynamic Microsoft 365 group with its rule processing on', async () => {
		const { emulator } = world;
		const output = await run(
			emulator,
			create({
				groupType: 'microsoft365',
				membershipType: 'dynamic',
				membershipRule: 'user.department -eq "Sales"',
				additionalFields: { visibility: 'Private' },
			}),
			itemsOf([{ name: 'Sales 365', nick: 'sales365' }]),
		);
		expect(emulator.admin.getGroup(output[0].json.id as string)).toMatchObject({
			groupTypes: ['Unified', 'DynamicMembership'],
			mailEnabled: true,
			securityEnabled: false,
			membershipRule: 'user.department -eq "Sales"',
			membershipRuleProcessingState: 'On',
			visibility: 'Private',
		});
	});

	it.each([
		[
			'a dynamic group without rule',
			{ membershipType: 'dynamic', membershipRule: '' },
			/"Membership Rule" is empty/,
		],
		[
			'members for a dynamic group',
			{
				membershipType: 'dynamic',
				membershipRule: 'user.department -eq "x"',
				additionalFields: { memberIds: U.alex.id },
			},
			/dynamic group can't be given members/,
		],
		['a bad mail nickname', { mailNickname: 'two words' }, /"Mail Nickname" is not valid/],
		[
			'a member that is neither an ID nor a UPN',
			{ additionalFields: { memberIds: 'Alex Wilber' } },
			/"Members" holds "Alex", which is neither an object ID nor a user principal name/,
		],
		[
			'a role-assignable dynamic group',
			{
				membershipType: 'dynamic',
				membershipRule: 'x',
				additionalFields: { isAssignableToRole: true },
			},
			/role-assignable group can't have dynamic membership/,
		],
		[
			'hidden membership on a security group',
			{ additionalFields: { visibility: 'HiddenMembership' } },
			/only for Microsoft 365 groups/,
		],
		[
			'a number where text belongs',
			{ displayName: '={{ { a: 1 } }}' },
			/"Group Name" must be text/,
		],
	])('refuses %s before any request, naming the field and item', async (_name, extra, message) => {
		const { emulator } = world;
		emulator.admin.clearLog();
		const error = await runFailing(emulator, create(extra), itemsOf([{ name: 'X', nick: 'x' }]));
		expect(error.message).toMatch(message);
		expect(error.context?.itemIndex).toBe(0);
		expect(graphLog(emulator)).toHaveLength(0);
	});

	it('with continueOnFail, an invalid item gets its error and the others are created', async () => {
		const { emulator } = world;
		const before = emulator.admin.getState().groups;
		const output = await run(
			emulator,
			create(),
			itemsOf([
				{ name: 'A', nick: 'a1' },
				{ name: 'B', nick: 'bad nick' },
				{ name: 'C', nick: 'c1' },
			]),
			{ continueOnFail: true },
		);
		expect(output[1].json.error).toMatch(/"Mail Nickname" is not valid/);
		expect(output[0].json.displayName).toBe('A');
		expect(output[2].json.displayName).toBe('C');
		expect(paired(output)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(emulator.admin.getState().groups).toBe(before + 2);
	});

	it('creates many groups in one $batch, with the same results as one by one', async () => {
		const { emulator } = world;
		const names = (prefix: string) =>
			itemsOf(
				Array.from({ length: 5 }, (_, index) => ({
					name: `${prefix}${index}`,
					nick: `${prefix}${index}`,
				})),
			);
		emulator.admin.clearLog();
		const bulk = await run(emulator, create(), names('bulk'));
		expect(roundTrips(emulator)).toBe(1);
		emulator.admin.clearLog();
		const single = await run(
			emulator,
			create({ requestOptions: { bulk: false } }),
			names('single'),
		);
		expect(roundTrips(emulator)).toBe(5);
		const shape = (items: typeof bulk) =>
			json(items).map(({ displayName, securityEnabled, groupTypes }) => ({
				name: String(displayName).replace(/^\w+?(\d)$/, '$1'),
				securityEnabled,
				groupTypes,
			}));
		expect(shape(bulk)).toEqual(shape(single));
	});

	it('is denied for a read-only app and creates nothing', async () => {
		const { emulator } = world;
		const before = emulator.admin.getState().groups;
		const error = await runFailing(emulator, create(), itemsOf([{ name: 'A', nick: 'a' }]), {
			app: READONLY_APP,
		});
		expect(error.httpCode).toBe('403');
		expect(error.message).toMatch(/permission/i);
		expect(emulator.admin.getState().groups).toBe(before);
	});
});
