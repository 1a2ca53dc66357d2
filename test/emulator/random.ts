/** Deterministic pseudo-random numbers (mulberry32), so a seed always yields the same tenant. */
export class Random {
	private state: number;

	constructor(seed: number) {
		this.state = seed >>> 0 || 0x9e3779b9;
	}

	next(): number {
		let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	int(max: number): number {
		return Math.floor(this.next() * max);
	}

	pick<T>(items: readonly T[]): T {
		return items[this.int(items.length)];
	}

	/** A version-4 shaped GUID. */
	guid(): string {
		const hex: string[] = [];
		for (let i = 0; i < 32; i++) hex.push(this.int(16).toString(16));
		hex[12] = '4';
		hex[16] = ((this.int(4) + 8) as number).toString(16);
		const s = hex.join('');
		return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
	}

	/** An opaque token of url-safe characters. */
	token(length = 40): string {
		const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
		let out = '';
		for (let i = 0; i < length; i++) out += chars[this.int(chars.length)];
		return out;
	}
}
