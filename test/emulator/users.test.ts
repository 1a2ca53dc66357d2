import { DEMO_APP, DEMO_GROUPS, DEMO_USERS } from './index';
import type { Harness } from './helpers';
import { allPages, EVENTUAL, harness } from './helpers';

const NEW_USER = {
	accountEnabled: true,
	displayName: 'Test User',
	mailNickname: 'test.user',
	userPrincipalName: 'test.user@contoso.com',
	passwordProfile: { password: 'Str0ng!Passw0rd', forceChangePasswordNextSignIn: true },
};

describe('emulator: users', () => {
	let h: Harness;
	beforeAll(async () => {
		h = await harness();
	});
	afterAll(() => h.emu.stop());
	beforeEach(() => h.emu.admin.reset());

	// docs: user resource "By default, only a limited set of properties are returned"
	test('GET returns the default property set; others only with $select', async () => {
		const answer = await h.get(`/users/${DEMO_USERS.admin.id}`);
		expect(Object.keys(answer.body).filter((k) => !k.startsWith('@')).sort()).toEqual(
			['businessPhones', 'displayName', 'givenName', 'id', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName'].sort(),
		);
		expect(answer.body.accountEnabled).toBeUndefined();
		const selected = await h.get(`/users/${DEMO_USERS.admin.id}?$select=accountEnabled,usageLocation,createdDateTime`);
		expect(selected.body).toMatchObject({ id: DEMO_USERS.admin.id, accountEnabled: true, usageLocation: 'US' });
		expect(selected.body.displayName).toBeUndefined();
		const unknown = await h.get('/users?$select=nope');
		expect(unknown.status).toBe(400);
		expect(unknown.body.error.code).toBe('Request_BadRequest');
	});

	// docs: get user by id or userPrincipalName; #EXT# sent as %23; `$` UPNs need the ('...') form
	test('get by UPN, guest %23EXT%23 UPN and the users(\'$upn\') form', async () => {
		expect((await h.get(`/users/${DEMO_USERS.alex.userPrincipalName}`)).body.id).toBe(DEMO_USERS.alex.id);
		expect((await h.get(`/users/${DEMO_USERS.alex.userPrincipalName.toUpperCase()}`)).body.id).toBe(DEMO_USERS.alex.id);
		const guest = await h.get(`/users/${encodeURIComponent(DEMO_USERS.guest.userPrincipalName)}`);
		expect(guest.body.id).toBe(DEMO_USERS.guest.id);
		const dollar = await h.get(`/users('${encodeURIComponent(DEMO_USERS.dollar.userPrincipalName).replace(/%24/g, '$')}')`);
		expect(dollar.body.id).toBe(DEMO_USERS.dollar.id);
		expect((await h.get(`/users/${DEMO_USERS.dollar.userPrincipalName}`)).status).toBe(400);
		const apostrophe = await h.get(`/users('${encodeURIComponent("patti.o''fernandez@contoso.com")}')`);
		expect(apostrophe.body.id).toBe(DEMO_USERS.patti.id);
		const missing = await h.get('/users/00000000-0000-0000-0000-000000000000');
		expect(missing.status).toBe(404);
		expect(missing.body.error.code).toBe('Request_ResourceNotFound');
	});

	// docs: create user: 201, required properties, verified domain, duplicate UPN error
	test('create: 201, required properties, verified domain, duplicate UPN, password complexity', async () => {
		const created = await h.graph('POST', '/users', { body: NEW_USER });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ displayName: 'Test User', userPrincipalName: NEW_USER.userPrincipalName });
		expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);
		const duplicate = await h.graph('POST', '/users', { body: NEW_USER });
		expect(duplicate.status).toBe(400);
		expect(duplicate.body.error).toMatchObject({ code: 'Request_BadRequest', message: 'Another object with the same value for property userPrincipalName already exists.' });
		const { mailNickname: _omit, ...missing } = NEW_USER;
		expect((await h.graph('POST', '/users', { body: { ...missing, userPrincipalName: 'x1@contoso.com' } })).status).toBe(400);
		const domain = await h.graph('POST', '/users', { body: { ...NEW_USER, userPrincipalName: 'x@fabrikam.com' } });
		expect(domain.body.error.message).toContain('verified domain');
		const weak = await h.graph('POST', '/users', { body: { ...NEW_USER, userPrincipalName: 'x2@contoso.com', passwordProfile: { password: 'short' } } });
		expect(weak.body.error.message).toContain('password complexity');
		const badUpn = await h.graph('POST', '/users', { body: { ...NEW_USER, userPrincipalName: 'bad user@contoso.com' } });
		expect(badUpn.status).toBe(400);
	});

	// docs: update user answers 204 No Content; disable = accountEnabled false (User.EnableDisableAccount.All)
	test('PATCH answers 204 with no body and changes the user', async () => {
		const answer = await h.graph('PATCH', `/users/${DEMO_USERS.lee.userPrincipalName}`, { body: { jobTitle: 'CTO', accountEnabled: false } });
		expect(answer.status).toBe(204);
		expect(answer.body).toBeUndefined();
		const after = await h.get(`/users/${DEMO_USERS.lee.id}?$select=jobTitle,accountEnabled`);
		expect(after.body).toMatchObject({ jobTitle: 'CTO', accountEnabled: false });
		const readOnly = await h.graph('PATCH', `/users/${DEMO_USERS.lee.id}`, { body: { createdDateTime: '2020-01-01T00:00:00Z' } });
		expect(readOnly.status).toBe(400);
	});

	// docs: delete user: 204, soft delete into deletedItems (cast required), restore, permanent delete
	test('delete is soft: deletedItems/microsoft.graph.user, restore, permanent delete', async () => {
		expect((await h.graph('DELETE', `/users/${DEMO_USERS.diego.id}`)).status).toBe(204);
		expect((await h.get(`/users/${DEMO_USERS.diego.id}`)).status).toBe(404);
		const deleted = await h.get('/directory/deletedItems/microsoft.graph.user?$select=id,displayName,deletedDateTime');
		expect(deleted.body.value).toEqual([expect.objectContaining({ id: DEMO_USERS.diego.id, '@odata.type': '#microsoft.graph.user' })]);
		expect(deleted.body.value[0].deletedDateTime).toMatch(/Z$/);
		expect((await h.get('/directory/deletedItems')).status).toBe(400);
		// Deleting removed the user from the groups; restoring gives the memberships back.
		expect(h.emu.admin.listMembers(DEMO_GROUPS.cycleA.id).map((m) => m.id)).not.toContain(DEMO_USERS.diego.id);
		const restored = await h.graph('POST', `/directory/deletedItems/${DEMO_USERS.diego.id}/restore`);
		expect(restored.status).toBe(200);
		expect(restored.body.id).toBe(DEMO_USERS.diego.id);
		expect(h.emu.admin.listMembers(DEMO_GROUPS.cycleA.id).map((m) => m.id)).toContain(DEMO_USERS.diego.id);
		await h.graph('DELETE', `/users/${DEMO_USERS.diego.id}`);
		expect((await h.graph('DELETE', `/directory/deletedItems/${DEMO_USERS.diego.id}`)).status).toBe(204);
		expect((await h.get(`/directory/deletedItems/${DEMO_USERS.diego.id}`)).status).toBe(404);
	});

	// GRAPH.md / user: delete permissions: app-only User.ReadWrite.All cannot delete admin-role holders
	test('app-only cannot delete a user holding an admin role', async () => {
		const answer = await h.graph('DELETE', `/users/${DEMO_USERS.admin.id}`);
		expect(answer.status).toBe(403);
		expect(answer.body.error.code).toBe('Authorization_RequestDenied');
	});

	// docs: list users: default page 100, $top 1..999, nextLink paging, no $skip
	test('paging: default 100, $top limits, opaque $skiptoken nextLinks', async () => {
		h.emu.admin.seed({ users: 250 });
		const first = await h.get('/users');
		expect(first.body.value).toHaveLength(100);
		expect(first.body['@odata.nextLink']).toContain('$skiptoken=');
		const { items, pages } = await allPages(h, '/users?$top=999&$select=id');
		expect(pages).toHaveLength(1);
		expect(items).toHaveLength(261);
		expect(new Set(items.map((u) => u.id)).size).toBe(261);
		const small = await allPages(h, '/users?$top=50&$select=id');
		expect(small.pages).toHaveLength(6);
		expect((await h.get('/users?$top=1000')).body.error.code).toBe('Request_UnsupportedQuery');
		expect((await h.get('/users?$top=0')).status).toBe(400);
		expect((await h.get('/users?$skip=10')).status).toBe(400);
	});

	// docs: manager $ref put/get/delete; revokeSignInSessions returns value true
	test('manager $ref and revokeSignInSessions', async () => {
		const manager = await h.get(`/users/${DEMO_USERS.alex.id}/manager`);
		expect(manager.body).toMatchObject({ id: DEMO_USERS.megan.id, '@odata.type': '#microsoft.graph.user' });
		expect((await h.get(`/users/${DEMO_USERS.lee.id}/manager`)).status).toBe(404);
		const put = await h.graph('PUT', `/users/${DEMO_USERS.lee.id}/manager/$ref`, { body: { '@odata.id': `https://graph.microsoft.com/v1.0/users/${DEMO_USERS.admin.id}` } });
		expect(put.status).toBe(204);
		expect((await h.get(`/users/${DEMO_USERS.lee.id}/manager?$select=id`)).body.id).toBe(DEMO_USERS.admin.id);
		expect((await h.graph('DELETE', `/users/${DEMO_USERS.lee.id}/manager/$ref`)).status).toBe(204);
		expect((await h.get(`/users/${DEMO_USERS.lee.id}/manager`)).status).toBe(404);
		const revoke = await h.graph('POST', `/users/${DEMO_USERS.lee.id}/revokeSignInSessions`);
		expect(revoke.status).toBe(200);
		expect(revoke.body.value).toBe(true);
	});

	// docs: memberOf and transitiveMemberOf (nested groups, cycles safe)
	test('memberOf and transitiveMemberOf', async () => {
		const direct = await h.get(`/users/${DEMO_USERS.johanna.id}/memberOf?$select=id`);
		expect(direct.body.value.map((g: { id: string }) => g.id).sort()).toEqual([DEMO_GROUPS.allCompany.id, DEMO_GROUPS.platform.id].sort());
		const transitive = await h.get(`/users/${DEMO_USERS.johanna.id}/transitiveMemberOf?$select=id`);
		expect(transitive.body.value.map((g: { id: string }) => g.id)).toContain(DEMO_GROUPS.engineering.id);
		const cycle = await h.get(`/users/${DEMO_USERS.diego.id}/transitiveMemberOf?$select=id`);
		expect(cycle.body.value.map((g: { id: string }) => g.id).sort()).toEqual([DEMO_GROUPS.allCompany.id, DEMO_GROUPS.cycleA.id, DEMO_GROUPS.cycleB.id].sort());
		// aad-advanced-queries: OData cast on transitiveMemberOf is an advanced query
		expect((await h.get(`/users/${DEMO_USERS.johanna.id}/transitiveMemberOf/microsoft.graph.group`)).status).toBe(400);
		expect((await h.get(`/users/${DEMO_USERS.johanna.id}/transitiveMemberOf/microsoft.graph.group?$count=true`, EVENTUAL)).body['@odata.count']).toBe(3);
	});

	test('the admin HTTP API creates users out of band', async () => {
		const response = await fetch(`${h.emu.url}/_emulator/directory/users`, { method: 'POST', body: JSON.stringify({ userPrincipalName: 'portal.user@contoso.com', displayName: 'Portal User' }) });
		expect(response.status).toBe(201);
		const created = (await response.json()) as { id: string };
		expect((await h.get(`/users/${created.id}`)).body.displayName).toBe('Portal User');
		void DEMO_APP;
	});
});
