import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { GRAPH_API_VERSION, resolveCloud } from '../shared/cloud';
import type { HttpFailure, RequestSubject, RetryReport } from './errors';
import {
	NETWORK_CODES,
	certificateUnsupportedError,
	extractHttpFailure,
	graphApiError,
	networkApiError,
	normalizeHeaders,
	parseGraphError,
	redactSecrets,
	tokenApiError,
} from './errors';
import { buildQuery, encodePathSegment, isAdvancedQuery } from './odata';
import type { RetryOptions } from './retry';
import { RetryBudget, isRetryable, parseRetryAfter, resolveRetryOptions } from './retry';

export const CREDENTIAL_TYPE = 'microsoftEntraIdOAuth2Api';

/** The n8n contexts that may talk to Graph. */
export type GraphContext =
	| IExecuteFunctions
	| IPollFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| IWebhookFunctions;

export type QueryValue = string | number | boolean | undefined;

export interface GraphRequest {
	method?: IHttpRequestMethods;
	/** Path below /v1.0, e.g. `/users`; build id segments with userPath/groupPath/encodePathSegment. */
	path?: string;
	/** An absolute link Graph returned (nextLink, deltaLink); it must point at the configured Graph host. */
	url?: string;
	qs?: Record<string, QueryValue>;
	body?: IDataObject | IDataObject[];
	headers?: Record<string, string>;
	/**
	 * Marks a link as the continuation of an advanced query (ConsistencyLevel: eventual) when the
	 * link's own query no longer shows it, e.g. a nextLink holding only a $skiptoken.
	 */
	advanced?: boolean;
	/** Whether sending the request twice has the same effect as once. Defaults by method. */
	idempotent?: boolean;
	itemIndex?: number;
	subject?: RequestSubject;
	/** The answer is text, not a JSON object (for example a `/$count` segment). */
	text?: boolean;
}

export interface GraphResponse<T = IDataObject> {
	status: number;
	headers: Record<string, string>;
	body: T;
}

export interface GraphPage<T = IDataObject> extends IDataObject {
	value: T[];
	'@odata.nextLink'?: string;
	'@odata.deltaLink'?: string;
}

export interface GraphClientOptions {
	retry?: Partial<RetryOptions>;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/**
 * The one place that talks HTTP to Microsoft Graph. Everything goes through n8n's
 * `httpRequestWithAuthentication` with this package's credential, so token acquisition and refresh,
 * proxies and SSL settings work as in the rest of n8n.
 */
export class GraphClient {
	readonly apiBase: string;
	readonly retry: RetryOptions;

	private constructor(
		private readonly context: GraphContext,
		graphBaseUrl: string,
		options: GraphClientOptions,
		/** The credential's own secrets, redacted wherever they might be echoed into an error. */
		private readonly secrets: string[] = [],
		/** The credential signs in with a certificate (n8n 2.30+ signs the client assertion). */
		private readonly usesCertificate = false,
	) {
		this.apiBase = `${graphBaseUrl}/${GRAPH_API_VERSION}`;
		this.retry = resolveRetryOptions(options.retry);
	}

	static async create(
		context: GraphContext,
		options: GraphClientOptions = {},
	): Promise<GraphClient> {
		const credentials = await context.getCredentials(CREDENTIAL_TYPE);
		const { graphBaseUrl } = resolveCloud(credentials.cloud as string | undefined, credentials);
		const tokens = (credentials.oauthTokenData ?? {}) as IDataObject;
		// The certificate is public, but no key material of any kind goes into an error.
		const secrets = [
			credentials.clientSecret,
			credentials.privateKey,
			credentials.certificate,
			tokens.access_token,
			tokens.refresh_token,
			tokens.id_token,
		].filter((value): value is string => typeof value === 'string' && value.length >= 6);
		return new GraphClient(
			context,
			graphBaseUrl,
			options,
			secrets,
			credentials.clientCredentialType === 'certificate',
		);
	}

	/** Adds a secret of the caller's (a subscription's clientState) to those redacted from every error of this client. */
	protectSecret(secret: string): void {
		if (secret.length >= 6 && !this.secrets.includes(secret)) this.secrets.push(secret);
	}

	/** A text without bearer tokens, JWTs, OAuth secret parameters or this credential's secrets. */
	redact(text: string): string {
		return redactSecrets(text, this.secrets);
	}

	get node(): INode {
		return this.context.getNode();
	}

	/**
	 * Sends one request (with retries) and returns status, headers and parsed body. Each attempt
	 * waits at most the request timeout; retries start only within the time budget (Max Total Retry
	 * Wait), which counts the attempts as well as the waits.
	 */
	async send<T = IDataObject>(request: GraphRequest): Promise<GraphResponse<T>> {
		const url = this.resolveUrl(request);
		const method = request.method ?? 'GET';
		const idempotent = request.idempotent ?? IDEMPOTENT_METHODS.has(method);
		const headers = this.headersFor(request);
		const budget = new RetryBudget(this.retry);
		for (;;) {
			const outcome = await this.sendOnce(method, url, headers, request.body);
			if ('response' in outcome)
				return this.checkBody(outcome.response, request) as GraphResponse<T>;
			const failure = outcome.failure;
			const retryable = isRetryable(failure, idempotent);
			if (retryable) {
				const wait = budget.nextWait(parseRetryAfter(failure.headers['retry-after']));
				if (wait !== undefined) {
					await sleep(wait * 1000);
					continue;
				}
			}
			throw this.toError(failure, request, { retryable, retries: budget.retried });
		}
	}

	/**
	 * Graph answers JSON objects (or nothing, 204). A 2xx with anything else (an HTML page of a proxy
	 * or captive portal, truncated JSON, a bare string) is not an answer the node can use.
	 */
	private checkBody(
		response: GraphResponse<unknown>,
		request: GraphRequest,
	): GraphResponse<unknown> {
		const { body, headers, status } = response;
		if (body === undefined || body === null) return response;
		if (request.text && typeof body !== 'object') return response;
		if (typeof body === 'object' && !Array.isArray(body)) return response;
		const type = headers['content-type'] ?? 'no content type';
		const error = new NodeApiError(
			this.node,
			{ code: 'InvalidResponse' },
			{
				message: `Microsoft Graph answered HTTP ${status} with a body that is not the JSON object Graph sends (${type.split(';')[0]})`,
				description: this.redact(
					`The answer starts with: ${String(typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 120)}. A proxy or gateway between n8n and Graph may have answered instead of Graph.`,
				),
				httpCode: String(status),
				itemIndex: request.itemIndex,
			},
		);
		error.context.graph = { status, code: 'InvalidResponse', message: 'not a JSON object' };
		throw error;
	}

	/** Sends one request and returns only the body. */
	async request<T = IDataObject>(request: GraphRequest): Promise<T> {
		return (await this.send<T>(request)).body;
	}

	/**
	 * Follows `@odata.nextLink` page by page. A page may hold no items and still have a nextLink
	 * (delta rounds do this), so only the absence of a nextLink ends the walk.
	 */
	async *pages<T = IDataObject>(request: GraphRequest): AsyncGenerator<GraphPage<T>> {
		for await (const response of this.responses<T>(request)) yield response.body;
	}

	/**
	 * Like pages(), but yields each whole response (status, headers, page), for callers that need a
	 * header of a page too, e.g. the `Date` at which Graph served a delta round.
	 */
	async *responses<T = IDataObject>(
		request: GraphRequest,
	): AsyncGenerator<GraphResponse<GraphPage<T>>> {
		// An advanced query's nextLink may carry only a $skiptoken and still needs ConsistencyLevel.
		const advanced = this.isAdvanced(request);
		// Every link followed so far: a link that comes back would page forever.
		const followed = new Set<string>();
		let next: GraphRequest | undefined = request;
		while (next) {
			const response: GraphResponse<GraphPage<T>> = await this.send<GraphPage<T>>(next);
			const page = (response.body ?? { value: [] }) as GraphPage<T>;
			if (!Array.isArray(page.value)) page.value = [];
			yield { ...response, body: page };
			const link = page['@odata.nextLink'];
			if (link !== undefined && link !== null && typeof link !== 'string') {
				throw new NodeApiError(
					this.node,
					{ code: 'InvalidLink' },
					{
						message: 'Microsoft Graph returned an @odata.nextLink that is not a link',
						itemIndex: request.itemIndex,
					},
				);
			}
			if (link && followed.has(link)) {
				throw new NodeApiError(
					this.node,
					{ code: 'PagingLoop' },
					{
						message: `Microsoft Graph returned a paging link it had already returned (after ${followed.size + 1} pages): stopped, since following it would never end`,
						description:
							'The @odata.nextLink of a page repeated an earlier one. Nothing after that page was read; run again, and if it repeats, report it to Microsoft with the request-id of the last page.',
						itemIndex: request.itemIndex,
					},
				);
			}
			if (link) followed.add(link);
			next = link
				? {
						url: link,
						headers: request.headers,
						advanced,
						itemIndex: request.itemIndex,
						subject: request.subject,
					}
				: undefined;
		}
	}

	/** Collects the items of every page, stopping once `limit` items are in hand. */
	async getAll<T = IDataObject>(request: GraphRequest, limit?: number): Promise<T[]> {
		const items: T[] = [];
		for await (const page of this.pages<T>(request)) {
			for (const item of page.value) {
				if (limit !== undefined && items.length >= limit) return items;
				items.push(item);
			}
			if (limit !== undefined && items.length >= limit) return items;
		}
		return items;
	}

	/** Refuses any absolute link that would carry the token to another host or API root. */
	resolveUrl(request: GraphRequest): string {
		if (request.url !== undefined) {
			this.assertGraphLink(request.url, request.itemIndex);
			const query = request.qs ? buildQuery(request.qs) : '';
			return query ? `${request.url}${request.url.includes('?') ? '&' : '?'}${query}` : request.url;
		}
		const path = request.path ?? '';
		if (!path.startsWith('/')) {
			throw new NodeApiError(
				this.node,
				{ code: 'InvalidPath' },
				{ message: `Invalid Graph path "${path}"` },
			);
		}
		const query = buildQuery(this.withAdvancedQueryCount(request.qs ?? {}, path));
		return `${this.apiBase}${path}${query ? `?${query}` : ''}`;
	}

	assertGraphLink(link: string, itemIndex?: number): void {
		let parsed: URL;
		const base = new URL(this.apiBase);
		try {
			parsed = new URL(link);
		} catch {
			throw new NodeApiError(
				this.node,
				{ code: 'InvalidLink' },
				{ message: 'Microsoft Graph returned a link that is not a valid URL', itemIndex },
			);
		}
		const samePlace =
			parsed.origin === base.origin &&
			(parsed.pathname === base.pathname || parsed.pathname.startsWith(`${base.pathname}/`));
		if (!samePlace) {
			throw new NodeApiError(
				this.node,
				{ code: 'ForeignLink' },
				{
					message: `Refusing to follow a link to ${parsed.origin}: it is not the configured Graph host ${base.origin}, and the access token is only sent there`,
					itemIndex,
				},
			);
		}
	}

	/**
	 * The absolute URL of a directory object on this cloud, as `@odata.id` and `members@odata.bind`
	 * want it (`https://graph.microsoft.com/v1.0/directoryObjects/{id}` in the global cloud).
	 */
	directoryObjectRef(id: string): string {
		return `${this.apiBase}/directoryObjects/${encodePathSegment(id)}`;
	}

	private withAdvancedQueryCount(
		qs: Record<string, QueryValue>,
		path: string,
	): Record<string, QueryValue> {
		return isAdvancedQuery(qs, path) ? { ...qs, $count: true } : qs;
	}

	/**
	 * Adds `ConsistencyLevel: eventual` to advanced queries: for a path and query, or for a link
	 * Graph returned, whose query still holds the `$search`, `$filter` or `$count` of the first page.
	 */
	private headersFor(request: GraphRequest): Record<string, string> {
		const headers: Record<string, string> = { ...(request.headers ?? {}) };
		if (this.isAdvanced(request)) headers.ConsistencyLevel = 'eventual';
		return headers;
	}

	private isAdvanced(request: GraphRequest): boolean {
		if (request.advanced) return true;
		if (request.url === undefined) return isAdvancedQuery(request.qs ?? {}, request.path);
		try {
			const link = new URL(request.url);
			const path = link.pathname.slice(new URL(this.apiBase).pathname.length);
			return isAdvancedQuery(
				{ ...Object.fromEntries(link.searchParams), ...(request.qs ?? {}) },
				path,
			);
		} catch {
			return false;
		}
	}

	/**
	 * One exchange with Graph. The request goes out with `ignoreHttpStatusErrors`, because only then
	 * does n8n hand back the status, headers (Retry-After) and body of a failed request. With status
	 * errors ignored n8n no longer renews an expired OAuth2 token by itself, so on a 401 the token is
	 * renewed through n8n's refreshOAuth2Token helper (refresh token, or a new app-only token) and the
	 * request is sent once more. n8n versions without that helper get the request again with status
	 * errors on, which makes n8n renew the token itself.
	 */
	private async sendOnce(
		method: IHttpRequestMethods,
		url: string,
		headers: Record<string, string>,
		body: GraphRequest['body'],
	): Promise<{ response: GraphResponse<unknown> } | { failure: HttpFailure }> {
		const first = await this.exchange(method, url, headers, body, true);
		if (!('response' in first) || first.response.status !== 401) return this.classify(first);
		const helpers = this.context.helpers as {
			refreshOAuth2Token?: (type: string) => Promise<unknown>;
		};
		if (typeof helpers.refreshOAuth2Token !== 'function') {
			return this.classify(await this.exchange(method, url, headers, body, false));
		}
		try {
			await helpers.refreshOAuth2Token.call(this.context, CREDENTIAL_TYPE);
		} catch (error) {
			throw new NodeApiError(
				this.node,
				{ code: 'TokenRefreshFailed' },
				{
					message:
						'The access token was rejected and could not be renewed: reconnect the credential',
					description: this.redact(error instanceof Error ? error.message : String(error)),
				},
			);
		}
		return this.classify(await this.exchange(method, url, headers, body, true));
	}

	private async exchange(
		method: IHttpRequestMethods,
		url: string,
		headers: Record<string, string>,
		body: GraphRequest['body'],
		ignoreHttpStatusErrors: boolean,
	): Promise<{ response: GraphResponse<unknown> } | { failure: HttpFailure }> {
		const options: IHttpRequestOptions = {
			method,
			url,
			headers: { Accept: 'application/json', ...headers },
			json: true,
			returnFullResponse: true,
			timeout: this.retry.timeoutSeconds * 1000,
			ignoreHttpStatusErrors,
			// Graph never redirects API calls; never let a redirect carry the token elsewhere.
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		};
		if (body !== undefined) {
			// Serialized here: n8n's request helper drops an empty object body, which would send
			// `Content-Type: application/json` with no payload (Graph: 400 "Empty Payload").
			options.body = JSON.stringify(body);
			(options.headers as IDataObject)['Content-Type'] = 'application/json';
		}
		try {
			const full = (await this.context.helpers.httpRequestWithAuthentication.call(
				this.context,
				CREDENTIAL_TYPE,
				options,
			)) as { body: unknown; headers: unknown; statusCode: number };
			return {
				response: {
					status: full.statusCode,
					headers: normalizeHeaders(full.headers),
					body: full.body === '' ? undefined : full.body,
				},
			};
		} catch (error) {
			const token = this.tokenFailure(error, ignoreHttpStatusErrors);
			if (token) throw token;
			const failure = extractHttpFailure(error);
			if (failure) return { failure };
			throw this.unknownError(error);
		}
	}

	/**
	 * A thrown error that came from getting the access token rather than from Graph. n8n's OAuth2
	 * client throws `EAUTH` with the OAuth error's wording when the token endpoint refuses the
	 * credential, and `ESTATUS` (or the HTTP status) when it answers something that is not a token.
	 * With status errors ignored, Graph's own answers never throw, so a status here is the token
	 * endpoint's.
	 */
	private tokenFailure(error: unknown, ignoreHttpStatusErrors: boolean): NodeApiError | undefined {
		const record = (error ?? {}) as {
			httpCode?: unknown;
			code?: unknown;
			message?: unknown;
			body?: unknown;
			cause?: { code?: unknown; status?: unknown; body?: unknown };
		};
		const code = [record.httpCode, record.code, record.cause?.code].find(
			(value) => typeof value === 'string',
		) as string | undefined;
		const message = typeof record.message === 'string' ? record.message : '';
		// n8n before 2.30 knows no certificate: its OAuth2 client asks for the (hidden) client secret.
		if (this.usesCertificate && /Expected "clientSecret" to exist/.test(message))
			return certificateUnsupportedError(this.node);
		if (code === 'EAUTH' || causeChain(error).some((link) => link.code === 'EAUTH')) {
			const body = causeChain(error).find((link) => link.body !== undefined)?.body;
			return tokenApiError(this.node, { oauthMessage: message, body }, this.secrets);
		}
		if (code !== undefined && NETWORK_CODES.has(code)) return undefined;
		const status =
			code && /^\d{3}$/.test(code)
				? Number(code)
				: typeof record.cause?.status === 'number'
					? record.cause.status
					: undefined;
		if (code === 'ESTATUS' || (ignoreHttpStatusErrors && status !== undefined)) {
			return tokenApiError(this.node, { status, message }, this.secrets);
		}
		return undefined;
	}

	/** A 2xx answer is a response; anything else (redirects included) is a failure. */
	private classify(
		outcome: { response: GraphResponse<unknown> } | { failure: HttpFailure },
	): { response: GraphResponse<unknown> } | { failure: HttpFailure } {
		if ('failure' in outcome) return outcome;
		const { status, headers, body } = outcome.response;
		if (status >= 200 && status < 300) return outcome;
		return { failure: { status, headers, body } };
	}

	private toError(failure: HttpFailure, request: GraphRequest, retry?: RetryReport): NodeApiError {
		if (failure.status === undefined) {
			return networkApiError(this.node, failure, {
				itemIndex: request.itemIndex,
				retry,
				timeoutSeconds: this.retry.timeoutSeconds,
				secrets: this.secrets,
			});
		}
		return this.graphError(failure.status, failure.body, failure.headers, request, retry);
	}

	/** The NodeApiError for a Graph error answer (also one inside a `$batch` answer), secrets redacted. */
	graphError(
		status: number,
		body: unknown,
		headers: Record<string, string>,
		request: { subject?: RequestSubject; itemIndex?: number },
		retry?: RetryReport,
	): NodeApiError {
		const info = parseGraphError(status, body, headers);
		return graphApiError(this.node, info, {
			subject: request.subject,
			itemIndex: request.itemIndex,
			retry,
			secrets: this.secrets,
		});
	}

	/**
	 * Errors without an HTTP answer that are not network errors: token acquisition failures, a
	 * credential that is not connected. Only the message is kept, never the original object (it may
	 * hold the request with its Authorization header or the client secret).
	 */
	private unknownError(error: unknown): NodeApiError {
		const message = error instanceof Error ? error.message : String(error);
		return new NodeApiError(
			this.node,
			{ code: 'RequestFailed' },
			{
				message: `Request to Microsoft Graph failed: ${this.redact(message)}`,
			},
		);
	}
}

/**
 * An error and its causes: n8n wraps the OAuth client's error (code `EAUTH`, the token endpoint's
 * body) once or twice depending on the version (2.41: NodeApiError > OperationalError > AuthError).
 */
function causeChain(error: unknown): Array<{ code?: unknown; body?: unknown }> {
	const chain: Array<{ code?: unknown; body?: unknown }> = [];
	let link = error as { code?: unknown; body?: unknown; cause?: unknown } | undefined;
	while (link && typeof link === 'object' && chain.length < 5) {
		chain.push(link);
		link = link.cause as typeof link;
	}
	return chain;
}
