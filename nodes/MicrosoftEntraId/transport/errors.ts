import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** What Graph said about a failed request, read from its `{"error": {...}}` body and headers. */
export interface GraphErrorInfo {
	status: number;
	code: string;
	message: string;
	requestId?: string;
	date?: string;
}

/** Names the object a request is about, so that errors read "User not found: <id>". */
export interface RequestSubject {
	kind: string;
	id?: string;
}

/** The failure of one HTTP exchange, in a shape that holds no request headers (and so no token). */
export interface HttpFailure {
	status?: number;
	headers: Record<string, string>;
	body: unknown;
	/** Node's socket error code (ECONNRESET, ETIMEDOUT, ...) when no response came back. */
	networkCode?: string;
	networkMessage?: string;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: undefined;
}

function parseJsonBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}

/** Lower-cases header names; joins array values. */
export function normalizeHeaders(headers: unknown): Record<string, string> {
	const result: Record<string, string> = {};
	const record = asRecord(headers);
	if (!record) return result;
	for (const [name, value] of Object.entries(record)) {
		if (value === undefined || value === null) continue;
		result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return result;
}

/**
 * Reads Graph's error shape (docs: "Microsoft Graph error responses and resource types"):
 * `{"error": {"code", "message", "innerError": {"request-id", "date"}}}`.
 */
export function parseGraphError(status: number, body: unknown, headers: Record<string, string> = {}): GraphErrorInfo {
	const parsed = asRecord(parseJsonBody(body));
	const error = asRecord(parsed?.error);
	const inner = asRecord(error?.innerError) ?? asRecord(error?.innererror);
	const code = typeof error?.code === 'string' ? error.code : `HTTP${status}`;
	const message =
		typeof error?.message === 'string'
			? error.message
			: typeof body === 'string' && body.length < 500
				? body
				: '';
	const requestId =
		(typeof inner?.['request-id'] === 'string' ? (inner['request-id'] as string) : undefined) ??
		headers['request-id'];
	const date = typeof inner?.date === 'string' ? inner.date : headers.date;
	return { status, code, message, requestId, date };
}

/** Graph's answer when a feature needs Microsoft Entra ID P1/P2 (signInActivity, sign-in logs). */
export const PREMIUM_REQUIRED_CODE = 'Authentication_RequestFromNonPremiumTenantOrB2CTenant';

function humanMessage(info: GraphErrorInfo, subject?: RequestSubject): string {
	if (info.code === PREMIUM_REQUIRED_CODE) {
		return 'Sign-in activity needs a Microsoft Entra ID P1 or P2 licence in the tenant (and the AuditLog.Read.All permission): remove signInActivity from the fields and the "Not Signed In Since" filter, or license the tenant';
	}
	const kind = subject?.kind ?? 'Resource';
	const id = subject?.id ? `: ${subject.id}` : '';
	switch (info.status) {
		case 400:
			return `Microsoft Graph rejected the request${info.message ? `: ${info.message}` : ''}`;
		case 401:
			return 'Microsoft Graph did not accept the access token: reconnect the credential';
		case 403:
			return `Permission denied for this ${kind.toLowerCase()} operation: the app registration or signed-in user lacks the Graph permission it needs (see the README's permission table)`;
		case 404:
			return `${kind} not found${id}`;
		case 409:
			return `Conflict${info.message ? `: ${info.message}` : ''}`;
		case 429:
			return 'Microsoft Graph kept throttling the request (429) and the retry limit was reached: try again later or raise the Retry options';
		default:
			if (info.status >= 500) {
				return `Microsoft Graph is unavailable (HTTP ${info.status}) and the retry limit was reached: try again later`;
			}
			return `Microsoft Graph answered HTTP ${info.status}${info.message ? `: ${info.message}` : ''}`;
	}
}

/**
 * Turns a Graph failure into the NodeApiError n8n shows: a human message, Graph's code, message and
 * request-id in the description, the HTTP status, and the parsed details in `context.graph` so that
 * callers can branch on the code (never on the message).
 */
export function graphApiError(
	node: INode,
	info: GraphErrorInfo,
	options: { subject?: RequestSubject; itemIndex?: number } = {},
): NodeApiError {
	const details = [`Graph error ${info.code}`];
	if (info.message) details[0] += `: ${info.message}`;
	if (info.requestId) details.push(`request-id: ${info.requestId}`);
	if (info.date) details.push(`date: ${info.date}`);
	const error = new NodeApiError(node, { ...info } as unknown as JsonObject, {
		message: humanMessage(info, options.subject),
		description: details.join(' | '),
		httpCode: String(info.status),
		itemIndex: options.itemIndex,
	});
	error.context.graph = { ...info };
	return error;
}

/** A connection-level failure (no HTTP answer) after retries. */
export function networkApiError(node: INode, failure: HttpFailure, itemIndex?: number): NodeApiError {
	const code = failure.networkCode ?? 'NETWORK_ERROR';
	// The socket code stays out of the error's code and message: n8n would swap the message for its
	// generic one, which says nothing about retries.
	const error = new NodeApiError(node, { networkCode: code } as JsonObject, {
		message:
			'Could not reach Microsoft Graph: the connection failed. Requests that may already have taken effect are not sent twice; others ran out of retries',
		description: `${code}${failure.networkMessage ? `: ${failure.networkMessage}` : ''}`,
		itemIndex,
	});
	error.context.graph = { status: 0, code, message: failure.networkMessage ?? '' };
	return error;
}

/** The Graph details of an error thrown by the transport, if it was one. */
export function graphErrorInfo(error: unknown): GraphErrorInfo | undefined {
	if (!(error instanceof NodeApiError)) return undefined;
	const graph = asRecord(error.context?.graph);
	if (!graph || typeof graph.status !== 'number' || typeof graph.code !== 'string') return undefined;
	return graph as unknown as GraphErrorInfo;
}

/**
 * Pulls status, headers and body out of whatever n8n's request helper threw. n8n 2.x throws a
 * NodeApiError that keeps only `httpCode` (the status, or a socket error code such as ECONNRESET)
 * and `context.data` (the parsed body); other versions keep the axios error as `cause`. Only the
 * response is read: the request config (with its Authorization header) is never kept.
 */
export function extractHttpFailure(thrown: unknown): HttpFailure | undefined {
	const outer = asRecord(thrown);
	const candidates = [asRecord(outer?.cause), outer].filter(Boolean) as Array<Record<string, unknown>>;
	for (const candidate of candidates) {
		const response = asRecord(candidate.response);
		const status =
			typeof response?.status === 'number'
				? response.status
				: typeof candidate.statusCode === 'number'
					? candidate.statusCode
					: typeof candidate.httpCode === 'string' && /^\d{3}$/.test(candidate.httpCode)
						? Number(candidate.httpCode)
						: undefined;
		if (status !== undefined) {
			return {
				status,
				headers: normalizeHeaders(response?.headers),
				body: parseJsonBody(response?.data ?? candidate.error ?? response?.body ?? asRecord(candidate.context)?.data),
			};
		}
	}
	for (const candidate of candidates) {
		const code = [candidate.code, candidate.httpCode].find(
			(value): value is string => typeof value === 'string' && /^E[A-Z_]+$/.test(value),
		);
		if (code) {
			return {
				headers: {},
				body: undefined,
				networkCode: code,
				networkMessage: typeof candidate.message === 'string' ? candidate.message : undefined,
			};
		}
	}
	return undefined;
}

/**
 * For code that catches a transport error to branch on it and then passes it on: n8n's own errors
 * go through unchanged; anything else becomes a NodeOperationError carrying only its message.
 */
export function ensureNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error instanceof Error ? error.message : String(error));
}
