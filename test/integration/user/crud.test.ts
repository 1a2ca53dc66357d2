import { DEMO_USERS, READONLY_APP } from '../../emulator';
import { PASSWORD, batchRoundTrips, byId, byUpn, fromList, graphLog, json, paired, run, runFailing, seedUser, upn, useEmulator } from '../setup';

const world = useEmulator();

describe('User → Create', () => {
	it('creates the user with every field in one request, mail nickname from the UPN, manager set in the same run', async () => {
		const name = upn('grace');
		const out = await run(world.emulator, {
			resource: 'user',
			operation: 'create',
			displayName: 'Grace Hopper',
			userPrincipalName: name,
			password: PASSWORD,
			forceChangePasswordNextSignIn: true,
			accountEnabled: false,
			additionalFields: {
				givenName: 'Grace',
				surname: 'Hopper',
				department: 'Navy',
				jobTitle: 'Rear Admiral',
				employeeId: 'E-1906',
				usageLocation: 'US',
				city: 'Arlington',
				businessPhones: '+1 555 0100',
				manager: byUpn(DEMO_USERS.lee.userPrincipalName),
			},
		});
		expect(out).toHaveLength(1);
		expect(out[0].pairedItem).toEqual({ item: 0 });
		const created = out[0].json;
		expect(created).toMatchObject({ displayName: 'Grace Hopper', userPrincipalName: name, managerId: DEMO_USERS.lee.id });
		expect(created).not.toHaveProperty('passwordProfile');
		const stored = world.emulator.admin.getUser(created.id as string)!;
		expect(stored).toMatchObject({
			userPrincipalName: name,
			mailNickname: name.split('@')[0],
			accountEnabled: false,
			department: 'Navy',
			jobTitle: 'Rear Admiral',
			employeeId: 'E-1906',
			usageLocation: 'US',
			city: 'Arlington',
			businessPhones: ['+1 555 0100'],
			manager: DEMO_USERS.lee.id,
		});
		const posts = graphLog(world.emulator).filter((entry) => entry.method === 'POST' && entry.path === '/v1.0/users');
		expect(posts).toHaveLength(1);
	});

	it('fails on a duplicate UPN with Graph\'s error and leaves the directory unchanged', async () => {
		const before = world.emulator.admin.getState().users;
		const error = await runFailing(world.emulator, {
			resource: 'user',
			operation: 'create',
			displayName: 'Another Alex',
			userPrincipalName: DEMO_USERS.alex.userPrincipalName,
			password: PASSWORD,
		});
		expect(error.message).toMatch(/rejected the request/);
		expect(error.description).toMatch(/Request_BadRequest/);
		expect(error.description).toMatch(/userPrincipalName already exists/);
		expect(world.emulator.admin.getState().users).toBe(before);
	});

	it.each([
		['userPrincipalName', { userPrincipalName: 'no-at-sign' }, /User Principal Name/],
		['userPrincipalName', { userPrincipalName: 'bad name@contoso.com' }, /User Principal Name/],
		['mailNickname', { mailNickname: 'has space' }, /Mail Nickname/],
		['password', { password: 'short' }, /Password/],
		['password', { password: 'alllowercaseletters' }, /Password/],
		['displayName', { displayName: '' }, /Display Name.*empty/],
		['usageLocation', { additionalFields: { usageLocation: 'usa' } }, /Usage Location/],
		['employeeId', { additionalFields: { employeeId: '12345678901234567' } }, /Employee ID/],
		['displayName from an expression', { displayName: '={{ { a: 1 } }}' }, /Display Name.*must be text/],
	])('refuses a bad %s before any request', async (_field, change, message) => {
		world.emulator.admin.clearLog();
		const error = await runFailing(world.emulator, {
			resource: 'user',
			operation: 'create',
			displayName: 'Valid Name',
			userPrincipalName: upn(),
			password: PASSWORD,
			...change,
		});
		expect(error.constructor.name).toBe('NodeOperationError');
		expect(error.message).toMatch(message);
		expect(error.context?.itemIndex).toBe(0);
		expect(error.description).toBeTruthy();
		expect(graphLog(world.emulator)).toHaveLength(0);
	});

	it('is denied for an app with read permissions only, creating nothing', async () => {
		const name = upn('denied');
		const error = await runFailing(
			world.emulator,
			{ resource: 'user', operation: 'create', displayName: 'Denied', userPrincipalName: name, password: PASSWORD },
			[{ json: {} }],
			{ app: READONLY_APP },
		);
		expect(error.message).toMatch(/Permission denied/);
		expect(error.description).toMatch(/Authorization_RequestDenied/);
		expect(world.emulator.admin.getUser(name)).toBeUndefined();
	});

	it('with continueOnFail, a bad item and a duplicate get error items and the others are created', async () => {
		const names = [upn('a'), 'not-a-upn', DEMO_USERS.alex.userPrincipalName, upn('d')];
		const out = await run(
			world.emulator,
			{ resource: 'user', operation: 'create', displayName: '={{ $json.name }}', userPrincipalName: '={{ $json.upn }}', password: PASSWORD },
			names.map((name, index) => ({ json: { name: `User ${index}`, upn: name } })),
			{ continueOnFail: true },
		);
		expect(paired(out)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(out[0].json.userPrincipalName).toBe(names[0]);
		expect(out[1].json.error).toMatch(/User Principal Name/);
		expect(out[2].json.error).toMatch(/rejected the request/);
		expect(out[3].json.userPrincipalName).toBe(names[3]);
		expect(world.emulator.admin.getUser(names[0])).toBeDefined();
		expect(world.emulator.admin.getUser(names[3])).toBeDefined();
	});

	it('fails an item whose manager does not exist, without creating that user', async () => {
		const name = upn('orphan');
		const out = await run(
			world.emulator,
			{
				resource: 'user',
				operation: 'create',
				displayName: 'Orphan',
				userPrincipalName: name,
				password: PASSWORD,
				additionalFields: { manager: byUpn('nobody@contoso.com') },
			},
			[{ json: {} }],
			{ continueOnFail: true },
		);
		expect(out[0].json.error).toMatch(/Manager not found: nobody@contoso.com/);
		expect(world.emulator.admin.getUser(name)).toBeUndefined();
	});

	it('100 creates take at most 5 $batch round trips and give the same results as one by one', async () => {
		const items = Array.from({ length: 100 }, (_, index) => ({ json: { upn: upn(`bulk${index}-`), department: `D${index % 3}` } }));
		const parameters = {
			resource: 'user',
			operation: 'create',
			displayName: '={{ "Bulk " + $json.upn }}',
			userPrincipalName: '={{ $json.upn }}',
			password: PASSWORD,
			additionalFields: { department: '={{ $json.department }}' },
		};
		world.emulator.admin.clearLog();
		const bulk = await run(world.emulator, parameters, items);
		expect(batchRoundTrips(world.emulator)).toBeLessThanOrEqual(5);
		expect(graphLog(world.emulator).filter((entry) => !entry.batch)).toHaveLength(batchRoundTrips(world.emulator));
		expect(bulk.map((item) => item.json.userPrincipalName)).toEqual(items.map((item) => item.json.upn));
		expect(paired(bulk)).toEqual(items.map((_, item) => ({ item })));
		for (const item of items) expect(world.emulator.admin.getUser(item.json.upn)).toMatchObject({ department: item.json.department });

		const others = items.slice(0, 10).map((item) => ({ json: { ...item.json, upn: item.json.upn.replace('@', '.x@') } }));
		const oneByOne = await run(world.emulator, { ...parameters, requestOptions: { bulk: false } }, others);
		const shape = (list: typeof bulk) => json(list).map(({ id, userPrincipalName, displayName, createdDateTime, ...rest }) => ({ ...rest, keys: Object.keys({ id, userPrincipalName, displayName, ...rest }).sort() }));
		expect(shape(oneByOne)).toEqual(shape(bulk.slice(0, 10)));
	});
});

describe('User → Get', () => {
	it('gets a user by ID, by UPN and from the list, with the chosen output', async () => {
		const simplified = await run(world.emulator, { resource: 'user', operation: 'get', user: fromList(DEMO_USERS.alex.id) });
		expect(simplified[0].json).toMatchObject({ id: DEMO_USERS.alex.id, userPrincipalName: DEMO_USERS.alex.userPrincipalName, department: 'Marketing', accountEnabled: true });
		expect(simplified[0].json).not.toHaveProperty('@odata.context');

		const selected = await run(world.emulator, { resource: 'user', operation: 'get', user: byUpn(DEMO_USERS.alex.userPrincipalName), output: 'selected', fields: ['jobTitle'] });
		expect(selected[0].json).toEqual({ id: DEMO_USERS.alex.id, jobTitle: 'Marketing Assistant' });

		const guest = await run(world.emulator, { resource: 'user', operation: 'get', user: byUpn(DEMO_USERS.guest.userPrincipalName), output: 'selected', fields: ['userType'] });
		expect(guest[0].json).toEqual({ id: DEMO_USERS.guest.id, userType: 'Guest' });

		const dollar = await run(world.emulator, { resource: 'user', operation: 'get', user: byUpn(DEMO_USERS.dollar.userPrincipalName) });
		expect(dollar[0].json.id).toBe(DEMO_USERS.dollar.id);

		const quoted = await run(world.emulator, { resource: 'user', operation: 'get', user: byUpn(DEMO_USERS.patti.userPrincipalName) });
		expect(quoted[0].json.id).toBe(DEMO_USERS.patti.id);
	});

	// Known emulator gap (reported): it lacks user properties Graph v1.0 has (employeeHireDate,
	// employeeOrgData, faxNumber, imAddresses, onPremises*, securityIdentifier, ...), so "All
	// Properties" gets a 400 there. Drop `.failing` once the emulator knows them.
	it('gets every property with "All Properties"', async () => {
		const all = await run(world.emulator, { resource: 'user', operation: 'get', user: byId(DEMO_USERS.alex.id), output: 'all' });
		expect(all[0].json).toMatchObject({ id: DEMO_USERS.alex.id, usageLocation: 'US', employeeHireDate: null });
	});

	it('says which user was not found', async () => {
		const error = await runFailing(world.emulator, { resource: 'user', operation: 'get', user: byId('00000000-0000-4000-8000-000000000000') });
		expect(error.message).toBe('User not found: 00000000-0000-4000-8000-000000000000');
		expect(error.description).toMatch(/Request_ResourceNotFound/);
	});

	it('refuses an ID that is neither a GUID nor a UPN before any request', async () => {
		world.emulator.admin.clearLog();
		const error = await runFailing(world.emulator, { resource: 'user', operation: 'get', user: byId('../groups') });
		expect(error.message).toMatch(/"User" is not valid/);
		expect(graphLog(world.emulator)).toHaveLength(0);
	});
});

describe('User → Get Many / Search Users', () => {
	it('searches display name, mail and UPN', async () => {
		const out = await run(world.emulator, { resource: 'user', operation: 'getAll', search: 'megan', returnAll: true });
		expect(json(out).map((user) => user.id)).toEqual([DEMO_USERS.megan.id]);
		const byMail = await run(world.emulator, { resource: 'user', operation: 'getAll', search: 'pradeep.gupta', returnAll: true });
		expect(json(byMail).map((user) => user.id)).toContain(DEMO_USERS.guest.id);
	});

	it('combines field filters, a raw filter and order by', async () => {
		const out = await run(world.emulator, {
			resource: 'user',
			operation: 'getAll',
			returnAll: true,
			filters: { department: 'Engineering', filter: "startsWith(jobTitle, 'Senior')" },
			sort: { orderBy: 'displayName', descending: true },
		});
		expect(json(out).map((user) => user.id)).toEqual([DEMO_USERS.johanna.id]);
		const advanced = graphLog(world.emulator).filter((entry) => entry.path.startsWith('/v1.0/users?'));
		expect(advanced[advanced.length - 1].path).toContain('$count=true');
		world.emulator.admin.clearLog();
		const disabled = await run(world.emulator, { resource: 'user', operation: 'getAll', returnAll: true, filters: { accountEnabled: false } });
		expect(graphLog(world.emulator).map((entry) => entry.path).join()).not.toContain('$count');
		expect(json(disabled).map((user) => user.id)).toEqual([DEMO_USERS.nestor.id]);
		const quote = await run(world.emulator, { resource: 'user', operation: 'getAll', returnAll: true, filters: { displayNameStartsWith: "Patti O'F" } });
		expect(json(quote).map((user) => user.id)).toEqual([DEMO_USERS.patti.id]);
	});

	it('follows nextLinks for Return All and stops at the limit', async () => {
		world.emulator.admin.seed({ users: 1100 });
		const total = world.emulator.admin.getState().users;
		world.emulator.admin.clearLog();
		const all = await run(world.emulator, { resource: 'user', operation: 'getAll', returnAll: true, output: 'selected', fields: [] });
		expect(all).toHaveLength(total);
		expect(new Set(json(all).map((user) => user.id)).size).toBe(total);
		expect(graphLog(world.emulator).filter((entry) => entry.path.startsWith('/v1.0/users')).length).toBeGreaterThanOrEqual(2);
		const limited = await run(world.emulator, { resource: 'user', operation: 'getAll', returnAll: false, limit: 1001 });
		expect(limited).toHaveLength(1001);
	});

	it('orders by display name descending and honours the limit', async () => {
		for (let index = 0; index < 30; index++) seedUser(world.emulator, { displayName: `Zed ${String(index).padStart(2, '0')}` });
		const out = await run(world.emulator, { resource: 'user', operation: 'getAll', returnAll: false, limit: 25, filters: { displayNameStartsWith: 'Zed' }, sort: { orderBy: 'displayName', descending: true } });
		expect(out).toHaveLength(25);
		expect(out[0].json.displayName).toBe('Zed 29');
		const all = await run(world.emulator, { resource: 'user', operation: 'getAll', returnAll: true, filters: { displayNameStartsWith: 'Zed' } });
		expect(all).toHaveLength(30);
	});
});
