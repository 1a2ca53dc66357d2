import type { Ctx, Reply } from './context';
import { json } from './context';
import { errorBody, GraphError } from './errors';
import type { Services } from './pipeline';
import { executeGraph, faultReply, newRequestId } from './pipeline';
import { Random } from './random';

/**
 * JSON batching (docs: "Combine multiple HTTP requests using JSON batching"): up to 20 requests with
 * unique ids and relative urls; `dependsOn` orders them and a failed dependency gives 424; the
 * answer is 200 with one response per request, in any order.
 */
export const MAX_BATCH = 20;

interface SubRequest {
	id: string;
	method: string;
	url: string;
	headers?: Record<string, string>;
	body?: unknown;
	dependsOn?: string[];
}

interface SubResponse {
	id: string;
	status: number;
	headers: Record<string, string>;
	body?: unknown;
}

const batchError = (message: string) => new GraphError(400, 'BadRequest', message);

function readRequests(body: unknown): SubRequest[] {
	const requests = (body as { requests?: unknown })?.requests;
	if (!Array.isArray(requests))
		throw batchError('Invalid batch payload format: a "requests" array is required.');
	if (requests.length === 0)
		throw batchError('Invalid batch payload format: the "requests" array is empty.');
	if (requests.length > MAX_BATCH)
		throw batchError(
			`The number of requests in the batch (${requests.length}) exceeds the limit of ${MAX_BATCH}.`,
		);
	const ids = new Set<string>();
	for (const raw of requests as SubRequest[]) {
		if (typeof raw?.id !== 'string' || !raw.id)
			throw batchError('Invalid batch payload format: every request needs a string "id".');
		if (typeof raw.method !== 'string' || typeof raw.url !== 'string')
			throw batchError(`Request ${raw.id}: "method" and "url" are required.`);
		if (ids.has(raw.id))
			throw batchError(
				`Batch request contains duplicate id '${raw.id}': request ids must be unique.`,
			);
		ids.add(raw.id);
	}
	for (const raw of requests as SubRequest[]) {
		for (const dependency of raw.dependsOn ?? []) {
			if (!ids.has(dependency))
				throw batchError(
					`Request ${raw.id} depends on '${dependency}', which is not in the batch.`,
				);
		}
	}
	return requests as SubRequest[];
}

/** Dependency order (a request runs after those it depends on); a cycle is a 400. */
function ordered(requests: SubRequest[]): SubRequest[] {
	const done = new Set<string>();
	const out: SubRequest[] = [];
	while (out.length < requests.length) {
		const ready = requests.filter(
			(r) => !done.has(r.id) && (r.dependsOn ?? []).every((d) => done.has(d)),
		);
		if (!ready.length) throw batchError('The dependsOn references of the batch form a cycle.');
		for (const request of ready) {
			done.add(request.id);
			out.push(request);
		}
	}
	return out;
}

function lowerHeaders(headers: Record<string, string> | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(headers ?? {})) out[key.toLowerCase()] = String(value);
	return out;
}

let batchCounter = 0;

export function runBatch(outer: Ctx, services: Services): Reply {
	if (outer.method !== 'POST') throw new GraphError(405, 'BadRequest', 'Use POST for $batch.');
	const requests = ordered(readRequests(outer.body));
	const results = new Map<string, SubResponse>();
	for (const request of requests)
		results.set(request.id, runOne(outer, services, request, results));
	const responses = requests.map((request) => results.get(request.id) as SubResponse);
	const random = new Random(++batchCounter);
	for (let i = responses.length - 1; i > 0; i--) {
		const j = random.int(i + 1);
		[responses[i], responses[j]] = [responses[j], responses[i]];
	}
	return json(200, { responses });
}

function runOne(
	outer: Ctx,
	services: Services,
	request: SubRequest,
	results: Map<string, SubResponse>,
): SubResponse {
	const started = Date.now();
	const requestId = newRequestId();
	const method = request.method.toUpperCase();
	const relative = request.url.replace(/^\/+/, '').replace(/^v1\.0\//i, '');
	const path = `/v1.0/${relative}`;
	const finish = (reply: Reply): SubResponse => {
		services.log.add({
			method,
			path,
			status: reply.status,
			time: services.env.clock.iso(),
			batch: true,
			kind: 'graph',
			durationMs: Date.now() - started,
		});
		const headers: Record<string, string> = { ...(reply.headers ?? {}) };
		if (
			reply.body !== undefined &&
			!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')
		)
			headers['Content-Type'] = 'application/json';
		return {
			id: request.id,
			status: reply.status,
			headers,
			...(reply.body !== undefined ? { body: reply.body } : {}),
		};
	};
	const error = (status: number, code: string, message: string): Reply => ({
		status,
		headers: { 'Content-Type': 'application/json' },
		body: errorBody(
			{ code, message },
			{ requestId, clientRequestId: requestId, date: services.env.clock.iso() },
		),
	});
	const failed = (request.dependsOn ?? []).find((id) => (results.get(id)?.status ?? 500) >= 400);
	if (failed)
		return finish(
			error(424, 'FailedDependency', `The request depends on request '${failed}', which failed.`),
		);
	if (/^https?:/i.test(request.url))
		return finish(
			error(400, 'BadRequest', 'The url of a batch request must be relative, for example /users.'),
		);
	const headers = lowerHeaders(request.headers);
	if (request.body !== undefined && !headers['content-type']) {
		return finish(
			error(
				400,
				'BadRequest',
				'A Content-Type header is required in a batch request that has a body.',
			),
		);
	}
	const fault = services.faults.take(method, path);
	if (fault)
		return finish(
			faultReply(
				{
					...fault,
					drop: false,
					status: fault.status ?? 500,
					body: undefined,
					headers: fault.headers,
				},
				requestId,
				requestId,
				services.env.clock.iso(),
			),
		);
	const [rawPath, search = ''] = relative.split('?');
	const ctx: Ctx = {
		method,
		segments: rawPath.split('/').filter(Boolean).map(safeDecode),
		rawPath: `/${rawPath}`,
		query: new URLSearchParams(search),
		headers,
		body: request.body,
		base: outer.base,
		token: outer.token,
		inBatch: true,
	};
	return finish(executeGraph(ctx, services, requestId));
}

export function safeDecode(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}
