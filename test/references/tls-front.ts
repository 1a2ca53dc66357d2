import type { IncomingHttpHeaders } from 'node:http';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, createServer, request as httpsRequest } from 'node:https';

import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { generate } from 'selfsigned';

/**
 * A loopback TLS front before a plain-http server (the emulator): Microsoft's clients refuse
 * http authorities and only attach tokens to https URLs. The certificate is self-signed, made at
 * test time for 127.0.0.1 and localhost; clients trust it through `agent` / `fetch` (Node's global
 * fetch cannot be given a CA at run time, NODE_EXTRA_CA_CERTS is read only at start-up).
 *
 * Requests are passed on with their Host and `X-Forwarded-Proto: https`, so the emulator's self
 * links and discovery document name the front.
 */
export interface TlsFront {
	/** `https://127.0.0.1:PORT` */
	url: string;
	/** `127.0.0.1:PORT` */
	host: string;
	/** The self-signed certificate (PEM), the only trust anchor of `agent`. */
	ca: string;
	agent: Agent;
	/** A minimal fetch over `agent`: method, headers, string body; answers a WHATWG Response. */
	fetch(url: string | URL | Request, init?: RequestInit): Promise<Response>;
	/** MSAL's network module (`system.networkClient`) over `agent`. */
	msalNetworkClient: INetworkModule;
	stop(): Promise<void>;
}

let certificate: Promise<{ cert: string; key: string }> | undefined;

/** One certificate per test process: key generation is the slow part. */
function loopbackCertificate(): Promise<{ cert: string; key: string }> {
	certificate ??= generate([{ name: 'commonName', value: '127.0.0.1' }], {
		keyType: 'ec',
		curve: 'P-256',
		algorithm: 'sha256',
		notAfterDate: new Date(Date.now() + 7 * 86400_000),
		extensions: [
			{ name: 'basicConstraints', cA: true },
			{ name: 'keyUsage', digitalSignature: true, keyCertSign: true },
			{ name: 'extKeyUsage', serverAuth: true },
			{
				name: 'subjectAltName',
				altNames: [
					{ type: 7, ip: '127.0.0.1' },
					{ type: 2, value: 'localhost' },
				],
			},
		],
	}).then(({ cert, private: key }) => ({ cert, key }));
	return certificate;
}

function headerRecord(headers: IncomingHttpHeaders): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers))
		if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
	return out;
}

export async function startTlsFront(targetUrl: string): Promise<TlsFront> {
	const { cert, key } = await loopbackCertificate();
	const target = new URL(targetUrl);
	const server = createServer({ cert, key }, (req, res) => {
		const upstream = httpRequest(
			{
				host: target.hostname,
				port: target.port,
				method: req.method,
				path: req.url,
				headers: { ...req.headers, 'x-forwarded-proto': 'https' },
			},
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', () => {
			if (!res.headersSent) res.writeHead(502);
			res.end();
		});
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const agent = new Agent({ ca: cert, keepAlive: false });

	const tlsFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
		const request = input instanceof Request ? input : undefined;
		const url = new URL(request ? request.url : String(input));
		const method = (init.method ?? request?.method ?? 'GET').toUpperCase();
		const headers = new Headers(request?.headers);
		new Headers(init.headers).forEach((value, name) => headers.set(name, value));
		const bodyOf = async (): Promise<string | undefined> => {
			if (init.body !== undefined && init.body !== null)
				return typeof init.body === 'string' ? init.body : String(init.body);
			if (request && request.body) return await request.text();
			return undefined;
		};
		return bodyOf().then(
			(body) =>
				new Promise<Response>((resolve, reject) => {
					const outgoing: Record<string, string> = {};
					headers.forEach((value, name) => (outgoing[name] = value));
					if (body !== undefined) outgoing['content-length'] = String(Buffer.byteLength(body));
					const sent = httpsRequest(url, { method, headers: outgoing, agent }, (answer) => {
						const chunks: Buffer[] = [];
						answer.on('data', (chunk: Buffer) => chunks.push(chunk));
						answer.on('end', () => {
							const status = answer.statusCode ?? 0;
							const empty = status === 204 || status === 304 || chunks.length === 0;
							resolve(
								new Response(empty ? null : Buffer.concat(chunks), {
									status,
									headers: headerRecord(answer.headers),
								}),
							);
						});
						answer.on('error', reject);
					});
					sent.on('error', reject);
					if (body !== undefined) sent.write(body);
					sent.end();
				}),
		);
	};

	const msal = async (
		method: string,
		url: string,
		options?: NetworkRequestOptions,
	): Promise<NetworkResponse<any>> => {
		const answer = await tlsFetch(url, { method, headers: options?.headers, body: options?.body });
		const text = await answer.text();
		const headers: Record<string, string> = {};
		answer.headers.forEach((value, name) => (headers[name] = value));
		return { status: answer.status, headers, body: text ? JSON.parse(text) : {} };
	};

	return {
		url: `https://127.0.0.1:${port}`,
		host: `127.0.0.1:${port}`,
		ca: cert,
		agent,
		fetch: tlsFetch,
		msalNetworkClient: {
			sendGetRequestAsync: (url, options) => msal('GET', url, options),
			sendPostRequestAsync: (url, options) => msal('POST', url, options),
		},
		stop: () =>
			new Promise<void>((resolve) => {
				agent.destroy();
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
