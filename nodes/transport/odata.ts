/**
 * Escaping, encoding and validation of values that end up in Graph URLs.
 * Everything a user types (ids, UPNs, search text) passes through here before it reaches a URL.
 */

/** OData string literal: a single quote is doubled (OData ABNF, and Graph's "Use query parameters" page). */
export function escapeODataString(value: string): string {
	return value.replace(/'/g, "''");
}

/**
 * Why a raw `$filter` typed by a user cannot be combined with other clauses, or undefined when it
 * can: its parentheses must balance outside string literals and its string literals must be closed,
 * so that wrapped in parentheses it stays one clause (`x') or (accountEnabled eq false` would
 * otherwise break out of "(...) and accountEnabled eq true").
 */
export function filterBalanceProblem(filter: string): string | undefined {
	let depth = 0;
	let inString = false;
	for (let index = 0; index < filter.length; index++) {
		const char = filter[index];
		if (inString) {
			if (char === "'") {
				if (filter[index + 1] === "'") index++;
				else inString = false;
			}
			continue;
		}
		if (char === "'") inString = true;
		else if (char === '(') depth++;
		else if (char === ')' && --depth < 0) return 'a closing parenthesis has no opening one';
	}
	if (inString) return "a string literal is not closed (a quote inside text is written twice: '')";
	if (depth > 0) return 'an opening parenthesis is not closed';
	return undefined;
}

/** A quoted OData string literal, e.g. `'O''Brien'`. */
export function odataString(value: string): string {
	return `'${escapeODataString(value)}'`;
}

/**
 * One `$search` clause, `"property:text"`. Graph's $search syntax puts the clause in double quotes;
 * a double quote or backslash inside the text is escaped with a backslash.
 */
export function searchClause(property: string, text: string): string {
	const escaped = text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
	return `"${property}:${escaped}"`;
}

/** Several clauses joined with OR, e.g. a search over display name, mail and UPN. */
export function searchAny(properties: string[], text: string): string {
	return properties.map((property) => searchClause(property, text)).join(' OR ');
}

/**
 * Encodes one path segment. encodeURIComponent leaves `'()*!~` and `.` alone, which is fine inside
 * a segment; `#` (guest UPNs hold `#EXT#`), `/`, `?` and `%` are encoded. A segment made only of dots
 * would be read as a relative path step, so it is refused.
 */
export function encodePathSegment(value: string): string {
	// A value that is not text, or the text of a missing value, never becomes part of a path
	// (`/members/undefined/$ref` would be sent to Graph as if it were an id).
	if (typeof value !== 'string' || value === '' || value === 'undefined' || value === 'null') {
		throw new Error(`"${String(value)}" is not a valid identifier`);
	}
	if (/^\.+$/.test(value)) {
		throw new Error(`"${value}" is not a valid identifier`);
	}
	return encodeURIComponent(value);
}

/**
 * The path of a user by id or UPN. Graph's docs: a UPN that starts with `$` must be addressed as
 * `/users('$upn')`, because `/users/$...` would be read as a system query segment.
 */
export function userPath(idOrUpn: string): string {
	if (idOrUpn.startsWith('$')) {
		const inner = encodeURIComponent(escapeODataString(idOrUpn)).replace(/%24/g, '$');
		return `/users('${inner}')`;
	}
	return `/users/${encodePathSegment(idOrUpn)}`;
}

export function groupPath(id: string): string {
	return `/groups/${encodePathSegment(id)}`;
}

/**
 * An application by its object id (`/applications/{id}`) or by its application (client) id
 * (`/applications(appId='{appId}')`, Graph's alternate key: "Get application").
 */
export function applicationPath(application: { objectId: string } | { appId: string }): string {
	if ('objectId' in application) return `/applications/${encodePathSegment(application.objectId)}`;
	return `/applications(appId='${encodeURIComponent(escapeODataString(application.appId))}')`;
}

/** A soft-deleted object in the directory's deleted items (users and Microsoft 365 groups, 30 days). */
export function deletedItemPath(id: string): string {
	return `/directory/deletedItems/${encodePathSegment(id)}`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
	return GUID.test(value);
}

/**
 * UPN: local part of A-Z a-z 0-9 ' . - _ ! # ^ ~ (Graph user resource docs), plus `$` only as the
 * first character, then `@` and a domain. A guest's `#EXT#` UPN fits the same rule.
 */
const UPN =
	/^[$]?[A-Za-z0-9'._\-!#^~]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export function isUserPrincipalName(value: string): boolean {
	if (value.length > 113) return false;
	const local = value.slice(0, value.lastIndexOf('@'));
	if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
	return UPN.test(value);
}

/**
 * mailNickname: 1..64 characters, ASCII, none of the characters Graph rejects
 * (@ () \ [] " ; : <> , SPACE) (user and group resource docs).
 */
export function isMailNickname(value: string): boolean {
	return /^[\x21-\x7e]{1,64}$/.test(value) && !/[@()\\[\]";:<>,]/.test(value);
}

/** Builds the mailNickname Graph needs from a UPN's local part (drops characters Graph refuses). */
export function mailNicknameFromUpn(upn: string): string {
	const local = upn.slice(0, upn.lastIndexOf('@') > 0 ? upn.lastIndexOf('@') : upn.length);
	return local.replace(/[^A-Za-z0-9'._\-!#^~]/g, '').slice(0, 64);
}

/** Usage location: a two-letter ISO 3166 country code. */
export function isUsageLocation(value: string): boolean {
	return /^[A-Z]{2}$/.test(value);
}

/**
 * Builds a query string. Values are percent-encoded (spaces as %20, which Graph reads in every
 * parameter), while `$` in the system query option names stays literal as in Graph's docs.
 */
export function buildQuery(qs: Record<string, string | number | boolean | undefined>): string {
	const parts: string[] = [];
	for (const [key, value] of Object.entries(qs)) {
		if (value === undefined || value === '') continue;
		const name = encodeURIComponent(key).replace(/^%24/, '$');
		parts.push(`${name}=${encodeURIComponent(String(value))}`);
	}
	return parts.join('&');
}

/** Relationship collections (optionally cast) whose filters, searches and casts are advanced queries. */
const RELATIONSHIP_LISTING =
	/\/(members|transitiveMembers|memberOf|transitiveMemberOf|owners)(\/microsoft\.graph\.[A-Za-z]+)?$/;

/**
 * Whether a query is an "advanced query" that Graph only runs with `ConsistencyLevel: eventual` and
 * `$count=true` (docs: "Advanced query capabilities on Microsoft Entra ID objects"): `$search`,
 * `$count`, `endsWith`, `ne`, `not`, or `$orderby` combined with `$filter`. On relationship listings
 * (List members, List memberOf, their transitive forms, owners) an OData cast, `$filter`, `$search`
 * or `$orderby` needs it too (those pages' "Optional query parameters" sections).
 */
export function isAdvancedQuery(qs: Record<string, unknown>, path = ''): boolean {
	const relationship = RELATIONSHIP_LISTING.exec(path);
	if (relationship) {
		if (relationship[2] || qs.$filter || qs.$search || qs.$orderby) return true;
	}
	if (qs.$search !== undefined && qs.$search !== '') return true;
	if (qs.$count === true || qs.$count === 'true') return true;
	const filter = typeof qs.$filter === 'string' ? qs.$filter : '';
	if (filter && qs.$orderby) return true;
	if (!filter) return false;
	// Look for the operators outside string literals only.
	const code = filter.replace(/'(?:[^']|'')*'/g, "''");
	return /\bendswith\s*\(/i.test(code) || /\sne\s/i.test(code) || /(^|[\s(])not[\s(]/i.test(code);
}
