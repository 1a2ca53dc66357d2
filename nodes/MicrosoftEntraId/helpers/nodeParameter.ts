import type { IExecuteFunctions } from 'n8n-workflow';

/*
 * Reading a parameter for many items without evaluating it again where it cannot differ.
 *
 * n8n evaluates a parameter per item only where its stored value holds an expression, a string that
 * starts with "=": n8n-workflow's Expression.getParameterValue resolves objects and arrays entry by
 * entry and hands every other value back as stored (n8n-core's getNodeParameter then only checks it
 * against the node's description). A parameter without an expression therefore resolves to the same
 * value for every item. Such a parameter is read once, for the first item that asks, and every item
 * gets its own copy; a parameter with an expression is read for each item, as n8n does.
 * The stored value comes from getNodeParameter's `rawExpressions` option, as n8n's own Set and HTTP
 * Request nodes read it.
 */

interface Known {
	perItem: boolean;
	/** The resolved value, once read (parameters without an expression only). */
	resolved?: { value: unknown };
}

/** One map per run of the node: the execution context is created anew for every run. */
const runs = new WeakMap<IExecuteFunctions, Map<string, Known>>();

/** Whether n8n would evaluate anything in this stored value. */
export function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object')
		return Object.values(value).some(holdsExpression);
	return false;
}

function known(ctx: IExecuteFunctions, name: string, itemIndex: number): Known {
	let run = runs.get(ctx);
	if (!run) runs.set(ctx, (run = new Map()));
	let entry = run.get(name);
	if (!entry) {
		let stored: unknown;
		try {
			stored = ctx.getNodeParameter(name, itemIndex, undefined, { rawExpressions: true });
		} catch {
			stored = undefined; // not set: each read falls back as its caller says
		}
		entry = { perItem: stored === undefined || holdsExpression(stored) };
		run.set(name, entry);
	}
	return entry;
}

/**
 * `ctx.getNodeParameter(name, itemIndex, fallback)`, evaluated once per run when the parameter holds
 * no expression. A read that throws (a value n8n refuses) is not kept: the next item reads again and
 * gets its own error.
 */
export function nodeParameter(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback?: unknown,
): unknown {
	const entry = known(ctx, name, itemIndex);
	if (entry.perItem) return ctx.getNodeParameter(name, itemIndex, fallback);
	entry.resolved ??= { value: ctx.getNodeParameter(name, itemIndex, fallback) };
	const { value } = entry.resolved;
	// every item gets its own copy: callers may change what they are given
	return value !== null && typeof value === 'object' ? structuredClone(value) : value;
}
