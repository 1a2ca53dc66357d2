import { DEMO_APP, DEMO_GROUPS, DEMO_USERS } from './index';
import { deltaRound, sharedHarness } from './helpers';

const MINIMAL = { Prefer: 'return=minimal' };

describe('emulator: delta query (users and groups)', () => {
	const h = sharedHarness({}, { signIn: true });

	const latest = async (kind: 'users' | 'groups', select: string) => {
		const answer = await h.get(`/${kind}/delta?$select=${select}&$deltatoken=latest`);
		return answer.body['@odata.deltaLink'] as string;
	};

	// docs: delta-query-overview: nextLink while more pages (even empty), deltaLink at the end, never both
	test('initial round pages with nextLinks and ends with a deltaLink', async () => {
		h.emu.admin.seed({ users: 439 });
		const round = await deltaRound(h, '/users/delta?$select=displayName,userPrincipalName');
		expect(round.pages.length).toBe(3);
		expect(round.items).toHaveLength(450);
		expect(new Set(round.items.map((u) => u.id)).size).toBe(450);
		for (const page of round.pages.slice(0, -1)) {
			expect(page['@odata.nextLink']).toContain('$skiptoken=');
			expect(page['@odata.deltaLink']).toBeUndefined();
		}
		expect(round.deltaLink).toContain('$deltatoken=');
		// No changes: the deltaLink answers an empty page with a new deltaLink.
		const next = await h.get(round.deltaLink);
		expect(next.body.value).toEqual([]);
		expect(next.body['@odata.deltaLink']).toBeDefined();
	});

	// docs: delta-query-overview: "$deltaToken=latest ... the response will contain a @odata.deltaLink and no resource data"
	test('$deltatoken=latest returns only a deltaLink; later changes come through it', async () => {
		const answer = await h.get('/users/delta?$select=displayName&$deltatoken=latest');
		expect(answer.body.value).toEqual([]);
		expect(answer.body['@odata.nextLink']).toBeUndefined();
		const link = answer.body['@odata.deltaLink'];
		await h.graph('PATCH', `/users/${DEMO_USERS.lee.id}`, {
			body: { displayName: 'Lee Gu (CTO)' },
		});
		const round = await deltaRound(h, link);
		expect(round.items).toEqual([{ id: DEMO_USERS.lee.id, displayName: 'Lee Gu (CTO)' }]);
	});

	// docs: user: delta "If a $select query parameter is used ... If a change occurs to a property that is not selected, the resource ... does not appear"
	test('$select tracks only the selected properties (encoded in the links)', async () => {
		const link = await latest('users', 'displayName,jobTitle');
		await h.graph('PATCH', `/users/${DEMO_USERS.lee.id}`, { body: { department: 'Research' } });
		expect((await deltaRound(h, link)).items).toEqual([]);
		await h.graph('PATCH', `/users/${DEMO_USERS.lee.id}`, { body: { jobTitle: 'CTO' } });
		const round = await deltaRound(h, link);
		// Default behaviour: "Both changed and unchanged properties are included".
		expect(round.items).toEqual([
			{ id: DEMO_USERS.lee.id, displayName: 'Lee Gu', jobTitle: 'CTO' },
		]);
	});

	// docs: user: delta "prefer:return=minimal ... If the property has not changed, the property is not included", nulls included
	test('Prefer: return=minimal returns only changed properties, including nulls', async () => {
		const link = await latest('users', 'displayName,jobTitle,mobilePhone');
		await h.graph('PATCH', `/users/${DEMO_USERS.alex.id}`, {
			body: { jobTitle: null, displayName: 'Alex W.' },
		});
		const minimal = await h.get(link, MINIMAL);
		expect(minimal.headers.get('preference-applied')).toBe('return=minimal');
		expect(minimal.body.value).toEqual([
			{ id: DEMO_USERS.alex.id, displayName: 'Alex W.', jobTitle: null },
		]);
		const full = await h.get(link);
		expect(full.body.value).toEqual([
			{
				id: DEMO_USERS.alex.id,
				displayName: 'Alex W.',
				jobTitle: null,
				mobilePhone: '+1 425 555 0109',
			},
		]);
	});

	// docs: delta-query-overview "Newly created instances ... standard representation"; no created flag (createdDateTime selectable)
	test('a created user comes as a full object without any created marker', async () => {
		const link = await latest('users', 'displayName,createdDateTime,accountEnabled');
		const created = await h.graph('POST', '/users', {
			body: {
				accountEnabled: true,
				displayName: 'New Hire',
				mailNickname: 'newhire',
				userPrincipalName: 'new.hire@contoso.com',
				passwordProfile: { password: 'Str0ng!Passw0rd' },
			},
		});
		const round = await deltaRound(h, link, MINIMAL);
		expect(round.items).toEqual([
			{
				id: created.body.id,
				displayName: 'New Hire',
				accountEnabled: true,
				createdDateTime: expect.stringMatching(/Z$/),
			},
		]);
	});

	// docs: delta-query-users / overview: soft delete -> @removed "changed"; permanent -> "deleted"; restored objects come back
	test('user soft delete, restore and permanent delete', async () => {
		let link = await latest('users', 'displayName');
		await h.graph('DELETE', `/users/${DEMO_USERS.diego.id}`);
		let round = await deltaRound(h, link);
		expect(round.items).toEqual([{ id: DEMO_USERS.diego.id, '@removed': { reason: 'changed' } }]);
		await h.graph('POST', `/directory/deletedItems/${DEMO_USERS.diego.id}/restore`);
		round = await deltaRound(h, (link = round.deltaLink));
		expect(round.items).toEqual([{ id: DEMO_USERS.diego.id, displayName: 'Diego Siciliani' }]);
		await h.graph('DELETE', `/users/${DEMO_USERS.diego.id}`);
		await h.graph('DELETE', `/directory/deletedItems/${DEMO_USERS.diego.id}`);
		round = await deltaRound(h, round.deltaLink);
		expect(round.items).toEqual([{ id: DEMO_USERS.diego.id, '@removed': { reason: 'deleted' } }]);
	});

	// GRAPH.md (group: delete docs): Microsoft 365 group delete -> @removed changed; security group -> deleted
	test('group deletes: Microsoft 365 "changed", security "deleted"', async () => {
		const link = await latest('groups', 'displayName');
		await h.graph('DELETE', `/groups/${DEMO_GROUPS.marketing.id}`);
		await h.graph('DELETE', `/groups/${DEMO_GROUPS.itAdmins.id}`);
		const round = await deltaRound(h, link);
		expect(round.items).toEqual(
			expect.arrayContaining([
				{ id: DEMO_GROUPS.marketing.id, '@removed': { reason: 'changed' } },
				{ id: DEMO_GROUPS.itAdmins.id, '@removed': { reason: 'deleted' } },
			]),
		);
	});

	// docs: delta-query-groups: members@delta with added members and removed ones (@removed reason deleted)
	test('members@delta reports added and removed members; $select=members ignores renames', async () => {
		const link = await latest('groups', 'members');
		await h.graph('POST', `/groups/${DEMO_GROUPS.itAdmins.id}/members/$ref`, {
			body: {
				'@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${DEMO_USERS.lee.id}`,
			},
		});
		await h.graph(
			'DELETE',
			`/groups/${DEMO_GROUPS.itAdmins.id}/members/${DEMO_USERS.dollar.id}/$ref`,
		);
		await h.graph('PATCH', `/groups/${DEMO_GROUPS.guests.id}`, {
			body: { displayName: 'Renamed' },
		});
		const round = await deltaRound(h, link, MINIMAL);
		expect(round.items).toEqual([
			{
				id: DEMO_GROUPS.itAdmins.id,
				'members@delta': expect.arrayContaining([
					{ '@odata.type': '#microsoft.graph.user', id: DEMO_USERS.lee.id },
					{
						'@odata.type': '#microsoft.graph.user',
						id: DEMO_USERS.dollar.id,
						'@removed': { reason: 'deleted' },
					},
				]),
			},
		]);
		expect(round.items[0]['members@delta']).toHaveLength(2);
	});

	// docs: delta-query-groups "Paging through members in a large group": the group repeats, each page a slice
	test('a large group is split over pages, each holding a slice of members@delta', async () => {
		h.emu.admin.seed({ users: 1200 });
		const big = h.emu.admin.createGroup({ displayName: 'Everyone generated' });
		const users = h.emu.admin.getState().users;
		expect(users).toBeGreaterThan(1200);
		const all = await (async () => {
			const ids: string[] = [];
			let next: string | undefined = '/users?$top=999&$select=id';
			while (next) {
				const page = await h.get(next);
				ids.push(...page.body.value.map((u: { id: string }) => u.id));
				next = page.body['@odata.nextLink'];
			}
			return ids;
		})();
		for (const id of all) h.emu.admin.addMember(String(big.id), id);
		const round = await deltaRound(
			h,
			`/groups/delta?$select=displayName,members&$filter=id eq '${big.id}'`,
		);
		expect(round.pages.length).toBeGreaterThan(2);
		const slices = round.items.filter((g) => g.id === big.id);
		expect(slices.length).toBe(round.pages.length);
		for (const slice of slices) expect(slice.displayName).toBe('Everyone generated');
		const members = new Set(
			slices.flatMap((g) => g['members@delta'].map((m: { id: string }) => m.id)),
		);
		expect(members.size).toBe(all.length);
	});

	// docs: delta-query-overview "It's possible that a single entity will be contained multiple times" (replays)
	test('a change made during a round comes again in the next round', async () => {
		h.emu.admin.seed({ users: 300 });
		const first = await h.get('/users/delta?$select=displayName');
		expect(first.body['@odata.nextLink']).toBeDefined();
		h.emu.admin.updateUser(DEMO_USERS.admin.id, { displayName: 'Adele V.' });
		const round = await deltaRound(h, first.body['@odata.nextLink']);
		const next = await deltaRound(h, round.deltaLink);
		expect(next.items).toEqual([{ id: DEMO_USERS.admin.id, displayName: 'Adele V.' }]);
	});

	// admin out-of-band changes feed delta exactly like API changes
	test('out-of-band admin changes appear in delta', async () => {
		const users = await latest('users', 'displayName,department');
		const groups = await latest('groups', 'members');
		const user = h.emu.admin.createUser({
			userPrincipalName: 'oob@contoso.com',
			displayName: 'Out Of Band',
			department: 'Ops',
		});
		h.emu.admin.addMember(DEMO_GROUPS.guests.id, String(user.id));
		h.emu.admin.deleteUser(DEMO_USERS.nestor.id);
		const userRound = await deltaRound(h, users);
		expect(userRound.items).toEqual(
			expect.arrayContaining([
				{ id: user.id, displayName: 'Out Of Band', department: 'Ops' },
				{ id: DEMO_USERS.nestor.id, '@removed': { reason: 'changed' } },
			]),
		);
		const groupRound = await deltaRound(h, groups);
		const guests = groupRound.items.find((g) => g.id === DEMO_GROUPS.guests.id);
		expect(guests['members@delta']).toEqual([
			{ '@odata.type': '#microsoft.graph.user', id: user.id },
		]);
		// Nestor was removed from All Company when deleted.
		const all = groupRound.items.find((g) => g.id === DEMO_GROUPS.allCompany.id);
		expect(all['members@delta']).toEqual([
			{
				'@odata.type': '#microsoft.graph.user',
				id: DEMO_USERS.nestor.id,
				'@removed': { reason: 'deleted' },
			},
		]);
	});

	// devblog "Duration of change tracking tokens": 7 days, then 400 syncStateNotFound
	test('tokens older than 7 days: 400 syncStateNotFound (or Request_UnsupportedQuery variant)', async () => {
		const link = await latest('users', 'displayName');
		h.emu.admin.advanceClock(7 * 86400 - 60);
		h.token = await h.tokenFor(DEMO_APP.clientId, DEMO_APP.clientSecret);
		expect((await h.get(link)).status).toBe(200);
		h.emu.admin.advanceClock(120);
		const expired = await h.get(link);
		expect(expired.status).toBe(400);
		expect(expired.body.error.code).toBe('syncStateNotFound');
		expect(expired.body.error.message).toContain('The sync state generation is not found');
		h.emu.admin.setDeltaExpiryError('unsupportedQuery');
		const variant = await h.get(link);
		expect(variant.body.error.code).toBe('Request_UnsupportedQuery');
		h.emu.admin.setDeltaExpiryError('syncStateNotFound');
	});

	// docs: delta-query-overview "Synchronization reset": 410 Gone with a Location for a full resync
	test('forced resync: 410 Gone with a Location that starts a full round with the same $select', async () => {
		const link = await latest('users', 'displayName,jobTitle');
		h.emu.admin.forceDeltaResync('users');
		const gone = await h.get(link);
		expect(gone.status).toBe(410);
		const location = gone.headers.get('location') as string;
		expect(location).toContain('/v1.0/users/delta?$select=displayName,jobTitle');
		const round = await deltaRound(h, location);
		expect(round.items.length).toBe(11);
		expect(Object.keys(round.items[0]).sort()).toEqual(['displayName', 'id', 'jobTitle']);
		expect((await h.get(round.deltaLink)).status).toBe(200);
		// Groups were not reset.
		expect((await h.get(await latest('groups', 'displayName'))).status).toBe(200);
	});

	// docs: user: delta "$filter ... only id eq"; overview: $top, $orderby, $expand not supported for users and groups
	test('delta query options: only id filters; $top/$orderby/$expand refused', async () => {
		const round = await deltaRound(
			h,
			`/users/delta?$select=displayName&$filter=id eq '${DEMO_USERS.lee.id}' or id eq '${DEMO_USERS.alex.id}'`,
		);
		expect(round.items.map((u) => u.id).sort()).toEqual(
			[DEMO_USERS.lee.id, DEMO_USERS.alex.id].sort(),
		);
		expect((await h.get("/users/delta?$filter=displayName eq 'x'")).status).toBe(400);
		expect((await h.get('/users/delta?$top=5')).status).toBe(400);
		expect((await h.get('/groups/delta?$expand=members')).status).toBe(400);
	});

	// docs: group: delta "members@delta property is included ... when the $select query parameter has not been specified"
	test('groups delta without $select carries the default properties and members@delta', async () => {
		const round = await deltaRound(h, '/groups/delta');
		const all = round.items.find((g) => g.id === DEMO_GROUPS.allCompany.id);
		expect(all).toMatchObject({
			displayName: 'All Company',
			groupTypes: ['Unified'],
			mailEnabled: true,
		});
		expect(all['members@delta']).toHaveLength(9);
		const dynamic = round.items.find((g) => g.id === DEMO_GROUPS.salesDynamic.id);
		expect(dynamic['members@delta']).toEqual([
			{ '@odata.type': '#microsoft.graph.user', id: DEMO_USERS.isaiah.id },
		]);
	});

	// docs: delta requires the same permissions as reading the resource (GroupMember.Read.All / User.Read.All)
	test('delta needs read permission: the read-only app may, an unknown token may not', async () => {
		expect(
			(await h.graph('GET', '/groups/delta?$deltatoken=latest', { token: 'nope' })).status,
		).toBe(401);
	});
});
