import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it. */
export interface SeenRequest {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: string;
}

export type Reply = {
	status: number;
	headers?: Record<string, string>;
	body?: unknown;
	/** Destroy the socket instead of answering (a dropped connection). */
	drop?: boolean;
};

export type Handler = (request: SeenRequest) => Reply | Promise<Reply>;

/**
 * A local HTTP server that plays both the identity platform's token endpoint and a scripted Graph:
 * each test says what Graph answers, and reads back exactly what reached the wire.
 */
export class ScriptedGraph {
	readonly seen: SeenRequest[] = [];
	handler: Handler = () => ({ status: 404, body: { error: { code: 'Request_ResourceNotFound', message: 'not scripted' } } });
	tokensIssued = 0;
	url = '';
	private server = createServer((req, res) => void this.handle(req, res));

	async start(): Promise<this> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this;
	}

	async stop(): Promise<void> {
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
		const seen: SeenRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString() };
		this.seen.push(seen);
		if (seen.url.includes('/oauth2/v2.0/token')) {
			this.tokensIssued += 1;
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ token_type: 'Bearer', expires_in: 3600, access_token: `token-${this.tokensIssued}` }));
			return;
		}
		const reply = await this.handler(seen);
		if (reply.drop) {
			req.socket.destroy();
			return;
		}
		const headers: Record<string, string> = { 'request-id': `req-${this.seen.length}`, ...reply.headers };
		if (reply.body !== undefined) headers['Content-Type'] = 'application/json';
		res.writeHead(reply.status, headers);
		res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
	}
}

export function graphError(status: number, code: string, message: string, headers?: Record<string, string>): Reply {
	return {
		status,
		headers,
		body: { error: { code, message, innerError: { date: '2026-11-27T10:00:00', 'request-id': 'rid-123', 'client-request-id': 'crid-123' } } },
	};
}
