import { requestOptions } from '../../nodes/MicrosoftEntraId/actions/common.descriptions';
import { triggerProperties } from '../../nodes/feed/parameters';
import {
	DEFAULT_RETRY,
	RetryBudget,
	backoffSeconds,
	isRetryable,
	parseRetryAfter,
	resolveRetryOptions,
} from '../../nodes/transport/retry';

describe('retry policy', () => {
	it('reads Retry-After as seconds or as an HTTP date (RFC 9110)', () => {
		expect(parseRetryAfter('7')).toBe(7);
		const now = Date.parse('2026-11-27T10:00:00Z');
		expect(parseRetryAfter('Fri, 27 Nov 2026 10:00:30 GMT', now)).toBe(30);
		expect(parseRetryAfter('Fri, 27 Nov 2026 09:59:00 GMT', now)).toBe(0);
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(parseRetryAfter(undefined)).toBeUndefined();
	});

	it('retries throttling and unavailability for any method, timeouts and resets only when idempotent', () => {
		expect(isRetryable({ status: 429 }, false)).toBe(true);
		expect(isRetryable({ status: 503 }, false)).toBe(true);
		expect(isRetryable({ status: 504 }, true)).toBe(true);
		expect(isRetryable({ status: 504 }, false)).toBe(false);
		expect(isRetryable({ networkCode: 'ECONNRESET' }, true)).toBe(true);
		expect(isRetryable({ networkCode: 'ECONNRESET' }, false)).toBe(false);
		expect(isRetryable({ networkCode: 'ECONNREFUSED' }, false)).toBe(true);
		expect(isRetryable({ status: 400 }, true)).toBe(false);
		expect(isRetryable({ status: 500 }, true)).toBe(false);
	});

	it('backs off exponentially with jitter, capped', () => {
		expect(backoffSeconds(0, () => 0)).toBe(0.5);
		expect(backoffSeconds(0, () => 1)).toBe(1);
		expect(backoffSeconds(3, () => 1)).toBe(8);
		expect(backoffSeconds(20, () => 1)).toBe(30);
	});

	it('bounds the number of retries and the total wait', () => {
		const budget = new RetryBudget({ maxRetries: 2, maxWaitSeconds: 100 });
		expect(budget.nextWait(10)).toBe(10);
		expect(budget.nextWait(10)).toBe(10);
		expect(budget.nextWait(10)).toBeUndefined();
		const short = new RetryBudget({ maxRetries: 9, maxWaitSeconds: 15 });
		expect(short.nextWait(10)).toBe(10);
		expect(short.nextWait(10)).toBeUndefined();
	});

	it('clamps user-supplied options', () => {
		expect(resolveRetryOptions({ maxRetries: -3, maxWaitSeconds: 99999 })).toEqual({
			maxRetries: 0,
			maxWaitSeconds: 3600,
			timeoutSeconds: DEFAULT_RETRY.timeoutSeconds,
		});
		expect(resolveRetryOptions(undefined)).toEqual(DEFAULT_RETRY);
	});

	it('shows the same defaults in the node options as the transport uses', () => {
		const defaults = Object.fromEntries(
			(requestOptions.options ?? []).map((option) => [
				option.name,
				(option as { default: unknown }).default,
			]),
		);
		expect(defaults.maxRetries).toBe(DEFAULT_RETRY.maxRetries);
		expect(defaults.maxWaitSeconds).toBe(DEFAULT_RETRY.maxWaitSeconds);
		const triggerOptions = triggerProperties().flatMap(
			(property) => (property.options ?? []) as Array<{ name: string; default?: unknown }>,
		);
		expect(triggerOptions.find((option) => option.name === 'maxRetries')?.default).toBe(
			DEFAULT_RETRY.maxRetries,
		);
		expect(triggerOptions.find((option) => option.name === 'maxWaitSeconds')?.default).toBe(
			DEFAULT_RETRY.maxWaitSeconds,
		);
	});

	it('waits out a whole write-quota window of Graph (150 s) by default', () => {
		expect(DEFAULT_RETRY.maxWaitSeconds).toBeGreaterThanOrEqual(150);
	});
});
