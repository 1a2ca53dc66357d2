import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { requestOptions } from './common.descriptions';
import { resources } from './resources';

/*
 * The action node's description, apart from its class (as n8n's versioned V2 nodes keep it), so that
 * a later node version only adds a version number here or a second description next to this one.
 * The node's identity (name, display name, icon, group, usableAsTool) stays in MicrosoftEntraId.node.ts,
 * where n8n's community package scanner reads it (it also looks for a subtitle there).
 */

export const versionDescription: Omit<INodeTypeDescription, 'displayName' | 'name' | 'icon' | 'group' | 'usableAsTool'> = {
	// 1.1: outputs without OData annotations (helpers/output.ts); version 1 nodes keep theirs.
	// 1.2: one set of listing parameters (actions/listing.ts); earlier nodes keep theirs.
	version: [1, 1.1, 1.2],
	defaultVersion: 1.2,
	// The chosen operation's action text ("Create a user"), by resource and operation; a unit test
	// keeps this table equal to the operation pickers' actions (a literal: n8n's lint wants one).
	subtitle:
		'={{ ({"application:addCertificate":"Add a certificate to the application","application:addSecret":"Add a secret to the application","application:getAll":"Get many applications","application:getExpiringCredentials":"Get expiring credentials of applications","application:removeCertificate":"Remove a certificate from the application","application:removeSecret":"Remove a secret from the application","authenticationMethod:createTemporaryAccessPass":"Create a temporary access pass for a user","authenticationMethod:deleteTemporaryAccessPass":"Delete a temporary access pass of a user","authenticationMethod:getTemporaryAccessPasses":"Get temporary access passes of a user","deletedItem:deletePermanently":"Delete a deleted item permanently","deletedItem:get":"Get a deleted item","deletedItem:getAll":"Get many deleted items","deletedItem:restore":"Restore a deleted item","directoryRole:assignToUser":"Assign a directory role to a user","directoryRole:getRoleDefinitions":"Get the directory role definitions","directoryRole:getUserAssignments":"Get the directory role assignments of a user","directoryRole:removeFromUser":"Remove a directory role from a user","group:addMembers":"Add members to a group","group:addOwner":"Add an owner to a group","group:create":"Create a group","group:delete":"Delete a group","group:get":"Get a group","group:getAll":"Get many groups","group:getMembers":"Get members of a group","group:getOwners":"Get owners of a group","group:getTransitiveMembers":"Get transitive members of a group","group:removeMember":"Remove a member from a group","group:removeOwner":"Remove an owner from a group","group:update":"Update a group","guest:invite":"Invite a guest","guest:resendInvitation":"Resend invitation to a guest","license:addOrRemove":"Add or remove licenses of a user","license:getAvailable":"Get available licenses","license:getUserLicenses":"Get licenses of a user","user:addToGroup":"Add a user to a group","user:checkGroupMembership":"Check group membership of a user","user:create":"Create a user","user:delete":"Delete a user","user:disable":"Disable a user","user:enable":"Enable a user","user:get":"Get a user","user:getAll":"Get many users","user:getDirectReports":"Get direct reports of a user","user:getGroups":"Get groups of a user","user:getManager":"Get the manager of a user","user:getManagerChain":"Get manager chain of a user","user:getMemberGroupIds":"Get member groups of a user","user:removeFromGroup":"Remove a user from a group","user:removeManager":"Remove the manager of a user","user:revokeSignInSessions":"Revoke sessions of a user","user:setManager":"Set the manager of a user","user:update":"Update a user"})[$parameter["resource"] + ":" + $parameter["operation"]] || $parameter["operation"] }}',
	description: 'Users, groups, memberships and licenses in Microsoft Entra ID (Azure AD), in bulk (community node)',
	defaults: { name: 'Entra ID Admin' },
	// n8n's "Docs" link: used as is (the codex URL gets query parameters appended after its #anchor)
	documentationUrl: 'https://github.com/n8n-nodes-entra-id/n8n-nodes-entra-id#operations-and-triggers',
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: 'microsoftEntraIdOAuth2Api', required: true }],
	properties: [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Application', value: 'application' },
				{ name: 'Authentication Method', value: 'authenticationMethod' },
				{ name: 'Deleted Item', value: 'deletedItem' },
				{ name: 'Directory Role', value: 'directoryRole' },
				{ name: 'Group', value: 'group' },
				{ name: 'Guest', value: 'guest' },
				{ name: 'License', value: 'license' },
				{ name: 'User', value: 'user' },
			],
			default: 'user',
		},
		...Object.values(resources).flatMap((resource) => resource.description),
		requestOptions,
	],
};
