import type { IDataObject } from 'n8n-workflow';

import type { GraphClient } from '../../../transport';
import { encodePathSegment, userPath } from '../../../transport';

/*
 * A user's registered authentication methods (authenticationMethod resource, v1.0). Each derived
 * type has its own collection under `/users/{id}/authentication/` and its own Delete page; the
 * password method has none ("passwordAuthenticationMethod": no Delete).
 */

/** The method types that can be deleted: the `@odata.type` name (without namespace) -> its collection. */
export const DELETABLE_METHODS: Record<string, { collection: string; name: string }> = {
	microsoftAuthenticatorAuthenticationMethod: {
		collection: 'microsoftAuthenticatorMethods',
		name: 'Microsoft Authenticator',
	},
	phoneAuthenticationMethod: { collection: 'phoneMethods', name: 'Phone' },
	emailAuthenticationMethod: { collection: 'emailMethods', name: 'Email' },
	fido2AuthenticationMethod: { collection: 'fido2Methods', name: 'FIDO2 Security Key' },
	softwareOathAuthenticationMethod: {
		collection: 'softwareOathMethods',
		name: 'Software OATH Token',
	},
	windowsHelloForBusinessAuthenticationMethod: {
		collection: 'windowsHelloForBusinessMethods',
		name: 'Windows Hello for Business',
	},
	temporaryAccessPassAuthenticationMethod: {
		collection: 'temporaryAccessPassMethods',
		name: 'Temporary Access Pass',
	},
};

export const PASSWORD_METHOD = 'passwordAuthenticationMethod';

/** `DELETE` path of one method: `/users/{id}/authentication/{collection}/{methodId}`. */
export function methodPath(user: string, methodType: string, methodId: string): string {
	return `${userPath(user)}/authentication/${DELETABLE_METHODS[methodType].collection}/${encodePathSegment(methodId)}`;
}

/** `#microsoft.graph.phoneAuthenticationMethod` -> `phoneAuthenticationMethod`. */
export function methodTypeOf(method: IDataObject): string {
	const type = method['@odata.type'];
	return typeof type === 'string' ? type.replace(/^#?microsoft\.graph\./, '') : 'unknown';
}

/** `GET /users/{id}/authentication/methods` (List methods): every method, the password included. */
export async function listMethods(
	graph: GraphClient,
	user: string,
	itemIndex: number,
): Promise<IDataObject[]> {
	return await graph.getAll<IDataObject>({
		path: `${userPath(user)}/authentication/methods`,
		itemIndex,
		subject: { kind: 'User', id: user },
	});
}

/** One method as output: its properties without OData annotations, and `methodType` from `@odata.type`. */
export function methodOutput(user: string, method: IDataObject): IDataObject {
	// A new operation: no saved workflow reads annotations here, so none are kept in any node version.
	const fields: IDataObject = {};
	for (const [key, value] of Object.entries(method))
		if (!key.startsWith('@odata.')) fields[key] = value;
	return { userId: user, methodType: methodTypeOf(method), ...fields };
}

/**
 * Graph's 400 for the default MFA method while others exist (Delete phoneAuthenticationMethod: "If
 * the phone number is the user's default ... it can't be deleted"; Graph answers "Cannot delete
 * default method with other methods configured").
 */
export function isDefaultMethodRefusal(status: number, message: string | undefined): boolean {
	return status === 400 && /default method/i.test(message ?? '');
}
