import { DEMO_APP, DEMO_GROUPS, DEMO_TENANT_ID, DEMO_USERS, READONLY_APP, SERVICE_PLANS, SKUS } from '../../emulator';
import { emulatorCredentials, listSearch, loadOptions } from '../../harness';
import { byId, byUpn, graphLog, json, node, run, runFailing, seedUser, useEmulator } from '../setup';

const world = useEmulator();

describe('User → Get Groups', () => {
	it('lists direct groups, transitive groups, and security groups only', async () => {
		const direct = await run(world.emulator, { resource: 'user', operation: 'getGroups', user: byId(DEMO_USERS.johanna.id), membership: 'direct' });
		expect(json(direct).map((group) => group.id).sort()).toEqual([DEMO_GROUPS.allCompany.id, DEMO_GROUPS.platform.id].sort());
		expect(direct[0].json).toHaveProperty('displayName');
		expect(direct.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);

		const transitive = await run(world.emulator, { resource: 'user', operation: 'getGroups', user: byUpn(DEMO_USERS.johanna.userPrincipalName), membership: 'transitive' });
		expect(json(transitive).map((group) => group.id).sort()).toEqual([DEMO_GROUPS.allCompany.id, DEMO_GROUPS.platform.id, DEMO_GROUPS.engineering.id].sort());

		const security = await run(world.emulator, { resource: 'user', operation: 'getGroups', user: byId(DEMO_USERS.johanna.id), membership: 'transitive', securityOnly: true });
		expect(json(security).map((group) => group.id).sort()).toEqual([DEMO_GROUPS.platform.id, DEMO_GROUPS.engineering.id].sort());
	});

	it('terminates on cyclic nesting and honours the limit', async () => {
		const out = await run(world.emulator, { resource: 'user', operation: 'getGroups', user: byId(DEMO_USERS.diego.id), membership: 'transitive' });
		expect(json(out).map((group) => group.id).sort()).toEqual([DEMO_GROUPS.allCompany.id, DEMO_GROUPS.cycleA.id, DEMO_GROUPS.cycleB.id].sort());
		const limited = await run(world.emulator, { resource: 'user', operation: 'getGroups', user: byId(DEMO_USERS.diego.id), membership: 'transitive', returnAll: false, limit: 2 });
		expect(limited).toHaveLength(2);
	});

	it('says which user was not found', async () => {
		const error = await runFailing(world.emulator, { resource: 'user', operation: 'getGroups', user: byUpn('ghost@contoso.com') });
		expect(error.message).toBe('User not found: ghost@contoso.com');
	});
});

describe('User → Get / Set / Remove Manager', () => {
	it('gets the manager, and { manager: null } for a user without one', async () => {
		const out = await run(world.emulator, { resource: 'user', operation: 'getManager', user: byId(DEMO_USERS.alex.id) });
		expect(out[0].json).toMatchObject({ id: DEMO_USERS.megan.id, displayName: 'Megan Bowen' });
		const none = await run(world.emulator, { resource: 'user', operation: 'getManager', user: byId(DEMO_USERS.lee.id) });
		expect(none[0].json).toEqual({ userId: DEMO_USERS.lee.id, manager: null });
		const missing = await runFailing(world.emulator, { resource: 'user', operation: 'getManager', user: byUpn('ghost@contoso.com') });
		expect(missing.message).toBe('User not found: ghost@contoso.com');
	});

	it('sets the manager by UPN, in $batch for many items', async () => {
		const users = Array.from({ length: 3 }, () => seedUser(world.emulator));
		world.emulator.admin.clearLog();
		const out = await run(world.emulator, { resource: 'user', operation: 'setManager', user: byId('={{ $json.id }}'), manager: byUpn(DEMO_USERS.lee.userPrincipalName) }, users.map((user) => ({ json: { id: user.id } })));
		expect(json(out)).toEqual(users.map((user) => ({ userId: user.id, managerId: DEMO_USERS.lee.id, managerSet: true })));
		for (const user of users) expect(world.emulator.admin.getUser(user.id)!.manager).toBe(DEMO_USERS.lee.id);
		const roundTrips = graphLog(world.emulator).filter((entry) => !entry.batch);
		expect(roundTrips.map((entry) => `${entry.method} ${entry.path.split('?')[0]}`)).toEqual([`GET /v1.0/users/${encodeURIComponent(DEMO_USERS.lee.userPrincipalName)}`, 'POST /v1.0/$batch']);
	});

	it('refuses a user as their own manager and a missing manager, sending no write', async () => {
		world.emulator.admin.clearLog();
		const self = await runFailing(world.emulator, { resource: 'user', operation: 'setManager', user: byId(DEMO_USERS.lee.id), manager: byId(DEMO_USERS.lee.id) });
		expect(self.message).toMatch(/own manager/);
		const missing = await run(world.emulator, { resource: 'user', operation: 'setManager', user: byId(DEMO_USERS.lee.id), manager: byUpn('ghost@contoso.com') }, [{ json: {} }], { continueOnFail: true });
		expect(missing[0].json.error).toBe('User not found: ghost@contoso.com');
		expect(graphLog(world.emulator).filter((entry) => entry.method !== 'GET')).toHaveLength(0);
		expect(world.emulator.admin.getUser(DEMO_USERS.lee.id)!.manager).toBeNull();
	});

	it('removes the manager ("removed"), and says "noManager" or fails when there is none', async () => {
		const out = await run(world.emulator, { resource: 'user', operation: 'removeManager', user: byId(DEMO_USERS.alex.id) });
		expect(out[0].json).toEqual({ userId: DEMO_USERS.alex.id, status: 'removed' });
		expect(world.emulator.admin.getUser(DEMO_USERS.alex.id)!.manager).toBeNull();
		const again = await run(world.emulator, { resource: 'user', operation: 'removeManager', user: byId(DEMO_USERS.alex.id) });
		expect(again[0].json).toEqual({ userId: DEMO_USERS.alex.id, status: 'noManager' });
		const strict = await runFailing(world.emulator, { resource: 'user', operation: 'removeManager', user: byId(DEMO_USERS.alex.id), options: { ignoreNoManager: false } });
		expect(strict.message).toMatch(/has no manager/);
	});

	it('is denied for a read-only app', async () => {
		const error = await runFailing(world.emulator, { resource: 'user', operation: 'removeManager', user: byId(DEMO_USERS.alex.id) }, [{ json: {} }], { app: READONLY_APP });
		expect(error.message).toMatch(/Permission denied/);
		expect(world.emulator.admin.getUser(DEMO_USERS.alex.id)!.manager).toBe(DEMO_USERS.megan.id);
	});
});

describe('methods', () => {
	const options = () => ({ credentials: emulatorCredentials(world.emulator.url, DEMO_APP, DEMO_TENANT_ID) });

	it('searchUsers lists users by name or UPN, and pages with the token', async () => {
		const found = await listSearch(node, 'searchUsers', {}, 'megan', undefined, options());
		expect(found.results).toEqual([{ name: 'Megan Bowen (megan.bowen@contoso.com)', value: DEMO_USERS.megan.id }]);
		const byUpnText = await listSearch(node, 'searchUsers', {}, 'johanna.lorenz', undefined, options());
		expect(byUpnText.results.map((result) => result.value)).toEqual([DEMO_USERS.johanna.id]);

		world.emulator.admin.seed({ users: 120 });
		const first = await listSearch(node, 'searchUsers', {}, undefined, undefined, options());
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBeTruthy();
		const second = await listSearch(node, 'searchUsers', {}, undefined, first.paginationToken as string, options());
		expect(second.results).toHaveLength(50);
		expect(second.results.map((result) => result.value)).not.toContain(first.results[0].value);
	});

	it('searchGroups lists groups by name', async () => {
		const found = await listSearch(node, 'searchGroups', {}, 'platform', undefined, options());
		expect(found.results).toEqual([{ name: 'Platform Team', value: DEMO_GROUPS.platform.id }]);
		const all = await listSearch(node, 'searchGroups', {}, '', undefined, options());
		expect(all.results.map((result) => result.name)).toContain('All Company');
	});

	it('getSkus lists the tenant SKUs with availability; getServicePlans the plans of the chosen SKUs', async () => {
		const skus = await loadOptions(node, 'getSkus', {}, options());
		expect(skus.map((sku) => sku.value)).toEqual(expect.arrayContaining([SKUS.E3, SKUS.E5, SKUS.EMS]));
		expect(skus.find((sku) => sku.value === SKUS.E5)!.description).toMatch(/^0 of 2 available$/);
		const plans = await loadOptions(node, 'getServicePlans', { resource: 'license', operation: 'addOrRemove', skuIds: [SKUS.E3] }, options());
		expect(plans.map((plan) => plan.value)).toEqual(expect.arrayContaining(Object.values(SERVICE_PLANS)));
		const e5 = await loadOptions(node, 'getServicePlans', { resource: 'license', operation: 'addOrRemove', skuIds: [SKUS.E5] }, options());
		expect(e5.map((plan) => plan.name).sort()).toEqual(['EXCHANGE_S_ENTERPRISE', 'OFFICESUBSCRIPTION', 'TEAMS1']);
		const single = await loadOptions(node, 'getServicePlans', { skuId: { __rl: true, mode: 'id', value: SKUS.E5 } }, options());
		expect(single.map((plan) => plan.value).sort()).toEqual(e5.map((plan) => plan.value).sort());
		const allPlans = await loadOptions(node, 'getServicePlans', {}, options());
		expect(allPlans).toHaveLength(4);
	});

	it('list search works for a read-only app', async () => {
		const found = await listSearch(node, 'searchUsers', {}, 'alex', undefined, { credentials: emulatorCredentials(world.emulator.url, READONLY_APP, DEMO_TENANT_ID) });
		expect(found.results.map((result) => result.value)).toEqual([DEMO_USERS.alex.id]);
	});
});
