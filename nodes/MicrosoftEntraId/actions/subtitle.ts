/*
 * The action node's subtitle on the canvas: the chosen operation's action text ("Create a user"), by
 * resource and operation. A unit test keeps this table equal to the operation pickers' actions; the
 * expression falls back to the operation's value for a pair the table does not know.
 */

/** Action text by resource, then operation (the same texts as the operation pickers' `action`). */
export const ACTION_TEXTS: Record<string, Record<string, string>> = {
	application: {
		addCertificate: 'Add a certificate to the application',
		addSecret: 'Add a secret to the application',
		getAll: 'Get many applications',
		getExpiringCredentials: 'Get expiring credentials of applications',
		removeCertificate: 'Remove a certificate from the application',
		removeSecret: 'Remove a secret from the application',
	},
	authenticationMethod: {
		createTemporaryAccessPass: 'Create a temporary access pass for a user',
		delete: 'Delete an authentication method of a user',
		deleteTemporaryAccessPass: 'Delete a temporary access pass of a user',
		getAll: 'Get many authentication methods of a user',
		getTemporaryAccessPasses: 'Get temporary access passes of a user',
		resetMfa: 'Reset MFA of a user',
	},
	deletedItem: {
		deletePermanently: 'Delete a deleted item permanently',
		get: 'Get a deleted item',
		getAll: 'Get many deleted items',
		restore: 'Restore a deleted item',
	},
	directoryRole: {
		assignToUser: 'Assign a directory role to a user',
		getRoleDefinitions: 'Get the directory role definitions',
		getUserAssignments: 'Get the directory role assignments of a user',
		removeFromUser: 'Remove a directory role from a user',
	},
	group: {
		addMembers: 'Add members to a group',
		addOwner: 'Add an owner to a group',
		create: 'Create a group',
		delete: 'Delete a group',
		get: 'Get a group',
		getAll: 'Get many groups',
		getMembers: 'Get members of a group',
		getOwners: 'Get owners of a group',
		getTransitiveMembers: 'Get transitive members of a group',
		removeMember: 'Remove a member from a group',
		removeOwner: 'Remove an owner from a group',
		update: 'Update a group',
	},
	guest: {
		invite: 'Invite a guest',
		resendInvitation: 'Resend invitation to a guest',
	},
	license: {
		addOrRemove: 'Add or remove licenses of a user',
		getAvailable: 'Get available licenses',
		getUserLicenses: 'Get licenses of a user',
		removeAll: 'Remove all licenses of a user',
	},
	user: {
		addToGroup: 'Add a user to a group',
		checkGroupMembership: 'Check group membership of a user',
		create: 'Create a user',
		delete: 'Delete a user',
		disable: 'Disable a user',
		enable: 'Enable a user',
		get: 'Get a user',
		getAll: 'Get many users',
		getDirectReports: 'Get direct reports of a user',
		getGroups: 'Get groups of a user',
		getManager: 'Get the manager of a user',
		getManagerChain: 'Get manager chain of a user',
		getMemberGroupIds: 'Get member groups of a user',
		removeFromAllGroups: 'Remove a user from all groups',
		removeFromGroup: 'Remove a user from a group',
		removeManager: 'Remove the manager of a user',
		revokeSignInSessions: 'Revoke sessions of a user',
		setManager: 'Set the manager of a user',
		update: 'Update a user',
	},
};

/** `{"resource:operation": "action text", ...}`, the lookup table inside the expression. */
function lookupTable(): Record<string, string> {
	const table: Record<string, string> = {};
	for (const [resource, operations] of Object.entries(ACTION_TEXTS)) {
		for (const [operation, text] of Object.entries(operations))
			table[`${resource}:${operation}`] = text;
	}
	return table;
}

/** The lookup key in the expression: "resource:operation" of the node's parameters. */
const PAIR = '$parameter["resource"] + ":" + $parameter["operation"]';

/** The n8n expression the canvas evaluates on the node's parameters. */
export const SUBTITLE = `={{ (${JSON.stringify(lookupTable())})[${PAIR}] || $parameter["operation"] }}`;
