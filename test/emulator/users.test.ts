import { DEMO_APP, DEMO_GROUPS, DEMO_USERS } from './index';
import { allPages, EVENTUAL, sharedHarness } from './helpers';

const NEW_USER = {
	accountEnabled: true,
	displayName: 'Test User',
	mailNickname: 'test.user',
	userPrincipalName: 'test.user@contoso.com',
	passwordProfile: { password: 'Str0ng!Passw0rd', forceChangePasswordNextSignIn: true },
};

describe('emulator: users', () => {
	const h = sharedHarness();

	// docs: user resource "By default, only a limited set of properties are returned"
	test('GET returns the default property set; others only with $select', async () => {
		const answer = await h.get(`/users/${DEMO_USERS.admin.id}`);
		expect(
			Object.keys(answer.body)
				.filter((k) => !k.startsWith('@'))
				.sort(),
		).toEqual(
			[
				'businessPhones',
				'displayName',
				'givenName',
				'id',
				'jobTitle',
				'mail',
				'mobilePhone',
				'officeLocation',
				'preferredLanguage',
				'surname',
				'userPrincipalName',
			].sort(),
		);
		expect(answer.body.accountEnabled).toBeUndefined();
		const selected = await h.get(
			`/users/${DEMO_USERS.admin.id}?$select=accountEnabled,usageLocation,createdDateTime`,
		);
		expect(selected.body).toMatchObject({
			id: DEMO_USERS.admin.id,
			accountEnabled: true,
			usageLocation: 'US',
		});
		expect(selected.body.displayName).toBeUndefined();
		const unknown = await h.get('/users?$select=nope');
		expect(unknown.status).toBe(400);
		expect(unknown.body.error.code).toBe('Request_BadRequest');
	});

	// docs: get user by id or userPrincipalName; #EXT# sent as %23; `$` UPNs need the ('...') form
	test("get by UPN, guest %23EXT%23 UPN and the users('$upn') form", async () => {
		expect((await h.get(`/users/${DEMO_USERS.alex.userPrincipalName}`)).body.id).toBe(
			DEMO_USERS.alex.id,
		);
		expect((await h.get(`/users/${DEMO_USERS.alex.userPrincipalName.toUpperCase()}`)).body.id).toBe(
			DEMO_USERS.alex.id,
		);
		const guest = await h.get(`/users/${encodeURIComponent(DEMO_USERS.guest.userPrincipalName)}`);
		expect(guest.body.id).toBe(DEMO_USERS.guest.id);
		const dollar = await h.get(
			`/users('${encodeURIComponent(DEMO_USERS.dollar.userPrincipalName).replace(/%24/g, '$')}')`,
		);
		expect(dollar.body.id).toBe(DEMO_USERS.dollar.id);
		expect((await h.get(`/users/${DEMO_USERS.dollar.userPrincipalName}`)).status).toBe(400);
		const apostrophe = await h.get(
			`/users('${encodeURIComponent("patti.o''fernandez@contoso.com")}')`,
		);
		expect(apostrophe.body.id).toBe(DEMO_USERS.patti.id);
		const missing = await h.get('/users/00000000-0000-0000-0000-000000000000');
		expect(missing.status).toBe(404);
		expect(missing.body.error.code).toBe('Request_ResourceNotFound');
	});

	// docs: create user: 201, required properties, verified domain, duplicate UPN error
	test('create: 201, required properties, verified domain, duplicate UPN, password complexity', async () => {
		const created = await h.graph('POST', '/users', { body: NEW_USER });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({
			displayName: 'Test User',
			userPrincipalName: NEW_USER.userPrincipalName,
		});
		expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);
		const duplicate = await h.graph('POST', '/users', { body: NEW_USER });
		expect(duplicate.status).toBe(400);
		expect(duplicate.body.error).toMatchObject({
			code: 'Request_BadRequest',
			message: 'Another object with the same value for property userPrincipalName already exists.',
		});
		const { mailNickname: _omit, ...missing } = NEW_USER;
		expect(
			(
				await h.graph('POST', '/users', {
					body: { ...missing, userPrincipalName: 'x1@contoso.com' },
				})
			).status,
		).toBe(400);
		const domain = await h.graph('POST', '/users', {
			body: { ...NEW_USER, userPrincipalName: 'x@fabrikam.com' },
		});
		expect(domain.body.error.message).toContain('verified domain');
		const weak = await h.graph('POST', '/users', {
			body: {
				...NEW_USER,
				userPrincipalName: 'x2@contoso.com',
				passwordProfile: { password: 'short' },
			},
		});
		expect(weak.body.error.message).toContain('password complexity');
		const badUpn = await h.graph('POST', '/users', {
			body: { ...NEW_USER, userPrincipalName: 'bad user@contoso.com' },
		});
		expect(badUpn.status).toBe(400);
	});

	// docs: update user answers 204 No Content; disable = accountEnabled false (User.EnableDisableAccount.All)
	test('PATCH answers 204 with no body and changes the user', async () => {
		const answer = await h.graph('PATCH', `/users/${DEMO_USERS.lee.userPrincipalName}`, {
			body: { jobTitle: 'CTO', accountEnabled: false },
		});
		expect(answer.status).toBe(204);
		expect(answer.body).toBeUndefined();
		const after = await h.get(`/users/${DEMO_USERS.lee.id}?$select=jobTitle,accountEnabled`);
		expect(after.body).toMatchObject({ jobTitle: 'CTO', accountEnabled: false });
		const readOnly = await h.graph('PATCH', `/users/${DEMO_USERS.lee.id}`, {
			body: { createdDateTime: '2020-01-01T00:00:00Z' },
		});
		expect(readOnly.status).toBe(400);
	});

	// docs: delete user: 204, soft delete into deletedItems (cast required), restore, permanent delete
	test('delete is soft: deletedItems/microsoft.graph.user, restore, permanent delete', async () => {
		expect((await h.graph('DELETE', `/users/${DEMO_USERS.diego.id}`)).status).toBe(204);
		expect((await h.get(`/users/${DEMO_USERS.diego.id}`)).status).toBe(404);
		const deleted = await h.get(
			'/directory/deletedItems/microsoft.graph.user?$select=id,displayName,deletedDateTime',
		);
		expect(deleted.body.value).toEqual([
			expect.objectContaining({ id: DEMO_USERS.diego.id, '@odata.type': '#microsoft.graph.user' }),
		]);
		expect(deleted.body.value[0].deletedDateTime).toMatch(/Z$/);
		expect((await h.get('/directory/deletedItems')).status).toBe(400);
		// Deleting removed the user from the groups; restoring gives the memberships back.
		expect(h.emu.admin.listMembers(DEMO_GROUPS.cycleA.id).map((m) => m.id)).not.toContain(
			DEMO_USERS.diego.id,
		);
		const restored = await h.graph(
			'POST',
			`/directory/deletedItems/${DEMO_USERS.diego.id}/restore`,
		);
		expect(restored.status).toBe(200);
		expect(restored.body.id).toBe(DEMO_USERS.diego.id);
		expect(h.emu.admin.listMembers(DEMO_GROUPS.cycleA.id).map((m) => m.id)).toContain(
			DEMO_USERS.diego.id,
		);
		await h.graph('DELETE', `/users/${DEMO_USERS.diego.id}`);
		expect((await h.graph('DELETE', `/directory/deletedItems/${DEMO_USERS.diego.id}`)).status).toBe(
			204,
		);
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
		expect(manager.body).toMatchObject({
			id: DEMO_USERS.megan.id,
			'@odata.type': '#microsoft.graph.user',
		});
		expect((await h.get(`/users/${DEMO_USERS.lee.id}/manager`)).status).toBe(404);
		const put = await h.graph('PUT', `/users/${DEMO_USERS.lee.id}/manager/$ref`, {
			body: { '@odata.id': `https://graph.microsoft.com/v1.0/users/${DEMO_USERS.admin.id}` },
		});
		expect(put.status).toBe(204);
		expect((await h.get(`/users/${DEMO_USERS.lee.id}/manager?$select=id`)).body.id).toBe(
			DEMO_USERS.admin.id,
		);
		expect((await h.graph('DELETE', `/users/${DEMO_USERS.lee.id}/manager/$ref`)).status).toBe(204);
		expect((await h.get(`/users/${DEMO_USERS.lee.id}/manager`)).status).toBe(404);
		const revoke = await h.graph('POST', `/users/${DEMO_USERS.lee.id}/revokeSignInSessions`);
		expect(revoke.status).toBe(200);
		expect(revoke.body.value).toBe(true);
	});

	// docs: memberOf and transitiveMemberOf (nested groups, cycles safe)
	test('memberOf and transitiveMemberOf', async () => {
		const direct = await h.get(`/users/${DEMO_USERS.johanna.id}/memberOf?$select=id`);
		expect(direct.body.value.map((g: { id: string }) => g.id).sort()).toEqual(
			[DEMO_GROUPS.allCompany.id, DEMO_GROUPS.platform.id].sort(),
		);
		const transitive = await h.get(`/users/${DEMO_USERS.johanna.id}/transitiveMemberOf?$select=id`);
		expect(transitive.body.value.map((g: { id: string }) => g.id)).toContain(
			DEMO_GROUPS.engineering.id,
		);
		const cycle = await h.get(`/users/${DEMO_USERS.diego.id}/transitiveMemberOf?$select=id`);
		expect(cycle.body.value.map((g: { id: string }) => g.id).sort()).toEqual(
			[DEMO_GROUPS.allCompany.id, DEMO_GROUPS.cycleA.id, DEMO_GROUPS.cycleB.id].sort(),
		);
		// aad-advanced-queries: OData cast on transitiveMemberOf is an advanced query
		expect(
			(await h.get(`/users/${DEMO_USERS.johanna.id}/transitiveMemberOf/microsoft.graph.group`))
				.status,
		).toBe(400);
		expect(
			(
				await h.get(
					`/users/${DEMO_USERS.johanna.id}/transitiveMemberOf/microsoft.graph.group?$count=true`,
					EVENTUAL,
				)
			).body['@odata.count'],
		).toBe(3);
	});

	test('the admin HTTP API creates users out of band', async () => {
		const response = await fetch(`${h.emu.url}/_emulator/directory/users`, {
			method: 'POST',
			body: JSON.stringify({
				userPrincipalName: 'portal.user@contoso.com',
				displayName: 'Portal User',
			}),
		});
		expect(response.status).toBe(201);
		const created = (await response.json()) as { id: string };
		expect((await h.get(`/users/${created.id}`)).body.displayName).toBe('Portal User');
		void DEMO_APP;
	});
	// docs: List memberOf and List transitiveMemberOf (users and groups), request headers:
	// "ConsistencyLevel: eventual. This header and $count are required when using the $search,
	// $filter, $orderby, or OData cast query parameters": the same for direct and transitive
	test('memberOf casts need ConsistencyLevel eventual and $count=true, direct and transitive', async () => {
		const objects = [`/users/${DEMO_USERS.johanna.id}`, `/groups/${DEMO_GROUPS.platform.id}`];
		for (const object of objects) {
			for (const relation of ['memberOf', 'transitiveMemberOf']) {
				const path = `${object}/${relation}/microsoft.graph.group`;
				const bare = await h.get(path);
				expect([path, bare.status, bare.body.error?.code]).toEqual([
					path,
					400,
					'Request_UnsupportedQuery',
				]);
				expect((await h.get(path, EVENTUAL)).status).toBe(400);
				expect((await h.get(`${path}?$count=true`)).status).toBe(400);
				const advanced = await h.get(`${path}?$count=true`, EVENTUAL);
				expect(advanced.status).toBe(200);
				expect(advanced.body['@odata.context']).toMatch(/\$metadata#groups$/);
				expect(advanced.body['@odata.count']).toBe(advanced.body.value.length);
				expect((await h.get(`${object}/${relation}`)).status).toBe(200);
			}
		}
		const direct = await h.get(
			`/users/${DEMO_USERS.johanna.id}/memberOf/microsoft.graph.group?$count=true&$select=id`,
			EVENTUAL,
		);
		expect(direct.body.value.map((g: { id: string }) => g.id).sort()).toEqual(
			[DEMO_GROUPS.allCompany.id, DEMO_GROUPS.platform.id].sort(),
		);
		// memberOf holds groups, directory roles and administrative units; the emulator has no roles
		const roles = await h.get(
			`/users/${DEMO_USERS.admin.id}/memberOf/microsoft.graph.directoryRole?$count=true`,
			EVENTUAL,
		);
		expect(roles.body.value).toEqual([]);
		expect(
			(
				await h.get(
					`/users/${DEMO_USERS.admin.id}/memberOf/microsoft.graph.user?$count=true`,
					EVENTUAL,
				)
			).status,
		).toBe(400);
	});

	// docs: user resource (v1.0): employeeHireDate, employeeOrgData, faxNumber, imAddresses,
	// lastPasswordChangeDateTime, onPremises*, preferredDataLocation, securityIdentifier ... are
	// "Returned only on $select"; unset values come back null, "Not nullable" collections as []
	test('every v1.0 user property can be selected: null when unset, [] for collections', async () => {
		const names = [
			'employeeHireDate',
			'employeeOrgData',
			'faxNumber',
			'imAddresses',
			'lastPasswordChangeDateTime',
			'onPremisesDistinguishedName',
			'onPremisesDomainName',
			'onPremisesImmutableId',
			'onPremisesLastSyncDateTime',
			'onPremisesSamAccountName',
			'onPremisesUserPrincipalName',
			'preferredDataLocation',
			'securityIdentifier',
			'consentProvidedForMinor',
			'legalAgeGroupClassification',
			'externalUserStateChangeDateTime',
			'onPremisesSecurityIdentifier',
			'onPremisesExtensionAttributes',
			'onPremisesProvisioningErrors',
			'serviceProvisioningErrors',
			'provisionedPlans',
			'licenseAssignmentStates',
			'isResourceAccount',
			'passwordProfile',
		];
		const one = await h.get(`/users/${DEMO_USERS.lee.id}?$select=${names.join(',')}`);
		expect(one.status).toBe(200);
		expect(one.body).toMatchObject({
			employeeHireDate: null,
			employeeOrgData: null,
			faxNumber: null,
			imAddresses: [],
			onPremisesDistinguishedName: null,
			onPremisesImmutableId: null,
			onPremisesSamAccountName: null,
			preferredDataLocation: null,
			onPremisesProvisioningErrors: [],
			licenseAssignmentStates: [],
			passwordProfile: null,
		});
		expect(one.body.onPremisesExtensionAttributes.extensionAttribute15).toBeNull();
		// securityIdentifier: "Security identifier (SID) of the user, used in Windows scenarios. Read-only."
		expect(one.body.securityIdentifier).toMatch(/^S-1-12-1-\d+-\d+-\d+-\d+$/);
		expect(one.body.lastPasswordChangeDateTime).toEqual(expect.any(String));
		const list = await h.get(`/users?$select=id,employeeHireDate,securityIdentifier&$top=3`);
		expect(list.body.value[0]).toEqual({
			id: DEMO_USERS.admin.id,
			employeeHireDate: null,
			securityIdentifier: expect.stringMatching(/^S-1-12-1-/),
		});
		// licenseAssignmentStates: direct assignments of the user's licences
		const licensed = await h.get(`/users/${DEMO_USERS.alex.id}?$select=licenseAssignmentStates`);
		expect(licensed.body.licenseAssignmentStates).toEqual([
			expect.objectContaining({ assignedByGroup: null, state: 'Active', error: 'None' }),
		]);
	});

	// docs: user resource / create user / update user: employeeHireDate (DateTimeOffset),
	// employeeOrgData ("if you omit any, the system sets them to null"), faxNumber,
	// preferredDataLocation, onPremisesImmutableId ("The $ and _ characters can't be used") are
	// writable; values of the wrong type are 400
	test('writable v1.0 properties on create and PATCH, with their type rules', async () => {
		const created = await h.graph('POST', '/users', {
			body: {
				...NEW_USER,
				employeeHireDate: '2024-03-01T00:00:00Z',
				employeeOrgData: { division: 'R&D' },
				faxNumber: '+1 425 555 0100',
				preferredDataLocation: 'EUR',
				onPremisesImmutableId: 'abc123==',
			},
		});
		expect(created.status).toBe(201);
		const id = created.body.id;
		const fields =
			'employeeHireDate,employeeOrgData,faxNumber,preferredDataLocation,onPremisesImmutableId,lastPasswordChangeDateTime';
		const read = await h.get(`/users/${id}?$select=${fields}`);
		expect(read.body).toMatchObject({
			employeeHireDate: '2024-03-01T00:00:00Z',
			employeeOrgData: { division: 'R&D', costCenter: null },
			faxNumber: '+1 425 555 0100',
			preferredDataLocation: 'EUR',
			onPremisesImmutableId: 'abc123==',
		});
		const patched = await h.graph('PATCH', `/users/${id}`, {
			body: {
				employeeHireDate: '2025-01-15',
				employeeOrgData: { costCenter: 'CC-1' },
				faxNumber: null,
			},
		});
		expect(patched.status).toBe(204);
		const after = (await h.get(`/users/${id}?$select=${fields}`)).body;
		expect(after).toMatchObject({
			employeeHireDate: '2025-01-15T00:00:00Z',
			employeeOrgData: { division: null, costCenter: 'CC-1' },
			faxNumber: null,
		});
		h.emu.admin.advanceClock(60);
		await h.graph('PATCH', `/users/${id}`, {
			body: { passwordProfile: { password: 'An0ther!Passw0rd' } },
		});
		const changed = (await h.get(`/users/${id}?$select=lastPasswordChangeDateTime`)).body
			.lastPasswordChangeDateTime;
		expect(Date.parse(changed)).toBeGreaterThan(Date.parse(after.lastPasswordChangeDateTime));
		const bad = [
			{ employeeHireDate: 'not a date' },
			{ employeeHireDate: 20240301 },
			{ employeeOrgData: 'R&D' },
			{ employeeOrgData: { division: 7 } },
			{ employeeOrgData: { department: 'x' } },
			{ faxNumber: 12345 },
			{ preferredDataLocation: ['EUR'] },
			{ onPremisesImmutableId: 'has_underscore' },
			{ onPremisesImmutableId: '$dollar' },
		];
		for (const body of bad) {
			const answer = await h.graph('PATCH', `/users/${id}`, { body });
			expect([body, answer.status, answer.body.error.code]).toEqual([
				body,
				400,
				'Request_BadRequest',
			]);
			expect(answer.body.error.message).toMatch(
				/^Invalid value specified for property '\w+' of resource 'User'\.$/,
			);
		}
		expect(
			(
				await h.graph('POST', '/users', {
					body: { ...NEW_USER, userPrincipalName: 'other@contoso.com', employeeHireDate: 'soon' },
				})
			).status,
		).toBe(400);
	});

	// docs: user resource marks imAddresses, lastPasswordChangeDateTime, onPremisesDistinguishedName,
	// onPremisesDomainName, onPremisesLastSyncDateTime, onPremisesSamAccountName,
	// onPremisesUserPrincipalName, securityIdentifier ... "Read-only": writing them is 400
	test('read-only v1.0 properties are refused on create and PATCH', async () => {
		const readOnly = {
			imAddresses: ['sip:x@contoso.com'],
			lastPasswordChangeDateTime: '2024-01-01T00:00:00Z',
			onPremisesDistinguishedName: 'CN=x',
			onPremisesDomainName: 'contoso.local',
			onPremisesLastSyncDateTime: '2024-01-01T00:00:00Z',
			onPremisesSamAccountName: 'x',
			onPremisesUserPrincipalName: 'x@contoso.local',
			onPremisesSecurityIdentifier: 'S-1-5-21-1',
			securityIdentifier: 'S-1-12-1-1-2-3-4',
			licenseAssignmentStates: [],
		};
		for (const [key, value] of Object.entries(readOnly)) {
			const patch = await h.graph('PATCH', `/users/${DEMO_USERS.alex.id}`, {
				body: { [key]: value },
			});
			expect([key, patch.status, patch.body.error.message]).toEqual([
				key,
				400,
				`Property '${key}' is read-only and cannot be set.`,
			]);
			const create = await h.graph('POST', '/users', { body: { ...NEW_USER, [key]: value } });
			expect([key, create.status]).toEqual([key, 400]);
		}
		expect(
			(await h.get(`/users/${DEMO_USERS.alex.id}?$select=onPremisesSamAccountName`)).body
				.onPremisesSamAccountName,
		).toBeNull();
	});

	// Graph: 400 BadRequest "Empty Payload. JSON content expected." for a JSON write without a payload
	// (microsoftgraph/microsoft-graph-docs-contrib#7083: a POST without payload), what n8n sends when
	// it drops an empty object body. Create temporaryAccessPassMethod takes the entity as its body.
	test('a PATCH or POST with a JSON Content-Type and no payload answers 400 Empty Payload; {} is a payload', async () => {
		const json = { 'Content-Type': 'application/json' };
		const patch = await h.graph('PATCH', `/users/${DEMO_USERS.alex.id}`, { headers: json });
		expect([patch.status, patch.body.error.code, patch.body.error.message]).toEqual([
			400,
			'BadRequest',
			'Empty Payload. JSON content expected.',
		]);
		const tapPath = `/users/${DEMO_USERS.alex.id}/authentication/temporaryAccessPassMethods`;
		const emptyPost = await h.graph('POST', tapPath, { headers: json });
		expect([emptyPost.status, emptyPost.body.error.message]).toEqual([
			400,
			'Empty Payload. JSON content expected.',
		]);
		const bare = await h.graph('POST', tapPath);
		expect([bare.status, bare.body.error.message]).toEqual([
			400,
			'Empty Payload. JSON content expected.',
		]);
		expect((await h.graph('POST', tapPath, { body: {} })).status).toBe(201);
		// an action without parameters is sent without a body and Content-Type
		expect(
			(await h.graph('POST', `/users/${DEMO_USERS.alex.id}/revokeSignInSessions`)).status,
		).toBe(200);
	});
});
