import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { CLOUDS } from '../nodes/shared/cloud';

/** Delegated scopes asked for by default; offline_access makes the identity platform issue a refresh token. */
export const DEFAULT_DELEGATED_SCOPES = [
	'offline_access',
	'User.ReadWrite.All',
	'Group.ReadWrite.All',
	'GroupMember.ReadWrite.All',
	'LicenseAssignment.ReadWrite.All',
	'Organization.Read.All',
	'People.Read.All',
].join(' ');

/** OpenID Connect scopes are not Graph permissions and never get a resource prefix. */
const OIDC_SCOPES = ['offline_access', 'openid', 'profile', 'email'];

/**
 * How an expression refers to the credential's own fields: `$self` inside the credential's
 * properties, `$credentials` in its test request (n8n sets only `$credentials` there).
 */
type Data = '$self' | '$credentials';

/** `<data>.<field>` with a trailing slash removed, for the custom cloud's typed-in URLs. */
function trimmed(field: string, data: Data): string {
	return `(String(${data}.${field} || '').endsWith('/') ? String(${data}.${field}).slice(0, -1) : String(${data}.${field} || ''))`;
}

/** An expression that picks a cloud's host, or the typed-in one for the custom cloud. */
function hostExpression(kind: 'loginBaseUrl' | 'graphBaseUrl', data: Data = '$self'): string {
	const byCloud = (['usGov', 'usGovDod', 'china'] as const)
		.map((cloud) => `${data}.cloud === '${cloud}' ? '${CLOUDS[cloud][kind]}' : `)
		.join('');
	const custom =
		kind === 'graphBaseUrl'
			? `(${trimmed('graphBaseUrl', data)}.toLowerCase().endsWith('/v1.0') ? ${trimmed('graphBaseUrl', data)}.slice(0, -5) : ${trimmed('graphBaseUrl', data)})`
			: `(${trimmed('loginBaseUrl', data)} || ${trimmed('graphBaseUrl', data)})`;
	return `(${data}.cloud === 'custom' ? ${custom} : ${byCloud}'${CLOUDS.global[kind]}')`;
}

const LOGIN = hostExpression('loginBaseUrl');
const GRAPH = hostExpression('graphBaseUrl');

/**
 * App-only tokens ask for `{graph}/.default` (the permissions an admin granted). Delegated scopes are
 * short names; outside the global cloud (and a custom endpoint) each Graph permission is qualified
 * with that cloud's Graph host, as Microsoft's national cloud docs require.
 */
const SCOPE_EXPRESSION =
	`={{ $self.grantType === 'clientCredentials' ? ${GRAPH} + '/.default' : ` +
	`(($self.cloud === 'global' || $self.cloud === 'custom') ? String($self.delegatedScopes || '').trim() : ` +
	`String($self.delegatedScopes || '').split(' ').filter(s => s).map(s => ${JSON.stringify(OIDC_SCOPES).replace(/"/g, "'")}.includes(s) || s.includes('://') ? s : ${GRAPH} + '/' + s).join(' ')) }}`;

export class MicrosoftEntraIdOAuth2Api implements ICredentialType {
	name = 'microsoftEntraIdOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Microsoft Entra ID Admin OAuth2 API';

	icon: Icon = { light: 'file:microsoftEntraId.svg', dark: 'file:microsoftEntraId.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-entra-id/n8n-nodes-entra-id#credentials-register-an-app-in-entra';

	properties: INodeProperties[] = [
		{
			// The Test button's "Client authentication failed (e.g., unknown client, ...)" is the text of
			// n8n's OAuth2 client for the token endpoint's invalid_client: it cannot name the field to fix.
			displayName:
				'If the test says "Client authentication failed (e.g., unknown client, ...)", Microsoft did not accept the Client ID or Client Secret: copy the Application (client) ID and the secret\'s Value (not its Secret ID) from the app registration again, and check that the secret has not expired.',
			name: 'clientAuthNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'options',
			options: [
				{
					name: 'Authorization Code (Delegated, Signed-In User)',
					value: 'authorizationCode',
				},
				{
					name: 'Client Credentials (App-Only)',
					value: 'clientCredentials',
				},
			],
			default: 'authorizationCode',
			description:
				"Delegated: n8n acts as the user who connects the credential, within that user's rights. App-only: n8n acts as the app registration with the application permissions an admin granted.",
		},
		{
			displayName: 'Cloud',
			name: 'cloud',
			type: 'options',
			options: [
				{ name: CLOUDS.global.label, value: 'global' },
				{ name: CLOUDS.usGov.label, value: 'usGov' },
				{ name: CLOUDS.usGovDod.label, value: 'usGovDod' },
				{ name: CLOUDS.china.label, value: 'china' },
				{ name: 'Custom Endpoint (Proxy, Emulator)', value: 'custom' },
			],
			default: 'global',
			description: 'The Microsoft cloud the tenant lives in; login and Graph hosts follow from it',
		},
		{
			displayName: 'Graph Base URL',
			name: 'graphBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:8010',
			required: true,
			displayOptions: { show: { cloud: ['custom'] } },
			description: 'Base URL of the Graph API, without /v1.0',
		},
		{
			displayName: 'Login Base URL',
			name: 'loginBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:8010',
			displayOptions: { show: { cloud: ['custom'] } },
			description:
				'Base URL of the identity platform, without the tenant; empty means the same as the Graph base URL',
		},
		{
			displayName: 'Tenant ID',
			name: 'tenantId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '00000000-0000-0000-0000-000000000000 or contoso.onmicrosoft.com',
			description:
				'Directory (tenant) ID or a verified domain of the tenant. "organizations" or "common" work for the delegated grant only.',
		},
		// n8n 2.30+ reads these four fields (names and values as in its own Microsoft OAuth2 credential) and
		// then signs a client assertion (RS256, x5t) instead of sending a client secret, at the code
		// exchange, the client credentials grant and every refresh. Older n8n ignores them.
		{
			displayName: 'Authentication',
			name: 'clientCredentialType',
			type: 'options',
			options: [
				{ name: 'Client Secret', value: 'clientSecret' },
				{ name: 'Certificate', value: 'certificate' },
			],
			default: 'clientSecret',
			description:
				'How n8n proves it is the app when it gets or refreshes a token. Certificate signs a client assertion with the private key (private_key_jwt) instead of sending a secret.',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { clientCredentialType: ['clientSecret'] } },
			description:
				"The secret's Value (not its ID) from the app registration's Certificates & secrets",
		},
		{
			displayName:
				'Certificate sign-in needs n8n 2.30 or later (n8n signs the client assertion). Earlier versions send no credential and Microsoft answers AADSTS7000218: use a client secret there.',
			name: 'minimumVersionNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { clientCredentialType: ['certificate'] } },
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			default: '',
			required: true,
			displayOptions: { show: { clientCredentialType: ['certificate'] } },
			placeholder: '-----BEGIN PRIVATE KEY-----',
			description:
				'The RSA private key of the certificate, PEM (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----), unencrypted. Pasted on one line is fine. Other key types (EC) are refused: Microsoft accepts RSA only.',
		},
		{
			displayName: 'Certificate',
			name: 'certificate',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			default: '',
			required: true,
			displayOptions: { show: { clientCredentialType: ['certificate'] } },
			placeholder: '-----BEGIN CERTIFICATE-----',
			description:
				"The certificate (PEM, -----BEGIN CERTIFICATE-----) uploaded to the app registration's Certificates & secrets. Its thumbprint tells Microsoft which key checks the signature.",
		},
		{
			displayName: 'Scope',
			name: 'delegatedScopes',
			type: 'string',
			default: DEFAULT_DELEGATED_SCOPES,
			displayOptions: { show: { grantType: ['authorizationCode'] } },
			description:
				'Space-separated delegated permissions. Keep offline_access, or n8n gets no refresh token and the credential stops working after an hour.',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: `={{ ${LOGIN} + '/' + $self.tenantId + '/oauth2/v2.0/authorize' }}`,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `={{ ${LOGIN} + '/' + $self.tenantId + '/oauth2/v2.0/token' }}`,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: SCOPE_EXPRESSION,
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: 'response_mode=query',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
		// n8n's generic OAuth2 fields that Microsoft's token endpoint has no use for: fixed and hidden.
		{
			displayName: 'Send Additional Body Properties',
			name: 'sendAdditionalBodyProperties',
			type: 'hidden',
			default: false,
		},
		{
			displayName: 'Additional Body Properties',
			name: 'additionalBodyProperties',
			type: 'hidden',
			default: '',
		},
		// Used in n8n's HTTP Request node (the "Custom API Call"), the token goes to the Graph host only,
		// as in this package's nodes. Defining these fields keeps n8n from adding its editable ones.
		{
			displayName: 'Allowed HTTP Request Domains',
			name: 'allowedHttpRequestDomains',
			type: 'hidden',
			default: 'domains',
		},
		{
			displayName: 'Allowed Domains',
			name: 'allowedDomains',
			type: 'hidden',
			default: `={{ ${GRAPH}.split('://').pop().split('/')[0].split(':')[0] }}`,
		},
	];

	/** Reads one user: proves the token works for a directory read (User.Read.All or more). */
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ ${hostExpression('graphBaseUrl', '$credentials')} + '/v1.0' }}`,
			url: '/users',
			qs: { $top: 1, $select: 'id' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The token works but Microsoft Graph denied reading users: grant User.Read.All (or User.ReadWrite.All) to the app registration and give admin consent',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Microsoft Graph rejected the token: check the tenant, client ID, client secret or certificate, and cloud',
				},
			},
		],
	};
}
