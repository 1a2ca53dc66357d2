import { DEMO_GROUPS, DEMO_USERS, SERVICE_PLANS, SKUS } from './index';
import { allPages, EVENTUAL, sharedHarness } from './helpers';
import { assignableUnits } from './licenses';

const ids = (body: { value: { id: string }[] }) => body.value.map((o) => o.id).sort();

describe('emulator: licences and OData query options', () => {
	const h = sharedHarness({}, { signIn: true });

	const assign = (user: string, addLicenses: unknown[], removeLicenses: string[] = []) =>
		h.graph('POST', `/users/${user}/assignLicense`, { body: { addLicenses, removeLicenses } });
	const sku = async (skuId: string) =>
		(await h.get('/subscribedSkus')).body.value.find((s: { skuId: string }) => s.skuId === skuId);

	// docs: subscribedSku resource: prepaidUnits {enabled,suspended,warning,lockedOut}, consumedUnits, servicePlans
	test('subscribedSkus lists units and service plans', async () => {
		const e3 = await sku(SKUS.E3);
		expect(e3).toMatchObject({
			skuPartNumber: 'ENTERPRISEPACK',
			capabilityStatus: 'Enabled',
			consumedUnits: 2,
			prepaidUnits: { enabled: 25, suspended: 0, warning: 0, lockedOut: 0 },
		});
		expect(e3.servicePlans.map((p: { servicePlanName: string }) => p.servicePlanName)).toContain(
			'EXCHANGE_S_ENTERPRISE',
		);
		expect((await sku(SKUS.E5)).consumedUnits).toBe(2);
		expect((await sku(SKUS.EMS)).capabilityStatus).toBe('Warning');
	});

	// docs: user: assignLicense -> 200 with the user; consumedUnits follow; licenseDetails lists skuId, skuPartNumber, servicePlans
	test('assignLicense consumes and frees units; licenseDetails reflects disabled plans', async () => {
		const answer = await assign(DEMO_USERS.isaiah.id, [
			{ skuId: SKUS.E3, disabledPlans: [SERVICE_PLANS.TEAMS1] },
		]);
		expect(answer.status).toBe(200);
		expect(answer.body.id).toBe(DEMO_USERS.isaiah.id);
		expect((await sku(SKUS.E3)).consumedUnits).toBe(3);
		const details = await h.get(`/users/${DEMO_USERS.isaiah.id}/licenseDetails`);
		expect(details.body.value).toHaveLength(1);
		expect(details.body.value[0]).toMatchObject({
			skuId: SKUS.E3,
			skuPartNumber: 'ENTERPRISEPACK',
		});
		const teams = details.body.value[0].servicePlans.find(
			(p: { servicePlanId: string }) => p.servicePlanId === SERVICE_PLANS.TEAMS1,
		);
		expect(teams.provisioningStatus).toBe('Disabled');
		const selected = await h.get(`/users/${DEMO_USERS.isaiah.id}?$select=assignedLicenses`);
		expect(selected.body.assignedLicenses).toEqual([
			{ skuId: SKUS.E3, disabledPlans: [SERVICE_PLANS.TEAMS1] },
		]);
		expect((await assign(DEMO_USERS.isaiah.id, [], [SKUS.E3])).status).toBe(200);
		expect((await sku(SKUS.E3)).consumedUnits).toBe(2);
		const notHeld = await assign(DEMO_USERS.isaiah.id, [], [SKUS.E3]);
		expect(notHeld.status).toBe(400);
	});

	// GRAPH.md: licence for a user without usageLocation: 400 "License assignment cannot be done for user with invalid usage location."
	test('usageLocation rule, unknown SKU and exhausted SKU', async () => {
		const noLocation = await assign(DEMO_USERS.lee.id, [{ skuId: SKUS.E3, disabledPlans: [] }]);
		expect(noLocation.status).toBe(400);
		expect(noLocation.body.error).toMatchObject({
			code: 'Request_BadRequest',
			message: 'License assignment cannot be done for user with invalid usage location.',
		});
		await h.graph('PATCH', `/users/${DEMO_USERS.lee.id}`, { body: { usageLocation: 'US' } });
		expect((await assign(DEMO_USERS.lee.id, [{ skuId: SKUS.E3, disabledPlans: [] }])).status).toBe(
			200,
		);
		const unknown = await assign(DEMO_USERS.lee.id, [
			{ skuId: '00000000-0000-0000-0000-000000000000', disabledPlans: [] },
		]);
		expect(unknown.body.error.message).toContain('does not correspond to a valid company License');
		const exhausted = await assign(DEMO_USERS.isaiah.id, [{ skuId: SKUS.E5, disabledPlans: [] }]);
		expect(exhausted.status).toBe(400);
		expect(exhausted.body.error.message).toContain('does not have any available licenses');
	});

	// docs: licenseUnitsDetail: warning units are those of an expired subscription in its grace period;
	// "What if my subscription expires?" (linked from it): Expired -> "Users have normal access", only
	// Disabled (suspended) -> "can't assign licenses". Warning units are assignable until
	// enabled + warning - consumedUnits reaches 0; consumedUnits counts them; removal frees one.
	test('units in warning (grace period) are assignable and counted in consumedUnits until exhausted', async () => {
		const ems = await sku(SKUS.EMS);
		expect(ems).toMatchObject({
			capabilityStatus: 'Warning',
			consumedUnits: 0,
			prepaidUnits: { enabled: 0, warning: 5 },
		});
		const users = [
			DEMO_USERS.alex,
			DEMO_USERS.megan,
			DEMO_USERS.isaiah,
			DEMO_USERS.johanna,
			DEMO_USERS.patti,
			DEMO_USERS.diego,
		].map((u) => u.id);
		for (const user of users.slice(0, 5))
			expect((await assign(user, [{ skuId: SKUS.EMS, disabledPlans: [] }])).status).toBe(200);
		expect((await sku(SKUS.EMS)).consumedUnits).toBe(5);
		const sixth = await assign(users[5], [{ skuId: SKUS.EMS, disabledPlans: [] }]);
		expect(sixth.status).toBe(400);
		expect(sixth.body.error.message).toContain('does not have any available licenses');
		// re-assigning a licence the user holds takes no new unit
		expect((await assign(users[0], [{ skuId: SKUS.EMS, disabledPlans: [] }])).status).toBe(200);
		expect((await assign(users[0], [], [SKUS.EMS])).status).toBe(200);
		expect((await sku(SKUS.EMS)).consumedUnits).toBe(4);
		expect((await assign(users[5], [{ skuId: SKUS.EMS, disabledPlans: [] }])).status).toBe(200);
	});

	// docs: licenseUnitsDetail: suspended units "can't be assigned"; lockedOut units belong to a
	// canceled subscription; consumedUnits counts every assigned unit
	test('assignable units: enabled + warning - consumed; suspended and lockedOut never', () => {
		const units = (
			enabled: number,
			warning: number,
			suspended: number,
			lockedOut: number,
			consumedUnits: number,
		) =>
			assignableUnits({
				skuId: 'x',
				skuPartNumber: 'X',
				name: 'X',
				capabilityStatus: 'Enabled',
				servicePlans: [],
				consumedUnits,
				prepaidUnits: { enabled, warning, suspended, lockedOut },
			});
		expect(units(10, 0, 0, 0, 3)).toBe(7);
		expect(units(0, 5, 0, 0, 0)).toBe(5);
		expect(units(2, 3, 0, 0, 4)).toBe(1);
		expect(units(0, 0, 5, 0, 0)).toBe(0);
		expect(units(0, 0, 0, 5, 0)).toBe(0);
		expect(units(1, 0, 4, 0, 3)).toBe(0);
	});

	// GRAPH.md: "Delta does not track licence changes"
	test('licence changes do not show in users delta', async () => {
		const link = (
			await h.get('/users/delta?$select=displayName,assignedLicenses&$deltatoken=latest')
		).body['@odata.deltaLink'];
		await assign(DEMO_USERS.isaiah.id, [{ skuId: SKUS.E3, disabledPlans: [] }]);
		expect((await h.get(link)).body.value).toEqual([]);
	});

	// docs: filter-directory-objects: eq, startswith, in, and/or, accountEnabled, userType, createdDateTime ge/le by default
	test('$filter operators supported by default', async () => {
		expect(
			ids((await h.get("/users?$filter=startswith(displayName,'a')&$select=id")).body),
		).toEqual([DEMO_USERS.admin.id, DEMO_USERS.alex.id].sort());
		expect(ids((await h.get('/users?$filter=accountEnabled eq false&$select=id')).body)).toEqual([
			DEMO_USERS.nestor.id,
		]);
		expect(ids((await h.get("/users?$filter=userType eq 'Guest'&$select=id")).body)).toEqual([
			DEMO_USERS.guest.id,
		]);
		expect(
			ids((await h.get("/users?$filter=department in ('Sales','HR')&$select=id")).body),
		).toEqual([DEMO_USERS.isaiah.id, DEMO_USERS.diego.id].sort());
		expect(
			ids(
				(
					await h.get(
						"/users?$filter=department eq 'Marketing' and jobTitle eq 'marketing manager'&$select=id",
					)
				).body,
			),
		).toEqual([DEMO_USERS.megan.id]);
		expect(
			ids((await h.get(`/users?$filter=displayName eq '${"Patti O''Fernandez"}'&$select=id`)).body),
		).toEqual([DEMO_USERS.patti.id]);
		expect(
			ids(
				(await h.get(`/users?$filter=assignedLicenses/any(x:x/skuId eq ${SKUS.E5})&$select=id`))
					.body,
			),
		).toEqual([DEMO_USERS.megan.id, DEMO_USERS.johanna.id].sort());
		expect(
			ids((await h.get("/groups?$filter=groupTypes/any(t:t eq 'Unified')&$select=id")).body),
		).toEqual([DEMO_GROUPS.allCompany.id, DEMO_GROUPS.marketing.id].sort());
		const created = h.emu.admin.createUser({ userPrincipalName: 'fresh@contoso.com' });
		const since = new Date(Date.parse(String(created.createdDateTime)) - 1000).toISOString();
		expect(
			ids((await h.get(`/users?$filter=createdDateTime ge ${since}&$select=id`)).body),
		).toEqual([created.id]);
		expect((await h.get('/users?$filter=nope eq 1')).body.error.code).toBe('Request_BadRequest');
		expect(
			(await h.get("/users?$filter=signInSessionsValidFromDateTime eq 'x'")).body.error.code,
		).toBe('Request_UnsupportedQuery');
	});

	// docs: aad-advanced-queries: ne, not, endsWith, $filter+$orderby need ConsistencyLevel eventual and $count=true
	test('advanced operators fail without ConsistencyLevel and $count, work with them', async () => {
		for (const query of [
			"$filter=endswith(mail,'@contoso.com')",
			"$filter=department ne 'Sales'",
			"$filter=not(userType eq 'Member')",
			"$filter=startswith(displayName,'a')&$orderby=displayName",
		]) {
			const plain = await h.get(`/users?${query}`);
			expect([query, plain.status, plain.body.error.code]).toEqual([
				query,
				400,
				'Request_UnsupportedQuery',
			]);
			expect((await h.get(`/users?${query}&$count=true`)).status).toBe(400);
			const advanced = await h.get(`/users?${query}&$count=true`, EVENTUAL);
			expect([query, advanced.status]).toEqual([query, 200]);
			expect(typeof advanced.body['@odata.count']).toBe('number');
		}
		const notMember = await h.get(
			"/users?$filter=not(userType eq 'Member')&$count=true&$select=id",
			EVENTUAL,
		);
		expect(ids(notMember.body)).toEqual([DEMO_USERS.guest.id]);
	});

	// docs: aad-advanced-queries: $search needs ConsistencyLevel; "$count=true" alone is silently ignored
	test('$search needs ConsistencyLevel: eventual; $count without it is ignored', async () => {
		const plain = await h.get('/users?$search="displayName:ad"');
		expect(plain.status).toBe(400);
		expect(plain.body.error.message).toContain('ConsistencyLevel: eventual');
		const search = await h.get('/users?$search="displayName:ad"&$select=id', EVENTUAL);
		expect(ids(search.body)).toEqual([DEMO_USERS.admin.id]);
		const or = await h.get(
			'/users?$search="displayName:megan" OR "mail:alex"&$select=id',
			EVENTUAL,
		);
		expect(ids(or.body)).toEqual([DEMO_USERS.alex.id, DEMO_USERS.megan.id].sort());
		const and = await h.get(
			'/users?$search="displayName:lee" AND "userPrincipalName:lee.gu"&$select=id',
			EVENTUAL,
		);
		expect(ids(and.body)).toEqual([DEMO_USERS.lee.id]);
		expect((await h.get('/users?$search="city:x"', EVENTUAL)).status).toBe(400);
		const ignored = await h.get('/users?$count=true');
		expect(ignored.status).toBe(200);
		expect(ignored.body['@odata.count']).toBeUndefined();
		expect((await h.get('/users/$count')).status).toBe(400);
		expect((await h.get('/users/$count', EVENTUAL)).body).toBe(11);
	});

	// docs: aad-advanced-queries sorting table: displayName/userPrincipalName by default, createdDateTime advanced
	test('$orderby', async () => {
		const sorted = await h.get('/users?$orderby=displayName desc&$select=displayName');
		const names = sorted.body.value.map((u: { displayName: string }) => u.displayName);
		expect(names).toEqual(
			[...names].sort((a: string, b: string) => b.toLowerCase().localeCompare(a.toLowerCase())),
		);
		expect((await h.get('/users?$orderby=createdDateTime')).status).toBe(400);
		expect((await h.get('/users?$orderby=createdDateTime&$count=true', EVENTUAL)).status).toBe(200);
		expect((await h.get('/users?$orderby=jobTitle')).status).toBe(400);
	});

	test('paging keeps the query options and the ConsistencyLevel rules on every page', async () => {
		h.emu.admin.seed({ users: 300 });
		const { items, pages } = await allPages(
			h,
			"/users?$filter=startswith(displayName,'a')&$orderby=displayName&$count=true&$top=5&$select=id,displayName",
			EVENTUAL,
		);
		expect(pages.length).toBeGreaterThan(1);
		expect(pages[0]['@odata.count']).toBe(items.length);
		const names = items.map((u) => u.displayName.toLowerCase());
		expect(names).toEqual([...names].sort());
	});
});
