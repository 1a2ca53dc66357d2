import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { DEMO_APP, DEMO_GROUPS, DEMO_TENANT_ID, DEMO_USERS } from '../../../emulator';
import type { RunningEmulator } from '../../../emulator';
import { emulatorCredentials, executeNode } from '../../../harness';
import { byId, graphLog, node, useEmulator } from '../../../integration/setup';

/*
 * The listing convention of node version 1.2 (actions/listing.ts) and the saved workflows of
 * versions 1 and 1.1: the same listing, asked with the parameters of each version, sends the same
 * Graph requests and gives the same objects. Where 1.2 renamed a parameter (search and "Order By"
 * of groups and members, "Sort" of deleted items), the earlier name still works on earlier nodes.
 */

const world = useEmulator();
const U = DEMO_USERS;
const G = DEMO_GROUPS;

interface Run {
	output: IDataObject[];
	/** The Graph requests: path and query parameters (in any order). */
	requests: Array<{ path: string; query: string[] }>;
}

async function runAt(
	emulator: RunningEmulator,
	typeVersion: number,
	parameters: INodeParameters,
): Promise<Run> {
	emulator.admin.clearLog();
	const { output } = await executeNode(node, parameters, [{ json: {} }], {
		credentials: emulatorCredentials(emulator.url, DEMO_APP, DEMO_TENANT_ID),
		typeVersion,
	});
	const requests = graphLog(emulator).map((entry) => {
		const url = new URL(entry.path, 'http://graph');
		// "asc" is OData's default direction: "$orderby=x asc" and "$orderby=x" ask the same
		const query = [...url.searchParams.entries()].map(
			([key, value]) => `${key}=${key === '$orderby' ? value.replace(/ asc$/, '') : value}`,
		);
		return { path: url.pathname, query: query.sort() };
	});
	return { output: output[0].map((item) => item.json), requests };
}

const withoutODataKeys = (objects: IDataObject[]) =>
	objects.map((object) =>
		Object.fromEntries(Object.entries(object).filter(([key]) => !key.startsWith('@odata.'))),
	);

/** [listing, parameters of versions 1 and 1.1, parameters of version 1.2] */
const LISTINGS: Array<[string, INodeParameters, INodeParameters]> = [
	[
		'User > Get Many: search, filters, sort (names unchanged)',
		{
			resource: 'user',
			operation: 'getAll',
			search: 'a',
			returnAll: true,
			filters: { department: 'Marketing', filter: "userType eq 'Member'" },
			sort: { orderBy: 'displayName', descending: true },
		},
		{
			resource: 'user',
			operation: 'getAll',
			search: 'a',
			returnAll: true,
			filters: { department: 'Marketing', filter: "userType eq 'Member'" },
			sort: { orderBy: 'displayName', descending: true },
		},
	],
	[
		'User > Get Many: limit',
		{ resource: 'user', operation: 'getAll', limit: 4 },
		{ resource: 'user', operation: 'getAll', limit: 4 },
	],
	[
		'Group > Get Many: search moved out of Filters',
		{ resource: 'group', operation: 'getAll', returnAll: true, filters: { search: 'market' } },
		{ resource: 'group', operation: 'getAll', returnAll: true, search: 'market' },
	],
	[
		'Group > Get Many: Order By (text in Filters) became Sort',
		{
			resource: 'group',
			operation: 'getAll',
			returnAll: true,
			filters: { filter: "startswith(displayName,'Cycle')", orderBy: 'displayName desc' },
		},
		{
			resource: 'group',
			operation: 'getAll',
			returnAll: true,
			filters: { filter: "startswith(displayName,'Cycle')" },
			sort: { orderBy: 'displayName', descending: true },
		},
	],
	[
		'Group > Get Many: group type and limit',
		{ resource: 'group', operation: 'getAll', limit: 2, filters: { groupType: 'security' } },
		{ resource: 'group', operation: 'getAll', limit: 2, filters: { groupType: 'security' } },
	],
	[
		'Group > Get Members: search moved out of Filters',
		{
			resource: 'group',
			operation: 'getMembers',
			group: byId(G.allCompany.id),
			returnAll: true,
			memberType: 'users',
			filters: { search: 'megan' },
		},
		{
			resource: 'group',
			operation: 'getMembers',
			group: byId(G.allCompany.id),
			returnAll: true,
			memberType: 'users',
			search: 'megan',
		},
	],
	[
		'Group > Get Transitive Members: filter and limit',
		{
			resource: 'group',
			operation: 'getTransitiveMembers',
			group: byId(G.engineering.id),
			limit: 2,
			filters: { filter: "startswith(displayName,'J')" },
		},
		{
			resource: 'group',
			operation: 'getTransitiveMembers',
			group: byId(G.engineering.id),
			limit: 2,
			filters: { filter: "startswith(displayName,'J')" },
		},
	],
	[
		'Group > Get Owners: search moved out of Filters',
		{
			resource: 'group',
			operation: 'getOwners',
			group: byId(G.marketing.id),
			returnAll: true,
			filters: { search: 'megan' },
		},
		{
			resource: 'group',
			operation: 'getOwners',
			group: byId(G.marketing.id),
			returnAll: true,
			search: 'megan',
		},
	],
	[
		'Deleted Item > Get Many: default order (most recently deleted first)',
		{ resource: 'deletedItem', operation: 'getAll', objectType: 'user', returnAll: true },
		{ resource: 'deletedItem', operation: 'getAll', objectType: 'user', returnAll: true },
	],
	[
		'Deleted Item > Get Many: Sort "oldest deletion first" became Sort by deletion time',
		{
			resource: 'deletedItem',
			operation: 'getAll',
			objectType: 'user',
			limit: 1,
			sort: 'deletedAsc',
		},
		{
			resource: 'deletedItem',
			operation: 'getAll',
			objectType: 'user',
			limit: 1,
			sort: { orderBy: 'deletedDateTime' },
		},
	],
	[
		'Deleted Item > Get Many: Sort "display name" became Sort by display name',
		{
			resource: 'deletedItem',
			operation: 'getAll',
			objectType: 'user',
			returnAll: true,
			sort: 'displayName',
		},
		{
			resource: 'deletedItem',
			operation: 'getAll',
			objectType: 'user',
			returnAll: true,
			sort: { orderBy: 'displayName' },
		},
	],
	[
		'User > Get Groups: all by default',
		{ resource: 'user', operation: 'getGroups', user: byId(U.diego.id), membership: 'transitive' },
		{ resource: 'user', operation: 'getGroups', user: byId(U.diego.id), membership: 'transitive' },
	],
	[
		'User > Get Direct Reports: all by default, or a limit',
		{
			resource: 'user',
			operation: 'getDirectReports',
			user: byId(U.lee.id),
			returnAll: false,
			limit: 1,
		},
		{
			resource: 'user',
			operation: 'getDirectReports',
			user: byId(U.lee.id),
			returnAll: false,
			limit: 1,
		},
	],
];

describe('listings: workflows saved with node version 1 or 1.1 run as before, version 1.2 asks the same', () => {
	beforeEach(() => {
		world.emulator.admin.deleteUser(U.nestor.id);
		world.emulator.admin.advanceClock(60);
		world.emulator.admin.deleteUser(U.patti.id);
	});

	it.each(LISTINGS)('%s', async (_name, earlier, current) => {
		const { emulator } = world;
		const v1 = await runAt(emulator, 1, earlier);
		const v11 = await runAt(emulator, 1.1, earlier);
		const v12 = await runAt(emulator, 1.2, current);
		expect(v11.output.length).toBeGreaterThan(0);
		// The same requests, whichever version's parameters ask
		expect(v1.requests).toEqual(v11.requests);
		expect(v12.requests).toEqual(v11.requests);
		// The same objects; 1.2 gives none of Graph's annotations (output convention), whatever 1 and 1.1 gave
		expect(withoutODataKeys(v1.output)).toEqual(withoutODataKeys(v11.output));
		expect(v12.output).toEqual(withoutODataKeys(v11.output));
	});

	it('earlier versions keep what their output had: @odata.type on direct reports (1.1) and members (1)', async () => {
		const { emulator } = world;
		const reports = { resource: 'user', operation: 'getDirectReports', user: byId(U.lee.id) };
		expect((await runAt(emulator, 1.1, reports)).output[0]['@odata.type']).toBe(
			'#microsoft.graph.user',
		);
		expect((await runAt(emulator, 1.2, reports)).output[0]['@odata.type']).toBeUndefined();
		const members = { resource: 'group', operation: 'getMembers', group: byId(G.itAdmins.id) };
		expect(
			(await runAt(emulator, 1, members)).output.map((member) => member['@odata.type']),
		).toContain('#microsoft.graph.user');
		expect(
			(await runAt(emulator, 1.2, members)).output.map((member) => member.objectType),
		).toContain('user');
	});
});

describe('listing fields new in version 1.2', () => {
	it('User > Get Groups: Search (display name) and Filter (OData), with Security Groups Only', async () => {
		const { emulator } = world;
		const names = async (extra: INodeParameters) =>
			(
				await runAt(emulator, 1.2, {
					resource: 'user',
					operation: 'getGroups',
					user: byId(U.diego.id),
					membership: 'transitive',
					...extra,
				})
			).output.map((group) => group.displayName);
		expect((await names({})).sort()).toEqual(['All Company', 'Cycle A', 'Cycle B']);
		expect((await names({ search: 'cycle' })).sort()).toEqual(['Cycle A', 'Cycle B']);
		expect(await names({ filters: { filter: "displayName eq 'Cycle B'" } })).toEqual(['Cycle B']);
		const combined = await runAt(emulator, 1.2, {
			resource: 'user',
			operation: 'getGroups',
			user: byId(U.diego.id),
			securityOnly: true,
			filters: { filter: "startswith(displayName,'Cycle')" },
		});
		expect(combined.requests[0].query).toContain(
			"$filter=(securityEnabled eq true) and (startswith(displayName,'Cycle'))",
		);
	});

	it('User > Get Direct Reports: Filter (OData)', async () => {
		const { emulator } = world;
		emulator.admin.setManager(U.alex.id, U.lee.id);
		const all = await runAt(emulator, 1.2, {
			resource: 'user',
			operation: 'getDirectReports',
			user: byId(U.lee.id),
		});
		expect(all.output.map((user) => user.id).sort()).toEqual([U.alex.id, U.johanna.id].sort());
		const filtered = await runAt(emulator, 1.2, {
			resource: 'user',
			operation: 'getDirectReports',
			user: byId(U.lee.id),
			filters: { filter: "department eq 'Marketing'" },
		});
		expect(filtered.output.map((user) => user.id)).toEqual([U.alex.id]);
	});

	it('Deleted Item > Get Many: Filter (OData), with the default order', async () => {
		const { emulator } = world;
		for (const user of [U.nestor, U.patti, U.diego]) {
			emulator.admin.deleteUser(user.id);
			emulator.admin.advanceClock(60);
		}
		const run = await runAt(emulator, 1.2, {
			resource: 'deletedItem',
			operation: 'getAll',
			objectType: 'user',
			returnAll: true,
			filters: { filter: "startswith(displayName,'Patti') or startswith(displayName,'Diego')" },
		});
		expect(run.output.map((user) => user.id)).toEqual([U.diego.id, U.patti.id]);
		expect(run.requests[0].query).toEqual(
			expect.arrayContaining(['$orderby=deletedDateTime desc', '$count=true']),
		);
	});

	it('a raw filter that would break out of its clause is refused before any request', async () => {
		const { emulator } = world;
		emulator.admin.clearLog();
		const failure = await executeNode(
			node,
			{
				resource: 'user',
				operation: 'getGroups',
				user: byId(U.diego.id),
				securityOnly: true,
				filters: { filter: "x eq 'a') or (true" },
			},
			[{ json: {} }],
			{
				credentials: emulatorCredentials(emulator.url, DEMO_APP, DEMO_TENANT_ID),
			},
		).then(
			() => undefined,
			(error: Error) => error,
		);
		expect(failure?.message).toMatch(/"Filter \(OData\)" is not a complete filter/);
		expect(graphLog(emulator)).toHaveLength(0);
	});
});

describe('listing parameters by node version (what the editor shows and saves)', () => {
	const { description } = node;
	/** The parameters n8n resolves for a node of this version: shown ones, with their defaults. */
	const shown = (typeVersion: number, parameters: INodeParameters) =>
		NodeHelpers.getNodeParameters(
			description.properties,
			parameters,
			true,
			false,
			{ typeVersion },
			description,
		) ?? {};

	it('new nodes are version 1.2', () => {
		expect(description.defaultVersion).toBe(1.2);
		expect(description.version).toEqual([1, 1.1, 1.2]);
	});

	it.each([
		['group', 'getAll'],
		['group', 'getMembers'],
		['group', 'getTransitiveMembers'],
		['group', 'getOwners'],
		['user', 'getAll'],
		['user', 'getGroups'],
		['user', 'getDirectReports'],
		['deletedItem', 'getAll'],
	])(
		'%s > %s: version 1.2 has Search at the top (where Graph has $search), Return All, Filters with "Filter (OData)"',
		(resource, operation) => {
			const parameters = shown(1.2, {
				resource,
				operation,
				filters: { filter: "displayName eq 'x'" },
			});
			if (operation === 'getDirectReports') expect(parameters).not.toHaveProperty('search');
			else expect(parameters.search).toBe('');
			expect(parameters).toHaveProperty('returnAll');
			expect(parameters.filters).toEqual({ filter: "displayName eq 'x'" });
			// and version 1.1 nodes of these listings show nothing new
			const earlier = shown(1.1, { resource, operation });
			if (['getGroups', 'getDirectReports'].includes(operation))
				expect(earlier).not.toHaveProperty('filters');
		},
	);

	it('version 1.1 nodes keep Search and Order By inside Filters, and the Sort list of deleted items', () => {
		const groups = shown(1.1, {
			resource: 'group',
			operation: 'getAll',
			filters: { search: 'x', orderBy: 'displayName desc' },
		});
		expect(groups.filters).toEqual({ search: 'x', orderBy: 'displayName desc' });
		expect(groups).not.toHaveProperty('search');
		expect(groups).not.toHaveProperty('sort');
		const members = shown(1.1, {
			resource: 'group',
			operation: 'getMembers',
			filters: { search: 'x' },
		});
		expect(members.filters).toEqual({ search: 'x' });
		expect(members).not.toHaveProperty('search');
		expect(shown(1, { resource: 'deletedItem', operation: 'getAll' }).sort).toBe('deletedDesc');
		expect(shown(1.2, { resource: 'deletedItem', operation: 'getAll' }).sort).toEqual({});
	});

	it("Return All defaults: a user's groups and a manager's reports all, directory-wide listings 50", () => {
		for (const typeVersion of [1, 1.1, 1.2]) {
			expect(shown(typeVersion, { resource: 'user', operation: 'getGroups' }).returnAll).toBe(true);
			expect(
				shown(typeVersion, { resource: 'user', operation: 'getDirectReports' }).returnAll,
			).toBe(true);
			expect(shown(typeVersion, { resource: 'user', operation: 'getAll' })).toMatchObject({
				returnAll: false,
				limit: 50,
			});
			expect(shown(typeVersion, { resource: 'group', operation: 'getAll' })).toMatchObject({
				returnAll: false,
				limit: 50,
			});
		}
	});
});
