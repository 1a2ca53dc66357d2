import { DEMO_GROUPS, DEMO_USERS } from './index';
import { sharedHarness } from './helpers';

describe('emulator: $batch, throttling, faults, request log', () => {
	const h = sharedHarness({}, { signIn: true });
	beforeEach(() => {
		h.emu.admin.setThrottle(false);
		h.emu.admin.setLatency(0);
		h.emu.admin.clearLog();
	});

	const batch = (requests: unknown[]) => h.graph('POST', '/$batch', { body: { requests } });

	// docs: json-batching: 200 with one response per request (id, status, headers, body), any order
	test('runs each request and answers each with its own status, headers and body', async () => {
		const answer = await batch([
			{ id: '1', method: 'GET', url: `/users/${DEMO_USERS.lee.id}?$select=displayName` },
			{ id: '2', method: 'GET', url: 'users/nobody@contoso.com' },
			{
				id: '3',
				method: 'PATCH',
				url: `/users/${DEMO_USERS.lee.id}`,
				headers: { 'Content-Type': 'application/json' },
				body: { jobTitle: 'CTO' },
			},
		]);
		expect(answer.status).toBe(200);
		const byId = Object.fromEntries(answer.body.responses.map((r: { id: string }) => [r.id, r]));
		expect(byId['1']).toMatchObject({ status: 200, body: { displayName: 'Lee Gu' } });
		expect(byId['1'].headers['Content-Type']).toContain('application/json');
		expect(byId['2']).toMatchObject({
			status: 404,
			body: { error: { code: 'Request_ResourceNotFound' } },
		});
		expect(byId['3'].status).toBe(204);
		expect(byId['3'].body).toBeUndefined();
		expect(h.emu.admin.getUser(DEMO_USERS.lee.id)?.jobTitle).toBe('CTO');
	});

	// docs: json-batching "responses ... might appear in a different order"
	test('response order is shuffled (deterministically) but every id is answered', async () => {
		const requests = Array.from({ length: 20 }, (_, i) => ({
			id: String(i + 1),
			method: 'GET',
			url: '/users?$top=1&$select=id',
		}));
		const answer = await batch(requests);
		const order = answer.body.responses.map((r: { id: string }) => r.id);
		expect([...order].sort()).toEqual(requests.map((r) => r.id).sort());
		expect(order).not.toEqual(requests.map((r) => r.id));
	});

	// docs: json-batching: at most 20 requests; ids unique; otherwise the whole batch is a 400
	test('more than 20 requests or duplicate ids fail the whole batch with 400', async () => {
		const many = Array.from({ length: 21 }, (_, i) => ({
			id: String(i),
			method: 'GET',
			url: '/users',
		}));
		expect((await batch(many)).status).toBe(400);
		const duplicate = await batch([
			{ id: '1', method: 'GET', url: '/users' },
			{ id: '1', method: 'GET', url: '/groups' },
		]);
		expect(duplicate.status).toBe(400);
		expect(duplicate.body.error.innerError['request-id']).toBeDefined();
	});

	// docs: json-batching: dependsOn; "if an individual request fails, any request that depends on that request fails with status code 424"
	test('dependsOn runs in order and a failed dependency gives 424', async () => {
		const answer = await batch([
			{
				id: '3',
				method: 'GET',
				url: `/users/${DEMO_USERS.lee.id}?$select=jobTitle`,
				dependsOn: ['2'],
			},
			{
				id: '2',
				method: 'PATCH',
				url: `/users/${DEMO_USERS.lee.id}`,
				headers: { 'content-type': 'application/json' },
				body: { jobTitle: 'VP' },
				dependsOn: ['1'],
			},
			{ id: '1', method: 'GET', url: `/users/${DEMO_USERS.lee.id}` },
			{ id: '4', method: 'GET', url: '/users/missing@contoso.com' },
			{ id: '5', method: 'GET', url: '/users', dependsOn: ['4'] },
		]);
		const byId = Object.fromEntries(answer.body.responses.map((r: { id: string }) => [r.id, r]));
		expect(byId['3'].body.jobTitle).toBe('VP');
		expect(byId['5'].status).toBe(424);
	});

	// docs: json-batching: url relative; a body needs a Content-Type header
	test('absolute urls and bodies without Content-Type fail that request only', async () => {
		const answer = await batch([
			{ id: '1', method: 'GET', url: 'https://graph.microsoft.com/v1.0/users' },
			{ id: '2', method: 'PATCH', url: `/users/${DEMO_USERS.lee.id}`, body: { jobTitle: 'x' } },
			{ id: '3', method: 'GET', url: '/groups?$top=1' },
		]);
		const byId = Object.fromEntries(answer.body.responses.map((r: { id: string }) => [r.id, r]));
		expect(byId['1'].status).toBe(400);
		expect(byId['2'].status).toBe(400);
		expect(byId['3'].status).toBe(200);
	});

	// docs: aad-advanced-queries "To use advanced query capabilities in batch requests, specify the ConsistencyLevel header in the JSON body"
	test('ConsistencyLevel inside a batch request enables advanced queries', async () => {
		const answer = await batch([
			{
				id: '1',
				method: 'GET',
				url: '/users?$count=true&$search="displayName:adele"',
				headers: { ConsistencyLevel: 'eventual' },
			},
			{ id: '2', method: 'GET', url: '/users?$search="displayName:adele"' },
		]);
		const byId = Object.fromEntries(answer.body.responses.map((r: { id: string }) => [r.id, r]));
		expect(byId['1'].body['@odata.count']).toBe(1);
		expect(byId['2'].status).toBe(400);
	});

	// docs: throttling-limits identity: RU per app+tenant per 10 s (3,500 for <50 users), GET users costs 2; 429 with Retry-After; also inside $batch
	test('resource-unit quota: 429 with Retry-After, inside $batch too, and recovery after the window', async () => {
		h.emu.admin.setThrottle(true);
		const requests = Array.from({ length: 20 }, (_, i) => ({
			id: String(i),
			method: 'GET',
			url: '/users',
		}));
		let throttled:
			| { status: number; headers: Record<string, string>; body: { error: { code: string } } }
			| undefined;
		let batches = 0;
		while (!throttled && batches < 100) {
			const answer = await batch(requests);
			batches += 1;
			expect(answer.status).toBe(200);
			throttled = answer.body.responses.find((r: { status: number }) => r.status === 429);
		}
		// 3,500 RU / (20 requests x 2 RU) = 87.5 batches.
		expect(batches).toBe(88);
		expect(throttled?.headers['Retry-After']).toMatch(/^\d+$/);
		expect(throttled?.body.error.code).toBe('TooManyRequests');
		const direct = await h.get('/users');
		expect(direct.status).toBe(429);
		expect(Number(direct.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(direct.headers.get('x-ms-throttle-scope')).toBe('Tenant_Application_All');
		h.emu.admin.advanceClock(11);
		expect((await h.get('/users')).status).toBe(200);
	});

	// docs: throttling-limits: "$select decreases cost by 1 ... $top with a value of less than 20 decreases cost by 1"; x-ms-resource-unit
	test('request costs follow the identity cost table', async () => {
		h.emu.admin.setThrottle(true);
		const cost = async (path: string) =>
			Number((await h.get(path)).headers.get('x-ms-resource-unit'));
		expect(await cost('/users')).toBe(2);
		expect(await cost('/users?$select=id')).toBe(1);
		expect(await cost(`/groups/${DEMO_GROUPS.allCompany.id}/members`)).toBe(3);
		expect(await cost(`/groups/${DEMO_GROUPS.allCompany.id}/transitiveMembers`)).toBe(5);
		expect(
			await cost(`/groups/${DEMO_GROUPS.allCompany.id}/transitiveMembers?$select=id&$top=5`),
		).toBe(3);
		expect(await cost('/subscribedSkus')).toBe(3);
		expect(await cost(`/users/${DEMO_USERS.admin.id}/licenseDetails`)).toBe(2);
		expect(await cost('/groups')).toBe(1);
	});

	// docs: throttling-limits identity: write quota 3,000 per 2 min 30 s per app+tenant
	test('write quota: the 3,001st write within 150 s gets 429 WriteLimitExceeded', async () => {
		h.emu.admin.setThrottle(true, { resourceUnits: 100000 });
		const requests = Array.from({ length: 20 }, (_, i) => ({
			id: String(i),
			method: 'PATCH',
			url: `/users/${DEMO_USERS.lee.id}`,
			headers: { 'Content-Type': 'application/json' },
			body: { jobTitle: `t${i}` },
		}));
		for (let i = 0; i < 150; i++) {
			const answer = await batch(requests);
			expect(answer.body.responses.every((r: { status: number }) => r.status === 204)).toBe(true);
		}
		const over = await h.graph('PATCH', `/users/${DEMO_USERS.lee.id}`, {
			body: { jobTitle: 'one more' },
		});
		expect(over.status).toBe(429);
		expect(over.headers.get('x-ms-throttle-reason')).toBe('WriteLimitExceeded');
		expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(100);
	});

	test('injected faults: status with headers, dropped connection, and inside $batch', async () => {
		h.emu.admin.injectFault({
			pathPattern: '/v1\\.0/users/delta',
			count: 2,
			status: 503,
			headers: { 'Retry-After': '2' },
		});
		for (let i = 0; i < 2; i++) {
			const answer = await h.get('/users/delta?$deltatoken=latest');
			expect(answer.status).toBe(503);
			expect(answer.headers.get('retry-after')).toBe('2');
			expect(answer.body.error.code).toBe('ServiceUnavailable');
		}
		expect((await h.get('/users/delta?$deltatoken=latest')).status).toBe(200);
		h.emu.admin.injectFault({ method: 'GET', pathPattern: '^/v1\\.0/groups', drop: true });
		await expect(
			fetch(h.url('/groups'), { headers: { Authorization: `Bearer ${h.token}` } }),
		).rejects.toThrow();
		expect((await h.get('/groups')).status).toBe(200);
		h.emu.admin.injectFault({
			pathPattern: '/users/' + DEMO_USERS.lee.id,
			status: 429,
			headers: { 'Retry-After': '1' },
		});
		const answer = await batch([
			{ id: 'a', method: 'GET', url: `/users/${DEMO_USERS.lee.id}` },
			{ id: 'b', method: 'GET', url: `/users/${DEMO_USERS.alex.id}` },
		]);
		const byId = Object.fromEntries(answer.body.responses.map((r: { id: string }) => [r.id, r]));
		expect(byId.a.status).toBe(429);
		expect(byId.a.headers['Retry-After']).toBe('1');
		expect(byId.b.status).toBe(200);
	});

	test('faults and logs through the admin HTTP API; latency is added', async () => {
		const admin = (path: string, method = 'GET', body?: unknown) =>
			fetch(`${h.emu.url}/_emulator/${path}`, {
				method,
				body: body === undefined ? undefined : JSON.stringify(body),
			}).then((r) => r.json() as Promise<any>);
		await admin('faults', 'POST', { pathPattern: 'subscribedSkus', status: 500 });
		expect((await h.get('/subscribedSkus')).status).toBe(500);
		await admin('requests', 'DELETE');
		await h.get('/users?$top=1');
		await batch([{ id: '1', method: 'GET', url: '/groups?$top=1' }]);
		const log = await admin('requests');
		expect(log.count).toBe(2);
		expect(log.requests).toEqual([
			expect.objectContaining({
				method: 'GET',
				path: '/v1.0/users?$top=1',
				status: 200,
				batch: false,
			}),
			expect.objectContaining({
				method: 'GET',
				path: '/v1.0/groups?$top=1',
				status: 200,
				batch: true,
			}),
			expect.objectContaining({ method: 'POST', path: '/v1.0/$batch', status: 200, batch: false }),
		]);
		await admin('latency', 'POST', { ms: 120 });
		const started = Date.now();
		await h.get('/users?$top=1');
		expect(Date.now() - started).toBeGreaterThanOrEqual(110);
		const clock = await admin('clock', 'POST', { advanceSeconds: 60 });
		expect(clock.now).toMatch(/Z$/);
	});
});
