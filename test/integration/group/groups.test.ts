import type { INodeParameters } from 'n8n-workflow';

import { DEMO_DEVICES, DEMO_GROUPS, DEMO_USERS, READONLY_APP } from '../../emulator';
import { byId, graphLog, itemsOf, json, memberIds, paired, roundTrips, run, runFailing, seedUsers, useEmulator, writeRoundTrips } from '../setup';

const world = useEmulator();
const G = DEMO_GROUPS;
const U = DEMO_USERS;
const MISSING = 'deadbeef-0000-4000-8000-000000000000';

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
		const output = await run(emulator, create({ additionalFields: { description: 'Ops', ownerIds: U.admin.id, memberIds: `${U.alex.id}, ${U.megan.id}` } }), itemsOf([{ name: 'Ops', nick: 'ops' }]));
		const id = output[0].json.id as string;
		const group = emulator.admin.getGroup(id);
		expect(group).toMatchObject({ displayName: 'Ops', mailNickname: 'ops', description: 'Ops', mailEnabled: false, securityEnabled: true, groupTypes: [] });
		expect(group?.owners).toEqual([U.admin.id]);
		expect(memberIds(emulator, id)).toEqual([U.alex.id, U.megan.id].sort());
		expect(paired(output)).toEqual([{ item: 0 }]);
	});

	it('creates a group with 45 members: 20 bound in the create, the other 25 in 2 PATCHes', async () => {
		const { emulator } = world;
		const users = seedUsers(emulator, 45);
		emulator.admin.clearLog();
		const output = await run(emulator, create({ additionalFields: { memberIds: '={{ $json.members }}' } }), itemsOf([{ name: 'Big', nick: 'big', members: users }]));
		const id = output[0].json.id as string;
		expect(memberIds(emulator, id)).toEqual([...users].sort());
		// The create, then the two member updates together in one $batch.
		const writes = graphLog(emulator).filter((entry) => entry.method !== 'GET').map((entry) => `${entry.method} ${entry.path}`);
		expect(writes).toEqual(['POST /v1.0/groups', `PATCH /v1.0/groups/${id}`, `PATCH /v1.0/groups/${id}`, 'POST /v1.0/$batch']);
		expect(writeRoundTrips(emulator)).toBe(2);
	});

	it('binds owners first: 3 owners and 17 members go with the create, the other 13 members in one PATCH', async () => {
		const { emulator } = world;
		const owners = seedUsers(emulator, 3);
		const members = seedUsers(emulator, 30);
		emulator.admin.clearLog();
		const output = await run(emulator, create({ additionalFields: { ownerIds: owners.join(','), memberIds: members.join('\n') } }), itemsOf([{ name: 'Mixed', nick: 'mixed' }]));
		const id = output[0].json.id as string;
		expect((emulator.admin.getGroup(id)?.owners as string[]).sort()).toEqual([...owners].sort());
		expect(memberIds(emulator, id)).toEqual([...members].sort());
		expect(writeRoundTrips(emulator)).toBe(2);
	});

	it('creates a dynamic Microsoft 365 group with its rule processing on', async () => {
		const { emulator } = world;
		const output = await run(
			emulator,
			create({ groupType: 'microsoft365', membershipType: 'dynamic', membershipRule: 'user.department -eq "Sales"', additionalFields: { visibility: 'Private' } }),
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
		['a dynamic group without rule', { membershipType: 'dynamic', membershipRule: '' }, /"Membership Rule" is empty/],
		['members for a dynamic group', { membershipType: 'dynamic', membershipRule: 'user.department -eq "x"', additionalFields: { memberIds: U.alex.id } }, /dynamic group can't be given members/],
		['a bad mail nickname', { mailNickname: 'two words' }, /"Mail Nickname" is not valid/],
		['a member that is not an ID', { additionalFields: { memberIds: 'alex.wilber@contoso.com' } }, /"Member IDs" holds/],
		['a role-assignable dynamic group', { membershipType: 'dynamic', membershipRule: 'x', additionalFields: { isAssignableToRole: true } }, /role-assignable group can't have dynamic membership/],
		['hidden membership on a security group', { additionalFields: { visibility: 'HiddenMembership' } }, /only for Microsoft 365 groups/],
		['a number where text belongs', { displayName: '={{ { a: 1 } }}' }, /"Group Name" must be text/],
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
		const output = await run(emulator, create(), itemsOf([{ name: 'A', nick: 'a1' }, { name: 'B', nick: 'bad nick' }, { name: 'C', nick: 'c1' }]), { continueOnFail: true });
		expect(output[1].json.error).toMatch(/"Mail Nickname" is not valid/);
		expect(output[0].json.displayName).toBe('A');
		expect(output[2].json.displayName).toBe('C');
		expect(paired(output)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(emulator.admin.getState().groups).toBe(before + 2);
	});

	it('creates many groups in one $batch, with the same results as one by one', async () => {
		const { emulator } = world;
		const names = (prefix: string) => itemsOf(Array.from({ length: 5 }, (_, index) => ({ name: `${prefix}${index}`, nick: `${prefix}${index}` })));
		emulator.admin.clearLog();
		const bulk = await run(emulator, create(), names('bulk'));
		expect(roundTrips(emulator)).toBe(1);
		emulator.admin.clearLog();
		const single = await run(emulator, create({ requestOptions: { bulk: false } }), names('single'));
		expect(roundTrips(emulator)).toBe(5);
		const shape = (items: typeof bulk) => json(items).map(({ displayName, securityEnabled, groupTypes }) => ({ name: String(displayName).replace(/^\w+?(\d)$/, '$1'), securityEnabled, groupTypes }));
		expect(shape(bulk)).toEqual(shape(single));
	});

	it('is denied for a read-only app and creates nothing', async () => {
		const { emulator } = world;
		const before = emulator.admin.getState().groups;
		const error = await runFailing(emulator, create(), itemsOf([{ name: 'A', nick: 'a' }]), { app: READONLY_APP });
		expect(error.httpCode).toBe('403');
		expect(error.message).toMatch(/permission/i);
		expect(emulator.admin.getState().groups).toBe(before);
	});
});

describe('Group > Get, Get Many', () => {
	it('gets a group: simplified, all properties, selected fields', async () => {
		const { emulator } = world;
		const get = (output: INodeParameters) => run(emulator, { resource: 'group', operation: 'get', group: byId(G.marketing.id), ...output });
		const simple = (await get({}))[0].json;
		expect(simple).toMatchObject({ id: G.marketing.id, displayName: 'Marketing', groupTypes: ['Unified'], mailEnabled: true });
		const selected = (await get({ output: 'selected', fields: ['displayName'] }))[0].json;
		expect(Object.keys(selected).filter((key) => !key.startsWith('@'))).toEqual(['id', 'displayName']);
		const all = (await get({ output: 'all' }))[0].json;
		expect(all).toHaveProperty('securityIdentifier');
	});

	it('fails with not found for a missing group, or gives an error item with continueOnFail', async () => {
		const { emulator } = world;
		const params = { resource: 'group', operation: 'get', group: byId(MISSING) };
		const error = await runFailing(emulator, params);
		expect(error.httpCode).toBe('404');
		expect(error.message).toMatch(/Group not found/);
		const output = await run(emulator, { resource: 'group', operation: 'get', group: byId('={{ $json.id }}') }, itemsOf([{ id: MISSING }, { id: G.itAdmins.id }]), { continueOnFail: true });
		expect(output[0].json.error).toMatch(/not found/);
		expect(output[1].json.displayName).toBe('IT Admins');
	});

	it('searches, filters by type, and limits', async () => {
		const { emulator } = world;
		const names = async (params: INodeParameters) =>
			json(await run(emulator, { resource: 'group', operation: 'getAll', returnAll: true, ...params })).map((group) => group.displayName);
		expect(await names({ filters: { search: 'market' } })).toEqual(['Marketing']);
		expect((await names({ filters: { groupType: 'microsoft365' } })).sort()).toEqual(['All Company', 'Marketing']);
		expect(await names({ filters: { filter: "startswith(displayName,'Cycle')", orderBy: 'displayName desc' } })).toEqual(['Cycle B', 'Cycle A']);
		expect(await names({ returnAll: false, limit: 3 })).toHaveLength(3);
	});

	it('refuses a bad Order By before any request', async () => {
		const { emulator } = world;
		emulator.admin.clearLog();
		const error = await runFailing(emulator, { resource: 'group', operation: 'getAll', filters: { orderBy: 'displayName; drop' } });
		expect(error.message).toMatch(/"Order By" is not valid/);
		expect(graphLog(emulator)).toHaveLength(0);
	});
});

describe('Group > member listings', () => {
	const list = (operation: string, groupId: string, extra: INodeParameters = {}) => ({ resource: 'group', operation, group: byId(groupId), returnAll: true, ...extra });

	it('lists direct and transitive members, by type', async () => {
		const { emulator } = world;
		const ids = async (params: INodeParameters) => json(await run(emulator, params)).map((member) => member.id).sort();
		expect(await ids(list('getMembers', G.engineering.id))).toEqual([U.lee.id, G.platform.id].sort());
		expect(await ids(list('getTransitiveMembers', G.engineering.id))).toEqual([U.lee.id, G.platform.id, U.johanna.id].sort());
		expect(await ids(list('getTransitiveMembers', G.engineering.id, { memberType: 'users' }))).toEqual([U.lee.id, U.johanna.id].sort());
		expect(await ids(list('getMembers', G.engineering.id, { memberType: 'groups' }))).toEqual([G.platform.id]);
	});

	it('lists device members with the device cast (List members: microsoft.graph.device)', async () => {
		const { emulator } = world;
		const devices = json(await run(emulator, list('getMembers', G.itAdmins.id, { memberType: 'devices' })));
		expect(devices.map((member) => member.id).sort()).toEqual([DEMO_DEVICES.adminLaptop.id, DEMO_DEVICES.backupServer.id].sort());
		expect(devices.map((member) => member.displayName).sort()).toEqual(['ADELE-LAPTOP', 'BACKUP-SRV01']);
		const all = json(await run(emulator, list('getMembers', G.itAdmins.id)));
		expect(all.map((member) => member.id)).toEqual(expect.arrayContaining([DEMO_DEVICES.adminLaptop.id, U.admin.id]));
	});

	it('searches and filters members, and limits them', async () => {
		const { emulator } = world;
		const names = async (extra: INodeParameters) => json(await run(emulator, list('getMembers', G.allCompany.id, extra))).map((member) => member.displayName);
		expect(await names({ memberType: 'users', filters: { search: 'megan' } })).toEqual(['Megan Bowen']);
		expect(await names({ filters: { filter: "startswith(displayName,'A')" } })).toEqual(expect.arrayContaining(['Adele Vance', 'Alex Wilber']));
		expect(await names({ returnAll: false, limit: 2 })).toHaveLength(2);
		const selected = await run(emulator, list('getMembers', G.marketing.id, { output: 'selected', fields: ['jobTitle'] }));
		expect(json(selected).map((member) => member.jobTitle).sort()).toEqual(['Marketing Assistant', 'Marketing Manager']);
	});

	it('fails with not found for a missing group', async () => {
		const { emulator } = world;
		const error = await runFailing(emulator, list('getMembers', MISSING));
		expect(error.httpCode).toBe('404');
	});
});

describe('Group > Update, Delete', () => {
	it('updates several groups in one $batch and changes the tenant', async () => {
		const { emulator } = world;
		emulator.admin.clearLog();
		const output = await run(
			emulator,
			{ resource: 'group', operation: 'update', group: byId('={{ $json.id }}'), updateFields: { description: '={{ $json.description }}', visibility: 'Private' } },
			itemsOf([{ id: G.marketing.id, description: 'New M' }, { id: G.allCompany.id, description: 'New A' }]),
		);
		expect(json(output)).toEqual([
			{ updated: true, id: G.marketing.id, description: 'New M', visibility: 'Private' },
			{ updated: true, id: G.allCompany.id, description: 'New A', visibility: 'Private' },
		]);
		expect(emulator.admin.getGroup(G.marketing.id)).toMatchObject({ description: 'New M', visibility: 'Private' });
		expect(emulator.admin.getGroup(G.allCompany.id)).toMatchObject({ description: 'New A' });
		expect(roundTrips(emulator)).toBe(1);
	});

	it('refuses an update without fields before any request', async () => {
		const { emulator } = world;
		emulator.admin.clearLog();
		const error = await runFailing(emulator, { resource: 'group', operation: 'update', group: byId(G.marketing.id), updateFields: {} });
		expect(error.message).toMatch(/Nothing to update/);
		expect(graphLog(emulator)).toHaveLength(0);
	});

	it('deletes groups ({deleted, id}); a missing one fails on its own with continueOnFail', async () => {
		const { emulator } = world;
		const output = await run(emulator, { resource: 'group', operation: 'delete', group: byId('={{ $json.id }}') }, itemsOf([{ id: G.platform.id }, { id: MISSING }, { id: G.cycleA.id }]), { continueOnFail: true });
		expect(output[0].json).toEqual({ deleted: true, id: G.platform.id });
		expect(output[1].json.httpCode).toBe('404');
		expect(output[2].json).toEqual({ deleted: true, id: G.cycleA.id });
		expect(emulator.admin.getGroup(G.platform.id)?.deleted ?? true).toBe(true);
		expect(emulator.admin.getGroup(G.marketing.id)?.deleted).toBe(false);
	});

	it('is denied for a read-only app', async () => {
		const { emulator } = world;
		const error = await runFailing(emulator, { resource: 'group', operation: 'delete', group: byId(G.marketing.id) }, [{ json: {} }], { app: READONLY_APP });
		expect(error.httpCode).toBe('403');
		expect(emulator.admin.getGroup(G.marketing.id)?.deleted).toBe(false);
	});
});
