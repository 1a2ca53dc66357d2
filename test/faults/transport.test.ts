/**
 * Fault corpus, single requests and paging (issue 15 B3, B5 to B10), and what already held (foreign
 * links, redirects, encodings): the action node through n8n-core against a scripted Graph.
 */
import { parseRetryAfter } from '../../nodes/transport';
import { MicrosoftEntraIdTrigger } from '../../nodes/MicrosoftEntraIdTrigger/MicrosoftEntraIdTrigger.node';
import { executeNode, pollNode } from '../harness';
import { probeNode, setScenario } from '../transport/probeNode';
import { CLIENT_SECRET, FaultServer, credentials, graphError } from './servers';
import { byId, byUpn, guids, record, runAction, sleepMs, useFaultCorpus } from './corpus';

const faults = useFaultCorpus();

const [USER, GROUP] = guids(2);
const getUser = { resource: 'user', operation: 'get', user: byId(USER) };
const getMany = { resource: 'user', operation: 'getAll', returnAll: true };

describe('B3: a 2xx body that is not a JSON object', () => {
	const bodies: Array<[string, string, string]> = [
		['an HTML page', '<html><body>Sign in to the proxy</body></html>', 'text/html'],
		['truncated JSON', '{"id": "x", "displayNa', 'application/json'],
		['a bare JSON string', '"hello"', 'application/json'],
	];
	for (const [what, raw, contentType] of bodies) {
		it(`User > Get on ${what}: a NodeApiError saying so, never an item built from the text`, async () => {
			faults.server.graph = () => ({ status: 200, raw, contentType });
			const run = await runAction(faults.server, getUser);
			expect(run.error?.constructor.name).toBe('NodeApiError');
			expect(run.error?.message).toMatch(/not the JSON object Graph sends/);
		});

		it(`User > Get Many on ${what}: the same error, no TypeError`, async () => {
			faults.server.graph = () => ({ status: 200, raw, contentType });
			const run = await runAction(faults.server, getMany);
			expect(run.error?.message).toMatch(/not the JSON object Graph sends/);
		});
	}
});

describe('B5: no path is built from a missing id', () => {
	it('Group > Remove Member by UPN, the look-up answers 200 {}: an error, and no DELETE .../undefined/$ref', async () => {
		faults.server.graph = (request) =>
			request.method === 'GET' ? { status: 200, body: {} } : { status: 204 };
		const run = await runAction(
			faults.server,
			{
				resource: 'group',
				operation: 'removeMember',
				group: byId(GROUP),
				member: byUpn('adele@contoso.com'),
			},
			undefined,
			{ onError: 'continueRegularOutput' },
		);
		expect(faults.server.graphRequests.some((request) => /undefined|null/.test(request.url))).toBe(
			false,
		);
		expect(
			faults.server.graphRequests.filter((request) => request.method === 'DELETE'),
		).toHaveLength(0);
		expect(run.output[0][0].json.error).toMatch(/held no object ID/);
	});

	it('Group > Add Members by UPN, the look-up answers an id that is not text: the item fails before any write', async () => {
		faults.server.graph = (request) =>
			request.method === 'GET' ? { status: 200, body: { id: null } } : { status: 204 };
		const run = await runAction(
			faults.server,
			{
				resource: 'group',
				operation: 'addMembers',
				group: byId(GROUP),
				member: byUpn('adele@contoso.com'),
			},
			undefined,
			{ onError: 'continueRegularOutput' },
		);
		expect(faults.server.graphRequests.filter((request) => request.method !== 'GET')).toHaveLength(
			0,
		);
		expect(run.output[0][0].json.error).toMatch(/held no object ID/);
	});
});

describe('B6: secrets Graph echoes back are redacted', () => {
	it('a 400 whose message holds the bearer token and the client secret', async () => {
		faults.server.graph = (request) =>
			graphError(
				400,
				'Request_BadRequest',
				`Invalid header: Authorization: ${String(request.headers.authorization)}; client_secret=${CLIENT_SECRET}; also ${CLIENT_SECRET}`,
			);
		const run = await runAction(faults.server, getUser, undefined, {
			onError: 'continueRegularOutput',
		});
		const seen = JSON.stringify(run.output);
		expect(seen).toContain('[redacted]');
		for (const token of faults.server.tokens) expect(seen).not.toContain(token);
		expect(seen).not.toContain(CLIENT_SECRET);
		const thrown = await runAction(faults.server, getUser);
		const text = JSON.stringify({
			message: thrown.error?.message,
			description: thrown.error?.description,
			context: thrown.error?.context,
		});
		for (const token of faults.server.tokens) expect(text).not.toContain(token);
		expect(text).not.toContain(CLIENT_SECRET);
	});

	it('a JWT-shaped token in an error message is redacted even when it is not ours', async () => {
		const jwt = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoIn0.c2lnbmF0dXJl';
		faults.server.graph = () => graphError(400, 'Request_BadRequest', `token ${jwt} rejected`);
		const run = await runAction(faults.server, getUser);
		expect(
			JSON.stringify({ message: run.error?.message, description: run.error?.description }),
		).not.toContain(jwt);
	});
});

describe('B7: Retry-After is a non-negative integer or an HTTP date', () => {
	it('parses only valid values', () => {
		const now = Date.parse('2026-11-27T10:00:00Z');
		expect(parseRetryAfter('-5', now)).toBeUndefined();
		expect(parseRetryAfter('5, 10', now)).toBeUndefined();
		expect(parseRetryAfter('1.5', now)).toBeUndefined();
		expect(parseRetryAfter('2026-11-27', now)).toBeUndefined();
		expect(parseRetryAfter('12', now)).toBe(12);
		expect(parseRetryAfter('Fri, 27 Nov 2026 10:00:30 GMT', now)).toBe(30);
	});

	for (const value of ['-5', '5, 10']) {
		it(`Retry-After "${value}" backs off instead of retrying at once`, async () => {
			let calls = 0;
			faults.server.graph = () =>
				++calls <= 2
					? graphError(429, 'TooManyRequests', 'slow down', { 'Retry-After': value })
					: { status: 200, body: { id: USER } };
			const started = Date.now();
			const run = await runAction(faults.server, getUser);
			expect(run.error).toBeUndefined();
			// Backoff with jitter: at least 0.5 s before the first retry and 1 s before the second.
			expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
			expect(faults.server.graphRequests).toHaveLength(3);
		});
	}
});

describe('B8: messages say what happened', () => {
	it('a token endpoint refusing the client secret (401 invalid_client)', async () => {
		faults.server.token = () => ({
			status: 401,
			body: {
				error: 'invalid_client',
				error_description:
					"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '...'.",
			},
		});
		const run = await runAction(faults.server, getUser);
		expect(run.error?.message).toMatch(/client secret is wrong or has expired/);
		expect(run.error?.message).not.toMatch(/Could not reach|connection failed/);
		expect(faults.server.graphRequests).toHaveLength(0);
	});

	it('a token endpoint that does not know the tenant (400 invalid_request)', async () => {
		faults.server.token = () => ({
			status: 400,
			body: {
				error: 'invalid_request',
				error_description: "AADSTS90002: Tenant '11111111-2222-3333-4444-555555555555' not found.",
			},
		});
		const run = await runAction(faults.server, getUser);
		expect(run.error?.message).toMatch(/tenant ID or domain is most likely wrong/);
	});

	it('a token endpoint answering an HTML page', async () => {
		faults.server.token = () => ({
			status: 200,
			raw: '<html>Please sign in</html>',
			contentType: 'text/html',
		});
		const run = await runAction(faults.server, getUser);
		expect(run.error?.message).toMatch(/token endpoint answered HTTP 200 without a token/);
		expect(run.error?.message).not.toMatch(/Microsoft Graph answered/);
	});

	for (const status of [500, 502]) {
		it(`HTTP ${status} is reported as not retried (it never is)`, async () => {
			faults.server.graph = () => graphError(status, 'InternalServerError', 'Something went wrong');
			const run = await runAction(faults.server, getUser);
			expect(faults.server.graphRequests).toHaveLength(1);
			expect(run.error?.message).toMatch(/not retried/);
			expect(run.error?.message).not.toMatch(/retry limit was reached/);
		});
	}

	it('a 503 that was retried says how often', async () => {
		faults.server.graph = () =>
			graphError(503, 'ServiceUnavailable', 'busy', { 'Retry-After': '0' });
		const run = await runAction(faults.server, { ...getUser, requestOptions: { maxRetries: 2 } });
		expect(faults.server.graphRequests).toHaveLength(3);
		expect(run.error?.message).toMatch(/gave up after 2 retries/);
	});
});

describe('B9: paging stops on a repeated link', () => {
	it('a nextLink that points at itself, with Return All', async () => {
		faults.server.graph = () => ({
			status: 200,
			body: {
				value: [{ id: USER }],
				'@odata.nextLink': `${faults.server.url}/v1.0/users?$skiptoken=same`,
			},
		});
		const run = await runAction(faults.server, getMany);
		expect(run.error?.message).toMatch(/paging link it had already returned/);
		expect(faults.server.graphRequests.length).toBeLessThanOrEqual(3);
	});

	it('a cycle of two links', async () => {
		faults.server.graph = (request) => ({
			status: 200,
			body: {
				value: [],
				'@odata.nextLink': `${faults.server.url}/v1.0/users?$skiptoken=${request.url.endsWith('=a') ? 'b' : 'a'}`,
			},
		});
		const run = await runAction(faults.server, getMany);
		expect(run.error?.message).toMatch(/paging link it had already returned/);
		expect(faults.server.graphRequests.length).toBeLessThanOrEqual(4);
	});
});

describe('B9 in the trigger: its round reader stops on a repeated link too', () => {
	it('a delta nextLink that points at itself fails the poll instead of paging forever', async () => {
		faults.server.graph = () => ({
			status: 200,
			body: {
				value: [],
				'@odata.nextLink': `${faults.server.url}/v1.0/users/delta?$skiptoken=same`,
			},
		});
		let error: Error | undefined;
		try {
			await pollNode(
				new MicrosoftEntraIdTrigger(),
				{ event: 'userCreated' },
				{},
				{ credentials: credentials(faults.server) },
			);
		} catch (thrown) {
			error = thrown as Error;
			record(thrown);
		}
		expect(error?.message).toMatch(/paging link it had already returned/);
		expect(faults.server.graphRequests.length).toBeLessThanOrEqual(3);
	});
});

describe('B10: hangs are bounded by the request timeout and the time budget', () => {
	it('a hanging GET: each attempt times out, and the budget ends the whole request', async () => {
		faults.server.graph = () => ({ hang: true });
		const bounded = { retry: { timeoutSeconds: 1, maxWaitSeconds: 3, maxRetries: 5 } };
		setScenario((client) => client.request({ path: '/users' }), bounded);
		const started = Date.now();
		let error: Error | undefined;
		try {
			await executeNode(probeNode, {}, [{ json: {} }], { credentials: credentials(faults.server) });
		} catch (thrown) {
			error = thrown as Error;
			record(thrown);
		}
		const elapsed = Date.now() - started;
		expect(error?.message).toMatch(/did not answer within the 1 s request timeout/);
		// At most the budget (3 s) plus one attempt (1 s), with some slack; never 6 attempts of 300 s.
		expect(elapsed).toBeLessThan(6500);
		expect(faults.server.graphRequests.length).toBeGreaterThanOrEqual(2);
		expect(faults.server.graphRequests.length).toBeLessThanOrEqual(3);
	}, 20000);

	it('a hanging POST is not repeated (it may have taken effect)', async () => {
		faults.server.graph = () => ({ hang: true });
		const bounded = { retry: { timeoutSeconds: 1, maxWaitSeconds: 30 } };
		setScenario((client) => client.request({ method: 'POST', path: '/users', body: {} }), bounded);
		let error: Error | undefined;
		try {
			await executeNode(probeNode, {}, [{ json: {} }], { credentials: credentials(faults.server) });
		} catch (thrown) {
			error = thrown as Error;
		}
		expect(error?.message).toMatch(/did not answer within the 1 s request timeout: not retried/);
		expect(faults.server.graphRequests).toHaveLength(1);
	}, 20000);
});

describe('what already held stays held', () => {
	it('a nextLink to another host is refused; the other host never sees a request', async () => {
		const evil = await new FaultServer().start();
		try {
			faults.server.graph = () => ({
				status: 200,
				body: {
					value: [{ id: USER }],
					'@odata.nextLink': `${evil.url}/v1.0/users?$skiptoken=steal`,
				},
			});
			const run = await runAction(faults.server, getMany);
			expect(run.error?.message).toMatch(/Refusing to follow a link/);
			expect(evil.seen).toHaveLength(0);
		} finally {
			await evil.stop();
		}
	});

	it('a redirect is never followed: the token stays on the Graph host', async () => {
		const evil = await new FaultServer().start();
		try {
			faults.server.graph = () => ({
				status: 302,
				headers: { Location: `${evil.url}/v1.0/users/${USER}` },
			});
			const run = await runAction(faults.server, getUser);
			expect(run.error).toBeDefined();
			expect(evil.seen).toHaveLength(0);
		} finally {
			await evil.stop();
		}
	});

	it('a link with user@host or .. tricks is refused', async () => {
		for (const link of [
			`http://user@evil.example/v1.0/users`,
			`${faults.server.url}/v1.0/../other/users`,
		]) {
			faults.server.graph = () => ({ status: 200, body: { value: [], '@odata.nextLink': link } });
			const run = await runAction(faults.server, getMany);
			expect(run.error?.message).toMatch(/Refusing to follow a link/);
		}
	});

	it('guest UPNs, $-UPNs and quotes are encoded and escaped', async () => {
		faults.server.graph = () => ({ status: 200, body: { id: USER, value: [] } });
		await runAction(faults.server, {
			resource: 'user',
			operation: 'get',
			user: byUpn('adele_contoso.com#EXT#@fabrikam.onmicrosoft.com'),
		});
		await runAction(faults.server, {
			resource: 'user',
			operation: 'get',
			user: byUpn('$admin@contoso.com'),
		});
		await runAction(faults.server, { ...getMany, filters: { displayNameStartsWith: "O'Brien" } });
		const urls = faults.server.graphRequests.map((request) => request.url);
		expect(urls[0]).toContain('/v1.0/users/adele_contoso.com%23EXT%23%40fabrikam.onmicrosoft.com');
		expect(urls[1]).toContain("/v1.0/users('$admin%40contoso.com')");
		expect(decodeURIComponent(urls[2])).toContain("startsWith(displayName, 'O''Brien')");
	});

	it('a dropped connection mid-listing loses nothing: the page is read again', async () => {
		let calls = 0;
		faults.server.graph = (request) => {
			calls++;
			if (calls === 2) return { drop: true };
			return request.url.includes('skiptoken')
				? { status: 200, body: { value: [{ id: 'b' }] } }
				: {
						status: 200,
						body: {
							value: [{ id: 'a' }],
							'@odata.nextLink': `${faults.server.url}/v1.0/users?$skiptoken=n`,
						},
					};
		};
		const run = await runAction(faults.server, getMany);
		expect(run.output[0].map((item) => item.json.id)).toEqual(['a', 'b']);
		await sleepMs(0);
	});
});
