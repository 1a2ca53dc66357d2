/** Removes this run's scratch folder (n8n user folders, sqlite files) unless E2E_KEEP=1. */
import * as fs from 'fs';

export default async function globalTeardown(): Promise<void> {
	const dir = process.env.E2E_RUN_DIR;
	if (dir && process.env.E2E_KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
}
