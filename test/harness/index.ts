/**
 * Test harness: runs this package's nodes through n8n-core's real execution contexts, request
 * helpers and OAuth2 handling, against a local HTTP server (the Graph emulator or a scripted one).
 *
 *   const { output } = await executeNode(node, { resource: 'user', ... }, [{ json: {} }], {
 *     credentials: emulatorCredentials(emulator.url, app, tenantId),
 *   });
 *
 * See run.ts for which n8n code paths each runner follows and credentials.ts for credentials.
 */
import type { HarnessCredentials } from './credentials';

export { clearLogged, loggedLines } from './container';
export type { HarnessCredentials } from './credentials';
export {
	resolveCredentialProperties,
	getCredentialsProperties,
	OAUTH2_API_PROPERTIES,
} from './credentials';
export type { ExecuteOptions, ExecuteResult, PollResult, RunOptions } from './run';
export {
	INPUT_NODE_NAME,
	PACKAGE_NAME,
	executeNode,
	listSearch,
	loadOptions,
	pollNode,
} from './run';
export type { Execution, WebhookCall } from './webhook';
export { WebhookTriggerRunner } from './webhook';

/** App-only credentials for a local emulator: cloud 'custom' with login and Graph on `emulatorUrl`. */
export function emulatorCredentials(
	emulatorUrl: string,
	app: { clientId: string; clientSecret: string },
	tenantId: string,
): HarnessCredentials {
	return {
		grantType: 'clientCredentials',
		cloud: 'custom',
		tenantId,
		graphBaseUrl: emulatorUrl,
		loginBaseUrl: emulatorUrl,
		clientId: app.clientId,
		clientSecret: app.clientSecret,
	};
}
