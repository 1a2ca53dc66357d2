import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';

import type { AdminReply, EmulatorAdmin } from './admin';
import { AdminError, adminHttp } from './admin';
import { runBatch, safeDecode } from './batch';
import type { Reply } from './context';
import { GraphError } from './errors';
import type { Identity, IdentityRequest, OAuthResult } from './identity';
import type { Services } from './pipeline';
import { errorReply, executeGraph, faultReply, newRequestId } from './pipeline';

/** HTTP front: `/v1.0/...` (Graph), `/{tenant}/oauth2/v2.0/...` (identity), `/_emulator/...` (admin). */
export interface ServerDeps {
	services: Services;
	identity: Identity;
	admin: EmulatorAdmin;
	latency: { ms: number };
}

const GRAPH_JSON =
	'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const MAX_BODY = 20 * 1024 * 1024;
const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT']);

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY) reject(new Error('Request body too large'));
			else chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function lowerHeaders(req: IncomingMessage): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(req.headers))
		out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value ?? '');
	return out;
}

function send(
	res: ServerResponse,
	status: number,
	headers: Record<string, string>,
	body: unknown,
	date: string,
): void {
	res.sendDate = false;
	res.setHeader('Date', date);
	for (const [key, value] of Object.entries(headers)) res.setHeader(key, value);
	if (body === undefined || status === 204) {
		res.writeHead(status);
		res.end();
		return;
	}
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	if (!res.hasHeader('Content-Type'))
		res.setHeader('Content-Type', typeof body === 'string' ? 'text/plain' : 'application/json');
	res.writeHead(status);
	res.end(text);
}

/**
 * Scheme and host the client used. Behind a TLS front (the MSAL tests' loopback proxy, a reverse
 * proxy) the front says so with `Forwarded: proto=https;host=...` (RFC 7239) or
 * `X-Forwarded-Proto` / `X-Forwarded-Host`; self links (`@odata.context`, nextLinks, deltaLinks,
 * the discovery document) are built on this.
 */
export function publicBase(headers: IncomingMessage['headers']): string {
	const first = (value: string | string[] | undefined): string | undefined =>
		(Array.isArray(value) ? value[0] : value)?.split(',')[0].trim() || undefined;
	const forwarded = first(headers.forwarded);
	const pairs = new Map<string, string>();
	for (const part of forwarded?.split(';') ?? []) {
		const eq = part.indexOf('=');
		if (eq > 0)
			pairs.set(
				part.slice(0, eq).trim().toLowerCase(),
				part
					.slice(eq + 1)
					.trim()
					.replace(/^"(.*)"$/, '$1'),
			);
	}
	const proto = (pairs.get('proto') ?? first(headers['x-forwarded-proto']) ?? 'http').toLowerCase();
	const host =
		pairs.get('host') ?? first(headers['x-forwarded-host']) ?? headers.host ?? '127.0.0.1';
	return `${proto === 'https' ? 'https' : 'http'}://${host}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createEmulatorServer(deps: ServerDeps): Server {
	return createServer((req, res) => {
		handle(deps, req, res).catch((error) => {
			if (!res.headersSent)
				send(
					res,
					500,
					{},
					{ error: { code: 'generalException', message: String(error) } },
					new Date().toUTCString(),
				);
			else res.destroy();
		});
	});
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const rawUrl = req.url ?? '/';
	const [rawPath, search = ''] = rawUrl.split('?');
	const segments = rawPath.split('/').filter(Boolean);
	const body = await readBody(req);
	if (segments[0] === '_emulator')
		return handleAdmin(deps, req, res, segments.slice(1).map(safeDecode), search, body);
	if (segments[1] === 'oauth2' && segments[2] === 'v2.0')
		return handleIdentity(deps, req, res, safeDecode(segments[0]), segments[3], search, body);
	if (
		segments.length === 4 &&
		segments[1] === 'v2.0' &&
		segments[2] === '.well-known' &&
		segments[3] === 'openid-configuration'
	) {
		return handleIdentity(
			deps,
			req,
			res,
			safeDecode(segments[0]),
			'openid-configuration',
			search,
			body,
		);
	}
	if (
		segments.length === 4 &&
		segments[1] === 'discovery' &&
		segments[2] === 'v2.0' &&
		segments[3] === 'keys'
	) {
		return handleIdentity(deps, req, res, safeDecode(segments[0]), 'keys', search, body);
	}
	if (segments[0] === 'v1.0')
		return handleGraph(deps, req, res, rawPath, segments.slice(1), search, body);
	const date = new Date(deps.services.env.clock.now()).toUTCString();
	if (rawPath === '/' && req.method === 'GET')
		return send(
			res,
			200,
			{},
			{ name: 'Microsoft Graph emulator', graph: '/v1.0', admin: '/_emulator/' },
			date,
		);
	send(
		res,
		404,
		{},
		{ error: { code: 'NotFound', message: `No route ${req.method} ${rawPath}` } },
		date,
	);
}

function handleAdmin(
	deps: ServerDeps,
	req: IncomingMessage,
	res: ServerResponse,
	segments: string[],
	search: string,
	body: Buffer,
): void {
	const date = new Date(deps.services.env.clock.now()).toUTCString();
	let reply: AdminReply;
	try {
		const parsed = body.length ? JSON.parse(body.toString('utf8')) : undefined;
		reply = adminHttp(
			deps.admin,
			req.method ?? 'GET',
			segments,
			new URLSearchParams(search),
			parsed,
		);
	} catch (error) {
		const status =
			error instanceof AdminError ? error.status : error instanceof SyntaxError ? 400 : 500;
		reply = { status, body: { error: (error as Error).message } };
	}
	send(res, reply.status, { 'Content-Type': 'application/json' }, reply.body ?? {}, date);
}

function handleIdentity(
	deps: ServerDeps,
	req: IncomingMessage,
	res: ServerResponse,
	tenant: string,
	endpoint: string | undefined,
	search: string,
	body: Buffer,
): void {
	const { env, faults, log } = deps.services;
	const started = Date.now();
	const date = new Date(env.clock.now()).toUTCString();
	const path = req.url ?? '';
	const method = req.method ?? 'GET';
	const finish = (status: number) =>
		log.add({
			method,
			path,
			status,
			time: env.clock.iso(),
			batch: false,
			kind: 'identity',
			durationMs: Date.now() - started,
		});
	const fault = faults.take(method, path);
	if (fault?.drop) {
		finish(0);
		req.socket.destroy();
		return;
	}
	let result: OAuthResult;
	// The client-request-id comes as a header, or (MSAL's token requests) in the query string.
	const header = req.headers['client-request-id'];
	const clientRequestId =
		(Array.isArray(header) ? header[0] : header) ??
		new URLSearchParams(search).get('client-request-id') ??
		undefined;
	const request: IdentityRequest = { base: publicBase(req.headers), clientRequestId };
	if (fault) {
		const reply = faultReply(fault, newRequestId(), newRequestId(), env.clock.iso());
		result = {
			status: reply.status,
			headers: reply.headers,
			body: reply.body as Record<string, unknown>,
		};
	} else if (endpoint === 'token' && method === 'POST') {
		result = deps.identity.handleToken(
			tenant,
			new URLSearchParams(body.toString('utf8')),
			req.headers.authorization,
			request,
		);
	} else if (endpoint === 'authorize' && method === 'GET') {
		result = deps.identity.authorize(tenant, new URLSearchParams(search), request);
	} else if (endpoint === 'openid-configuration' && method === 'GET') {
		result = deps.identity.openIdConfiguration(tenant, request);
	} else if (endpoint === 'keys' && method === 'GET') {
		result = { status: 200, body: deps.identity.keys() };
	} else {
		result = {
			status: 404,
			body: {
				error: 'invalid_request',
				error_description: `No identity endpoint ${method} ${endpoint}`,
			},
		};
	}
	finish(result.status);
	send(
		res,
		result.status,
		{ 'Cache-Control': 'no-store', Pragma: 'no-cache', ...(result.headers ?? {}) },
		result.body,
		date,
	);
}

async function handleGraph(
	deps: ServerDeps,
	req: IncomingMessage,
	res: ServerResponse,
	rawPath: string,
	rawSegments: string[],
	search: string,
	body: Buffer,
): Promise<void> {
	const { services, identity } = deps;
	const { env, faults, log } = services;
	const started = Date.now();
	const method = (req.method ?? 'GET').toUpperCase();
	const path = req.url ?? '';
	const headers = lowerHeaders(req);
	const requestId = newRequestId();
	const clientRequestId = headers['client-request-id'] ?? requestId;
	if (deps.latency.ms > 0) await sleep(deps.latency.ms);
	const fault = faults.take(method, path);
	if (fault?.drop) {
		log.add({
			method,
			path,
			status: 0,
			time: env.clock.iso(),
			batch: false,
			kind: 'graph',
			durationMs: Date.now() - started,
		});
		req.socket.destroy();
		return;
	}
	let reply: Reply;
	if (fault) reply = faultReply(fault, requestId, clientRequestId, env.clock.iso());
	else
		reply = await graphReply(
			deps,
			method,
			rawPath,
			rawSegments,
			search,
			headers,
			body,
			requestId,
			publicBase(req.headers),
		);
	void identity;
	log.add({
		method,
		path,
		status: reply.status,
		time: env.clock.iso(),
		batch: false,
		kind: 'graph',
		durationMs: Date.now() - started,
	});
	const out: Record<string, string> = {
		'request-id': requestId,
		'client-request-id': clientRequestId,
		'x-ms-ags-diagnostic': JSON.stringify({
			ServerInfo: {
				DataCenter: 'Emulator',
				Slice: 'E',
				Ring: '0',
				ScaleUnit: '000',
				RoleInstance: 'EMU',
			},
		}),
		...(reply.headers ?? {}),
	};
	if (
		reply.body !== undefined &&
		typeof reply.body !== 'string' &&
		!Object.keys(out).some((k) => k.toLowerCase() === 'content-type')
	)
		out['Content-Type'] = GRAPH_JSON;
	send(res, reply.status, out, reply.body, new Date(env.clock.now()).toUTCString());
}

function graphReply(
	deps: ServerDeps,
	method: string,
	rawPath: string,
	rawSegments: string[],
	search: string,
	headers: Record<string, string>,
	body: Buffer,
	requestId: string,
	base: string,
): Reply | Promise<Reply> {
	const { services, identity } = deps;
	const { env } = services;
	try {
		let parsed: unknown;
		if (body.length) {
			try {
				parsed = JSON.parse(body.toString('utf8'));
			} catch {
				return errorReply(
					new GraphError(
						400,
						'BadRequest',
						'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
					),
					headers,
					env,
					requestId,
				);
			}
		}
		env.directory.sweep();
		const token = identity.authenticate(headers.authorization);
		if (
			parsed === undefined &&
			WRITE_METHODS.has(method) &&
			/json/i.test(headers['content-type'] ?? '')
		) {
			// Graph refuses a JSON write without a payload (what n8n sends when an empty object body is dropped).
			return errorReply(
				new GraphError(400, 'BadRequest', 'Empty Payload. JSON content expected.'),
				headers,
				env,
				requestId,
			);
		}
		const ctx = {
			method,
			segments: rawSegments.map(safeDecode),
			rawPath: rawPath.slice('/v1.0'.length),
			query: new URLSearchParams(search),
			headers,
			body: parsed,
			base,
			token,
			inBatch: false,
		};
		if (ctx.segments[0] === '$batch') return runBatch(ctx, services);
		// Creating a subscription waits for the validation handshake with the notification endpoint.
		if (ctx.segments[0] === 'subscriptions' && ctx.segments.length === 1 && method === 'POST') {
			return env.subscriptions
				.create(ctx)
				.catch((error) => errorReply(error, headers, env, requestId));
		}
		return executeGraph(ctx, services, requestId);
	} catch (error) {
		return errorReply(error, headers, env, requestId);
	}
}
