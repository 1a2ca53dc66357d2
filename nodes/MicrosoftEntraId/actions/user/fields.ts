import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { USER_PROPERTIES, USER_SIMPLIFIED_PROPERTIES } from '../../../shared/properties';
import {
	checkBoolean,
	checkText,
	invalidInput,
	selectFor,
	userIdFrom,
	userIdFromValue,
} from '../../helpers/parameters';
import {
	isMailNickname,
	isUsageLocation,
	isUserPrincipalName,
	mailNicknameFromUpn,
} from '../../../transport';
import { userLocator } from '../common.descriptions';

/*
 * The user fields that Create and Update share, and how their values become a Graph request body.
 */

function text(
	displayName: string,
	name: string,
	description: string,
	placeholder?: string,
): INodeProperties {
	return { displayName, name, type: 'string', default: '', description, placeholder };
}

/** Profile fields, in the order n8n's lint wants (by display name). */
export const profileFields: INodeProperties[] = [
	text(
		'Business Phone',
		'businessPhones',
		'The telephone number of the user (replaces the list of business phones)',
		'e.g. +1 425 555 0109',
	),
	text('City', 'city', 'The city in which the user is located'),
	text(
		'Company Name',
		'companyName',
		'The name of the company the user works for (at most 64 characters)',
	),
	text('Country', 'country', 'The country or region of the user', 'e.g. United States'),
	text('Department', 'department', 'The department in which the user works'),
	{
		displayName: 'Employee Hire Date',
		name: 'employeeHireDate',
		type: 'dateTime',
		default: '',
		description: 'The date and time when the user was hired or will start work',
	},
	text(
		'Employee ID',
		'employeeId',
		'The identifier the organization assigns to the user (at most 16 characters)',
	),
	text('Employee Type', 'employeeType', 'The kind of worker, for example Employee or Contractor'),
	text('First Name', 'givenName', 'The given name (first name) of the user'),
	text('Job Title', 'jobTitle', "The user's job title"),
	text('Last Name', 'surname', "The user's surname (family name)"),
	text('Mail', 'mail', 'The SMTP address of the user', 'e.g. adele@contoso.com'),
	{
		...userLocator('manager', 'Manager', {
			required: false,
			description: 'The user who is this user’s manager',
		}),
	},
	text('Mobile Phone', 'mobilePhone', 'The primary mobile phone number of the user'),
	text('Office Location', 'officeLocation', 'The office location in the place of business'),
	text('Postal Code', 'postalCode', 'The postal code of the user’s address'),
	text(
		'Preferred Language',
		'preferredLanguage',
		'The preferred language of the user as an ISO 639-1 code',
		'e.g. en-US',
	),
	text('State', 'state', 'The state or province of the user’s address'),
	text('Street Address', 'streetAddress', 'The street address of the user’s place of business'),
	text(
		'Usage Location',
		'usageLocation',
		'Two-letter country code (ISO 3166), required before licenses can be assigned',
		'e.g. US',
	),
];

/** Fields that only Update offers in its collection (Create has them as top-level parameters). */
export const accountFields: INodeProperties[] = [
	{
		displayName: 'Account Enabled',
		name: 'accountEnabled',
		type: 'boolean',
		default: true,
		description: 'Whether the account can sign in',
	},
	text('Display Name', 'displayName', 'The name shown in the address book'),
	{
		displayName: 'Force Change Password Next Sign-In',
		name: 'forceChangePasswordNextSignIn',
		type: 'boolean',
		default: true,
		description:
			'Whether the user must change the new password at the next sign-in (only with Password)',
	},
	text('Mail Nickname', 'mailNickname', 'The mail alias of the user'),
	{
		displayName: 'Password',
		name: 'password',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: 'A new password for the user (password reset)',
	},
	text(
		'User Principal Name',
		'userPrincipalName',
		'The sign-in name, name@verified-domain',
		'e.g. adele.vance@contoso.com',
	),
];

/** Field name -> label, for messages. */
const LABELS = new Map(
	[...profileFields, ...accountFields].map((field) => [field.name, field.displayName]),
);
const MAX_LENGTH: Record<string, number> = {
	companyName: 64,
	employeeId: 16,
	displayName: 256,
	jobTitle: 128,
	department: 64,
};

function label(name: string): string {
	return LABELS.get(name) ?? name;
}

const ISO_DATE =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * An ISO 8601 date (optionally with a time) that names a day of the calendar: a number such as 5
 * or a day such as 2024-02-30 is refused, where JavaScript's Date would read or roll it into
 * another date.
 */
export function isRealDate(value: string): boolean {
	const match = ISO_DATE.exec(value);
	if (!match) return false;
	const [year, month, day, hour, minute, second] = match
		.slice(1)
		.map((part) => (part === undefined ? 0 : Number(part)));
	const calendar = new Date(Date.UTC(year, month - 1, day));
	if (
		calendar.getUTCFullYear() !== year ||
		calendar.getUTCMonth() !== month - 1 ||
		calendar.getUTCDate() !== day
	)
		return false;
	return hour <= 23 && minute <= 59 && second <= 59 && !Number.isNaN(Date.parse(value));
}

/** A text no longer than Graph allows for the property (displayName: 256, companyName: 64, ...). */
export function checkMaxLength(
	ctx: IExecuteFunctions,
	name: string,
	value: string,
	itemIndex: number,
): string {
	const max = MAX_LENGTH[name];
	if (max && value.length > max) {
		throw invalidInput(
			ctx,
			itemIndex,
			`"${label(name)}" is longer than ${max} characters`,
			`Shorten "${label(name)}"`,
		);
	}
	return value;
}

/** Entra's password rule: 8 to 256 characters, and three of lower case, upper case, digits, symbols. */
export function checkPassword(
	ctx: IExecuteFunctions,
	password: string,
	itemIndex: number,
	fieldLabel: string,
): string {
	const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((kind) =>
		kind.test(password),
	).length;
	if (password.length < 8 || password.length > 256 || kinds < 3) {
		throw invalidInput(
			ctx,
			itemIndex,
			`"${fieldLabel}" does not meet the password rules`,
			'Use 8 to 256 characters with at least three of: lower-case letters, upper-case letters, digits, symbols',
		);
	}
	return password;
}

/** A password as typed (not trimmed: spaces count), checked against the rules. */
export function passwordValue(
	ctx: IExecuteFunctions,
	raw: unknown,
	itemIndex: number,
	fieldLabel: string,
): string {
	checkText(ctx, raw, itemIndex, fieldLabel, true);
	return checkPassword(ctx, String(raw), itemIndex, fieldLabel);
}

export function checkUpn(ctx: IExecuteFunctions, upn: string, itemIndex: number): string {
	if (isUserPrincipalName(upn)) return upn;
	throw invalidInput(
		ctx,
		itemIndex,
		`"User Principal Name" is not valid: "${upn}"`,
		"Use name@domain with a verified domain of the tenant; the name may hold only A-Z a-z 0-9 ' . - _ ! # ^ ~",
	);
}

export function checkMailNickname(
	ctx: IExecuteFunctions,
	nickname: string,
	itemIndex: number,
): string {
	if (isMailNickname(nickname)) return nickname;
	throw invalidInput(
		ctx,
		itemIndex,
		`"Mail Nickname" is not valid: "${nickname}"`,
		'Use 1 to 64 ASCII characters without spaces or any of @ ( ) \\ [ ] " ; : < > ,',
	);
}

/** The mail nickname to create a user with: the one given, or one made from the UPN. */
export function nicknameFor(
	ctx: IExecuteFunctions,
	given: string,
	upn: string,
	itemIndex: number,
): string {
	if (given) return checkMailNickname(ctx, given, itemIndex);
	const made = mailNicknameFromUpn(upn);
	if (!made)
		throw invalidInput(
			ctx,
			itemIndex,
			`"Mail Nickname" is empty and cannot be made from the UPN`,
			'Enter a mail nickname',
		);
	return made;
}

function profileValue(
	ctx: IExecuteFunctions,
	name: string,
	raw: unknown,
	itemIndex: number,
): unknown {
	if (name === 'accountEnabled' || name === 'forceChangePasswordNextSignIn')
		return checkBoolean(ctx, raw, itemIndex, label(name));
	if (name === 'password')
		return raw === '' || raw === undefined
			? undefined
			: passwordValue(ctx, raw, itemIndex, 'Password');
	const value = checkText(ctx, raw, itemIndex, label(name), false);
	if (!value) return undefined;
	checkMaxLength(ctx, name, value, itemIndex);
	if (name === 'usageLocation' && !isUsageLocation(value)) {
		throw invalidInput(
			ctx,
			itemIndex,
			`"Usage Location" is not valid: "${value}"`,
			'Use a two-letter upper-case country code such as US or DE',
		);
	}
	if (name === 'userPrincipalName') return checkUpn(ctx, value, itemIndex);
	if (name === 'mailNickname') return checkMailNickname(ctx, value, itemIndex);
	if (name === 'businessPhones') return [value];
	if (name === 'employeeHireDate') {
		if (!isRealDate(value)) {
			throw invalidInput(
				ctx,
				itemIndex,
				`"Employee Hire Date" is not a date: "${value}"`,
				'Use an ISO 8601 date such as 2024-03-01 or 2024-03-01T09:00:00Z',
			);
		}
		return new Date(value).toISOString();
	}
	return value;
}

export interface UserChanges {
	/** The request body (POST or PATCH /users). */
	body: IDataObject;
	/** The manager to set afterwards (id or UPN), if any. */
	manager?: string;
}

/**
 * Turns a collection of user fields (Additional Fields / Update Fields) into a request body.
 * Empty text fields are left out; the password goes into passwordProfile; the manager is kept apart,
 * since Graph sets it with its own request.
 */
export function userChanges(
	ctx: IExecuteFunctions,
	fields: unknown,
	itemIndex: number,
	collectionLabel: string,
): UserChanges {
	if (fields === undefined || fields === null) fields = {};
	if (typeof fields !== 'object' || Array.isArray(fields)) {
		throw invalidInput(
			ctx,
			itemIndex,
			`"${collectionLabel}" must be an object`,
			'Set the fields in the collection',
		);
	}
	const body: IDataObject = {};
	let manager: string | undefined;
	let forceChange: boolean | undefined;
	for (const [name, raw] of Object.entries(fields as IDataObject)) {
		if (name === 'manager') {
			const empty =
				raw === '' || (typeof raw === 'object' && raw !== null && !(raw as IDataObject).value);
			if (!empty) manager = userIdFromValue(ctx, raw, itemIndex, 'Manager');
			continue;
		}
		if (!LABELS.has(name)) continue;
		const value = profileValue(ctx, name, raw, itemIndex);
		if (value === undefined) continue;
		if (name === 'forceChangePasswordNextSignIn') forceChange = value as boolean;
		else if (name === 'password') body.passwordProfile = { password: value };
		else body[name] = value as IDataObject[string];
	}
	if (body.passwordProfile) {
		(body.passwordProfile as IDataObject).forceChangePasswordNextSignIn = forceChange ?? true;
	}
	return { body, manager };
}

/** What a read of one user takes: the "User" and the `$select` of the chosen "Output". */
export function userReadInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	simplified = USER_SIMPLIFIED_PROPERTIES,
): { user: string; select: string } {
	return {
		user: userIdFrom(ctx, 'user', itemIndex, 'User'),
		select: selectFor(ctx, itemIndex, { simplified, all: USER_PROPERTIES }),
	};
}
