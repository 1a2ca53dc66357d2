/**
 * Fault corpus, bulk writes (issue 15 B1, B2, B4, B11): `$batch` calls that fail as a whole or
 * answer something malformed, seen through n8n-core with each On Error setting.
 */
import type { FaultReply, SeenRequest } from './servers';
import { batchAnswer, batchRequests, graphError } from './servers';
import { byId, guids, runAction, sleepMs, useFaultCorpus } from './corpus';

const faults = useFaultCorpus();

const disable = { resource: 'user', operation: 'disable', user: byId('={{ $json.id }}') };
const items = (count: number) => guids(count).map((id) => ({ json: { id } }));

/** The `$batch` call whose sub-requests include the first item's user. */
const carriesFirst = (request: SeenRequest, first: string) =>
	batchRequests(request).some((entry) => entry.url.includes(first));

describe('B1: nothing is sent after the node returned', () => {
	for (const onError of [undefined, 'continueRegularOutput'] as const) {
		it(`200 disables, the first $batch call answers 400 (${onError ?? 'stop'}): every call has ended when the node returns`, async () => {
			const [first] = guids(1);
			faults.server.graph = async (request) => {
				if (carriesFirst(request, first))
					return graphError(400, 'BadRequest', 'Invalid batch payload');
				await sleepMs(60);
				return batchAnswer(request);
			};
			const run = await runAction(faults.server, disable, items(200), { onError });
			await sleepMs(700);
			expect(faults.server.graphRequests.filter((request) => request.at > run.endedAt)).toEqual([]);
			expect(faults.server.graphRequests).toHaveLength(10);
			if (onError) {
				expect(run.output[0]).toHaveLength(200);
				expect(
					run.output[0].slice(0, 20).every((item) => typeof item.json.error === 'string'),
				).toBe(true);
				expect(run.output[0].slice(20).every((item) => item.json.accountEnabled === false)).toBe(
					true,
				);
			} else {
				expect(run.error?.message).toMatch(/\$batch request that carried this user failed/);
			}
		});
	}
});

describe('B2: a $batch call that fails as a whole fails each of its items', () => {
	const wholeFailures: Array<[string, (request: SeenRequest) => FaultReply]> = [
		[
			'400',
			() =>
				graphError(
					400,
					'BadRequest',
					'Write requests (excluding DELETE) must contain the Content-Type header declaration.',
				),
		],
		[
			'429 after the retries',
			() => graphError(429, 'TooManyRequests', 'Too many requests', { 'Retry-After': '0' }),
		],
		[
			'503 after the retries',
			() => graphError(503, 'ServiceUnavailable', 'busy', { 'Retry-After': '0' }),
		],
	];
	for (const [what, reply] of wholeFailures) {
		it(`${what}: 25 items, the first chunk's 20 become error items, the other 5 succeed`, async () => {
			const [first] = guids(1);
			faults.server.graph = (request) =>
				carriesFirst(request, first) ? reply(request) : batchAnswer(request);
			const run = await runAction(
				faults.server,
				{ ...disable, requestOptions: { maxRetries: 1 } },
				items(25),
				{ onError: 'continueRegularOutput' },
			);
			expect(run.error).toBeUndefined();
			const out = run.output[0];
			expect(out).toHaveLength(25);
			out.forEach((item, index) => expect(item.pairedItem).toEqual({ item: index }));
			for (const item of out.slice(0, 20)) {
				expect(item.json.error).toEqual(
					expect.stringMatching(/\$batch request that carried this user failed/),
				);
			}
			expect(out.slice(20).map((item) => item.json)).toEqual(
				guids(25)
					.slice(20)
					.map((id) => ({ id, accountEnabled: false })),
			);
		});
	}

	it("without continue-on-fail the node fails with the first item's error, after every call ended", async () => {
		faults.server.graph = () =>
			graphError(
				403,
				'Authorization_RequestDenied',
				'Insufficient privileges to complete the operation.',
			);
		const run = await runAction(faults.server, disable, items(45));
		expect(run.error?.message).toMatch(/carried this user failed: Permission denied/);
		expect((run.error?.context as { itemIndex?: number }).itemIndex).toBe(0);
	});
});

describe('B4: malformed $batch answers are per-item errors', () => {
	const malformed: Array<[string, (request: SeenRequest) => FaultReply]> = [
		[
			'responses is an object',
			() => ({ status: 200, body: { responses: { id: '1', status: 204 } } }),
		],
		['responses is missing', () => ({ status: 200, body: {} })],
		[
			'responses is [null, ...]',
			(request) => ({ status: 200, body: { responses: batchRequests(request).map(() => null) } }),
		],
		[
			'entries without id',
			(request) => ({
				status: 200,
				body: { responses: batchRequests(request).map(() => ({ status: 204 })) },
			}),
		],
		[
			'a status that is not a number',
			(request) => ({
				status: 200,
				body: {
					responses: batchRequests(request).map((entry) => ({ id: entry.id, status: 'ok' })),
				},
			}),
		],
	];
	for (const [what, reply] of malformed) {
		it(`${what}: each item gets a clear error, no TypeError, nothing claimed as retried`, async () => {
			faults.server.graph = reply;
			const run = await runAction(faults.server, disable, items(3), {
				onError: 'continueRegularOutput',
			});
			expect(run.error).toBeUndefined();
			expect(run.output[0]).toHaveLength(3);
			for (const item of run.output[0]) {
				expect(item.json.error).toEqual(expect.stringMatching(/\$batch (answer|request)/));
				expect(String(item.json.error)).not.toMatch(/TypeError|Cannot read|retry limit/);
			}
		});
	}

	it('one entry missing among good ones: only that item fails', async () => {
		faults.server.graph = (request) => ({
			status: 200,
			body: {
				responses: batchRequests(request)
					.filter((entry) => entry.id !== '2')
					.map((entry) => ({ id: entry.id, status: 204 })),
			},
		});
		const run = await runAction(faults.server, disable, items(3), {
			onError: 'continueRegularOutput',
		});
		expect(run.output[0].map((item) => (item.json.error ? 'error' : 'ok'))).toEqual([
			'ok',
			'error',
			'ok',
		]);
		expect(run.output[0][1].json.error).toMatch(/no usable response for this request/);
	});
});

describe('B11: failing items and the three On Error settings', () => {
	const [ok1, missing, ok2] = guids(3);
	beforeEach(() => {
		faults.server.graph = (request) =>
			!request.url.endsWith('$batch')
				? { status: 204 }
				: {
						status: 200,
						body: {
							responses: batchRequests(request).map((entry) =>
								entry.url.includes(missing)
									? {
											id: entry.id,
											status: 404,
											body: {
												error: {
													code: 'Request_ResourceNotFound',
													message: `Resource '${missing}' does not exist.`,
												},
											},
										}
									: { id: entry.id, status: 204 },
							),
						},
					};
	});
	const three = [{ json: { id: ok1 } }, { json: { id: missing } }, { json: { id: ok2 } }];

	it('Continue (using error output): the failing item goes to the error output, the others to the success output', async () => {
		const run = await runAction(faults.server, disable, three, { onError: 'continueErrorOutput' });
		expect(run.output).toHaveLength(2);
		const [success, failure] = run.output;
		expect(success.map((item) => item.json)).toEqual([
			{ id: ok1, accountEnabled: false },
			{ id: ok2, accountEnabled: false },
		]);
		expect(failure).toHaveLength(1);
		expect(failure[0].json.error).toBe(`User not found: ${missing}`);
		expect(failure[0].pairedItem).toEqual({ item: 1 });
	});

	it('Continue: the failing item stays on the one output, with its details', async () => {
		const run = await runAction(faults.server, disable, three, {
			onError: 'continueRegularOutput',
		});
		expect(run.output).toHaveLength(1);
		expect(run.output[0][1].json).toMatchObject({
			error: `User not found: ${missing}`,
			httpCode: '404',
			description: expect.stringContaining('Request_ResourceNotFound'),
		});
	});

	it("Stop Workflow: the node fails with the item's error", async () => {
		const run = await runAction(faults.server, disable, three);
		expect(run.error?.message).toBe(`User not found: ${missing}`);
	});

	it('Continue (using error output) for invalid input too: caught before any request, on the error output', async () => {
		const run = await runAction(
			faults.server,
			disable,
			[{ json: { id: ok1 } }, { json: { id: 'not a user' } }],
			{ onError: 'continueErrorOutput' },
		);
		expect(run.output[0]).toHaveLength(1);
		expect(run.output[1]).toHaveLength(1);
		expect(run.output[1][0].json.error).toMatch(/"User" is not valid/);
	});
});
