/**
 * Identity and access throttling (docs: "Microsoft Graph service-specific throttling limits",
 * identity and access service limits): resource units (RU) per app+tenant per 10 s by tenant size,
 * and write quotas per app+tenant (3,000 / 2.5 min) and per tenant (18,000 / 5 min).
 */
export interface ThrottleLimits {
	/** Overrides the RU quota per 10 s (default from tenant size: 3,500 / 5,000 / 8,000). */
	resourceUnits?: number;
	writesPerApp: number;
	writesPerTenant: number;
}

export const DEFAULT_LIMITS: ThrottleLimits = { writesPerApp: 3000, writesPerTenant: 18000 };
const RU_WINDOW = 10_000;
const APP_WRITE_WINDOW = 150_000;
const TENANT_WRITE_WINDOW = 300_000;

/** RU quota per 10 s: tenants under 50 users, 50 to 500, over 500. */
export function resourceUnitLimit(users: number): number {
	return users < 50 ? 3500 : users <= 500 ? 5000 : 8000;
}

/** Base cost of a request (identity limits table); any other request costs 1. */
export function requestCost(
	method: string,
	segments: string[],
	query: URLSearchParams,
): { cost: number; write: boolean } {
	if (method !== 'GET') return { cost: 1, write: true };
	let cost = 1;
	const [root, , sub] = segments;
	if (root === 'users' || root === 'me') {
		if (sub === undefined) cost = 2;
		else if (
			sub === 'licenseDetails' ||
			sub === 'memberOf' ||
			sub === 'transitiveMemberOf' ||
			sub === 'ownedObjects'
		)
			cost = 2;
	} else if (root === 'groups' && sub === 'members') cost = 3;
	else if (root === 'groups' && sub === 'transitiveMembers') cost = 5;
	else if (root === 'subscribedSkus') cost = 3;
	if (query.has('$select')) cost -= 1;
	if (query.has('$expand')) cost += 1;
	const top = Number(query.get('$top'));
	if (query.has('$top') && top < 20) cost -= 1;
	return { cost: Math.max(1, cost), write: false };
}

interface Entry {
	t: number;
	cost: number;
}

class Window {
	private entries: Entry[] = [];
	private head = 0;
	private sum = 0;

	constructor(private readonly span: number) {}

	private prune(now: number): void {
		while (this.head < this.entries.length && this.entries[this.head].t <= now - this.span) {
			this.sum -= this.entries[this.head].cost;
			this.head++;
		}
		if (this.head > 1024 && this.head * 2 > this.entries.length) {
			this.entries = this.entries.slice(this.head);
			this.head = 0;
		}
	}

	/** Seconds until `cost` more fits under `limit`, or 0 if it fits now. */
	wait(now: number, cost: number, limit: number): number {
		this.prune(now);
		let excess = this.sum + cost - limit;
		if (excess <= 0) return 0;
		for (let i = this.head; i < this.entries.length; i++) {
			excess -= this.entries[i].cost;
			if (excess <= 0) return Math.max(1, Math.ceil((this.entries[i].t + this.span - now) / 1000));
		}
		return Math.ceil(this.span / 1000);
	}

	add(now: number, cost: number): void {
		this.entries.push({ t: now, cost });
		this.sum += cost;
	}

	used(now: number): number {
		this.prune(now);
		return this.sum;
	}
}

export interface ThrottleDecision {
	cost: number;
	retryAfter?: number;
	scope?: string;
	reason?: string;
}

export class Throttle {
	enabled = false;
	limits: ThrottleLimits = { ...DEFAULT_LIMITS };
	private ru = new Map<string, Window>();
	private appWrites = new Map<string, Window>();
	private tenantWrites = new Window(TENANT_WRITE_WINDOW);

	reset(): void {
		this.ru.clear();
		this.appWrites.clear();
		this.tenantWrites = new Window(TENANT_WRITE_WINDOW);
	}

	private window(map: Map<string, Window>, key: string, span: number): Window {
		let window = map.get(key);
		if (!window) map.set(key, (window = new Window(span)));
		return window;
	}

	/** Counts the request, or says how long to wait (429 Retry-After) without counting it. */
	check(
		now: number,
		appId: string,
		users: number,
		method: string,
		segments: string[],
		query: URLSearchParams,
	): ThrottleDecision {
		const { cost, write } = requestCost(method, segments, query);
		if (!this.enabled) return { cost };
		const ru = this.window(this.ru, appId, RU_WINDOW);
		const ruWait = ru.wait(now, cost, this.limits.resourceUnits ?? resourceUnitLimit(users));
		if (ruWait)
			return {
				cost,
				retryAfter: ruWait,
				scope: 'Tenant_Application_All',
				reason: 'RULimitExceeded',
			};
		if (write) {
			const app = this.window(this.appWrites, appId, APP_WRITE_WINDOW);
			const appWait = app.wait(now, 1, this.limits.writesPerApp);
			if (appWait)
				return {
					cost,
					retryAfter: appWait,
					scope: 'Tenant_Application_Write',
					reason: 'WriteLimitExceeded',
				};
			const tenantWait = this.tenantWrites.wait(now, 1, this.limits.writesPerTenant);
			if (tenantWait)
				return {
					cost,
					retryAfter: tenantWait,
					scope: 'Tenant_Write',
					reason: 'WriteLimitExceeded',
				};
			app.add(now, 1);
			this.tenantWrites.add(now, 1);
		}
		ru.add(now, cost);
		return { cost };
	}

	usage(now: number, appId: string): { resourceUnits: number } {
		return { resourceUnits: this.ru.get(appId)?.used(now) ?? 0 };
	}
}
