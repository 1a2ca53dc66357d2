import { DEMO_DEVICES, DEMO_GROUPS, DEMO_USERS } from './index';
import { EVENTUAL, sharedHarness } from './helpers';

const ref = (id: string) => ({
	'@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}`,
});
const ids = (body: { value: { id: string }[] }) => body.value.map((o) => o.id).sort();

describe('emulator: groups and members', () => {
	const h = sharedHarness({}, { signIn: true });

	// docs: create group: security ([]), Microsoft 365 (["Unified"]), dynamic (membershipRule, processing On)
	test('create security, Microsoft 365 and dynamic groups (201)', async () => {
		const security = await h.graph('POST', '/groups', {
			body: { displayName: 'Sec', mailEnabled: false, mailNickname: 'sec', securityEnabled: true },
		});
		expect(security.status).toBe(201);
		expect(security.body).toMatchObject({
			groupTypes: [],
			securityEnabled: true,
			mailEnabled: false,
			mail: null,
		});
		const unified = await h.graph('POST', '/groups', {
			body: {
				displayName: 'M365',
				mailEnabled: true,
				mailNickname: 'm365',
				securityEnabled: false,
				groupTypes: ['Unified'],
			},
		});
		expect(unified.body.groupTypes).toEqual(['Unified']);
		expect(unified.body.mail).toBe('m365@contoso.com');
		const dynamic = await h.graph('POST', '/groups', {
			body: {
				displayName: 'Eng',
				mailEnabled: false,
				mailNickname: 'eng',
				securityEnabled: true,
				groupTypes: ['DynamicMembership'],
				membershipRule: 'user.department -eq "Engineering"',
				membershipRuleProcessingState: 'On',
			},
		});
		expect(dynamic.status).toBe(201);
		const members = await h.get(`/groups/${dynamic.body.id}/members?$select=id`);
		expect(ids(members.body)).toEqual([DEMO_USERS.lee.id, DEMO_USERS.johanna.id].sort());
		const missing = await h.graph('POST', '/groups', {
			body: { displayName: 'x', mailEnabled: false, securityEnabled: true },
		});
		expect(missing.status).toBe(400);
	});

	// docs: members@odata.bind / owners@odata.bind at creation, 20 at most
	test('create with members and owners bound, at most 20 references', async () => {
		const created = await h.graph('POST', '/groups', {
			body: {
				displayName: 'Bound',
				mailEnabled: false,
				mailNickname: 'bound',
				securityEnabled: true,
				'members@odata.bind': [
					ref(DEMO_USERS.alex.id)['@odata.id'],
					ref(DEMO_USERS.lee.id)['@odata.id'],
				],
				'owners@odata.bind': [`https://graph.microsoft.com/v1.0/users/${DEMO_USERS.admin.id}`],
			},
		});
		expect(created.status).toBe(201);
		expect(ids((await h.get(`/groups/${created.body.id}/members`)).body)).toEqual(
			[DEMO_USERS.alex.id, DEMO_USERS.lee.id].sort(),
		);
		expect(ids((await h.get(`/groups/${created.body.id}/owners`)).body)).toEqual([
			DEMO_USERS.admin.id,
		]);
		h.emu.admin.seed({ users: 25 });
		const many = (await h.get('/users?$top=21&$select=id')).body.value.map(
			(u: { id: string }) => ref(u.id)['@odata.id'],
		);
		const tooMany = await h.graph('POST', '/groups', {
			body: {
				displayName: 'Big',
				mailEnabled: false,
				mailNickname: 'big',
				securityEnabled: true,
				'members@odata.bind': many,
			},
		});
		expect(tooMany.status).toBe(400);
	});

	// docs: add member POST members/$ref -> 204; 400 already a member; 404 unknown object
	test('members/$ref: add 204, already-member 400, unknown 404; remove 204, not-member 404', async () => {
		const group = DEMO_GROUPS.itAdmins.id;
		expect(
			(await h.graph('POST', `/groups/${group}/members/$ref`, { body: ref(DEMO_USERS.lee.id) }))
				.status,
		).toBe(204);
		const again = await h.graph('POST', `/groups/${group}/members/$ref`, {
			body: ref(DEMO_USERS.lee.id),
		});
		expect(again.status).toBe(400);
		expect(again.body.error).toMatchObject({
			code: 'Request_BadRequest',
			message:
				"One or more added object references already exist for the following modified properties: 'members'.",
		});
		const unknown = await h.graph('POST', `/groups/${group}/members/$ref`, {
			body: ref('11111111-1111-4111-8111-111111111111'),
		});
		expect(unknown.status).toBe(404);
		expect(unknown.body.error.code).toBe('Request_ResourceNotFound');
		expect(
			(await h.graph('DELETE', `/groups/${group}/members/${DEMO_USERS.lee.id}/$ref`)).status,
		).toBe(204);
		const notMember = await h.graph('DELETE', `/groups/${group}/members/${DEMO_USERS.lee.id}/$ref`);
		expect(notMember.status).toBe(404);
	});

	// docs: PATCH members@odata.bind: up to 20 per request, all-or-nothing
	test('PATCH members@odata.bind is all-or-nothing', async () => {
		const group = DEMO_GROUPS.guests.id;
		const mixed = await h.graph('PATCH', `/groups/${group}`, {
			body: {
				'members@odata.bind': [
					ref(DEMO_USERS.alex.id)['@odata.id'],
					ref(DEMO_USERS.guest.id)['@odata.id'],
				],
			},
		});
		expect(mixed.status).toBe(400);
		expect(ids((await h.get(`/groups/${group}/members`)).body)).toEqual([DEMO_USERS.guest.id]);
		const ok = await h.graph('PATCH', `/groups/${group}`, {
			body: {
				'members@odata.bind': [
					ref(DEMO_USERS.alex.id)['@odata.id'],
					ref(DEMO_USERS.lee.id)['@odata.id'],
				],
			},
		});
		expect(ok.status).toBe(204);
		expect(ids((await h.get(`/groups/${group}/members`)).body)).toHaveLength(3);
	});

	// docs: dynamic membership groups cannot have members added or removed by hand
	test('dynamic group members cannot be changed', async () => {
		const group = DEMO_GROUPS.salesDynamic.id;
		expect(ids((await h.get(`/groups/${group}/members`)).body)).toEqual([DEMO_USERS.isaiah.id]);
		expect(
			(await h.graph('POST', `/groups/${group}/members/$ref`, { body: ref(DEMO_USERS.alex.id) }))
				.status,
		).toBe(400);
		expect(
			(await h.graph('DELETE', `/groups/${group}/members/${DEMO_USERS.isaiah.id}/$ref`)).status,
		).toBe(400);
		await h.graph('PATCH', `/users/${DEMO_USERS.alex.id}`, { body: { department: 'Sales' } });
		expect(ids((await h.get(`/groups/${group}/members`)).body)).toContain(DEMO_USERS.alex.id);
	});

	// docs: List transitive members: flattens nested groups; OData cast microsoft.graph.user|group
	// (with ConsistencyLevel eventual and $count=true, see the cast test below)
	test('transitiveMembers (nested, cycle-safe) and type casts', async () => {
		const engineering = await h.get(
			`/groups/${DEMO_GROUPS.engineering.id}/transitiveMembers?$select=id`,
		);
		expect(ids(engineering.body)).toEqual(
			[DEMO_USERS.lee.id, DEMO_GROUPS.platform.id, DEMO_USERS.johanna.id].sort(),
		);
		const users = await h.get(
			`/groups/${DEMO_GROUPS.engineering.id}/transitiveMembers/microsoft.graph.user?$select=id&$count=true`,
			EVENTUAL,
		);
		expect(ids(users.body)).toEqual([DEMO_USERS.lee.id, DEMO_USERS.johanna.id].sort());
		const groups = await h.get(
			`/groups/${DEMO_GROUPS.engineering.id}/members/microsoft.graph.group?$count=true`,
			EVENTUAL,
		);
		expect(ids(groups.body)).toEqual([DEMO_GROUPS.platform.id]);
		const cycle = await h.get(`/groups/${DEMO_GROUPS.cycleA.id}/transitiveMembers?$select=id`);
		expect(ids(cycle.body)).toEqual(
			[DEMO_GROUPS.cycleB.id, DEMO_USERS.diego.id, DEMO_USERS.patti.id].sort(),
		);
	});

	// docs: members $filter is an advanced query (ConsistencyLevel eventual + $count=true)
	test('filtering members needs ConsistencyLevel eventual and $count', async () => {
		const path = `/groups/${DEMO_GROUPS.allCompany.id}/members?$filter=id eq '${DEMO_USERS.lee.id}'&$select=id`;
		expect((await h.get(path)).status).toBe(400);
		const answer = await h.get(`${path}&$count=true`, EVENTUAL);
		expect(answer.body['@odata.count']).toBe(1);
		expect(ids(answer.body)).toEqual([DEMO_USERS.lee.id]);
	});

	// docs: delete group: Microsoft 365 groups are soft-deleted (30 days), security groups are deleted permanently
	test('delete: Microsoft 365 soft, security permanent', async () => {
		expect((await h.graph('DELETE', `/groups/${DEMO_GROUPS.marketing.id}`)).status).toBe(204);
		expect((await h.graph('DELETE', `/groups/${DEMO_GROUPS.itAdmins.id}`)).status).toBe(204);
		const deleted = await h.get('/directory/deletedItems/microsoft.graph.group');
		expect(ids(deleted.body)).toEqual([DEMO_GROUPS.marketing.id]);
		expect(
			(await h.graph('POST', `/directory/deletedItems/${DEMO_GROUPS.itAdmins.id}/restore`)).status,
		).toBe(404);
		expect(
			(await h.graph('POST', `/directory/deletedItems/${DEMO_GROUPS.marketing.id}/restore`)).status,
		).toBe(200);
		expect(ids((await h.get(`/groups/${DEMO_GROUPS.marketing.id}/members`)).body)).toEqual(
			[DEMO_USERS.alex.id, DEMO_USERS.megan.id].sort(),
		);
	});

	// docs: deletedItems are kept 30 days, then permanently deleted
	test('deleted items are purged after 30 emulated days', async () => {
		await h.graph('DELETE', `/users/${DEMO_USERS.lee.id}`);
		h.emu.admin.advanceClock(29 * 86400);
		h.token = await h.tokenFor(...appCreds());
		expect((await h.get(`/directory/deletedItems/${DEMO_USERS.lee.id}`)).status).toBe(200);
		h.emu.admin.advanceClock(2 * 86400);
		h.token = await h.tokenFor(...appCreds());
		expect((await h.get(`/directory/deletedItems/${DEMO_USERS.lee.id}`)).status).toBe(404);
	});

	// docs: owners $ref add / remove
	test('owners $ref add (already-owner 400) and remove', async () => {
		const group = DEMO_GROUPS.platform.id;
		expect(
			(await h.graph('POST', `/groups/${group}/owners/$ref`, { body: ref(DEMO_USERS.johanna.id) }))
				.status,
		).toBe(204);
		expect(
			(await h.graph('POST', `/groups/${group}/owners/$ref`, { body: ref(DEMO_USERS.johanna.id) }))
				.status,
		).toBe(400);
		expect(
			(await h.graph('DELETE', `/groups/${group}/owners/${DEMO_USERS.johanna.id}/$ref`)).status,
		).toBe(204);
		expect(
			(await h.graph('DELETE', `/groups/${group}/owners/${DEMO_USERS.johanna.id}/$ref`)).status,
		).toBe(404);
	});
	// docs: List members / List transitive members, request headers: "ConsistencyLevel: eventual. This
	// header and $count are required when using the $search, $filter, $orderby, or OData cast query
	// parameters." The same rule for direct and transitive members.
	test('member casts need ConsistencyLevel eventual and $count=true, direct and transitive', async () => {
		const group = DEMO_GROUPS.engineering.id;
		for (const relation of ['members', 'transitiveMembers']) {
			for (const cast of [
				'microsoft.graph.user',
				'microsoft.graph.group',
				'microsoft.graph.device',
			]) {
				const path = `/groups/${group}/${relation}/${cast}`;
				const bare = await h.get(path);
				expect([relation, cast, bare.status, bare.body.error?.code]).toEqual([
					relation,
					cast,
					400,
					'Request_UnsupportedQuery',
				]);
				expect((await h.get(path, EVENTUAL)).status).toBe(400);
				expect((await h.get(`${path}?$count=true`)).status).toBe(400);
				const advanced = await h.get(`${path}?$count=true`, EVENTUAL);
				expect([relation, cast, advanced.status]).toEqual([relation, cast, 200]);
				expect(advanced.body['@odata.count']).toBe(advanced.body.value.length);
			}
		}
		// un-cast listings stay plain queries
		expect((await h.get(`/groups/${group}/members`)).status).toBe(200);
		expect((await h.get(`/groups/${group}/transitiveMembers`)).status).toBe(200);
	});

	// docs: List members: "An attempt to filter by an OData cast that represents an unsupported member
	// type returns a 400 Bad Request error with the Request_UnsupportedQuery code", e.g.
	// microsoft.graph.group on a Microsoft 365 group
	test('casting the members of a Microsoft 365 group to group or device is Request_UnsupportedQuery', async () => {
		const path = `/groups/${DEMO_GROUPS.allCompany.id}/members`;
		for (const cast of ['microsoft.graph.group', 'microsoft.graph.device']) {
			const answer = await h.get(`${path}/${cast}?$count=true`, EVENTUAL);
			expect(answer.status).toBe(400);
			expect(answer.body.error.code).toBe('Request_UnsupportedQuery');
		}
		expect(
			(await h.get(`${path}/microsoft.graph.user?$count=true`, EVENTUAL)).body['@odata.count'],
		).toBe(9);
	});

	// docs: device resource (@odata.type #microsoft.graph.device, id, deviceId, displayName,
	// operatingSystem, accountEnabled); List members: "OData cast is also enabled", members are
	// directoryObjects of any type; members/{cast}/$count (List members, example 3)
	test('devices are group members: the device cast lists them, the un-cast listing includes them', async () => {
		const group = DEMO_GROUPS.itAdmins.id;
		const devices = await h.get(
			`/groups/${group}/members/microsoft.graph.device?$count=true`,
			EVENTUAL,
		);
		expect(devices.status).toBe(200);
		expect(devices.body['@odata.context']).toMatch(/\$metadata#devices$/);
		expect(devices.body['@odata.count']).toBe(2);
		expect(devices.body.value[0]).toMatchObject({
			'@odata.type': '#microsoft.graph.device',
			id: DEMO_DEVICES.adminLaptop.id,
			deviceId: DEMO_DEVICES.adminLaptop.deviceId,
			displayName: 'ADELE-LAPTOP',
			operatingSystem: 'Windows',
			accountEnabled: true,
		});
		const selected = await h.get(
			`/groups/${group}/members/microsoft.graph.device?$count=true&$select=displayName,operatingSystem`,
			EVENTUAL,
		);
		expect(selected.body.value[1]).toEqual({
			'@odata.type': '#microsoft.graph.device',
			id: DEMO_DEVICES.backupServer.id,
			displayName: 'BACKUP-SRV01',
			operatingSystem: 'Windows Server',
		});
		const all = await h.get(`/groups/${group}/members`);
		expect(all.body.value.map((m: { '@odata.type': string }) => m['@odata.type']).sort()).toEqual(
			[
				'#microsoft.graph.device',
				'#microsoft.graph.device',
				'#microsoft.graph.user',
				'#microsoft.graph.user',
			].sort(),
		);
		const users = await h.get(
			`/groups/${group}/members/microsoft.graph.user?$count=true`,
			EVENTUAL,
		);
		expect(ids(users.body)).toEqual([DEMO_USERS.admin.id, DEMO_USERS.dollar.id].sort());
		const count = await h.get(`/groups/${group}/members/microsoft.graph.device/$count`, EVENTUAL);
		expect(count.body).toBe(2);
		expect(
			(
				await h.get(
					`/groups/${group}/transitiveMembers/microsoft.graph.device?$count=true`,
					EVENTUAL,
				)
			).body['@odata.count'],
		).toBe(2);
		expect((await h.get(`/groups/${group}/members/microsoft.graph.device`)).status).toBe(400);
	});

	// docs: List owners documents no ConsistencyLevel requirement; owners are users (service
	// principals are not listed on v1.0)
	test('owners cast to microsoft.graph.user works as a plain query', async () => {
		const owners = await h.get(
			`/groups/${DEMO_GROUPS.itAdmins.id}/owners/microsoft.graph.user?$select=id,displayName`,
		);
		expect(owners.status).toBe(200);
		expect(owners.body['@odata.context']).toMatch(/\$metadata#users/);
		expect(owners.body.value).toEqual([
			{
				'@odata.type': '#microsoft.graph.user',
				id: DEMO_USERS.admin.id,
				displayName: 'Adele Vance',
			},
		]);
		expect(
			(await h.get(`/groups/${DEMO_GROUPS.itAdmins.id}/owners/microsoft.graph.servicePrincipal`))
				.body.value,
		).toEqual([]);
	});
});

function appCreds(): [string, string] {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { DEMO_APP } = require('./demo-tenant');
	return [DEMO_APP.clientId, DEMO_APP.clientSecret];
}
