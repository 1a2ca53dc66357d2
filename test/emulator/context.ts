import type { TokenInfo } from './identity';

/** One Graph request, whether it came over HTTP or inside a `$batch`. */
export interface Ctx {
	method: string;
	/** Decoded path segments after `/v1.0`. */
	segments: string[];
	/** The path after `/v1.0`, as sent (still encoded), without the query. */
	rawPath: string;
	query: URLSearchParams;
	/** Request headers, lower-case names. */
	headers: Record<string, string>;
	body: unknown;
	/** Scheme and host the client used, e.g. `http://127.0.0.1:8010`. */
	base: string;
	token: TokenInfo;
	inBatch: boolean;
}

export interface Reply {
	status: number;
	headers?: Record<string, string>;
	body?: unknown;
}

export const json = (
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): Reply => ({ status, body, headers });
export const noContent = (): Reply => ({ status: 204 });

export function isEventual(ctx: Ctx): boolean {
	return (ctx.headers.consistencylevel ?? '').toLowerCase() === 'eventual';
}

export function wantsCount(ctx: Ctx): boolean {
	return (ctx.query.get('$count') ?? '').toLowerCase() === 'true';
}

/** Query string with `$` kept literal in names, as Graph writes its links. */
export function queryString(params: [string, string][]): string {
	return params
		.map(
			([key, value]) =>
				`${key}=${encodeURIComponent(value).replace(/%24/g, '$').replace(/%2C/g, ',')}`,
		)
		.join('&');
}
