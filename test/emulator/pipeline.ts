import { randomUUID } from 'node:crypto';

import type { Ctx, Reply } from './context';
import type { Env } from './env';
import { defaultFaultError, errorBody, GraphError } from './errors';
import { routeGraph } from './graph';
import type { FaultSpec, Faults, RequestLog } from './observe';
import type { Throttle } from './throttle';

/** Everything one Graph request passes through: fault injection, throttling, routing, errors. */
export interface Services {
	env: Env;
	throttle: Throttle;
	faults: Faults;
	log: RequestLog;
}

export function faultReply(
	fault: FaultSpec,
	requestId: string,
	clientRequestId: string,
	date: string,
): Reply {
	const status = fault.status ?? 500;
	const headers = { 'Content-Type': 'application/json', ...(fault.headers ?? {}) };
	if (status === 204 || status === 304) return { status, headers };
	const body =
		fault.body ?? errorBody(defaultFaultError(status), { requestId, clientRequestId, date });
	return { status, headers, body };
}

export function errorReply(
	error: unknown,
	ctxHeaders: Record<string, string>,
	env: Env,
	requestId: string,
): Reply {
	const clientRequestId = ctxHeaders['client-request-id'] ?? requestId;
	const info = { requestId, clientRequestId, date: env.clock.iso() };
	if (error instanceof GraphError) {
		return {
			status: error.status,
			headers: { 'Content-Type': 'application/json', ...error.headers },
			body: errorBody(error, info),
		};
	}
	const message = error instanceof Error ? error.message : String(error);
	return {
		status: 500,
		headers: { 'Content-Type': 'application/json' },
		body: errorBody({ code: 'generalException', message }, info),
	};
}

/** Runs an authenticated Graph request (top level or inside `$batch`) after the fault check. */
export function executeGraph(ctx: Ctx, services: Services, requestId: string): Reply {
	const { env, throttle } = services;
	try {
		const decision = throttle.check(
			env.clock.now(),
			ctx.token.appId,
			env.directory.users.size,
			ctx.method,
			ctx.segments,
			ctx.query,
		);
		if (decision.retryAfter) {
			const headers = {
				'Retry-After': String(decision.retryAfter),
				'x-ms-throttle-scope': decision.scope ?? '',
				'x-ms-throttle-reason': decision.reason ?? '',
			};
			throw new GraphError(
				429,
				'TooManyRequests',
				'Too many requests. Retry after the time given in the Retry-After header.',
				headers,
			);
		}
		const reply = routeGraph(ctx, env);
		if (throttle.enabled)
			reply.headers = { ...(reply.headers ?? {}), 'x-ms-resource-unit': String(decision.cost) };
		return reply;
	} catch (error) {
		return errorReply(error, ctx.headers, env, requestId);
	}
}

export function newRequestId(): string {
	return randomUUID();
}
