import { odataDateTime } from '../../../nodes/feed/directoryScan';
import { isExpiredSyncState } from '../../../nodes/feed/recovery';

describe('expired sync state', () => {
	it('recognises 410, syncStateNotFound and "DeltaLink older than", nothing else', () => {
		expect(isExpiredSyncState({ status: 410, code: 'HTTP410', message: '' })).toBe(true);
		expect(
			isExpiredSyncState({
				status: 400,
				code: 'syncStateNotFound',
				message: 'The sync state generation is not found.',
			}),
		).toBe(true);
		expect(
			isExpiredSyncState({
				status: 400,
				code: 'Request_UnsupportedQuery',
				message: 'DeltaLink older than 30 days is not supported.',
			}),
		).toBe(true);
		expect(
			isExpiredSyncState({
				status: 400,
				code: 'Request_UnsupportedQuery',
				message: 'Unsupported query.',
			}),
		).toBe(false);
		expect(isExpiredSyncState({ status: 503, code: 'HTTP503', message: '' })).toBe(false);
		expect(isExpiredSyncState(undefined)).toBe(false);
	});
	it('writes OData date literals without milliseconds', () => {
		expect(odataDateTime(Date.parse('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05Z');
	});
});
