/**
 * The emulated clock. It follows real time plus an offset that `advanceClock` moves forward, so
 * token lifetimes, 7-day delta links, the 30-day deleted-items window and throttling windows can be
 * crossed in a test without waiting.
 */
export class Clock {
	private offsetMs: number;

	/** `startOffsetSeconds` may be negative: Graph's clock behind the machine's (tests of clock skew). */
	constructor(startOffsetSeconds = 0) {
		this.offsetMs = startOffsetSeconds * 1000;
	}

	now(): number {
		return Date.now() + this.offsetMs;
	}

	advance(seconds: number): number {
		if (!Number.isFinite(seconds) || seconds < 0)
			throw new Error('advanceSeconds must be a number >= 0');
		this.offsetMs += seconds * 1000;
		return this.now();
	}

	/** ISO 8601 in UTC without milliseconds, as Graph writes directory timestamps. */
	iso(time = this.now()): string {
		return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
	}
}
