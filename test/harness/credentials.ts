/**
 * Credentials as n8n's CredentialsHelper (packages/cli/src/credentials-helper.ts) serves them to
 * n8n-core: the stored data of the credential, defaults applied from the credential type and its
 * parent `oAuth2Api`, hidden expression properties resolved with `$self` = the credential data.
 * Storage is in memory; `updateCredentialsOauthTokenData` (called by n8n-core's requestOAuth2 after
 * fetching or refreshing a token) writes the token back and counts the updates.
 */
import { getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsEncrypted,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IDataObject,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentials, ICredentialsHelper, NodeHelpers, Workflow, deepCopy } from 'n8n-workflow';

import { MicrosoftEntraIdOAuth2Api } from '../../credentials/MicrosoftEntraIdOAuth2Api.credentials';

/** The stored (decrypted) data of a Microsoft Entra ID credential, as a user would fill it in. */
export interface HarnessCredentials {
	grantType: 'clientCredentials' | 'authorizationCode';
	cloud: string;
	tenantId: string;
	graphBaseUrl?: string;
	loginBaseUrl?: string;
	clientId: string;
	clientSecret: string;
	/** 'certificate': n8n 2.30+ signs a client assertion with privateKey/certificate instead of the secret. */
	clientCredentialType?: 'clientSecret' | 'certificate';
	privateKey?: string;
	certificate?: string;
	delegatedScopes?: string;
	/** The token n8n stored: the raw token endpoint response (`access_token`, `refresh_token`, ...). */
	oauthTokenData?: IDataObject;
}

/**
 * n8n-nodes-base's `oAuth2Api` credential properties (credentials/OAuth2Api.credentials.ts of
 * n8n-nodes-base 2.8.1), copied because n8n-nodes-base is not a dependency of this package.
 * harness.test.ts compares this copy with n8n 2.8.4's when test/runtime/n8n-2.8 is installed.
 */
export const OAUTH2_API_PROPERTIES: INodeProperties[] = [
	{
		displayName: 'Use Dynamic Client Registration',
		name: 'useDynamicClientRegistration',
		type: 'hidden',
		default: false,
	},
	{
		displayName: 'Grant Type',
		name: 'grantType',
		type: 'options',
		displayOptions: { show: { useDynamicClientRegistration: [false] } },
		options: [
			{ name: 'Authorization Code', value: 'authorizationCode' },
			{ name: 'Client Credentials', value: 'clientCredentials' },
			{ name: 'PKCE', value: 'pkce' },
		],
		default: 'authorizationCode',
	},
	{
		displayName: 'Server URL',
		name: 'serverUrl',
		type: 'string',
		displayOptions: { show: { useDynamicClientRegistration: [true] } },
		default: '',
		required: true,
	},
	{
		displayName: 'Authorization URL',
		name: 'authUrl',
		type: 'string',
		displayOptions: {
			show: { grantType: ['authorizationCode', 'pkce'], useDynamicClientRegistration: [false] },
		},
		default: '',
		required: true,
	},
	{
		displayName: 'Access Token URL',
		name: 'accessTokenUrl',
		type: 'string',
		displayOptions: { show: { useDynamicClientRegistration: [false] } },
		default: '',
		required: true,
	},
	{
		displayName: 'Client ID',
		name: 'clientId',
		type: 'string',
		displayOptions: { show: { useDynamicClientRegistration: [false] } },
		default: '',
		required: true,
	},
	{
		displayName: 'Client Secret',
		name: 'clientSecret',
		type: 'string',
		displayOptions: { show: { useDynamicClientRegistration: [false] } },
		typeOptions: { password: true },
		default: '',
		required: true,
	},
	{
		displayName: 'Scope',
		name: 'scope',
		type: 'string',
		displayOptions: { show: { useDynamicClientRegistration: [false] } },
		default: '',
	},
	{
		displayName: 'Auth URI Query Parameters',
		name: 'authQueryParameters',
		type: 'string',
		displayOptions: {
			show: { grantType: ['authorizationCode', 'pkce'], useDynamicClientRegistration: [false] },
		},
		default: '',
		description:
			'For some services additional query parameters have to be set which can be defined here',
		placeholder: 'access_type=offline',
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		displayOptions: { show: { useDynamicClientRegistration: [false] } },
		options: [
			{ name: 'Body', value: 'body', description: 'Send credentials in body' },
			{ name: 'Header', value: 'header', description: 'Send credentials as Basic Auth header' },
		],
		default: 'header',
	},
	{
		displayName: 'Send Additional Body Properties',
		name: 'sendAdditionalBodyProperties',
		type: 'boolean',
		default: false,
		displayOptions: {
			show: {
				grantType: ['clientCredentials'],
				authentication: ['body'],
				useDynamicClientRegistration: [false],
			},
		},
	},
	{
		displayName: 'Additional Body Properties',
		name: 'additionalBodyProperties',
		type: 'json',
		typeOptions: { rows: 5 },
		displayOptions: {
			show: {
				grantType: ['clientCredentials'],
				authentication: ['body'],
				sendAdditionalBodyProperties: [true],
				useDynamicClientRegistration: [false],
			},
		},
		default: '',
	},
	{
		displayName: 'Ignore SSL Issues (Insecure)',
		name: 'ignoreSSLIssues',
		type: 'boolean',
		default: false,
		doNotInherit: true,
	},
];

const oAuth2Api: ICredentialType = {
	name: 'oAuth2Api',
	displayName: 'OAuth2 API',
	documentationUrl: 'httprequest',
	genericAuth: true,
	properties: OAUTH2_API_PROPERTIES,
};

/** The credential types the harness knows: ours and the parent it extends. */
const CREDENTIAL_TYPES: Record<string, ICredentialType> = {
	oAuth2Api,
	microsoftEntraIdOAuth2Api: new MicrosoftEntraIdOAuth2Api(),
};

export const CREDENTIAL_TYPE = 'microsoftEntraIdOAuth2Api';

function credentialType(name: string): ICredentialType {
	const type = CREDENTIAL_TYPES[name];
	if (!type) throw new Error(`The test harness does not know the credential type "${name}"`);
	return type;
}

/** All ancestors of a credential type, nearest first (n8n's CredentialTypes.getParentTypes). */
export function getParentTypes(name: string): string[] {
	const parents = credentialType(name).extends ?? [];
	return parents.flatMap((parent) => [parent, ...getParentTypes(parent)]);
}

/** The type's properties merged over its parents' (CredentialsHelper.getCredentialsProperties). */
export function getCredentialsProperties(name: string): INodeProperties[] {
	const type = credentialType(name);
	if (type.extends === undefined) {
		if (name === 'oAuth2Api') {
			return [
				...type.properties,
				{
					displayName: 'oauthTokenData',
					name: 'oauthTokenData',
					type: 'json',
					required: false,
					default: {},
				},
			];
		}
		return type.properties;
	}
	const combined: INodeProperties[] = [];
	for (const parent of type.extends) {
		NodeHelpers.mergeNodeProperties(combined, getCredentialsProperties(parent));
	}
	NodeHelpers.mergeNodeProperties(combined, type.properties);
	return combined;
}

/** The credential as stored: the harness fields without the ones left undefined. */
function storedData(data: HarnessCredentials): ICredentialDataDecryptedObject {
	const stored: ICredentialDataDecryptedObject = {};
	for (const [key, value] of Object.entries(data)) {
		if (value !== undefined)
			stored[key] = deepCopy(value) as ICredentialDataDecryptedObject[string];
	}
	return stored;
}

/** CredentialsHelper's mock workflow for resolving credential expressions outside an execution. */
const mockNode: INode = {
	id: 'mock',
	name: '',
	typeVersion: 1,
	type: 'mock',
	position: [0, 0],
	parameters: {},
};

const mockNodeType: INodeType = {
	description: {
		displayName: 'Mock',
		name: 'mock',
		group: [],
		version: 1,
		description: '',
		defaults: {},
		inputs: [],
		outputs: [],
		properties: [],
	},
};

const mockNodeTypes: INodeTypes = {
	getKnownTypes: () => ({}),
	getByName: (name) => {
		if (name !== 'mock') throw new Error(`Unknown node type "${name}"`);
		return mockNodeType;
	},
	getByNameAndVersion: (name, version) =>
		NodeHelpers.getVersionedNodeType(mockNodeTypes.getByName(name), version),
};

/** The additionalData fields getAdditionalKeys reads when a credential is resolved outside a run. */
const standaloneAdditionalData = {
	webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
	formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
	variables: {},
} as unknown as IWorkflowExecuteAdditionalData;

/**
 * CredentialsHelper.applyDefaultsAndOverwrites without overwrites or external secrets: applies the
 * defaults of the type and its parents (dropping fields whose displayOptions hide them), keeps
 * oauthTokenData, then resolves expressions with `$self` = the data.
 */
function applyDefaultsAndResolve(
	original: ICredentialDataDecryptedObject,
	type: string,
	mode: WorkflowExecuteMode,
	additionalData: IWorkflowExecuteAdditionalData,
	executeData?: IExecuteData,
	resolveValues?: ICredentialsExpressionResolveValues,
): ICredentialDataDecryptedObject {
	const properties = getCredentialsProperties(type);
	// Credential data is stored and resolved as node parameters (CredentialsHelper does the same).
	const values = original as INodeParameters;
	let data = NodeHelpers.getNodeParameters(
		properties,
		values,
		true,
		false,
		null,
		null,
	) as INodeParameters;
	if (values.oauthTokenData !== undefined) data.oauthTokenData = values.oauthTokenData;
	const additionalKeys = getAdditionalKeys(additionalData, mode, null, { secretsEnabled: false });
	try {
		if (resolveValues) {
			data = resolveValues.workflow.expression.getParameterValue(
				data,
				resolveValues.runExecutionData,
				resolveValues.runIndex,
				resolveValues.itemIndex,
				resolveValues.node.name,
				resolveValues.connectionInputData,
				mode,
				additionalKeys,
				executeData,
				false,
				data,
			) as INodeParameters;
		} else {
			const workflow = new Workflow({
				nodes: [mockNode],
				connections: {},
				active: false,
				nodeTypes: mockNodeTypes,
			});
			data = workflow.expression.getComplexParameterValue(
				mockNode,
				data,
				mode,
				additionalKeys,
				undefined,
				undefined,
				data,
			) as INodeParameters;
		}
	} catch (error) {
		if (error instanceof Error) error.message += ' [Error resolving credentials]';
		throw error;
	}
	return data as ICredentialDataDecryptedObject;
}

/**
 * The credential data n8n-core receives from `getCredentials('microsoftEntraIdOAuth2Api')`: defaults
 * from the credential type and oAuth2Api applied, hidden expressions (authUrl, accessTokenUrl, scope,
 * ...) resolved with `$self` = the credential data, exactly as n8n's CredentialsHelper does.
 */
export function resolveCredentialProperties(data: HarnessCredentials): IDataObject {
	return applyDefaultsAndResolve(
		storedData(data),
		CREDENTIAL_TYPE,
		'internal',
		standaloneAdditionalData,
	);
}

/** The harness's "database row" of the one credential a run uses. */
export class CredentialStore {
	readonly id = 'harness-credential-1';
	readonly name = 'Microsoft Entra ID (harness)';
	/** How often n8n-core saved a new token (fetch for client credentials, refresh after a 401). */
	tokenUpdates = 0;
	private data: ICredentialDataDecryptedObject;

	constructor(credentials: HarnessCredentials) {
		this.data = storedData(credentials);
	}

	get details(): INodeCredentialsDetails {
		return { id: this.id, name: this.name };
	}

	/** A fresh copy per read, like decrypting the row again. */
	read(): ICredentialDataDecryptedObject {
		return deepCopy(this.data);
	}

	write(data: ICredentialDataDecryptedObject): void {
		this.data = deepCopy(data);
	}

	/** The stored data in the harness's shape, including the latest oauthTokenData. */
	snapshot(): HarnessCredentials {
		return deepCopy(this.data) as unknown as HarnessCredentials;
	}
}

class MemoryCredentials extends ICredentials {
	constructor(
		details: INodeCredentialsDetails,
		type: string,
		private readonly store: CredentialStore,
	) {
		super(details, type);
	}

	getData(): ICredentialDataDecryptedObject {
		return this.store.read();
	}

	getDataToSave(): ICredentialsEncrypted {
		return {
			id: this.id,
			name: this.name,
			type: this.type,
			data: JSON.stringify(this.store.read()),
		};
	}

	setData(data: ICredentialDataDecryptedObject): void {
		this.store.write(data);
	}
}

/** An in-memory ICredentialsHelper serving one credential of our type. */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly store: CredentialStore) {
		super();
	}

	getParentTypes(name: string): string[] {
		return getParentTypes(name);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return getCredentialsProperties(type);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		// OAuth2 types never get here (n8n-core signs their requests itself); ours has no `authenticate`.
		if (credentialType(typeName).authenticate) {
			throw new Error(`The test harness does not implement "authenticate" of ${typeName}`);
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		_node: INode,
		_credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		this.check(nodeCredentials, type);
		return new MemoryCredentials(this.store.details, type, this.store);
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		this.check(nodeCredentials, type);
		const original = this.store.read();
		if (raw === true) return original;
		return applyDefaultsAndResolve(
			original,
			type,
			mode,
			additionalData,
			executeData,
			expressionResolveValues,
		);
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.check(nodeCredentials, type);
		this.store.write(data);
	}

	/** n8n-core passes the whole resolved data; n8n saves only its oauthTokenData into the row. */
	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.check(nodeCredentials, type);
		const stored = this.store.read();
		stored.oauthTokenData = deepCopy(data.oauthTokenData);
		this.store.write(stored);
		this.store.tokenUpdates += 1;
	}

	private check(nodeCredentials: INodeCredentialsDetails, type: string): void {
		if (type !== CREDENTIAL_TYPE || nodeCredentials.id !== this.store.id) {
			throw new Error(
				`The test harness holds no credential ${nodeCredentials.id ?? '?'} of type "${type}"`,
			);
		}
	}
}
