import type { IDataObject } from 'n8n-workflow';

import { CREATED_ALLOWANCE_MS, classifyPresent, deleteKindOf } from '../../../nodes/MicrosoftEntraIdTrigger/classify';
import type { ObjectChange } from '../../../nodes/MicrosoftEntraIdTrigger/delta';
import { changedProperties, mergeItem } from '../../../nodes/MicrosoftEntraIdTrigger/delta';
import { odataDateTime } from '../../../nodes/MicrosoftEntraIdTrigger/directoryScan';
import { isExpiredSyncState } from '../../../nodes/MicrosoftEntraIdTrigger/recovery';
import { MAX_RECENT_CREATED, pruneBefore, readFeedState, writeFeedState } from '../../../nodes/MicrosoftEntraIdTrigger/state';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const rule = (extra: Partial<Parameters<typeof classifyPresent>[2]> = {}) => ({
	windowStart: T0 - CREATED_ALLOWANCE_MS,
	recentCreated: {},
	softDeleted: {},
	...extra,
});

describe('created / updated / restored', () => {
	it('is created when createdDateTime falls in the window and the id was not reported yet', () => {
		expect(classifyPresent('a', '2026-03-01T12:05:00Z', rule())).toBe('created');
		// inside the allowance before the previous round: replication delay
		expect(classifyPresent('a', '2026-03-01T11:50:00Z', rule())).toBe('created');
	});
	it('is updated when older, null (pre-2018 users), or already reported as created', () => {
		expect(classifyPresent('a', '2026-02-01T00:00:00Z', rule())).toBe('updated');
		expect(classifyPresent('a', null, rule())).toBe('updated');
		expect(classifyPresent('a', '2026-03-01T12:05:00Z', rule({ recentCreated: { a: '2026-03-01T12:05:00Z' } }))).toBe('updated');
	});
	it('is restored when an old createdDateTime comes in the minimal delta item itself (the object came back whole)', () => {
		expect(classifyPresent('a', '2026-02-01T00:00:00Z', rule(), true)).toBe('restored');
		expect(classifyPresent('a', '2026-02-01T00:00:00Z', rule(), false)).toBe('updated');
		expect(classifyPresent('a', '2026-03-01T12:05:00Z', rule(), true)).toBe('created');
	});
	it('is restored when the id was seen soft-deleted; undecided without createdDateTime', () => {
		expect(classifyPresent('a', '2020-01-01T00:00:00Z', rule({ softDeleted: { a: 'x' } }))).toBe('restored');
		expect(classifyPresent('a', undefined, rule())).toBeUndefined();
	});
	it('maps @removed reasons to delete kinds', () => {
		expect(deleteKindOf('changed')).toBe('soft');
		expect(deleteKindOf('deleted')).toBe('permanent');
	});
});

describe('merging a round', () => {
	it('merges repeated objects (later wins) and unions members@delta slices', () => {
		const changes = new Map<string, ObjectChange>();
		mergeItem(changes, { id: 'g', displayName: 'A', 'members@delta': [{ '@odata.type': '#microsoft.graph.user', id: 'u1' }] }, 'membership');
		mergeItem(changes, { id: 'g', 'members@delta': [{ '@odata.type': '#microsoft.graph.user', id: 'u2', '@removed': { reason: 'deleted' } }] }, 'membership');
		const group = changes.get('g')!;
		expect([...group.members!.entries()]).toEqual([
			['u1', { type: '#microsoft.graph.user', removed: false }],
			['u2', { type: '#microsoft.graph.user', removed: true }],
		]);
		mergeItem(changes, { id: 'u', displayName: 'old' } as IDataObject, 'createdOrUpdated');
		mergeItem(changes, { id: 'u', displayName: 'new', jobTitle: 'x' } as IDataObject, 'createdOrUpdated');
		expect(changes.get('u')!.properties).toEqual({ id: 'u', displayName: 'new', jobTitle: 'x' });
		expect(changedProperties(changes.get('u')!)).toEqual(['displayName', 'jobTitle']);
	});
	it('keeps only the id for deletion events and the latest removal state', () => {
		const changes = new Map<string, ObjectChange>();
		mergeItem(changes, { id: 'u', displayName: 'x' }, 'deleted');
		mergeItem(changes, { id: 'u', '@removed': { reason: 'changed' } }, 'deleted');
		expect(changes.get('u')).toEqual({ id: 'u', properties: {}, removed: 'changed' });
	});
});

describe('expired sync state', () => {
	it('recognises 410, syncStateNotFound and "DeltaLink older than", nothing else', () => {
		expect(isExpiredSyncState({ status: 410, code: 'HTTP410', message: '' })).toBe(true);
		expect(isExpiredSyncState({ status: 400, code: 'syncStateNotFound', message: 'The sync state generation is not found.' })).toBe(true);
		expect(isExpiredSyncState({ status: 400, code: 'Request_UnsupportedQuery', message: 'DeltaLink older than 30 days is not supported.' })).toBe(true);
		expect(isExpiredSyncState({ status: 400, code: 'Request_UnsupportedQuery', message: 'Unsupported query.' })).toBe(false);
		expect(isExpiredSyncState({ status: 503, code: 'HTTP503', message: '' })).toBe(false);
		expect(isExpiredSyncState(undefined)).toBe(false);
	});
	it('writes OData date literals without milliseconds', () => {
		expect(odataDateTime(Date.parse('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05Z');
	});
});

describe('state', () => {
	const feed = { feedKey: 'user:id', deltaLink: 'https://graph/x', servedAt: '2026-03-01T12:00:00.000Z', createdAfter: '2026-03-01T12:00:00.000Z', recentCreated: {}, softDeleted: {}, createdDateTimeSeen: true };
	it('round-trips, and reads nothing for another feed or an unknown version', () => {
		const data: IDataObject = {};
		writeFeedState(data, feed);
		expect(readFeedState(data, 'user:id')).toEqual(feed);
		expect(readFeedState(data, 'group:id')).toBeUndefined();
		expect(readFeedState({ entraIdDelta: { version: 99, feed } } as IDataObject, 'user:id')).toBeUndefined();
	});
	it('bounds the remembered ids, keeping the newest', () => {
		const many: Record<string, string> = {};
		for (let i = 0; i < MAX_RECENT_CREATED + 10; i++) many[`id${i}`] = new Date(T0 + i * 1000).toISOString();
		const data: IDataObject = {};
		writeFeedState(data, { ...feed, recentCreated: many });
		const stored = readFeedState(data, 'user:id')!;
		expect(Object.keys(stored.recentCreated)).toHaveLength(MAX_RECENT_CREATED);
		expect(stored.recentCreated.id0).toBeUndefined();
		expect(pruneBefore({ a: '2026-01-01T00:00:00Z', b: '2026-05-01T00:00:00Z' }, T0)).toEqual({ b: '2026-05-01T00:00:00Z' });
	});
});
