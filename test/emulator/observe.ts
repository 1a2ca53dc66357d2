/** Injected faults and the request log (admin API). */
export interface FaultSpec {
	method?: string;
	/** Regular expression tested against the path and query, e.g. `/v1.0/users/delta`. */
	pathPattern: string;
	/** How many matching requests get the fault (default 1). */
	count?: number;
	status?: number;
	headers?: Record<string, string>;
	body?: unknown;
	/** Destroy the socket without answering. */
	drop?: boolean;
}

interface ActiveFault extends FaultSpec {
	regex: RegExp;
	remaining: number;
}

export class Faults {
	private active: ActiveFault[] = [];

	add(spec: FaultSpec): void {
		if (typeof spec.pathPattern !== 'string')
			throw new Error('pathPattern (a regular expression string) is required');
		if (!spec.drop && typeof spec.status !== 'number')
			throw new Error('status is required unless drop is true');
		this.active.push({ ...spec, regex: new RegExp(spec.pathPattern), remaining: spec.count ?? 1 });
	}

	clear(): void {
		this.active = [];
	}

	/** The next fault for this request, consuming one of its count. */
	take(method: string, pathAndQuery: string): FaultSpec | undefined {
		const fault = this.active.find(
			(f) =>
				f.remaining > 0 &&
				(!f.method || f.method.toUpperCase() === method) &&
				f.regex.test(pathAndQuery),
		);
		if (!fault) return undefined;
		fault.remaining -= 1;
		this.active = this.active.filter((f) => f.remaining > 0);
		return fault;
	}

	pending(): FaultSpec[] {
		return this.active.map(({ regex: _regex, remaining, ...spec }) => ({
			...spec,
			count: remaining,
		}));
	}
}

export interface LogEntry {
	method: string;
	/** Path and query as received (sub-requests of a batch: `/v1.0/` + their relative url). */
	path: string;
	status: number;
	/** Emulated time, ISO 8601. */
	time: string;
	/** A sub-request inside `$batch`. */
	batch: boolean;
	/** `graph` (API) or `identity` (token and authorize endpoints). */
	kind: 'graph' | 'identity';
	durationMs: number;
}

export class RequestLog {
	entries: LogEntry[] = [];

	add(entry: LogEntry): void {
		this.entries.push(entry);
		if (this.entries.length > 200_000) this.entries.splice(0, 100_000);
	}

	clear(): void {
		this.entries = [];
	}

	/** HTTP requests to the Graph API (a `$batch` counts once; its sub-requests are in the log). */
	count(): number {
		return this.entries.filter((entry) => entry.kind === 'graph' && !entry.batch).length;
	}
}
