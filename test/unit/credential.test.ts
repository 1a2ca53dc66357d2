import {
	DEFAULT_DELEGATED_SCOPES,
	MicrosoftEntraIdOAuth2Api,
} from '../../credentials/MicrosoftEntraIdOAuth2Api.credentials';
import type { HarnessCredentials } from '../harness';
import { resolveCredentialProperties } from '../harness';

const TENANT = 'contoso.onmicrosoft.com';

function resolve(overrides: Partial<HarnessCredentials>) {
	return resolveCredentialProperties({
		grantType: 'authorizationCode',
		cloud: 'global',
		tenantId: TENANT,
		clientId: 'id',
		clientSecret: 'secret',
		...overrides,
	} as HarnessCredentials);
}

// Hosts per cloud: Microsoft Graph "National cloud deployments" page.
const clouds = [
	{
		cloud: 'global',
		login: 'https://login.microsoftonline.com',
		graph: 'https://graph.microsoft.com',
	},
	{
		cloud: 'usGov',
		login: 'https://login.microsoftonline.us',
		graph: 'https://graph.microsoft.us',
	},
	{
		cloud: 'usGovDod',
		login: 'https://login.microsoftonline.us',
		graph: 'https://dod-graph.microsoft.us',
	},
	{
		cloud: 'china',
		login: 'https://login.chinacloudapi.cn',
		graph: 'https://microsoftgraph.chinacloudapi.cn',
	},
];

describe('Microsoft Entra ID OAuth2 credential', () => {
	it("extends n8n's OAuth2 credential", () => {
		const credential = new MicrosoftEntraIdOAuth2Api();
		expect(credential.name).toBe('microsoftEntraIdOAuth2Api');
		expect(credential.extends).toEqual(['oAuth2Api']);
		expect(credential.displayName).toBe('Microsoft Entra ID Admin OAuth2 API');
	});

	// n8n 2.30+ (packages/nodes-base MicrosoftOAuth2Api, @n8n/client-oauth2 resolveClientAuthOptions) reads these names.
	it('offers Client Secret (default) or Certificate, with the private key as a password field', () => {
		const properties = new MicrosoftEntraIdOAuth2Api().properties;
		const field = (name: string) => properties.find((property) => property.name === name);
		expect(field('clientCredentialType')).toMatchObject({
			type: 'options',
			default: 'clientSecret',
		});
		expect(field('clientCredentialType')?.options).toEqual([
			{ name: 'Client Secret', value: 'clientSecret' },
			{ name: 'Certificate', value: 'certificate' },
		]);
		expect(field('clientSecret')).toMatchObject({
			typeOptions: { password: true },
			displayOptions: { show: { clientCredentialType: ['clientSecret'] } },
		});
		for (const name of ['privateKey', 'certificate', 'minimumVersionNotice']) {
			expect(field(name)?.displayOptions).toEqual({
				show: { clientCredentialType: ['certificate'] },
			});
		}
		expect(field('privateKey')?.typeOptions).toMatchObject({ password: true });
		expect(field('minimumVersionNotice')).toMatchObject({ type: 'notice' });
		expect(field('minimumVersionNotice')?.displayName).toMatch(/n8n 2\.30 or later/);
		// Not tied to a grant type: both grants use it.
		expect(field('clientCredentialType')?.displayOptions).toBeUndefined();
		// A saved credential without the field resolves to Client Secret.
		expect(resolve({}).clientCredentialType).toBe('clientSecret');
	});

	describe.each(clouds)('cloud $cloud', ({ cloud, login, graph }) => {
		it('builds the v2.0 authorize and token endpoints from the tenant', () => {
			const data = resolve({ cloud });
			expect(data.authUrl).toBe(`${login}/${TENANT}/oauth2/v2.0/authorize`);
			expect(data.accessTokenUrl).toBe(`${login}/${TENANT}/oauth2/v2.0/token`);
		});

		it('asks for {graph}/.default with client credentials', () => {
			expect(resolve({ cloud, grantType: 'clientCredentials' }).scope).toBe(`${graph}/.default`);
		});

		it('asks for the delegated scopes with offline_access', () => {
			const scopes = String(resolve({ cloud }).scope).split(' ');
			expect(scopes).toContain('offline_access');
			const graphScopes = scopes.filter((scope) => scope !== 'offline_access');
			expect(graphScopes.length).toBe(DEFAULT_DELEGATED_SCOPES.split(' ').length - 1);
			for (const scope of graphScopes) {
				// Outside the global cloud, Graph permissions are qualified with that cloud's Graph host.
				expect(scope).toMatch(
					cloud === 'global'
						? /^[A-Za-z.]+$/
						: new RegExp(`^${graph.replace(/\./g, '\\.')}/[A-Za-z.]+$`),
				);
			}
		});
	});

	it('uses the typed-in URLs of a custom endpoint, ignoring trailing slashes and /v1.0', () => {
		const data = resolve({
			cloud: 'custom',
			grantType: 'clientCredentials',
			graphBaseUrl: 'http://127.0.0.1:8010/v1.0/',
			loginBaseUrl: 'http://127.0.0.1:8011/',
		});
		expect(data.accessTokenUrl).toBe(`http://127.0.0.1:8011/${TENANT}/oauth2/v2.0/token`);
		expect(data.scope).toBe('http://127.0.0.1:8010/.default');
	});

	it('falls back to the Graph base URL for login on a custom endpoint', () => {
		const data = resolve({ cloud: 'custom', graphBaseUrl: 'http://127.0.0.1:8010' });
		expect(data.authUrl).toBe(`http://127.0.0.1:8010/${TENANT}/oauth2/v2.0/authorize`);
	});

	it('keeps user-edited delegated scopes', () => {
		expect(resolve({ delegatedScopes: 'offline_access User.Read.All' }).scope).toBe(
			'offline_access User.Read.All',
		);
	});

	it('tests the connection with a directory read and names the permission on 403', () => {
		const credential = new MicrosoftEntraIdOAuth2Api();
		expect(credential.test.request.url).toBe('/users');
		// n8n resolves a credential test request with only $credentials set, never $self.
		expect(credential.test.request.baseURL).toContain('$credentials.cloud');
		expect(credential.test.request.baseURL).not.toContain('$self');
		const forbidden = credential.test.rules?.find(
			(rule) => 'value' in rule.properties && rule.properties.value === 403,
		);
		expect(forbidden?.properties.message).toContain('User.Read.All');
	});
});
