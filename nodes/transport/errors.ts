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
export function parseGraphError(
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): GraphErrorInfo {
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

/** How a failed request was retried, for a message that says what happened. */
export interface RetryReport {
	/** Whether the failure is of a kind that is retried (throttling, unavailability, ...). */
	retryable: boolean;
	/** Retries sent after the first attempt. */
	retries: number;
}

function retrySuffix(retry: RetryReport | undefined): string {
	if (!retry) return '';
	if (!retry.retryable)
		return ' (not retried: it may have taken effect, or repeating it would not help)';
	if (retry.retries === 0)
		return ' (not retried: Max Retries or Max Total Retry Wait allowed no retry)';
	return ` (gave up after ${retry.retries} ${retry.retries === 1 ? 'retry' : 'retries'}: the retry limit was reached)`;
}

/** Graph's answer when a feature needs Microsoft Entra ID P1/P2 (signInActivity, sign-in logs). */
export const PREMIUM_REQUIRED_CODE = 'Authentication_RequestFromNonPremiumTenantOrB2CTenant';

function humanMessage(info: GraphErrorInfo, subject?: RequestSubject, retry?: RetryReport): string {
	if (info.code === PREMIUM_REQUIRED_CODE) {
		return 'Sign-in activity needs a Microsoft Entra ID P1 or P2 license in the tenant (and the AuditLog.Read.All permission): remove signInActivity from the fields and the "Not Signed In Since" filter, or license the tenant';
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
			return retry && retry.retries === 0
				? `Microsoft Graph throttled the request (429)${retrySuffix(retry)}`
				: 'Microsoft Graph kept throttling the request (429) and the retry limit was reached: try again later or raise the Retry options';
		default:
			if (info.status >= 500) {
				const what =
					info.status === 503 ? 'is unavailable' : info.status === 504 ? 'timed out' : 'failed';
				return `Microsoft Graph ${what} (HTTP ${info.status})${info.message ? `: ${info.message}` : ''}${retrySuffix(retry)}`;
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
	options: {
		subject?: RequestSubject;
		itemIndex?: number;
		retry?: RetryReport;
		secrets?: readonly string[];
	} = {},
): NodeApiError {
	const redact = (text: string) => redactSecrets(text, options.secrets);
	info = { ...info, message: redact(info.message) };
	const details = [`Graph error ${info.code}`];
	if (info.message) details[0] += `: ${info.message}`;
	if (info.requestId) details.push(`request-id: ${info.requestId}`);
	if (info.date) details.push(`date: ${info.date}`);
	const error = new NodeApiError(node, { ...info } as unknown as JsonObject, {
		message: redact(humanMessage(info, options.subject, options.retry)),
		description: details.join(' | '),
		httpCode: String(info.status),
		itemIndex: options.itemIndex,
	});
	error.context.graph = { ...info };
	return error;
}

/** Socket and timeout codes of Node and axios: a request that got no HTTP answer. */
export const NETWORK_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENETDOWN',
	'EHOSTDOWN',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'ERR_NETWORK',
	'ECANCELED',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'CERT_HAS_EXPIRED',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/** Codes after which no answer came within the request timeout. */
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

/** A connection-level failure (no HTTP answer), after the retries it was allowed. */
export function networkApiError(
	node: INode,
	failure: HttpFailure,
	options: {
		itemIndex?: number;
		retry?: RetryReport;
		timeoutSeconds?: number;
		secrets?: readonly string[];
	} = {},
): NodeApiError {
	const redact = (text: string) => redactSecrets(text, options.secrets);
	const code = failure.networkCode ?? 'NETWORK_ERROR';
	const timedOut = TIMEOUT_CODES.has(code);
	const what = timedOut
		? `Microsoft Graph did not answer within the ${options.timeoutSeconds ? `${options.timeoutSeconds} s ` : ''}request timeout`
		: 'Could not reach Microsoft Graph: the connection failed';
	const retry = options.retry;
	const after = !retry
		? ''
		: !retry.retryable
			? ': not retried, since the request may already have taken effect'
			: retry.retries
				? `: gave up after ${retry.retries} ${retry.retries === 1 ? 'retry' : 'retries'} (the retry limit or the time budget was reached)`
				: ': not retried (Max Retries or Max Total Retry Wait allowed no retry)';
	// The socket code stays out of the error's code and message: n8n would swap the message for its
	// generic one, which says nothing about retries.
	const error = new NodeApiError(node, { networkCode: code } as JsonObject, {
		message: `${what}${after}`,
		description: redact(`${code}${failure.networkMessage ? `: ${failure.networkMessage}` : ''}`),
		itemIndex: options.itemIndex,
	});
	error.context.graph = { status: 0, code, message: redact(failure.networkMessage ?? '') };
	return error;
}

/**
 * The OAuth 2.0 error codes (RFC 6749 section 5.2) as n8n's OAuth2 client words them: n8n passes a
 * failed token request on with only that wording, so it is mapped back to the code here.
 */
const OAUTH_ERRORS: Array<[string, string, string]> = [
	[
		'invalid_client',
		'Client authentication failed',
		"Microsoft Entra ID refused the app's credentials (invalid_client): the client secret is wrong or has expired, the certificate is not the one uploaded to the app, or the client ID is wrong. Update the credential",
	],
	[
		'invalid_request',
		'The request is missing a required parameter',
		"Microsoft Entra ID refused the token request (invalid_request): the tenant ID or domain is most likely wrong (the tenant is unknown to this cloud). Check the credential's Tenant ID and cloud",
	],
	[
		'unauthorized_client',
		'The client is not authorized',
		'Microsoft Entra ID refused the app (unauthorized_client): the client ID is not registered in this tenant, or the app may not use this grant type. Check the client ID and Tenant ID',
	],
	[
		'invalid_grant',
		'The provided authorization grant',
		'Microsoft Entra ID refused the sign-in grant (invalid_grant): the refresh token or authorization code is invalid, expired or revoked. Reconnect the credential',
	],
	[
		'invalid_scope',
		'The requested scope is invalid',
		"Microsoft Entra ID refused the requested scope (invalid_scope): check the credential's cloud and Graph URL",
	],
	[
		'unsupported_grant_type',
		'The authorization grant type is not supported',
		"Microsoft Entra ID does not support the grant type (unsupported_grant_type): check the credential's grant type",
	],
	[
		'access_denied',
		'The resource owner or authorization server denied',
		"Microsoft Entra ID denied access (access_denied): an admin must consent to the app's permissions, or the user declined",
	],
];

/**
 * What an AADSTS code of a refused token request means for the credential, in words that say what to
 * change (codes: "Microsoft Entra authentication and authorization error codes"; the reasons of 700027
 * are the ones Entra writes into its error_description).
 */
function aadstsCause(code: number | undefined, description: string): string | undefined {
	switch (code) {
		case 700027:
			if (/key was not found/i.test(description)) {
				return "the certificate is not uploaded to the app registration (AADSTS700027, key not found). Upload the credential's certificate under Certificates & secrets, or paste the certificate that is uploaded";
			}
			if (/expired/i.test(description)) {
				return 'the certificate registered on the app has expired (AADSTS700027). Create a new certificate, upload it to the app registration and update the credential';
			}
			return 'the private key does not belong to the certificate (AADSTS700027, invalid signature). Paste the private key that was created with this certificate';
		case 700024:
			return "the client assertion is outside its valid time (AADSTS700024): this machine's clock differs from Microsoft's by more than 5 minutes. Synchronise the clock (NTP)";
		case 700023:
			return "the client assertion was made for another token endpoint (AADSTS700023). Check the credential's cloud, login URL and Tenant ID";
		case 700021:
			return 'the client assertion names another app than the client ID (AADSTS700021). Check the Client ID';
		case 7000215:
			return "the client secret is wrong (AADSTS7000215). Paste the secret's Value, not its ID";
		case 7000222:
			return 'the client secret has expired (AADSTS7000222). Create a new secret (or switch the credential to a certificate) and update the credential';
		case 7000218:
			return 'the token request carried neither a client secret nor a certificate (AADSTS7000218). Certificate sign-in needs n8n 2.30 or later; on earlier versions use a client secret';
		default:
			return undefined;
	}
}

/** The first AADSTS code and the description of an OAuth error body (n8n keeps it on its error's cause). */
export function oauthErrorBody(body: unknown): { code?: number; description: string } {
	const record = (body && typeof body === 'object' ? body : {}) as {
		error_codes?: unknown;
		error_description?: unknown;
	};
	const codes = Array.isArray(record.error_codes) ? record.error_codes : [];
	const description = typeof record.error_description === 'string' ? record.error_description : '';
	const fromText = /AADSTS(\d+)/.exec(description);
	const code = typeof codes[0] === 'number' ? codes[0] : fromText ? Number(fromText[1]) : undefined;
	return { code, description };
}

/**
 * A failed token request: the identity platform refused the credential (`EAUTH`), or its token
 * endpoint answered something that is not a token (an HTML page, a status without an OAuth error).
 */
export function tokenApiError(
	node: INode,
	failure: { oauthMessage?: string; status?: number; message?: string; body?: unknown },
	secrets?: readonly string[],
): NodeApiError {
	const redact = (text: string) => redactSecrets(text, secrets);
	let message: string;
	let code = 'TokenRequestFailed';
	const known = failure.oauthMessage
		? OAUTH_ERRORS.find(([, wording]) => failure.oauthMessage!.includes(wording))
		: undefined;
	const aadsts = oauthErrorBody(failure.body);
	const cause = aadstsCause(aadsts.code, aadsts.description);
	if (cause) {
		code = known?.[0] ?? code;
		message = `Microsoft Entra ID refused the app's credentials: ${cause}`;
	} else if (known) {
		code = known[0];
		message = known[2];
	} else if (failure.oauthMessage) {
		message = `Microsoft Entra ID refused the token request: ${failure.oauthMessage}`;
	} else {
		message = `Could not get an access token: the token endpoint answered HTTP ${failure.status ?? '?'} without a token${failure.message ? ` (${failure.message})` : ''}. Check the credential's cloud, login URL and Tenant ID`;
	}
	const error = new NodeApiError(node, { code } as JsonObject, {
		message: redact(message),
		description: redact(aadsts.description || failure.oauthMessage || failure.message || ''),
		itemIndex: undefined,
	});
	error.context.graph = {
		status: 0,
		code,
		message: redact(failure.oauthMessage ?? failure.message ?? ''),
	};
	return error;
}

/** A certificate credential on an n8n that cannot sign client assertions (before 2.30). */
export function certificateUnsupportedError(node: INode): NodeApiError {
	const message =
		"This n8n version cannot sign in with a certificate: certificate sign-in needs n8n 2.30 or later (n8n signs the client assertion). Update n8n, or set the credential's Authentication to Client Secret";
	const error = new NodeApiError(node, { code: 'CertificateSignInUnsupported' } as JsonObject, {
		message,
		description: message,
		itemIndex: undefined,
	});
	error.context.graph = { status: 0, code: 'CertificateSignInUnsupported', message };
	return error;
}

/**
 * Removes what looks like a bearer token, a JWT, or an OAuth secret parameter from a text, and the
 * exact values of `secrets` (the credential's own, which GraphClient knows).
 */
export function redactSecrets(message: string, secrets: readonly string[] = []): string {
	let text = message;
	for (const secret of secrets) text = text.split(secret).join('[redacted]');
	return text
		.replace(/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(-----END [A-Z0-9 ]+-----|$)/g, '[redacted PEM]')
		.replace(/Bearer\s+[A-Za-z0-9\-._~+/]+=*/gi, 'Bearer [redacted]')
		.replace(/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, '[redacted token]')
		.replace(
			/(client_secret|access_token|refresh_token|id_token|code|assertion)=([^&\s"']+)/gi,
			'$1=[redacted]',
		)
		.replace(
			/("(?:client_secret|access_token|refresh_token|id_token)"\s*:\s*")([^"]*)"/gi,
			'$1[redacted]"',
		);
}

/** The Graph details of an error thrown by the transport, if it was one. */
export function graphErrorInfo(error: unknown): GraphErrorInfo | undefined {
	if (!(error instanceof NodeApiError)) return undefined;
	const graph = asRecord(error.context?.graph);
	if (!graph || typeof graph.status !== 'number' || typeof graph.code !== 'string')
		return undefined;
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
	const candidates = [asRecord(outer?.cause), outer].filter(Boolean) as Array<
		Record<string, unknown>
	>;
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
				body: parseJsonBody(
					response?.data ?? candidate.error ?? response?.body ?? asRecord(candidate.context)?.data,
				),
			};
		}
	}
	for (const candidate of candidates) {
		const code = [candidate.code, candidate.httpCode].find(
			(value): value is string => typeof value === 'string' && NETWORK_CODES.has(value),
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
