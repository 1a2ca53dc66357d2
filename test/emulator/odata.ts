import { badRequest, noSuchProperty, unsupportedQuery } from './errors';

/**
 * OData query options on directory objects: `$filter` (parse + evaluate), `$search`, `$orderby`,
 * `$select`, `$top`, and which of them are "advanced queries" (docs: "Advanced query capabilities on
 * Microsoft Entra ID objects"): they need `ConsistencyLevel: eventual` and, except `$search`, `$count=true`.
 */
export type Node =
	| { t: 'and' | 'or'; a: Node; b: Node }
	| { t: 'not'; a: Node }
	| { t: 'cmp'; op: string; left: Operand; right: Operand }
	| { t: 'in'; left: Operand; values: unknown[] }
	| { t: 'fn'; name: string; target: Operand; value: unknown }
	| { t: 'lambda'; fn: 'any' | 'all'; path: string; variable: string; body: Node | undefined };

export type Operand = { t: 'prop'; path: string } | { t: 'lit'; value: unknown };

type Token = { k: 'punct' | 'str' | 'word'; v: string };

const DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	while (i < text.length) {
		const rest = text.slice(i);
		const ch = text[i];
		if (/\s/.test(ch)) {
			i++;
		} else if ('(),:'.includes(ch)) {
			tokens.push({ k: 'punct', v: ch });
			i++;
		} else if (ch === "'") {
			let value = '';
			let j = i + 1;
			for (;;) {
				if (j >= text.length)
					throw badRequest(`Invalid filter clause: unterminated string literal at position ${i}.`);
				if (text[j] === "'") {
					if (text[j + 1] === "'") {
						value += "'";
						j += 2;
						continue;
					}
					break;
				}
				value += text[j++];
			}
			tokens.push({ k: 'str', v: value });
			i = j + 1;
		} else {
			const match = GUID.exec(rest) ?? DATE.exec(rest) ?? /^[A-Za-z0-9_$./@+-]+/.exec(rest);
			if (!match)
				throw badRequest(`Invalid filter clause: syntax error at position ${i} in '${text}'.`);
			tokens.push({ k: 'word', v: match[0] });
			i += match[0].length;
		}
	}
	return tokens;
}

const COMPARISONS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

class Parser {
	private i = 0;
	readonly advanced: string[] = [];

	constructor(
		private readonly tokens: Token[],
		private readonly text: string,
	) {}

	parse(): Node {
		const node = this.or();
		if (this.i < this.tokens.length) this.fail();
		return node;
	}

	private fail(): never {
		throw badRequest(
			`Invalid filter clause: syntax error near '${this.tokens[this.i]?.v ?? 'end'}' in '${this.text}'.`,
		);
	}

	private peekWord(word: string): boolean {
		const token = this.tokens[this.i];
		return token?.k === 'word' && token.v.toLowerCase() === word;
	}

	private expect(punct: string): void {
		const token = this.tokens[this.i];
		if (token?.k !== 'punct' || token.v !== punct) this.fail();
		this.i++;
	}

	private or(): Node {
		let node = this.and();
		while (this.peekWord('or')) {
			this.i++;
			node = { t: 'or', a: node, b: this.and() };
		}
		return node;
	}

	private and(): Node {
		let node = this.unary();
		while (this.peekWord('and')) {
			this.i++;
			node = { t: 'and', a: node, b: this.unary() };
		}
		return node;
	}

	private unary(): Node {
		if (this.peekWord('not')) {
			this.i++;
			this.advanced.push('not');
			return { t: 'not', a: this.unary() };
		}
		return this.primary();
	}

	private primary(): Node {
		const token = this.tokens[this.i];
		if (!token) this.fail();
		if (token.k === 'punct' && token.v === '(') {
			this.i++;
			const node = this.or();
			this.expect(')');
			return node;
		}
		const lower = token.v.toLowerCase();
		if (token.k === 'word' && (lower === 'startswith' || lower === 'endswith'))
			return this.fn(lower);
		if (token.k === 'word' && /\/(any|all)$/i.test(token.v)) return this.lambda(token.v);
		return this.comparison();
	}

	private fn(name: string): Node {
		this.i++;
		if (name === 'endswith') this.advanced.push('endsWith');
		this.expect('(');
		const target = this.operand();
		this.expect(',');
		const value = this.operand();
		this.expect(')');
		if (value.t !== 'lit') this.fail();
		return { t: 'fn', name, target, value: value.value };
	}

	private lambda(word: string): Node {
		this.i++;
		const slash = word.lastIndexOf('/');
		const fn = word.slice(slash + 1).toLowerCase() as 'any' | 'all';
		this.expect('(');
		if (this.tokens[this.i]?.k === 'punct' && this.tokens[this.i].v === ')') {
			this.i++;
			return { t: 'lambda', fn, path: word.slice(0, slash), variable: '', body: undefined };
		}
		const variable = this.tokens[this.i++]?.v;
		this.expect(':');
		const body = this.or();
		this.expect(')');
		return { t: 'lambda', fn, path: word.slice(0, slash), variable, body };
	}

	private comparison(): Node {
		const left = this.operand();
		const opToken = this.tokens[this.i];
		if (opToken?.k !== 'word') this.fail();
		const op = opToken.v.toLowerCase();
		this.i++;
		if (op === 'in') {
			this.expect('(');
			const values: unknown[] = [];
			for (;;) {
				const value = this.operand();
				if (value.t !== 'lit') this.fail();
				values.push(value.value);
				if (this.tokens[this.i]?.v === ',') this.i++;
				else break;
			}
			this.expect(')');
			return { t: 'in', left, values };
		}
		if (!COMPARISONS.has(op)) this.fail();
		const right = this.operand();
		if (op === 'ne') this.advanced.push('ne');
		if (right.t === 'lit' && right.value === null) this.advanced.push('null');
		return { t: 'cmp', op, left, right };
	}

	private operand(): Operand {
		const token = this.tokens[this.i++];
		if (!token) this.fail();
		if (token.k === 'str') return { t: 'lit', value: token.v };
		if (token.k !== 'word') this.fail();
		const lower = token.v.toLowerCase();
		if (lower === 'true' || lower === 'false') return { t: 'lit', value: lower === 'true' };
		if (lower === 'null') return { t: 'lit', value: null };
		if (GUID.test(token.v) && token.v.length === 36) return { t: 'lit', value: token.v };
		if (DATE.test(token.v)) return { t: 'lit', value: token.v };
		if (/^-?\d+(\.\d+)?$/.test(token.v)) return { t: 'lit', value: Number(token.v) };
		if (token.v.includes('$count')) this.advanced.push('$count');
		return { t: 'prop', path: token.v };
	}
}

export interface ParsedFilter {
	node: Node;
	advanced: string[];
	properties: string[];
}

function collectProperties(node: Node, out: Set<string>, variables: Set<string>): void {
	const fromOperand = (operand: Operand) => {
		if (operand.t !== 'prop') return;
		const head = operand.path.split('/')[0];
		if (!variables.has(head)) out.add(head);
	};
	switch (node.t) {
		case 'and':
		case 'or':
			collectProperties(node.a, out, variables);
			collectProperties(node.b, out, variables);
			return;
		case 'not':
			collectProperties(node.a, out, variables);
			return;
		case 'cmp':
			fromOperand(node.left);
			fromOperand(node.right);
			return;
		case 'in':
			fromOperand(node.left);
			return;
		case 'fn':
			fromOperand(node.target);
			return;
		case 'lambda':
			out.add(node.path.split('/')[0]);
			if (node.body) collectProperties(node.body, out, new Set([...variables, node.variable]));
	}
}

export function parseFilter(text: string): ParsedFilter {
	const parser = new Parser(tokenize(text), text);
	const node = parser.parse();
	const properties = new Set<string>();
	collectProperties(node, properties, new Set());
	return { node, advanced: parser.advanced, properties: [...properties] };
}

// ---- evaluation ------------------------------------------------------------------------------

type Scope = Record<string, unknown>;

function resolve(operand: Operand, props: Record<string, unknown>, scope: Scope): unknown {
	if (operand.t === 'lit') return operand.value;
	const parts = operand.path.split('/');
	let value: unknown = parts[0] in scope ? scope[parts[0]] : props[parts[0]];
	for (const part of parts.slice(1)) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[part];
	}
	return value;
}

/** Directory string comparisons are case-insensitive; dates compare as instants. */
function compare(a: unknown, b: unknown): number | undefined {
	if (a === null || a === undefined || b === null || b === undefined) return undefined;
	if (typeof a === 'string' && typeof b === 'string') {
		if (DATE.test(a) && DATE.test(b) && /\d{4}-\d{2}-\d{2}/.test(a)) {
			const ta = Date.parse(a);
			const tb = Date.parse(b);
			if (!Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb;
		}
		const la = a.toLowerCase();
		const lb = b.toLowerCase();
		return la < lb ? -1 : la > lb ? 1 : 0;
	}
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : 1;
	return String(a).toLowerCase() === String(b).toLowerCase() ? 0 : 1;
}

function evalCmp(op: string, a: unknown, b: unknown): boolean {
	if (op === 'eq' || op === 'ne') {
		const equal =
			(a ?? null) === null || (b ?? null) === null
				? (a ?? null) === (b ?? null)
				: compare(a, b) === 0;
		return op === 'eq' ? equal : !equal;
	}
	const c = compare(a, b);
	if (c === undefined) return false;
	return op === 'gt' ? c > 0 : op === 'ge' ? c >= 0 : op === 'lt' ? c < 0 : c <= 0;
}

export function evaluate(node: Node, props: Record<string, unknown>, scope: Scope = {}): boolean {
	switch (node.t) {
		case 'and':
			return evaluate(node.a, props, scope) && evaluate(node.b, props, scope);
		case 'or':
			return evaluate(node.a, props, scope) || evaluate(node.b, props, scope);
		case 'not':
			return !evaluate(node.a, props, scope);
		case 'cmp':
			return evalCmp(node.op, resolve(node.left, props, scope), resolve(node.right, props, scope));
		case 'in': {
			const value = resolve(node.left, props, scope);
			return node.values.some((candidate) => evalCmp('eq', value, candidate));
		}
		case 'fn': {
			const value = resolve(node.target, props, scope);
			if (typeof value !== 'string' || typeof node.value !== 'string') return false;
			const v = value.toLowerCase();
			const w = node.value.toLowerCase();
			return node.name === 'startswith' ? v.startsWith(w) : v.endsWith(w);
		}
		case 'lambda': {
			const collection = resolve({ t: 'prop', path: node.path }, props, scope);
			const items = Array.isArray(collection) ? collection : [];
			if (!node.body) return node.fn === 'any' ? items.length > 0 : true;
			const test = (item: unknown) =>
				evaluate(node.body as Node, props, { ...scope, [node.variable]: item });
			return node.fn === 'any' ? items.some(test) : items.every(test);
		}
	}
}

// ---- $search -----------------------------------------------------------------------------------

export interface SearchClause {
	property: string;
	value: string;
}

/** `"prop:value" OR "prop:value" AND ...`: returns OR-groups of AND-clauses. */
export function parseSearch(
	text: string,
	resource: string,
	allowed: Set<string>,
): SearchClause[][] {
	const tokens = text.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
	const groups: SearchClause[][] = [[]];
	for (const token of tokens) {
		if (token === 'OR') groups.push([]);
		else if (token === 'AND') continue;
		else {
			const inner = token.startsWith('"') ? token.slice(1, -1).replace(/\\(.)/g, '$1') : token;
			const colon = inner.indexOf(':');
			if (colon < 0) {
				throw badRequest(
					`Invalid search clause '${inner}': use the form "property:value", for example "displayName:ad".`,
				);
			}
			const property = inner.slice(0, colon);
			if (!allowed.has(property)) {
				throw unsupportedQuery(
					`Unsupported or invalid query search clause specified for property '${property}' of resource '${resource}'.`,
				);
			}
			groups[groups.length - 1].push({ property, value: inner.slice(colon + 1).toLowerCase() });
		}
	}
	return groups.filter((group) => group.length);
}

/** Tokenized prefix matching: "ad" matches "Adele Vance" and "Megan Adams"; whole-value prefixes match too. */
export function matchesSearch(groups: SearchClause[][], props: Record<string, unknown>): boolean {
	return groups.some((all) =>
		all.every((clause) => {
			const raw = props[clause.property];
			const values = Array.isArray(raw) ? raw : [raw];
			return values.some((value) => {
				if (typeof value !== 'string') return false;
				const lower = value.toLowerCase();
				if (lower.startsWith(clause.value)) return true;
				const words = value
					.split(/(?<=[a-z])(?=[A-Z])|[\s._@\-#'(),]+/)
					.map((w) => w.toLowerCase());
				return (
					words.some((word) => word.startsWith(clause.value)) || lower.includes(` ${clause.value}`)
				);
			});
		}),
	);
}

// ---- $select -----------------------------------------------------------------------------------

export function parseSelect(
	raw: string | null,
	known: Set<string>,
	type: string,
): string[] | undefined {
	if (raw === null || raw.trim() === '') return undefined;
	const names = raw
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	for (const name of names) {
		if (name === '*') continue;
		if (!known.has(name)) throw noSuchProperty(name, type);
	}
	return names;
}

export function parseTop(raw: string | null, fallback: number): number {
	if (raw === null) return fallback;
	const top = Number(raw);
	if (!Number.isInteger(top) || top < 1 || top > 999) {
		throw unsupportedQuery(
			`Invalid page size specified: '${raw}'. Must be between 1 and 999 inclusive.`,
		);
	}
	return top;
}
