import { badRequest } from './errors';

/**
 * Value rules of the user properties that are more than free text (user resource, v1.0):
 * employeeHireDate is a DateTimeOffset; employeeOrgData an employeeOrgData object ("Include both
 * property values when updating employeeOrgData; if you omit any, the system sets them to null");
 * onPremisesImmutableId "The $ and _ characters can't be used"; onPremisesExtensionAttributes holds
 * extensionAttribute1-15 ("for a cloud-only user ... can be set during creation or update").
 */

const invalid = (key: string) =>
	badRequest(`Invalid value specified for property '${key}' of resource 'User'.`);

const STRINGS = [
	'faxNumber',
	'preferredDataLocation',
	'consentProvidedForMinor',
	'onPremisesImmutableId',
];
const EXTENSION_KEYS = new Set(Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}`));

/** Graph writes DateTimeOffset values in UTC without milliseconds: `2024-03-01T00:00:00Z`. */
function dateTime(key: string, value: unknown): string | null {
	if (value === null) return null;
	if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw invalid(key);
	return new Date(value).toISOString().replace('.000Z', 'Z');
}

function text(key: string, value: unknown): string | null {
	if (value === null) return null;
	if (typeof value !== 'string') throw invalid(key);
	if (key === 'onPremisesImmutableId' && /[$_]/.test(value)) throw invalid(key);
	return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function stringMembers(key: string, value: Record<string, unknown>, allowed: Set<string>): void {
	for (const [name, member] of Object.entries(value)) {
		if (!allowed.has(name) || (member !== null && typeof member !== 'string')) throw invalid(key);
	}
}

function orgData(value: unknown): Record<string, unknown> | null {
	if (value === null) return null;
	if (!isRecord(value)) throw invalid('employeeOrgData');
	stringMembers('employeeOrgData', value, new Set(['division', 'costCenter']));
	return { division: value.division ?? null, costCenter: value.costCenter ?? null };
}

function extensionAttributes(value: unknown, current: unknown): Record<string, unknown> {
	if (!isRecord(value)) throw invalid('onPremisesExtensionAttributes');
	stringMembers('onPremisesExtensionAttributes', value, EXTENSION_KEYS);
	return { ...emptyExtensionAttributes(), ...(isRecord(current) ? current : {}), ...value };
}

export function emptyExtensionAttributes(): Record<string, null> {
	const out: Record<string, null> = {};
	for (const key of EXTENSION_KEYS) out[key] = null;
	return out;
}

/** Checks the typed properties of a create/PATCH body and returns it with their stored form. */
export function userValues(
	body: Record<string, unknown>,
	current: Record<string, unknown> = {},
): Record<string, unknown> {
	const out = { ...body };
	if ('employeeHireDate' in body)
		out.employeeHireDate = dateTime('employeeHireDate', body.employeeHireDate);
	if ('employeeOrgData' in body) out.employeeOrgData = orgData(body.employeeOrgData);
	if ('onPremisesExtensionAttributes' in body) {
		out.onPremisesExtensionAttributes = extensionAttributes(
			body.onPremisesExtensionAttributes,
			current.onPremisesExtensionAttributes,
		);
	}
	for (const key of STRINGS) if (key in body) out[key] = text(key, body[key]);
	return out;
}

/**
 * securityIdentifier ("Security identifier (SID) of the user, used in Windows scenarios. Read-only"):
 * cloud objects get `S-1-12-1-` and the four 32-bit little-endian words of the object id's bytes.
 */
export function securityIdentifier(id: string): string {
	const hex = id.replace(/-/g, '');
	if (!/^[0-9a-f]{32}$/i.test(hex)) return `S-1-12-1-${hex.length}`;
	const bytes = Buffer.from(hex, 'hex');
	// Guid byte order: the first three fields are little-endian.
	const ordered = Buffer.concat([
		Buffer.from(bytes.subarray(0, 4)).reverse(),
		Buffer.from(bytes.subarray(4, 6)).reverse(),
		Buffer.from(bytes.subarray(6, 8)).reverse(),
		bytes.subarray(8),
	]);
	const words = [0, 4, 8, 12].map((offset) => ordered.readUInt32LE(offset));
	return `S-1-12-1-${words.join('-')}`;
}
