import { DEMO_DEVICES, DEMO_GROUPS, DEMO_USERS } from './demo-tenant';
import { allPages, deltaRound, EVENTUAL, sharedHarness } from './helpers';

/**
 * Deleted items, invitations, reporting lines and membership checks, each against its Microsoft Graph
 * v1.0 reference page (named in each test).
 */
describe('emulator: deleted items, guests, reporting lines, membership checks', () => {
	const h = sharedHarness();

	// https://learn.microsoft.com/graph/api/directory-deleteditems-list: the cast is required; $search
	// and $orderby on deletedDateTime are advanced queries; 100 per page by default, $top up to 999.
	test('List deletedItems: cast, $search with ConsistencyLevel, paging', async () => {
		for (const user of [DEMO_USERS.diego, DEMO_USERS.lee, DEMO_USERS.patti])
			h.emu.admin.deleteUser(user.id);
		const search = await h.get(
			'/directory/deletedItems/microsoft.graph.user?$search="displayName:diego"&$count=true',
			EVENTUAL,
		);
		expect(search.body.value.map((u: { id: string }) => u.id)).toEqual([DEMO_USERS.diego.id]);
		expect(
			(await h.get('/directory/deletedItems/microsoft.graph.user?$search="displayName:diego"'))
				.status,
		).toBe(400);
		const { items, pages } = await allPages(
			h,
			'/directory/deletedItems/microsoft.graph.user?$top=2&$select=id,deletedDateTime',
		);
		expect(items).toHaveLength(3);
		expect(pages).toHaveLength(2);
		expect((await h.get('/directory/deletedItems/microsoft.graph.group')).body.value).toEqual([]);
	});

	// https://learn.microsoft.com/graph/api/directory-deleteditems-restore: 200 with the object; it then
	// shows in delta as a new object (delta query overview: restored objects come back as created).
	test('Restore deleted item: delta reports the restored user as added', async () => {
		const first = await deltaRound(h, '/users/delta?$deltatoken=latest&$select=id,displayName');
		h.emu.admin.deleteUser(DEMO_USERS.diego.id);
		const afterDelete = await deltaRound(h, first.deltaLink);
		expect(afterDelete.items).toEqual([
			expect.objectContaining({ id: DEMO_USERS.diego.id, '@removed': { reason: 'changed' } }),
		]);
		const restored = await h.graph(
			'POST',
			`/directory/deletedItems/${DEMO_USERS.diego.id}/restore`,
		);
		expect(restored.status).toBe(200);
		expect(restored.body).toMatchObject({
			'@odata.type': '#microsoft.graph.user',
			id: DEMO_USERS.diego.id,
			displayName: 'Diego Siciliani',
		});
		const afterRestore = await deltaRound(h, afterDelete.deltaLink);
		expect(afterRestore.items).toEqual([
			expect.objectContaining({ id: DEMO_USERS.diego.id, displayName: 'Diego Siciliani' }),
		]);
		expect(afterRestore.items[0]['@removed']).toBeUndefined();
	});

	// Restore fails when the UPN (users) or mail (Microsoft 365 groups) is now held by another object.
	test('Restore deleted item: UPN or mail taken by another object is 400 Request_BadRequest', async () => {
		h.emu.admin.deleteUser(DEMO_USERS.diego.id);
		h.emu.admin.createUser({
			userPrincipalName: DEMO_USERS.diego.userPrincipalName,
			displayName: 'New Diego',
			mailNickname: 'newdiego',
			accountEnabled: true,
		});
		const user = await h.graph('POST', `/directory/deletedItems/${DEMO_USERS.diego.id}/restore`);
		expect(user.status).toBe(400);
		expect(user.body.error.code).toBe('Request_BadRequest');
		expect((await h.get(`/directory/deletedItems/${DEMO_USERS.diego.id}`)).status).toBe(200);

		h.emu.admin.deleteGroup(DEMO_GROUPS.marketing.id);
		h.emu.admin.createGroup({
			displayName: 'Marketing 2',
			mailNickname: 'marketing',
			groupTypes: ['Unified'],
			mailEnabled: true,
			securityEnabled: false,
			mail: 'marketing@contoso.com',
		});
		const group = await h.graph(
			'POST',
			`/directory/deletedItems/${DEMO_GROUPS.marketing.id}/restore`,
		);
		expect(group.status).toBe(400);
		expect(group.body.error.code).toBe('Request_BadRequest');
	});

	// https://learn.microsoft.com/graph/api/invitation-post: 201, the invited user (userType Guest) and
	// inviteRedeemUrl; both addresses required; a second invitation is for the same user.
	test('Create invitation: guest user, redeem URL, message sent or not, same user again', async () => {
		const answer = await h.graph('POST', '/invitations', {
			body: {
				invitedUserEmailAddress: 'ada@fabrikam.com',
				inviteRedirectUrl: 'https://myapps.microsoft.com',
				sendInvitationMessage: true,
				invitedUserMessageInfo: { customizedMessageBody: 'Welcome' },
			},
		});
		expect(answer.status).toBe(201);
		expect(answer.body).toMatchObject({
			invitedUserEmailAddress: 'ada@fabrikam.com',
			invitedUserType: 'Guest',
			status: 'PendingAcceptance',
			sendInvitationMessage: true,
		});
		expect(answer.body.inviteRedeemUrl).toMatch(
			/^https:\/\/login\.microsoftonline\.com\/redeem\?rd=/,
		);
		const userId = answer.body.invitedUser.id;
		const user = await h.get(
			`/users/${userId}?$select=userPrincipalName,userType,mail,externalUserState,creationType`,
		);
		expect(user.body).toMatchObject({
			userPrincipalName: 'ada_fabrikam.com#EXT#@contoso.onmicrosoft.com',
			userType: 'Guest',
			mail: 'ada@fabrikam.com',
			externalUserState: 'PendingAcceptance',
			creationType: 'Invitation',
		});
		expect(h.emu.admin.sentInvitations()).toEqual([
			expect.objectContaining({ to: 'ada@fabrikam.com', customizedMessageBody: 'Welcome', userId }),
		]);

		const again = await h.graph('POST', '/invitations', {
			body: {
				invitedUserEmailAddress: 'ADA@fabrikam.com',
				inviteRedirectUrl: 'https://myapps.microsoft.com',
			},
		});
		expect(again.status).toBe(201);
		expect(again.body.invitedUser.id).toBe(userId);
		expect(again.body.id).not.toBe(answer.body.id);
		expect(h.emu.admin.sentInvitations()).toHaveLength(1);

		expect(
			(await h.graph('POST', '/invitations', { body: { inviteRedirectUrl: 'https://x.test' } }))
				.status,
		).toBe(400);
		expect(
			(
				await h.graph('POST', '/invitations', {
					body: { invitedUserEmailAddress: 'b@fabrikam.com' },
				})
			).status,
		).toBe(400);
		expect(
			(
				await h.graph('POST', '/invitations', {
					body: {
						invitedUserEmailAddress: 'b@fabrikam.com',
						inviteRedirectUrl: 'https://x.test',
						invitedUserType: 'Owner',
					},
				})
			).status,
		).toBe(400);
	});

	// https://learn.microsoft.com/graph/api/user-list-manager: "Get the management chain" with
	// $expand=manager($levels=max;$select=...), nested; $levels needs ConsistencyLevel: eventual.
	test('List manager: management chain with $levels', async () => {
		// Johanna -> Lee; Lee has none: give Lee a manager Alex (-> Megan -> Adele).
		h.emu.admin.setManager(DEMO_USERS.lee.id, DEMO_USERS.alex.id);
		const chain = await h.get(
			`/users/${DEMO_USERS.johanna.id}?$expand=manager($levels=max;$select=id,displayName)&$select=id,displayName&$count=true`,
			EVENTUAL,
		);
		expect(chain.status).toBe(200);
		const ids: string[] = [];
		for (let node = chain.body.manager; node; node = node.manager) ids.push(node.id);
		expect(ids).toEqual([
			DEMO_USERS.lee.id,
			DEMO_USERS.alex.id,
			DEMO_USERS.megan.id,
			DEMO_USERS.admin.id,
		]);
		const two = await h.get(
			`/users/${DEMO_USERS.johanna.id}?$expand=manager($levels=2;$select=id)&$count=true`,
			EVENTUAL,
		);
		expect(two.body.manager.manager.id).toBe(DEMO_USERS.alex.id);
		expect(two.body.manager.manager.manager).toBeUndefined();
		expect(
			(await h.get(`/users/${DEMO_USERS.johanna.id}?$expand=manager($levels=max)`)).status,
		).toBe(400);
		expect(
			(
				await h.get(
					`/users/${DEMO_USERS.johanna.id}?$expand=manager($levels=0)&$count=true`,
					EVENTUAL,
				)
			).status,
		).toBe(400);
	});

	// https://learn.microsoft.com/graph/api/user-list-directreports (cast to users; default paging).
	test('List directReports: users, cast to microsoft.graph.user', async () => {
		const reports = await h.get(
			`/users/${DEMO_USERS.megan.id}/directReports/microsoft.graph.user?$select=id`,
		);
		expect(reports.body.value.map((u: { id: string }) => u.id)).toEqual([DEMO_USERS.alex.id]);
		expect(
			(await h.get(`/users/${DEMO_USERS.megan.id}/directReports/microsoft.graph.group`)).status,
		).toBe(400);
	});

	// https://learn.microsoft.com/graph/api/directoryobject-checkmembergroups: transitive, at most 20
	// ids; users, groups, devices and directoryObjects.
	test('checkMemberGroups: transitive, 20 ids at most, users, groups and devices', async () => {
		const ids = [DEMO_GROUPS.engineering.id, DEMO_GROUPS.marketing.id, DEMO_GROUPS.platform.id];
		const user = await h.graph('POST', `/users/${DEMO_USERS.johanna.id}/checkMemberGroups`, {
			body: { groupIds: ids },
		});
		expect(user.status).toBe(200);
		expect(user.body.value.sort()).toEqual(
			[DEMO_GROUPS.engineering.id, DEMO_GROUPS.platform.id].sort(),
		);
		const group = await h.graph('POST', `/groups/${DEMO_GROUPS.platform.id}/checkMemberGroups`, {
			body: { groupIds: ids },
		});
		expect(group.body.value).toEqual([DEMO_GROUPS.engineering.id]);
		const device = await h.graph(
			'POST',
			`/devices/${DEMO_DEVICES.adminLaptop.id}/checkMemberGroups`,
			{ body: { groupIds: [DEMO_GROUPS.itAdmins.id, DEMO_GROUPS.engineering.id] } },
		);
		expect(device.body.value).toEqual([DEMO_GROUPS.itAdmins.id]);
		const object = await h.graph(
			'POST',
			`/directoryObjects/${DEMO_USERS.johanna.id}/checkMemberGroups`,
			{ body: { groupIds: ids } },
		);
		expect(object.body.value.sort()).toEqual(user.body.value.sort());
		const tooMany = Array.from(
			{ length: 21 },
			(_, n) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
		);
		expect(
			(
				await h.graph('POST', `/users/${DEMO_USERS.johanna.id}/checkMemberGroups`, {
					body: { groupIds: tooMany },
				})
			).status,
		).toBe(400);
		expect((await h.graph('GET', `/users/${DEMO_USERS.johanna.id}/checkMemberGroups`)).status).toBe(
			405,
		);
		expect(
			(
				await h.graph('POST', `/users/ghost@contoso.com/checkMemberGroups`, {
					body: { groupIds: ids },
				})
			).status,
		).toBe(404);
	});

	// https://learn.microsoft.com/graph/api/directoryobject-getmembergroups: every group, transitive;
	// securityEnabledOnly required.
	test('getMemberGroups: all groups, or security groups only', async () => {
		const all = await h.graph('POST', `/users/${DEMO_USERS.johanna.id}/getMemberGroups`, {
			body: { securityEnabledOnly: false },
		});
		expect(all.body.value.sort()).toEqual(
			[DEMO_GROUPS.allCompany.id, DEMO_GROUPS.platform.id, DEMO_GROUPS.engineering.id].sort(),
		);
		const security = await h.graph('POST', `/users/${DEMO_USERS.johanna.id}/getMemberGroups`, {
			body: { securityEnabledOnly: true },
		});
		expect(security.body.value.sort()).toEqual(
			[DEMO_GROUPS.platform.id, DEMO_GROUPS.engineering.id].sort(),
		);
		expect(
			(await h.graph('POST', `/users/${DEMO_USERS.johanna.id}/getMemberGroups`, { body: {} }))
				.status,
		).toBe(400);
	});
});
