import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { HarnessCredentials } from '../harness';

/*
 * The tests' one scripted Graph: a local server that either scripts every answer (transport, fault
 * corpus, trigger rounds the emulator never produces), or stands as a rewriting proxy in front of
 * the emulator (real Graph behaviour, with chosen answers replaced). It plays the identity
 * platform's token endpoint too, and records what reached the wire and when.
 */

/** One request as the server saw it. */
export interface SeenRequest {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: string;
	/** Milliseconds since the epoch when it arrived. */
	at: number;
}

/** An answer: JSON (`body`), raw text (`raw`, with `contentType`), a dropped socket, or no answer at all. */
export interface FaultReply {
	status?: number;
	headers?: Record<string, string>;
	body?: unknown;
	raw?: string;
	contentType?: string;
	/** Destroy the socket without answering. */
	drop?: boolean;
	/** Never answer (the socket stays open until the client gives up). */
	hang?: boolean;
}

/** What the upstream (the emulator) answered, for a rewrite to inspect. */
export interface Upstream {
	status: number;
	headers: Record<string, string>;
	text: string;
	json?: unknown;
}

/**
 * Scripted: `graph` answers every Graph request. Proxy: undefined lets the request through to the
 * upstream; `rewrite` sees the upstream's answer and may replace it.
 */
export type GraphHandler = (
	request: SeenRequest,
) => FaultReply | undefined | Promise<FaultReply | undefined>;
export type Rewrite = (request: SeenRequest, upstream: Upstream) => FaultReply | undefined;

export class FaultServer {
	readonly seen: SeenRequest[] = [];
	/** Every access token this server handed out or passed through (the secrets check looks for them). */
	readonly tokens: string[] = [];
	url = '';
	graph: GraphHandler = () => ({
		status: 404,
		body: { error: { code: 'Request_ResourceNotFound', message: 'not scripted' } },
	});
	rewrite: Rewrite | undefined;
	/** Replaces the token endpoint's answer (scripted mode, or in front of the emulator). */
	token: ((request: SeenRequest) => FaultReply | undefined) | undefined;
	private readonly server = createServer((req, res) => void this.handle(req, res));
	private readonly hanging = new Set<ServerResponse>();

	/** @param upstream the emulator's URL, for proxy mode; scripted when left out */
	constructor(private readonly upstream?: string) {
		if (upstream) this.graph = () => undefined;
	}

	async start(): Promise<this> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this;
	}

	async stop(): Promise<void> {
		for (const res of this.hanging) res.destroy();
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	/** Graph API requests only (token requests left out). */
	get graphRequests(): SeenRequest[] {
		return this.seen.filter((request) => request.url.startsWith('/v1.0'));
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const seen: SeenRequest = {
			method: req.method ?? 'GET',
			url: req.url ?? '/',
			headers: req.headers,
			body: Buffer.concat(chunks).toString(),
			at: Date.now(),
		};
		this.seen.push(seen);
		const isToken = seen.url.includes('/oauth2/v2.0/token');
		let reply: FaultReply | undefined;
		if (isToken && this.token) reply = this.token(seen);
		if (!reply && !isToken) reply = await this.graph(seen);
		if (!reply && isToken && !this.upstream) {
			const accessToken = `fault-token-${this.tokens.length + 1}-${Math.random().toString(36).slice(2)}`;
			reply = {
				status: 200,
				body: { token_type: 'Bearer', expires_in: 3600, access_token: accessToken },
			};
		}
		if (!reply && this.upstream) {
			const upstream = await this.forward(seen);
			reply = this.rewrite?.(seen, upstream) ?? {
				status: upstream.status,
				headers: { 'Content-Type': upstream.headers['content-type'] ?? 'application/json' },
				raw: upstream.text,
			};
		}
		if (isToken) this.noteToken(reply!);
		this.send(req, res, reply!);
	}

	private noteToken(reply: FaultReply): void {
		const body = (reply.body ?? (reply.raw ? safeJson(reply.raw) : undefined)) as
			| { access_token?: unknown }
			| undefined;
		if (typeof body?.access_token === 'string') this.tokens.push(body.access_token);
	}

	private send(req: IncomingMessage, res: ServerResponse, reply: FaultReply): void {
		if (reply.drop) {
			req.socket.destroy();
			return;
		}
		if (reply.hang) {
			this.hanging.add(res);
			return;
		}
		const headers: Record<string, string> = {
			'request-id': `req-${this.seen.length}`,
			...reply.headers,
		};
		let payload: string | undefined;
		if (reply.raw !== undefined) {
			payload = reply.raw;
			headers['Content-Type'] = reply.contentType ?? headers['Content-Type'] ?? 'text/plain';
		} else if (reply.body !== undefined) {
			payload = JSON.stringify(reply.body);
			headers['Content-Type'] = 'application/json';
		}
		res.writeHead(reply.status ?? 200, headers);
		res.end(payload);
	}

	private async forward(seen: SeenRequest): Promise<Upstream> {
		const target = new URL(seen.url, this.upstream);
		// The Host header stays the proxy's: the emulator builds its links and token audience from it,
		// so that the node sees one Graph host throughout.
		const headers = { ...seen.headers };
		delete headers['content-length'];
		return await new Promise<Upstream>((resolve, reject) => {
			const out = httpRequest(
				target,
				{
					method: seen.method,
					headers: { ...headers, 'content-length': Buffer.byteLength(seen.body) },
				},
				(answer) => {
					const parts: Buffer[] = [];
					answer.on('data', (part: Buffer) => parts.push(part));
					answer.on('end', () => {
						const text = Buffer.concat(parts).toString();
						const flat: Record<string, string> = {};
						for (const [name, value] of Object.entries(answer.headers))
							if (typeof value === 'string') flat[name] = value;
						resolve({ status: answer.statusCode ?? 0, headers: flat, text, json: safeJson(text) });
					});
				},
			);
			out.on('error', reject);
			out.end(seen.body);
		});
	}
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** The client secret of credentials pointing at a FaultServer: it must never show up anywhere. */
export const CLIENT_SECRET = 'fault-corpus-client-secret-7f3a9c';
export const TENANT = '11111111-2222-3333-4444-555555555555';

/** App-only credentials pointing at the server (or, through it, at the emulator's demo app). */
export function credentials(
	server: FaultServer,
	app?: { clientId: string; clientSecret: string },
	tenantId = TENANT,
): HarnessCredentials {
	return {
		grantType: 'clientCredentials',
		cloud: 'custom',
		tenantId,
		graphBaseUrl: server.url,
		loginBaseUrl: server.url,
		clientId: app?.clientId ?? 'fault-client-id',
		clientSecret: app?.clientSecret ?? CLIENT_SECRET,
	};
}

/**
 * A fresh FaultServer for each test of the file (`faults.server`), stopped after it; `all` keeps
 * every server the file used. With `upstream` (read when the test starts) it is a proxy in front of it.
 */
export function useFaultServer(upstream?: () => string): {
	readonly server: FaultServer;
	readonly all: FaultServer[];
} {
	const world = { all: [] as FaultServer[] } as { server: FaultServer; all: FaultServer[] };
	beforeEach(async () => {
		world.server = await new FaultServer(upstream?.()).start();
		world.all.push(world.server);
	});
	afterEach(async () => {
		await world.server.stop();
	});
	return world;
}

/** A Graph error answer. */
export function graphError(
	status: number,
	code: string,
	message: string,
	headers?: Record<string, string>,
): FaultReply {
	return {
		status,
		headers,
		body: {
			error: {
				code,
				message,
				innerError: {
					date: '2026-11-27T10:00:00',
					'request-id': 'rid-fault',
					'client-request-id': 'crid-fault',
				},
			},
		},
	};
}

/** The sub-requests of a `$batch` call. */
export function batchRequests(
	request: SeenRequest,
): Array<{ id: string; method: string; url: string; body?: unknown }> {
	return (
		JSON.parse(request.body) as {
			requests: Array<{ id: string; method: string; url: string; body?: unknown }>;
		}
	).requests;
}

/** A `$batch` answer in which every sub-request gets `status` (204 by default). */
export function batchAnswer(request: SeenRequest, status = 204, body?: unknown): FaultReply {
	return {
		status: 200,
		body: { responses: batchRequests(request).map((entry) => ({ id: entry.id, status, body })) },
	};
}
