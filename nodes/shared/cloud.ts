/**
 * Microsoft's national clouds: each has its own login (identity platform) host and Graph host.
 * A token from one cloud is not accepted by another, so both hosts always come from the same row.
 * Source: Microsoft Graph "National cloud deployments" documentation.
 */
export type CloudName = 'global' | 'usGov' | 'usGovDod' | 'china' | 'custom';

export interface CloudEndpoints {
	loginBaseUrl: string;
	graphBaseUrl: string;
}

export const CLOUDS: Record<Exclude<CloudName, 'custom'>, CloudEndpoints & { label: string }> = {
	global: {
		label: 'Global (and GCC)',
		loginBaseUrl: 'https://login.microsoftonline.com',
		graphBaseUrl: 'https://graph.microsoft.com',
	},
	usGov: {
		label: 'US Government L4 (GCC High)',
		loginBaseUrl: 'https://login.microsoftonline.us',
		graphBaseUrl: 'https://graph.microsoft.us',
	},
	usGovDod: {
		label: 'US Government L5 (DoD)',
		loginBaseUrl: 'https://login.microsoftonline.us',
		graphBaseUrl: 'https://dod-graph.microsoft.us',
	},
	china: {
		label: 'China (operated by 21Vianet)',
		loginBaseUrl: 'https://login.chinacloudapi.cn',
		graphBaseUrl: 'https://microsoftgraph.chinacloudapi.cn',
	},
};

export const GRAPH_API_VERSION = 'v1.0';

/** Drops trailing slashes and a trailing "/v1.0" that users often paste with the base URL. */
export function normalizeBaseUrl(url: string): string {
	let base = url.trim();
	while (base.endsWith('/')) base = base.slice(0, -1);
	if (base.toLowerCase().endsWith(`/${GRAPH_API_VERSION}`)) {
		base = base.slice(0, -(GRAPH_API_VERSION.length + 1));
	}
	return base;
}

/** The Graph and login base URLs (no trailing slash) for a credential's cloud settings. */
export function resolveCloud(
	cloud: string | undefined,
	custom: { graphBaseUrl?: unknown; loginBaseUrl?: unknown } = {},
): CloudEndpoints {
	if (cloud === 'custom') {
		const graphBaseUrl = typeof custom.graphBaseUrl === 'string' ? custom.graphBaseUrl : '';
		const loginBaseUrl = typeof custom.loginBaseUrl === 'string' ? custom.loginBaseUrl : '';
		if (!graphBaseUrl)
			throw new Error('The credential uses a custom cloud but has no Graph base URL');
		return {
			graphBaseUrl: normalizeBaseUrl(graphBaseUrl),
			loginBaseUrl: normalizeBaseUrl(loginBaseUrl || graphBaseUrl),
		};
	}
	const known = CLOUDS[(cloud ?? 'global') as keyof typeof CLOUDS] ?? CLOUDS.global;
	return { graphBaseUrl: known.graphBaseUrl, loginBaseUrl: known.loginBaseUrl };
}
