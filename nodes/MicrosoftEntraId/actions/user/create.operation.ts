import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { nodeParameter } from '../../helpers/nodeParameter';
import { checkBoolean, textParam } from '../../helpers/parameters';
import { showFor } from '../common.descriptions';
import {
	checkMaxLength,
	checkUpn,
	passwordValue,
	nicknameFor,
	profileFields,
	userChanges,
} from './fields';
import type { UserWrite } from './userWrites';
import { writeUsers } from './userWrites';

const properties: INodeProperties[] = [
	{
		displayName: 'Display Name',
		name: 'displayName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Adele Vance',
		description: 'The name shown in the address book',
	},
	{
		displayName: 'User Principal Name',
		name: 'userPrincipalName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. adele.vance@contoso.com',
		description:
			'The sign-in name: name@domain, where the domain is a verified domain of the tenant',
	},
	{
		displayName: 'Mail Nickname',
		name: 'mailNickname',
		type: 'string',
		default: '',
		placeholder: 'e.g. adele.vance',
		description: 'The mail alias. Leave empty to use the part of the UPN before the @.',
	},
	{
		displayName: 'Password',
		name: 'password',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description:
			'The initial password: 8 to 256 characters with three of lower case, upper case, digits, symbols',
	},
	{
		displayName: 'Force Change Password Next Sign-In',
		name: 'forceChangePasswordNextSignIn',
		type: 'boolean',
		default: true,
		description: 'Whether the user must change the password at the next sign-in',
	},
	{
		displayName: 'Account Enabled',
		name: 'accountEnabled',
		type: 'boolean',
		default: true,
		description: 'Whether the account can sign in',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: profileFields,
	},
];

export const description = showFor('user', ['create'], properties);

export function check(this: IExecuteFunctions, itemIndex: number): UserWrite {
	const displayName = checkMaxLength(
		this,
		'displayName',
		textParam(this, 'displayName', itemIndex, 'Display Name', { required: true }),
		itemIndex,
	);
	const upn = checkUpn(
		this,
		textParam(this, 'userPrincipalName', itemIndex, 'User Principal Name', { required: true }),
		itemIndex,
	);
	const mailNickname = nicknameFor(
		this,
		textParam(this, 'mailNickname', itemIndex, 'Mail Nickname'),
		upn,
		itemIndex,
	);
	const password = passwordValue(
		this,
		nodeParameter(this, 'password', itemIndex, ''),
		itemIndex,
		'Password',
	);
	const forceChange = checkBoolean(
		this,
		nodeParameter(this, 'forceChangePasswordNextSignIn', itemIndex, true),
		itemIndex,
		'Force Change Password Next Sign-In',
	);
	const accountEnabled = checkBoolean(
		this,
		nodeParameter(this, 'accountEnabled', itemIndex, true),
		itemIndex,
		'Account Enabled',
	);
	const extra = userChanges(
		this,
		nodeParameter(this, 'additionalFields', itemIndex, {}),
		itemIndex,
		'Additional Fields',
	);
	const body: IDataObject = {
		...extra.body,
		accountEnabled,
		displayName,
		mailNickname,
		userPrincipalName: upn,
		passwordProfile: { password, forceChangePasswordNextSignIn: forceChange },
	};
	return {
		request: {
			method: 'POST',
			path: '/users',
			body,
			itemIndex,
			subject: { kind: 'User', id: upn },
		},
		manager: extra.manager,
		target: upn,
	};
}

export const mode = 'allItems';

/**
 * Creates users with every field in one POST /users each (`$batch` when bulk is on), then sets the
 * managers given (batched as well). Every item is checked before the first request.
 */
export const execute = writeUsers;
