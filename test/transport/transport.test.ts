import type { NodeApiError } from 'n8n-workflow';

import { graphBatch, graphErrorInfo } from '../../nodes/transport';
import {
	CLIENT_SECRET,
	FaultServer,
	TENANT,
	credentials,
	graphError,
	useFaultServer,
} from '../faults/servers';
import { executeNode } from '../harness';
import { probeNode, setScenario } from './probeNode';
import type { Scenario } from './probeNode';

const scripted = useFaultServer();

async function run(
	scenario: Scenario,
	retry?: { maxRetries?: number; maxWaitSeconds?: number },
): Promise<unknown> {
	setScenario(scenario, { retry });
	const { output } = await executeNode(probeNode, {}, [{ json: {} }], {
		credentials: credentials(scripted.server),
	});
	return output[0][0].json.result;
}

async function runExpectingError(
	scenario: Scenario,
	retry?: { maxRetries?: number; maxWaitSeconds?: number },
): Promise<NodeApiError> {
	try {
		await run(scenario, retry);
	} catch (error) {
		return error as NodeApiError;
	}
	throw new Error('expected the scenario to fail');
}

describe('requests', () => {
	it('fetches an app-only token for {graph}/.default and sends it as a bearer token', async () => {
		scripted.server.graph = () => ({ status: 200, body: { id: 'u1' } });
		expect(await run((client) => client.request({ path: '/users/u1' }))).toEqual({ id: 'u1' });
		const token = scripted.server.seen.find(
			(request) => request.url === `/${TENANT}/oauth2/v2.0/token`,
		);
		expect(token).toBeDefined();
		const form = new URLSearchParams(token!.body);
		expect(form.get('grant_type')).toBe('client_credentials');
		expect(form.get('scope')).toBe(`${scripted.server.url}/.default`);
		expect(scripted.server.graphRequests[0].headers.authorization).toBe(
			`Bearer ${scripted.server.tokens[0]}`,
		);
	});

	it('adds ConsistencyLevel: eventual and $count=true exactly for advanced queries', async () => {
		scripted.server.graph = () => ({ status: 200, body: { value: [] } });
		await run(async (client) => {
			await client.request({ path: '/users', qs: { $search: '"displayName:ad"' } });
			await client.request({ path: '/users', qs: { $filter: "startswith(displayName,'a')" } });
			return null;
		});
		const [advanced, plain] = scripted.server.graphRequests;
		expect(advanced.headers.consistencylevel).toBe('eventual');
		expect(advanced.url).toContain('$count=true');
		expect(plain.headers.consistencylevel).toBeUndefined();
		expect(plain.url).not.toContain('$count');
	});

	it('sends an empty object body as "{}" (n8n drops it otherwise: Graph answers 400 "Empty Payload"); no body, no Content-Type', async () => {
		scripted.server.graph = () => ({ status: 204 });
		await run(async (client) => {
			await client.request({
				method: 'POST',
				path: '/users/u1/authentication/temporaryAccessPassMethods',
				body: {},
			});
			await client.request({ method: 'PATCH', path: '/users/u1', body: { city: 'Oslo' } });
			await client.request({ method: 'POST', path: '/users/u1/revokeSignInSessions' });
			return null;
		});
		const [empty, patch, none] = scripted.server.graphRequests;
		expect(empty.headers['content-type']).toMatch(/^application\/json/);
		expect(empty.body).toBe('{}');
		expect(JSON.parse(patch.body)).toEqual({ city: 'Oslo' });
		expect(none.body).toBe('');
		expect(none.headers['content-type']).toBeUndefined();
	});
});

describe('retries', () => {
	it('waits for Retry-After on 429, then succeeds', async () => {
		let calls = 0;
		scripted.server.graph = () =>
			++calls === 1
				? graphError(429, 'TooManyRequests', 'slow down', { 'Retry-After': '1' })
				: { status: 200, body: { ok: true } };
		const started = Date.now();
		expect(await run((client) => client.request({ path: '/users' }))).toEqual({ ok: true });
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(scripted.server.graphRequests).toHaveLength(2);
	});

	it('gives up at the retry bound with a throttling message and Graph details', async () => {
		scripted.server.graph = () =>
			graphError(429, 'TooManyRequests', 'slow down', { 'Retry-After': '0' });
		const error = await runExpectingError((client) => client.request({ path: '/users' }), {
			maxRetries: 2,
		});
		expect(scripted.server.graphRequests).toHaveLength(3);
		expect(error.message).toMatch(/throttling/);
		expect(error.httpCode).toBe('429');
		expect(error.description).toContain('TooManyRequests');
	});

	it('gives up when Retry-After exceeds the total wait bound, without waiting', async () => {
		scripted.server.graph = () =>
			graphError(503, 'ServiceUnavailable', 'busy', { 'Retry-After': '600' });
		const started = Date.now();
		const error = await runExpectingError((client) => client.request({ path: '/users' }), {
			maxWaitSeconds: 60,
		});
		expect(Date.now() - started).toBeLessThan(5000);
		expect(error.httpCode).toBe('503');
		expect(scripted.server.graphRequests).toHaveLength(1);
	});

	it('retries a dropped connection for a GET but never repeats a POST whose fate is unknown', async () => {
		let calls = 0;
		scripted.server.graph = () =>
			++calls === 1 ? { drop: true } : { status: 200, body: { ok: true } };
		expect(await run((client) => client.request({ path: '/users' }))).toEqual({ ok: true });
		expect(scripted.server.graphRequests).toHaveLength(2);

		scripted.server.seen.length = 0;
		scripted.server.graph = () => ({ drop: true });
		const error = await runExpectingError((client) =>
			client.request({ method: 'POST', path: '/users', body: { displayName: 'x' } }),
		);
		expect(scripted.server.graphRequests).toHaveLength(1);
		expect(error.message).toMatch(/Could not reach Microsoft Graph/);
	});

	it('repeats a POST after 429, which Graph sends before doing anything', async () => {
		let calls = 0;
		scripted.server.graph = () =>
			++calls === 1
				? graphError(429, 'TooManyRequests', 'x', { 'Retry-After': '0' })
				: { status: 201, body: { id: 'new' } };
		expect(
			await run((client) => client.request({ method: 'POST', path: '/users', body: {} })),
		).toEqual({ id: 'new' });
		expect(scripted.server.graphRequests).toHaveLength(2);
	});
});

describe('paging', () => {
	it('follows nextLinks through an empty page until the last page', async () => {
		scripted.server.graph = ({ url }) => {
			if (url.endsWith('skiptoken=a'))
				return {
					status: 200,
					body: { value: [], '@odata.nextLink': `${scripted.server.url}/v1.0/users?$skiptoken=b` },
				};
			if (url.endsWith('skiptoken=b')) return { status: 200, body: { value: [{ id: 3 }] } };
			return {
				status: 200,
				body: {
					value: [{ id: 1 }, { id: 2 }],
					'@odata.nextLink': `${scripted.server.url}/v1.0/users?$skiptoken=a`,
				},
			};
		};
		expect(await run((client) => client.getAll({ path: '/users', qs: { $top: 999 } }))).toEqual([
			{ id: 1 },
			{ id: 2 },
			{ id: 3 },
		]);
		expect(scripted.server.graphRequests.map((request) => request.url)).toEqual([
			'/v1.0/users?$top=999',
			'/v1.0/users?$skiptoken=a',
			'/v1.0/users?$skiptoken=b',
		]);
	});

	it('keeps ConsistencyLevel: eventual on the nextLink pages of an advanced query', async () => {
		scripted.server.graph = ({ url }) =>
			url.includes('skiptoken')
				? { status: 200, body: { value: [{ id: 2 }] } }
				: {
						status: 200,
						body: {
							value: [{ id: 1 }],
							'@odata.nextLink': `${scripted.server.url}/v1.0/users?$skiptoken=x`,
						},
					};
		await run((client) => client.getAll({ path: '/users', qs: { $search: '"displayName:a"' } }));
		expect(
			scripted.server.graphRequests.map((request) => request.headers.consistencylevel),
		).toEqual(['eventual', 'eventual']);
	});

	it('sees an advanced query in a link it is handed (a list-search pagination token)', async () => {
		scripted.server.graph = () => ({ status: 200, body: { value: [] } });
		await run((client) =>
			client.request({
				url: `${scripted.server.url}/v1.0/users?$search=%22displayName%3Aa%22&$skiptoken=x`,
			}),
		);
		await run((client) =>
			client.request({ url: `${scripted.server.url}/v1.0/users?$skiptoken=y` }),
		);
		expect(
			scripted.server.graphRequests.map((request) => request.headers.consistencylevel),
		).toEqual(['eventual', undefined]);
	});

	it('adds ConsistencyLevel and $count=true to a cast on memberOf', async () => {
		scripted.server.graph = () => ({ status: 200, body: { value: [] } });
		await run((client) => client.request({ path: '/users/u1/memberOf/microsoft.graph.group' }));
		expect(scripted.server.graphRequests[0].url).toBe(
			'/v1.0/users/u1/memberOf/microsoft.graph.group?$count=true',
		);
		expect(scripted.server.graphRequests[0].headers.consistencylevel).toBe('eventual');
	});

	it('builds directory object references on the configured Graph host', async () => {
		expect(await run(async (client) => client.directoryObjectRef('a/b'))).toBe(
			`${scripted.server.url}/v1.0/directoryObjects/a%2Fb`,
		);
	});

	it('stops reading pages once the limit is reached', async () => {
		scripted.server.graph = () => ({
			status: 200,
			body: {
				value: [{ id: 1 }, { id: 2 }],
				'@odata.nextLink': `${scripted.server.url}/v1.0/users?$skiptoken=next`,
			},
		});
		expect(await run((client) => client.getAll({ path: '/users' }, 3))).toHaveLength(3);
		expect(scripted.server.graphRequests).toHaveLength(2);
	});

	it('refuses a nextLink to another host and never sends the token there', async () => {
		const evil = await new FaultServer().start();
		try {
			scripted.server.graph = () => ({
				status: 200,
				body: { value: [{ id: 1 }], '@odata.nextLink': `${evil.url}/v1.0/users?$skiptoken=steal` },
			});
			const error = await runExpectingError((client) => client.getAll({ path: '/users' }));
			expect(error.message).toMatch(/Refusing to follow a link/);
			expect(evil.seen).toHaveLength(0);
		} finally {
			await evil.stop();
		}
	});

	it('refuses a link on the right host but outside the API root', async () => {
		scripted.server.graph = () => ({
			status: 200,
			body: { value: [], '@odata.nextLink': `${scripted.server.url}/other/users` },
		});
		const error = await runExpectingError((client) => client.getAll({ path: '/users' }));
		expect(error.message).toMatch(/Refusing to follow a link/);
		expect(scripted.server.graphRequests).toHaveLength(1);
	});
});

describe('$batch', () => {
	it('sends 45 requests in 3 chunks, maps out-of-order answers back and retries a throttled sub-request', async () => {
		const throttledOnce = new Set<string>();
		scripted.server.graph = ({ url, body }) => {
			if (url !== '/v1.0/$batch') return { status: 404 };
			const { requests } = JSON.parse(body) as { requests: Array<{ id: string; url: string }> };
			const responses = requests.map((request) => {
				if (request.url === '/users/u7' && !throttledOnce.has(request.url)) {
					throttledOnce.add(request.url);
					return {
						id: request.id,
						status: 429,
						headers: { 'Retry-After': '1' },
						body: { error: { code: 'TooManyRequests', message: 'x' } },
					};
				}
				if (request.url === '/users/u30') {
					return {
						id: request.id,
						status: 404,
						body: {
							error: {
								code: 'Request_ResourceNotFound',
								message: 'gone',
								innerError: { 'request-id': 'rid-30' },
							},
						},
					};
				}
				return { id: request.id, status: 200, body: { url: request.url } };
			});
			return { status: 200, body: { responses: responses.reverse() } };
		};
		const result = (await run(async (client) => {
			const requests = Array.from({ length: 45 }, (_, index) => ({
				method: 'GET' as const,
				path: `/users/u${index}`,
				subject: { kind: 'User', id: `u${index}` },
			}));
			const results = await graphBatch(client, requests);
			return results.map((entry) => ({
				status: entry.status,
				url: entry.body?.url,
				error: entry.error?.message,
				code: graphErrorInfo(entry.error)?.code,
			}));
		})) as Array<{ status: number; url?: string; error?: string; code?: string }>;
		const batches = scripted.server.graphRequests.map(
			(request) => (JSON.parse(request.body) as { requests: unknown[] }).requests.length,
		);
		expect(batches.slice(0, 3).sort((a, b) => a - b)).toEqual([5, 20, 20]);
		expect(batches.slice(3)).toEqual([1]);
		expect(result).toHaveLength(45);
		result.forEach((entry, index) => {
			if (index === 30) {
				expect(entry).toMatchObject({
					status: 404,
					error: 'User not found: u30',
					code: 'Request_ResourceNotFound',
				});
			} else {
				expect(entry).toMatchObject({ status: 200, url: `/users/u${index}` });
			}
		});
	});

	/** A $batch server that answers after `delayMs` and records each call's start, end and company. */
	function timedBatches(
		delayMs: number,
		answer: (request: { id: string; url: string }) => Record<string, unknown>,
	) {
		const calls: Array<{
			first: string;
			size: number;
			start: number;
			end?: number;
			othersInFlight: number;
		}> = [];
		let inFlight = 0;
		scripted.server.graph = async ({ body }) => {
			const { requests } = JSON.parse(body) as { requests: Array<{ id: string; url: string }> };
			const call: (typeof calls)[number] = {
				first: requests[0].url,
				size: requests.length,
				start: Date.now(),
				othersInFlight: inFlight,
			};
			calls.push(call);
			inFlight += 1;
			await new Promise((resolve) => setTimeout(resolve, delayMs));
			inFlight -= 1;
			call.end = Date.now();
			return { status: 200, body: { responses: requests.map(answer) } };
		};
		return calls;
	}

	it('runs up to 10 calls at once; after a 429 no call starts before its Retry-After, and then at most 3 at a time', async () => {
		let throttled = false;
		const calls = timedBatches(100, (request) => {
			if (request.url === '/users/u0' && !throttled) {
				throttled = true;
				return {
					id: request.id,
					status: 429,
					headers: { 'Retry-After': '1' },
					body: { error: { code: 'TooManyRequests', message: 'x' } },
				};
			}
			return { id: request.id, status: 200, body: { url: request.url } };
		});
		const requests = Array.from({ length: 300 }, (_, index) => ({
			method: 'GET' as const,
			path: `/users/u${index}`,
		}));
		const results = (await run((client) => graphBatch(client, requests))) as Array<{
			status: number;
		}>;
		expect(results.map((result) => result.status)).toEqual(requests.map(() => 200));
		// 15 calls and one more for the throttled sub-request (never more: the others waited)
		expect(calls).toHaveLength(16);
		expect(Math.max(...calls.slice(0, 10).map((call) => call.othersInFlight))).toBe(9);
		const throttledAnswer = calls[0].end!;
		for (const call of calls.slice(10)) {
			expect(call.start - throttledAnswer).toBeGreaterThanOrEqual(990);
			expect(call.othersInFlight).toBeLessThanOrEqual(2);
		}
		expect(calls.slice(10).filter((call) => call.first === '/users/u0')).toEqual([
			expect.objectContaining({ size: 1 }),
		]);
	});

	it("starts calls that would take the writes beyond Graph's write quota (3,000 per 150 s) one at a time", async () => {
		const calls = timedBatches(5, (request) => ({ id: request.id, status: 204 }));
		const requests = Array.from({ length: 3100 }, (_, index) => ({
			method: 'PATCH' as const,
			path: `/users/u${index}`,
			body: { jobTitle: 'x' },
		}));
		const results = (await run((client) => graphBatch(client, requests))) as Array<{
			status: number;
		}>;
		expect(results.filter((result) => result.status === 204)).toHaveLength(3100);
		expect(calls).toHaveLength(155);
		expect(Math.max(...calls.slice(0, 149).map((call) => call.othersInFlight))).toBeGreaterThan(1);
		// calls 151 to 155 carry writes 3,001 to 3,100: each starts with no other call in flight
		for (const call of calls.slice(150)) expect(call.othersInFlight).toBe(0);
	});

	it('puts a Content-Type header on sub-requests with a body', async () => {
		scripted.server.graph = ({ body }) => {
			const { requests } = JSON.parse(body) as { requests: Array<{ id: string }> };
			return {
				status: 200,
				body: { responses: requests.map((request) => ({ id: request.id, status: 204 })) },
			};
		};
		await run((client) =>
			graphBatch(client, [
				{ method: 'PATCH', path: '/users/a', body: { accountEnabled: false } },
				{ method: 'DELETE', path: '/users/b' },
			]),
		);
		const sent = JSON.parse(scripted.server.graphRequests[0].body) as {
			requests: Array<Record<string, unknown>>;
		};
		expect(sent.requests[0]).toEqual({
			id: '1',
			method: 'PATCH',
			url: '/users/a',
			body: { accountEnabled: false },
			headers: { 'Content-Type': 'application/json' },
		});
		expect(sent.requests[1]).toEqual({ id: '2', method: 'DELETE', url: '/users/b' });
	});
});

describe('errors', () => {
	it('maps a Graph 404 to a human message and keeps code, message and request-id', async () => {
		scripted.server.graph = () =>
			graphError(404, 'Request_ResourceNotFound', "Resource 'x' does not exist.");
		const error = await runExpectingError((client) =>
			client.request({ path: '/users/x', subject: { kind: 'User', id: 'x' } }),
		);
		expect(error.message).toBe('User not found: x');
		expect(error.httpCode).toBe('404');
		expect(error.description).toContain('Request_ResourceNotFound');
		expect(error.description).toContain("Resource 'x' does not exist.");
		expect(error.description).toContain('rid-fault');
		expect(graphErrorInfo(error)).toMatchObject({
			status: 404,
			code: 'Request_ResourceNotFound',
			requestId: 'rid-fault',
		});
	});

	it('maps 403 to a permission message', async () => {
		scripted.server.graph = () =>
			graphError(
				403,
				'Authorization_RequestDenied',
				'Insufficient privileges to complete the operation.',
			);
		const error = await runExpectingError((client) =>
			client.request({ method: 'DELETE', path: '/users/x', subject: { kind: 'User', id: 'x' } }),
		);
		expect(error.message).toMatch(/Permission denied/);
		expect(error.description).toContain('Authorization_RequestDenied');
	});

	it('never puts the token or the client secret into an error', async () => {
		scripted.server.graph = () => graphError(400, 'Request_BadRequest', 'Invalid value');
		const error = await runExpectingError((client) =>
			client.request({ method: 'POST', path: '/users', body: {} }),
		);
		const serialized = JSON.stringify({
			message: error.message,
			description: error.description,
			context: error.context,
			cause: error.cause,
			json: error.toJSON?.(),
		});
		expect(serialized).not.toContain(scripted.server.tokens[0]);
		expect(serialized).not.toContain(CLIENT_SECRET);
		expect(error.message).toBe('Microsoft Graph rejected the request: Invalid value');
	});
});
