import type { IDataObject } from 'n8n-workflow';

import { UNKNOWN_PERIOD_MS, stateForRecovery } from '../../../nodes/feed/recovery';
import type { FeedState } from '../../../nodes/feed/state';
import {
	MAX_RECENT_CREATED,
	pruneBefore,
	readFeedState,
	writeFeedState,
	boundRecentCreated,
	inspectFeedState,
} from '../../../nodes/feed/state';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const feed: FeedState = {
	feedKey: 'user:id',
	deltaLink: 'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=x',
	servedAt: iso(T0),
	createdAfter: iso(T0 - 1000),
	recentCreated: { a: iso(T0) },
	softDeleted: {},
	createdDateTimeSeen: false,
	createdDateTimeAbsent: true,
};

describe('stored state is checked field by field', () => {
	it('reads back what it wrote, including the remembered createdDateTime answer', () => {
		const data: IDataObject = {};
		writeFeedState(data, feed);
		expect(inspectFeedState(data, 'user:id')).toEqual({ status: 'ok', state: feed });
		expect(inspectFeedState(data, 'group:id')).toEqual({ status: 'otherFeed' });
		expect(inspectFeedState({}, 'user:id')).toEqual({ status: 'none' });
	});

	it.each<[string, unknown, string]>([
		['a string', 'garbage', 'stateUnreadable'],
		['a list', [], 'stateUnreadable'],
		['version 2', { version: 2, feed }, 'stateVersionNewer'],
		['no version', { feed }, 'stateUnreadable'],
		['feed []', { version: 1, feed: [] }, 'stateUnreadable'],
		['deltaLink 42', { version: 1, feed: { ...feed, deltaLink: 42 } }, 'stateUnreadable'],
		[
			'servedAt not a time',
			{ version: 1, feed: { ...feed, servedAt: 'yesterday' } },
			'stateUnreadable',
		],
		[
			'recentCreated a list',
			{ version: 1, feed: { ...feed, recentCreated: ['a'] } },
			'stateUnreadable',
		],
		[
			'softDeleted with numbers',
			{ version: 1, feed: { ...feed, softDeleted: { a: 5 } } },
			'stateUnreadable',
		],
		[
			'createdDateTimeAbsent "yes"',
			{ version: 1, feed: { ...feed, createdDateTimeAbsent: 'yes' } },
			'stateUnreadable',
		],
	])('%s is unusable, never silently absent', (_name, stored, reason) => {
		const check = inspectFeedState({ entraIdDelta: stored } as IDataObject, 'user:id');
		expect(check).toEqual(
			expect.objectContaining({ status: 'unusable', reason, detail: expect.any(String) }),
		);
	});

	it('salvages the window start and bookkeeping that can still be read, for the recovery', () => {
		const check = inspectFeedState(
			{ entraIdDelta: { version: 2, feed: { ...feed, deltaLink: 42 } } } as IDataObject,
			'user:id',
		);
		expect(check.status === 'unusable' && check.salvage).toEqual({
			createdAfter: feed.createdAfter,
			servedAt: feed.servedAt,
			recentCreated: feed.recentCreated,
			softDeleted: {},
		});
		const fallback = stateForRecovery('user:id', {});
		expect(Date.now() - Date.parse(fallback.createdAfter)).toBeGreaterThanOrEqual(
			UNKNOWN_PERIOD_MS - 1000,
		);
	});
});

describe('remembered creations are bounded without a second "created"', () => {
	it('keeps all of them while under the bound, whatever the count', () => {
		const recent = Object.fromEntries(
			Array.from({ length: 6000 }, (_, i) => [`id${i}`, iso(T0 + i)]),
		);
		expect(boundRecentCreated(recent, iso(T0))).toEqual({
			recentCreated: recent,
			createdAfter: iso(T0),
		});
	});
	it('past the bound drops the oldest and moves the window start past them', () => {
		const recent = Object.fromEntries(
			Array.from({ length: 10 }, (_, i) => [`id${i}`, iso(T0 + i * 1000)]),
		);
		const bounded = boundRecentCreated(recent, iso(T0 - 60000), 6);
		expect(Object.keys(bounded.recentCreated).sort()).toEqual([
			'id4',
			'id5',
			'id6',
			'id7',
			'id8',
			'id9',
		]);
		// id3 (created at T0 + 3 s) was dropped: anything created then or before is no longer new.
		expect(bounded.createdAfter).toBe(iso(T0 + 3001));
	});
});

describe('state', () => {
	const feed = {
		feedKey: 'user:id',
		deltaLink: 'https://graph/x',
		servedAt: '2026-03-01T12:00:00.000Z',
		createdAfter: '2026-03-01T12:00:00.000Z',
		recentCreated: {},
		softDeleted: {},
		createdDateTimeSeen: true,
	};
	it('round-trips, and reads nothing for another feed or an unknown version', () => {
		const data: IDataObject = {};
		writeFeedState(data, feed);
		expect(readFeedState(data, 'user:id')).toEqual(feed);
		expect(readFeedState(data, 'group:id')).toBeUndefined();
		expect(
			readFeedState({ entraIdDelta: { version: 99, feed } } as IDataObject, 'user:id'),
		).toBeUndefined();
	});
	it('bounds the remembered ids, keeping the newest', () => {
		const many: Record<string, string> = {};
		for (let i = 0; i < MAX_RECENT_CREATED + 10; i++)
			many[`id${i}`] = new Date(T0 + i * 1000).toISOString();
		const data: IDataObject = {};
		writeFeedState(data, { ...feed, recentCreated: many });
		const stored = readFeedState(data, 'user:id')!;
		expect(Object.keys(stored.recentCreated)).toHaveLength(MAX_RECENT_CREATED);
		expect(stored.recentCreated.id0).toBeUndefined();
		expect(pruneBefore({ a: '2026-01-01T00:00:00Z', b: '2026-05-01T00:00:00Z' }, T0)).toEqual({
			b: '2026-05-01T00:00:00Z',
		});
	});
});
