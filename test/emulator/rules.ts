/**
 * Dynamic membership rules, the simple forms of the documented syntax ("Dynamic membership rules for
 * groups in Microsoft Entra ID"): `user.property -eq "value"` with -eq, -ne, -startsWith, -contains,
 * -notContains, joined by -and / -or (no nested parentheses).
 */
type Clause = { property: string; op: string; value: string | boolean };

const CLAUSE =
	/^\(?\s*user\.(\w+)\s+-(eq|ne|startsWith|contains|notContains)\s+(?:"([^"]*)"|(true|false))\s*\)?$/i;

export function parseRule(rule: string): Clause[][] | undefined {
	const groups = rule.split(/\s+-or\s+/i).map((part) => part.split(/\s+-and\s+/i));
	const parsed: Clause[][] = [];
	for (const group of groups) {
		const clauses: Clause[] = [];
		for (const text of group) {
			const match = CLAUSE.exec(text.trim());
			if (!match) return undefined;
			const value = match[3] !== undefined ? match[3] : match[4].toLowerCase() === 'true';
			clauses.push({ property: match[1], op: match[2].toLowerCase(), value });
		}
		parsed.push(clauses);
	}
	return parsed;
}

function test(clause: Clause, props: Record<string, unknown>): boolean {
	const actual = props[clause.property];
	if (typeof clause.value === 'boolean')
		return clause.op === 'ne' ? actual !== clause.value : actual === clause.value;
	const text = typeof actual === 'string' ? actual.toLowerCase() : '';
	const wanted = clause.value.toLowerCase();
	switch (clause.op) {
		case 'eq':
			return text === wanted;
		case 'ne':
			return text !== wanted;
		case 'startswith':
			return actual != null && text.startsWith(wanted);
		case 'contains':
			return actual != null && text.includes(wanted);
		default:
			return !text.includes(wanted);
	}
}

export function matchesRule(rule: Clause[][], props: Record<string, unknown>): boolean {
	return rule.some((all) => all.every((clause) => test(clause, props)));
}
