import {
	CREATED_ALLOWANCE_MS,
	classifyPresent,
	deleteKindOf,
	LOCAL_CLOCK_ALLOWANCE_MS,
	createdAfterActivation,
	createdAfterRound,
} from '../../../nodes/feed/classify';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const rule = (extra: Partial<Parameters<typeof classifyPresent>[2]> = {}) => ({
	windowStart: T0 - CREATED_ALLOWANCE_MS,
	recentCreated: {},
	softDeleted: {},
	...extra,
});
const iso = (ms: number) => new Date(ms).toISOString();

describe('created / updated / restored', () => {
	it('is created when createdDateTime falls in the window and the id was not reported yet', () => {
		expect(classifyPresent('a', '2026-03-01T12:05:00Z', rule())).toBe('created');
		// inside the allowance before the previous round: replication delay
		expect(classifyPresent('a', '2026-03-01T11:50:00Z', rule())).toBe('created');
	});
	it('is updated when older, null (pre-2018 users), or already reported as created', () => {
		expect(classifyPresent('a', '2026-02-01T00:00:00Z', rule())).toBe('updated');
		expect(classifyPresent('a', null, rule())).toBe('updated');
		expect(
			classifyPresent(
				'a',
				'2026-03-01T12:05:00Z',
				rule({ recentCreated: { a: '2026-03-01T12:05:00Z' } }),
			),
		).toBe('updated');
	});
	it('is restored when an old createdDateTime comes in the minimal delta item itself (the object came back whole)', () => {
		expect(classifyPresent('a', '2026-02-01T00:00:00Z', rule(), true)).toBe('restored');
		expect(classifyPresent('a', '2026-02-01T00:00:00Z', rule(), false)).toBe('updated');
		expect(classifyPresent('a', '2026-03-01T12:05:00Z', rule(), true)).toBe('created');
	});
	it('is restored when the id was seen soft-deleted; undecided without createdDateTime', () => {
		expect(classifyPresent('a', '2020-01-01T00:00:00Z', rule({ softDeleted: { a: 'x' } }))).toBe(
			'restored',
		);
		expect(classifyPresent('a', undefined, rule())).toBeUndefined();
	});
	it('maps @removed reasons to delete kinds', () => {
		expect(deleteKindOf('changed')).toBe('soft');
		expect(deleteKindOf('deleted')).toBe('permanent');
	});
});

describe('the created window and the clock', () => {
	it("starts at the activation on Graph's clock, a day earlier on n8n's own clock", () => {
		expect(createdAfterActivation({ servedAt: iso(T0), graphClock: true })).toBe(iso(T0));
		expect(createdAfterActivation({ servedAt: iso(T0), graphClock: false })).toBe(
			iso(T0 - LOCAL_CLOCK_ALLOWANCE_MS),
		);
	});
	it('moves with the rounds, never back, and never past the round itself', () => {
		expect(createdAfterRound({ servedAt: iso(T0), graphClock: true }, iso(T0 - 3600000))).toBe(
			iso(T0 - CREATED_ALLOWANCE_MS),
		);
		expect(createdAfterRound({ servedAt: iso(T0), graphClock: true }, iso(T0 - 60000))).toBe(
			iso(T0 - 60000),
		);
		expect(createdAfterRound({ servedAt: iso(T0), graphClock: false }, iso(T0 - 3600000))).toBe(
			iso(T0 - 3600000),
		);
		// A window start in the future (written with a clock that ran ahead) comes back to the round's time.
		expect(createdAfterRound({ servedAt: iso(T0), graphClock: true }, iso(T0 + 7200000))).toBe(
			iso(T0),
		);
	});
});
