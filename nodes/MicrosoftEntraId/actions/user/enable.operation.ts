import { checkUser } from '../../helpers/parameters';
import { showFor, userLocator } from '../common.descriptions';
import { accountEnabledWrite } from './accountEnabled';

export const description = showFor(
	'user',
	['enable'],
	[userLocator('user', 'User', { description: 'The user whose account to enable' })],
);

export const mode = 'batch';
export const check = checkUser;
export const { request, finish } = accountEnabledWrite(true);
