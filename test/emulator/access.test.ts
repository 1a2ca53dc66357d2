import { DEMO_USERS, READONLY_APP } from './demo-tenant';
import type { Harness } from './helpers';
import { harness } from './helpers';
import { assignmentId, ROLE_IDS } from './roles';

/*
 * Temporary Access Pass, directory roles and sign-in activity, each against the v1.0 page named in
 * its test. Docs: learn.microsoft.com/graph/api/...
 */

let h: Harness;

beforeEach(async () => {
	h = await harness();
});

afterEach(async () => {
	await h.emu.stop();
});

const tapPath = (user: string) => `/users/${user}/authentication/temporaryAccessPassMethods`;

describe('Temporary Access Pass (authentication-post-temporaryaccesspassmethods, authentication-list-temporaryaccesspassmethods, temporaryaccesspassauthenticationmethod-delete)', () => {
	it('"Create temporaryAccessPassMethod": 201 with the pass once; List and Get never show it again', async () => {
		const created = await h.graph('POST', tapPath(DEMO_USERS.alex.id), {
			body: { lifetimeInMinutes: 120, isUsableOnce: true },
		});
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({
			'@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethod',
			lifetimeInMinutes: 120,
			isUsableOnce: true,
			isUsable: true,
			methodUsabilityReason: 'EnabledByPolicy',
		});
		expect(created.body.temporaryAccessPass).toMatch(/^.{8}$/);
		const list = await h.get(tapPath(DEMO_USERS.alex.id));
		expect(list.body.value).toHaveLength(1);
		expect(list.body.value[0]).toMatchObject({ id: created.body.id, temporaryAccessPass: null });
		const one = await h.get(`${tapPath(DEMO_USERS.alex.id)}/${created.body.id}`);
		expect(one.body.temporaryAccessPass).toBeNull();
		expect(JSON.stringify(h.emu.admin.temporaryAccessPasses(DEMO_USERS.alex.id))).not.toContain(
			created.body.temporaryAccessPass,
		);
	});

	it('defaults from the policy (defaultLifetimeInMinutes 60, reusable); a start time in the future is NotYetValid', async () => {
		const start = new Date(Date.now() + 3 * 86400_000).toISOString();
		const created = await h.graph('POST', tapPath(DEMO_USERS.megan.userPrincipalName), {
			body: { startDateTime: start },
		});
		expect(created.body).toMatchObject({
			lifetimeInMinutes: 60,
			isUsableOnce: false,
			isUsable: false,
			methodUsabilityReason: 'NotYetValid',
		});
	});

	it('"A user can only have one Temporary Access Pass": a new one replaces the previous one', async () => {
		const first = await h.graph('POST', tapPath(DEMO_USERS.alex.id), { body: {} });
		const second = await h.graph('POST', tapPath(DEMO_USERS.alex.id), { body: {} });
		const list = await h.get(tapPath(DEMO_USERS.alex.id));
		expect(list.body.value.map((tap: { id: string }) => tap.id)).toEqual([second.body.id]);
		expect((await h.get(`${tapPath(DEMO_USERS.alex.id)}/${first.body.id}`)).status).toBe(404);
	});

	it('the policy bounds the lifetime and one-time use; a disabled policy refuses; external guests get none', async () => {
		const outside = await h.graph('POST', tapPath(DEMO_USERS.alex.id), {
			body: { lifetimeInMinutes: 600 },
		});
		expect(outside.status).toBe(400);
		expect(outside.body.error.code).toBe('badRequest');
		expect(outside.body.error.message).toBe(
			'Invalid LifetimeInMinutes specified. The valid range between 60 and 480.',
		);
		h.emu.admin.setTapPolicy({ isUsableOnce: true });
		const reusable = await h.graph('POST', tapPath(DEMO_USERS.alex.id), {
			body: { isUsableOnce: false },
		});
		expect(reusable.status).toBe(400);
		expect(
			(await h.graph('POST', tapPath(DEMO_USERS.alex.id), { body: {} })).body.isUsableOnce,
		).toBe(true);
		h.emu.admin.setTapPolicy({ state: 'disabled' });
		const disabled = await h.graph('POST', tapPath(DEMO_USERS.megan.id), { body: {} });
		expect(disabled.status).toBe(400);
		expect(disabled.body.error.code).toBe('badRequest');
		h.emu.admin.setTapPolicy({ state: 'enabled' });
		const guest = await h.graph(
			'POST',
			tapPath(encodeURIComponent(DEMO_USERS.guest.userPrincipalName)),
			{ body: {} },
		);
		expect(guest.status).toBe(400);
		expect(h.emu.admin.temporaryAccessPasses(DEMO_USERS.megan.id)).toEqual([]);
	});

	it('"Delete temporaryAccessPassAuthenticationMethod": 204, then 404; an unknown user is 404', async () => {
		const created = await h.graph('POST', tapPath(DEMO_USERS.alex.id), { body: {} });
		expect(
			(await h.graph('DELETE', `${tapPath(DEMO_USERS.alex.id)}/${created.body.id}`)).status,
		).toBe(204);
		expect(
			(await h.graph('DELETE', `${tapPath(DEMO_USERS.alex.id)}/${created.body.id}`)).status,
		).toBe(404);
		expect((await h.graph('POST', tapPath('ghost@contoso.com'), { body: {} })).status).toBe(404);
		expect(h.emu.admin.temporaryAccessPasses(DEMO_USERS.alex.id)).toEqual([]);
	});

	it('needs UserAuthenticationMethod permissions; works inside $batch', async () => {
		const readonly = await h.tokenFor(READONLY_APP.clientId, READONLY_APP.clientSecret);
		expect(
			(await h.graph('POST', tapPath(DEMO_USERS.alex.id), { body: {}, token: readonly })).status,
		).toBe(403);
		const batch = await h.graph('POST', '/$batch', {
			body: {
				requests: [
					{
						id: '1',
						method: 'POST',
						url: tapPath(DEMO_USERS.alex.id),
						headers: { 'Content-Type': 'application/json' },
						body: {},
					},
				],
			},
		});
		expect(batch.body.responses[0].status).toBe(201);
	});

	it('"Get temporaryAccessPassAuthenticationMethodConfiguration" needs Policy.Read.All', async () => {
		expect(
			(
				await h.get(
					'/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass',
				)
			).status,
		).toBe(403);
	});
});

describe('directory roles (rbacapplication-list-roledefinitions, rbacapplication-list-roleassignments, rbacapplication-post-roleassignments, unifiedroleassignment-delete)', () => {
	it('"List roleDefinitions": built-in roles with id = templateId; $filter eq/in on displayName, isBuiltIn', async () => {
		const all = await h.get('/roleManagement/directory/roleDefinitions');
		expect(all.status).toBe(200);
		const ga = all.body.value.find(
			(role: { displayName: string }) => role.displayName === 'Global Administrator',
		);
		expect(ga).toMatchObject({
			id: ROLE_IDS.globalAdministrator,
			templateId: ROLE_IDS.globalAdministrator,
			isBuiltIn: true,
			isEnabled: true,
		});
		const one = await h.get(
			`/roleManagement/directory/roleDefinitions?$filter=displayName eq 'User Administrator'&$select=id,displayName`,
		);
		expect(one.body.value).toEqual([
			{ id: ROLE_IDS.userAdministrator, displayName: 'User Administrator' },
		]);
		const unsupported = await h.get(
			`/roleManagement/directory/roleDefinitions?$filter=startswith(description,'Can')`,
		);
		expect(unsupported.status).toBe(400);
	});

	it('"Create unifiedRoleAssignment": 201 with the documented id shape; a second one conflicts; "Delete" 204', async () => {
		const list = await h.get(
			`/roleManagement/directory/roleAssignments?$filter=principalId eq '${DEMO_USERS.admin.id}'`,
		);
		expect(list.body.value.map((a: { roleDefinitionId: string }) => a.roleDefinitionId)).toEqual([
			ROLE_IDS.globalAdministrator,
		]);
		// the page's example id for role 62e90394-... starts with these characters
		expect(list.body.value[0].id.startsWith('lAPpYvVpN0KRkAEhdxReE')).toBe(true);
		const body = {
			roleDefinitionId: ROLE_IDS.helpdeskAdministrator,
			principalId: DEMO_USERS.alex.id,
			directoryScopeId: '/',
		};
		const created = await h.graph('POST', '/roleManagement/directory/roleAssignments', { body });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({
			...body,
			id: assignmentId(ROLE_IDS.helpdeskAdministrator, DEMO_USERS.alex.id),
		});
		expect(created.body.id).toMatch(/^[A-Za-z0-9_-]{43}-1$/);
		const again = await h.graph('POST', '/roleManagement/directory/roleAssignments', { body });
		expect(again.status).toBe(400);
		expect(again.body.error.code).toBe('Request_BadRequest');
		const expanded = await h.get(
			`/roleManagement/directory/roleAssignments?$filter=principalId eq '${DEMO_USERS.alex.id}'&$expand=roleDefinition`,
		);
		expect(expanded.body.value[0].roleDefinition.displayName).toBe('Helpdesk Administrator');
		expect(h.emu.admin.getUser(DEMO_USERS.alex.id)!.roles).toEqual(['Helpdesk Administrator']);
		expect(
			(await h.graph('DELETE', `/roleManagement/directory/roleAssignments/${created.body.id}`))
				.status,
		).toBe(204);
		expect(h.emu.admin.roleAssignments(DEMO_USERS.alex.id)).toEqual([]);
		expect(
			(await h.graph('DELETE', `/roleManagement/directory/roleAssignments/${created.body.id}`))
				.status,
		).toBe(404);
	});

	it('a role holder cannot be deleted app-only with User.ReadWrite.All (user: delete, permissions); after removal it can', async () => {
		const body = {
			roleDefinitionId: ROLE_IDS.userAdministrator,
			principalId: DEMO_USERS.lee.id,
			directoryScopeId: '/',
		};
		const created = await h.graph('POST', '/roleManagement/directory/roleAssignments', { body });
		expect((await h.graph('DELETE', `/users/${DEMO_USERS.lee.id}`)).status).toBe(403);
		await h.graph('DELETE', `/roleManagement/directory/roleAssignments/${created.body.id}`);
		expect((await h.graph('DELETE', `/users/${DEMO_USERS.lee.id}`)).status).toBe(204);
	});

	it('the admin API serves the access state over HTTP', async () => {
		const policy = await fetch(h.url('/_emulator/access/tap-policy'), {
			method: 'POST',
			body: JSON.stringify({ maximumLifetimeInMinutes: 1440 }),
		});
		expect(
			((await policy.json()) as { maximumLifetimeInMinutes: number }).maximumLifetimeInMinutes,
		).toBe(1440);
		const roles = await fetch(h.url(`/_emulator/access/role-assignments/${DEMO_USERS.admin.id}`));
		expect(
			((await roles.json()) as Array<{ roleDefinitionId: string }>).map((a) => a.roleDefinitionId),
		).toEqual([ROLE_IDS.globalAdministrator]);
	});

	it('needs RoleManagement.ReadWrite.Directory to assign; an unknown role or principal is 404', async () => {
		const readonly = await h.tokenFor(READONLY_APP.clientId, READONLY_APP.clientSecret);
		const body = {
			roleDefinitionId: ROLE_IDS.helpdeskAdministrator,
			principalId: DEMO_USERS.alex.id,
			directoryScopeId: '/',
		};
		expect(
			(
				await h.graph('POST', '/roleManagement/directory/roleAssignments', {
					body,
					token: readonly,
				})
			).status,
		).toBe(403);
		expect(
			(
				await h.graph('POST', '/roleManagement/directory/roleAssignments', {
					body: { ...body, roleDefinitionId: '00000000-0000-4000-8000-000000000000' },
				})
			).status,
		).toBe(404);
		expect(
			(
				await h.graph('POST', '/roleManagement/directory/roleAssignments', {
					body: { ...body, principalId: '00000000-0000-4000-8000-000000000000' },
				})
			).status,
		).toBe(404);
	});
});

describe('signInActivity (user-list: "Get users including their last sign-in time")', () => {
	it('is returned only with $select, and pages hold at most 120 users', async () => {
		h.emu.admin.seed({ users: 300 });
		const plain = await h.get(`/users/${DEMO_USERS.alex.id}`);
		expect(plain.body).not.toHaveProperty('signInActivity');
		const page = await h.get('/users?$select=id,signInActivity&$top=999');
		expect(page.body.value).toHaveLength(120);
		expect(page.body['@odata.nextLink']).toBeDefined();
		const alex = await h.get(`/users/${DEMO_USERS.alex.id}?$select=id,signInActivity`);
		expect(alex.body.signInActivity.lastSignInDateTime).toMatch(/Z$/);
	});

	it('filters with le/ge on its sub-properties, but not with other properties nor gt', async () => {
		const cutoff = new Date(Date.now() - 100 * 86400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
		const stale = await h.get(
			`/users?$filter=signInActivity/lastSignInDateTime le ${cutoff}&$select=id`,
		);
		expect(stale.status).toBe(200);
		expect(stale.body.value.map((u: { id: string }) => u.id).sort()).toEqual(
			[DEMO_USERS.lee.id, DEMO_USERS.nestor.id, DEMO_USERS.patti.id].sort(),
		);
		const mixed = await h.get(
			`/users?$filter=signInActivity/lastSignInDateTime le ${cutoff} and accountEnabled eq true`,
		);
		expect(mixed.status).toBe(400);
		expect(
			(await h.get(`/users?$filter=signInActivity/lastSignInDateTime gt ${cutoff}`)).status,
		).toBe(400);
	});

	it('needs AuditLog.Read.All; a tenant without P1/P2 answers 403 Authentication_RequestFromNonPremiumTenantOrB2CTenant', async () => {
		const readonly = await h.tokenFor(READONLY_APP.clientId, READONLY_APP.clientSecret);
		expect(
			(await h.graph('GET', '/users?$select=signInActivity', { token: readonly })).status,
		).toBe(403);
		h.emu.admin.setPremium(false);
		const free = await h.get('/users?$select=displayName,signInActivity');
		expect(free.status).toBe(403);
		expect(free.body.error.code).toBe('Authentication_RequestFromNonPremiumTenantOrB2CTenant');
		expect((await h.get('/users?$select=displayName')).status).toBe(200);
	});
});
