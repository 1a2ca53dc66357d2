/** Once per `npm run test:e2e`: install the pinned n8n if missing, and build the package into dist/. */
import { buildPackage, ensureN8nInstalled } from '../runtime/lib/n8n';

export default async function globalSetup(): Promise<void> {
	ensureN8nInstalled('n8n');
	if (process.env.E2E_SKIP_BUILD !== '1') buildPackage();
}
