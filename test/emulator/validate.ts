import { badRequest } from './errors';

/** UPN local part: A-Z a-z 0-9 ' . - _ ! # ^ ~ (user resource, userPrincipalName); `$` allowed first. */
const UPN = /^\$?[A-Za-z0-9'._\-!#^~]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

export function checkUpn(upn: unknown, verified: (upn: string) => boolean): string {
	if (typeof upn !== 'string' || !UPN.test(upn) || upn.length > 113) {
		throw badRequest(
			"Invalid value specified for property 'userPrincipalName' of resource 'User'.",
		);
	}
	if (!verified(upn)) {
		throw badRequest(
			'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.',
		);
	}
	return upn;
}

/** Entra password policy: 8 to 256 characters, three of lower, upper, digit, symbol. */
export function checkPassword(password: unknown): string {
	const text = typeof password === 'string' ? password : '';
	const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(text)).length;
	if (text.length < 8 || text.length > 256 || classes < 3) {
		throw badRequest(
			'The specified password does not comply with password complexity requirements. Please provide a different password.',
		);
	}
	return text;
}

export function requireObject(body: unknown): Record<string, unknown> {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) {
		throw badRequest('Empty Payload. JSON content expected.');
	}
	return body as Record<string, unknown>;
}

export function checkWritable(
	body: Record<string, unknown>,
	writable: Set<string>,
	readable: Set<string>,
	type: string,
	extra: string[] = [],
): void {
	for (const key of Object.keys(body)) {
		if (writable.has(key) || extra.includes(key) || key.endsWith('@odata.bind')) continue;
		if (readable.has(key)) throw badRequest(`Property '${key}' is read-only and cannot be set.`);
		throw badRequest(
			`Property '${key}' does not exist as a declared property or extension property.`,
		);
	}
	void type;
}

/** Id from an `@odata.id` / bind URL: `https://graph.microsoft.com/v1.0/directoryObjects/{id}`. */
export function idFromReference(reference: unknown): string {
	if (typeof reference !== 'string')
		throw badRequest("The request body must hold an '@odata.id' reference.");
	const match =
		/\/(?:directoryObjects|users|groups)\/([^/?#]+)\/?$/.exec(reference) ??
		/^([0-9a-f-]{36})$/i.exec(reference);
	if (!match) throw badRequest(`Invalid object identifier '${reference}'.`);
	return decodeURIComponent(match[1]);
}
