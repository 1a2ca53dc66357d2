import { DEMO_USERS, READONLY_APP } from '../../../../emulator';
import {
	PASSWORD,
	batchRoundTrips,
	byUpn,
	graphLog,
	json,
	paired,
	run,
	runFailing,
	upn,
	useEmulator,
} from '../../../../integration/setup';

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
		expect(created).toMatchObject({
			displayName: 'Grace Hopper',
			userPrincipalName: name,
			managerId: DEMO_USERS.lee.id,
		});
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
		const posts = graphLog(world.emulator).filter(
			(entry) => entry.method === 'POST' && entry.path === '/v1.0/users',
		);
		expect(posts).toHaveLength(1);
	});

	it("fails on a duplicate UPN with Graph's error and leaves the directory unchanged", async () => {
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
		[
			'displayName from an expression',
			{ displayName: '={{ { a: 1 } }}' },
			/Display Name.*must be text/,
		],
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
			{
				resource: 'user',
				operation: 'create',
				displayName: 'Denied',
				userPrincipalName: name,
				password: PASSWORD,
			},
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
			{
				resource: 'user',
				operation: 'create',
				displayName: '={{ $json.name }}',
				userPrincipalName: '={{ $json.upn }}',
				password: PASSWORD,
			},
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
		const items = Array.from({ length: 100 }, (_, index) => ({
			json: { upn: upn(`bulk${index}-`), department: `D${index % 3}` },
		}));
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
		expect(graphLog(world.emulator).filter((entry) => !entry.batch)).toHaveLength(
			batchRoundTrips(world.emulator),
		);
		expect(bulk.map((item) => item.json.userPrincipalName)).toEqual(
			items.map((item) => item.json.upn),
		);
		expect(paired(bulk)).toEqual(items.map((_, item) => ({ item })));
		for (const item of items)
			expect(world.emulator.admin.getUser(item.json.upn)).toMatchObject({
				department: item.json.department,
			});

		const others = items
			.slice(0, 10)
			.map((item) => ({ json: { ...item.json, upn: item.json.upn.replace('@', '.x@') } }));
		const oneByOne = await run(
			world.emulator,
			{ ...parameters, requestOptions: { bulk: false } },
			others,
		);
		const shape = (list: typeof bulk) =>
			json(list).map(({ id, userPrincipalName, displayName, createdDateTime, ...rest }) => ({
				...rest,
				keys: Object.keys({ id, userPrincipalName, displayName, ...rest }).sort(),
			}));
		expect(shape(oneByOne)).toEqual(shape(bulk.slice(0, 10)));
	});
});
