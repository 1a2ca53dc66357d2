import type { TapPolicy } from './auth-methods';
import { addAuthMethod, authMethodsOf, setTapPolicy, tapsOf } from './auth-methods';
import { assignmentsOf } from './roles';
import { setPremium, setSignInActivity } from './sign-in-activity';
import type { Directory } from './store';

/**
 * Admin operations for access management: the tenant's Temporary Access Pass policy, the TAPs and
 * directory role assignments a user holds, the tenant's Entra ID P1/P2 licence, and sign-in activity.
 */
export interface AccessAdmin {
	setTapPolicy(patch: Partial<TapPolicy>): TapPolicy;
	temporaryAccessPasses(userId: string): Array<Record<string, unknown>>;
	/** Registers an authentication method (type as in `@odata.type` without the namespace, e.g. `phoneAuthenticationMethod`). */
	addAuthMethod(
		userId: string,
		type: string,
		props?: Record<string, unknown>,
		options?: { isDefault?: boolean },
	): Record<string, unknown>;
	/** A user's methods (TAPs included, the password not): `{ id, type, isDefault }`. */
	authMethods(userId: string): Array<{ id: string; type: string; isDefault: boolean }>;
	roleAssignments(principalId: string): Array<Record<string, unknown>>;
	setPremium(premium: boolean): void;
	/** Days ago of the last interactive and non-interactive sign-in (null: never). */
	setSignInActivity(
		userId: string,
		interactiveDaysAgo: number | null,
		nonInteractiveDaysAgo: number | null,
	): Record<string, unknown>;
}

export function accessAdmin(directory: () => Directory): AccessAdmin {
	return {
		setTapPolicy: (patch) => setTapPolicy(directory(), patch),
		temporaryAccessPasses: (userId) => tapsOf(directory(), userId),
		addAuthMethod: (userId, type, props, options) =>
			addAuthMethod(directory(), userId, type, props, options),
		authMethods: (userId) => authMethodsOf(directory(), userId),
		roleAssignments: (principalId) =>
			assignmentsOf(directory(), principalId) as unknown as Array<Record<string, unknown>>,
		setPremium: (premium) => setPremium(directory(), premium),
		setSignInActivity: (userId, interactive, nonInteractive) =>
			setSignInActivity(directory(), userId, interactive, nonInteractive),
	};
}

/** `/_emulator/access/...`: `POST tap-policy`, `GET taps/{userId}`, `GET role-assignments/{id}`, `POST premium`, `PUT sign-in-activity/{userId}`. */
export function accessHttp(
	admin: AccessAdmin,
	method: string,
	segments: string[],
	body: Record<string, unknown>,
): { status: number; body?: unknown } | undefined {
	const [area, what, id] = segments;
	if (area !== 'access') return undefined;
	if (method === 'POST' && what === 'tap-policy')
		return { status: 200, body: admin.setTapPolicy(body as Partial<TapPolicy>) };
	if (method === 'GET' && what === 'taps' && id)
		return { status: 200, body: admin.temporaryAccessPasses(id) };
	if (method === 'GET' && what === 'methods' && id)
		return { status: 200, body: admin.authMethods(id) };
	if (method === 'POST' && what === 'methods' && id) {
		const { type, isDefault, ...props } = body;
		return {
			status: 201,
			body: admin.addAuthMethod(id, String(type), props, { isDefault: isDefault === true }),
		};
	}
	if (method === 'GET' && what === 'role-assignments' && id)
		return { status: 200, body: admin.roleAssignments(id) };
	if (method === 'POST' && what === 'premium') {
		admin.setPremium(Boolean(body.premium));
		return { status: 200, body: { ok: true } };
	}
	if (method === 'PUT' && what === 'sign-in-activity' && id) {
		const days = (value: unknown) => (value === null || value === undefined ? null : Number(value));
		return {
			status: 200,
			body: admin.setSignInActivity(
				id,
				days(body.interactiveDaysAgo),
				days(body.nonInteractiveDaysAgo),
			),
		};
	}
	return undefined;
}
