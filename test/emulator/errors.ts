/**
 * Graph's error shape (docs: "Microsoft Graph error responses and resource types"):
 * `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`.
 */
export class GraphError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly headers: Record<string, string> = {},
	) {
		super(message);
	}
}

export interface ErrorContext {
	requestId: string;
	clientRequestId: string;
	date: string;
}

export function errorBody(
	error: { code: string; message: string },
	ctx: ErrorContext,
): Record<string, unknown> {
	return {
		error: {
			code: error.code,
			message: error.message,
			innerError: {
				date: ctx.date,
				'request-id': ctx.requestId,
				'client-request-id': ctx.clientRequestId,
			},
		},
	};
}

export const badRequest = (message: string): GraphError =>
	new GraphError(400, 'Request_BadRequest', message);
export const unsupportedQuery = (message: string): GraphError =>
	new GraphError(400, 'Request_UnsupportedQuery', message);

export function notFound(id: string): GraphError {
	return new GraphError(
		404,
		'Request_ResourceNotFound',
		`Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
	);
}

export function denied(): GraphError {
	return new GraphError(
		403,
		'Authorization_RequestDenied',
		'Insufficient privileges to complete the operation.',
	);
}

export function noSuchProperty(name: string, type: string): GraphError {
	return badRequest(`Could not find a property named '${name}' on type 'microsoft.graph.${type}'.`);
}

/** Status texts for batch/raw responses. */
export const DEFAULT_CODES: Record<number, string> = {
	400: 'BadRequest',
	401: 'InvalidAuthenticationToken',
	403: 'Authorization_RequestDenied',
	404: 'Request_ResourceNotFound',
	409: 'Conflict',
	410: 'resyncRequired',
	424: 'FailedDependency',
	429: 'TooManyRequests',
	500: 'InternalServerError',
	502: 'BadGateway',
	503: 'ServiceUnavailable',
	504: 'GatewayTimeout',
};

export function defaultFaultError(status: number): { code: string; message: string } {
	const code = DEFAULT_CODES[status] ?? (status >= 500 ? 'generalException' : 'BadRequest');
	const message =
		status === 429
			? 'Too many requests, retry after the time given in Retry-After.'
			: `Injected fault: HTTP ${status}.`;
	return { code, message };
}
