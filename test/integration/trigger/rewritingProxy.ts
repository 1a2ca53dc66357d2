/**
 * A proxy in front of the emulator that can rewrite Graph's answers, for the trigger's fault corpus:
 * drop the `Date` header, change a deltaLink's host, take a property out of delta items. It listens
 * on a free loopback port and passes the Host header on, so the links the emulator builds point at
 * the proxy and every later request goes through it too.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedAnswer {
	method: string;
	/** Path and query as the client sent them. */
	path: string;
	status: number;
	headers: Record<string, string>;
	/** The parsed JSON body, or undefined for an empty or non-JSON body. */
	json: unknown;
}

/** Changes an answer in place; return false to pass it on unchanged. */
export type Rewrite = (answer: ProxiedAnswer) => boolean | void;

export interface RewritingProxy {
	url: string;
	/** The rewrites applied to every answer, in order (tests add and remove them). */
	rewrites: Rewrite[];
	stop(): Promise<void>;
}

function plainHeaders(headers: IncomingHttpHeaders): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(headers))
		if (value !== undefined)
			out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
	return out;
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

export async function startRewritingProxy(target: string): Promise<RewritingProxy> {
	const upstream = new URL(target);
	const rewrites: Rewrite[] = [];
	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		void (async () => {
			const body = await readAll(req);
			const answer = await new Promise<{
				status: number;
				headers: Record<string, string>;
				body: Buffer;
			}>((resolve, reject) => {
				const out = request(
					{
						hostname: upstream.hostname,
						port: upstream.port,
						method: req.method,
						path: req.url,
						headers: req.headers,
					},
					(reply) => {
						readAll(reply).then(
							(data) =>
								resolve({
									status: reply.statusCode ?? 502,
									headers: plainHeaders(reply.headers),
									body: data,
								}),
							reject,
						);
					},
				);
				out.on('error', reject);
				out.end(body);
			});
			let json: unknown;
			try {
				json = answer.body.length ? JSON.parse(answer.body.toString('utf8')) : undefined;
			} catch {
				json = undefined;
			}
			const proxied: ProxiedAnswer = {
				method: req.method ?? 'GET',
				path: req.url ?? '/',
				status: answer.status,
				headers: answer.headers,
				json,
			};
			let changed = false;
			for (const rewrite of rewrites) if (rewrite(proxied) !== false) changed = true;
			const text =
				changed && proxied.json !== undefined
					? Buffer.from(JSON.stringify(proxied.json))
					: answer.body;
			const headers: Record<string, string | string[] | undefined> = {
				...proxied.headers,
				'content-length': String(text.length),
			};
			delete headers['transfer-encoding'];
			// Node adds a Date header of its own unless told not to: the rewrites decide.
			res.sendDate = false;
			res.writeHead(proxied.status, headers);
			res.end(text);
		})().catch(() => res.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		rewrites,
		stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

/** Rewrite: no `Date` header on any answer (a proxy that strips it; n8n's clock must stand in). */
export const dropDateHeader: Rewrite = (answer) => {
	delete answer.headers.date;
	return false;
};

/** Rewrite: the final `@odata.deltaLink` of delta rounds points at `origin` instead. */
export function deltaLinkTo(origin: string): Rewrite {
	return (answer) => {
		const page = answer.json as Record<string, unknown> | undefined;
		const link = page?.['@odata.deltaLink'];
		if (typeof link !== 'string') return false;
		const url = new URL(link);
		page!['@odata.deltaLink'] = `${origin}${url.pathname}${url.search}`;
		return true;
	};
}

/** Rewrite: `property` taken out of every item of users/groups delta answers (a feed that does not return it). */
export function withoutDeltaProperty(property: string): Rewrite {
	return (answer) => {
		if (!/\/(users|groups)\/delta/.test(answer.path)) return false;
		const page = answer.json as { value?: Record<string, unknown>[] } | undefined;
		if (!Array.isArray(page?.value)) return false;
		for (const item of page.value) delete item[property];
		return true;
	};
}
