/// <reference lib="dom" />
/**
 * A headless Chromium (Debian's `chromium`, driven by puppeteer-core) on n8n's editor, for the browser
 * suite: finds or installs the browser, signs in, and collects what a user would notice (console
 * errors, error toasts). Selectors are n8n's `data-test-id` attributes and visible texts, which
 * n8n 2.8 and 2.41 share.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import puppeteer from 'puppeteer-core';

import { REPO_ROOT } from '../runtime/lib/n8n';

/** Screenshots of a run (ignored by git). */
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test', 'e2e', 'artifacts');
/** The README's screenshots, rewritten by the suite when E2E_README_SCREENSHOTS=1. */
export const README_SCREENSHOTS_DIR = path.join(REPO_ROOT, 'docs', 'screenshots');

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Debian's chromium, installed with apt-get when missing (as root; other installs may hold the lock). */
export function ensureChromium(): string {
	const configured = process.env.E2E_CHROMIUM;
	if (configured) return configured;
	const found = CANDIDATES.find((candidate) => fs.existsSync(candidate));
	if (found) return found;
	process.stderr.write("[browser] installing Debian's chromium (apt-get)...\n");
	const lock = ['-o', 'DPkg::Lock::Timeout=900'];
	for (const args of [
		[...lock, 'update'],
		[...lock, 'install', '-y', '--no-install-recommends', 'chromium'],
	]) {
		const result = spawnSync('apt-get', args, {
			stdio: ['ignore', 'ignore', 'inherit'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		if (result.status !== 0)
			throw new Error(
				`apt-get ${args.slice(2).join(' ')} failed (${result.status}): install chromium or set E2E_CHROMIUM`,
			);
	}
	const installed = CANDIDATES.find((candidate) => fs.existsSync(candidate));
	if (!installed) throw new Error('chromium is not in /usr/bin after apt-get install');
	return installed;
}

export interface Session {
	browser: Browser;
	page: Page;
	/** Console errors of the page, as printed. */
	consoleErrors: string[];
	/** Texts of error toasts seen so far. */
	errorToasts: string[];
	userDataDir: string;
	close(): Promise<void>;
}

/** Starts Chromium with this machine's flags (no network beyond loopback, a fresh profile). */
export async function openBrowser(): Promise<Session> {
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-e2e-chromium-'));
	const browser = await puppeteer.launch({
		executablePath: ensureChromium(),
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage',
			`--user-data-dir=${userDataDir}`,
		],
		defaultViewport: { width: 1440, height: 900 },
	});
	const page = await browser.newPage();
	page.setDefaultTimeout(90_000);
	const session: Session = {
		browser,
		page,
		consoleErrors: [],
		errorToasts: [],
		userDataDir,
		close: async () => {
			await browser.close();
			fs.rmSync(userDataDir, { recursive: true, force: true });
		},
	};
	page.on('console', (message) => {
		if (message.type() === 'error') session.consoleErrors.push(message.text());
	});
	page.on('pageerror', (error) => session.consoleErrors.push(String(error)));
	return session;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function signIn(
	page: Page,
	url: string,
	email: string,
	password: string,
): Promise<void> {
	await page.goto(`${url}/signin`, { waitUntil: 'networkidle2' });
	const emailInput = await page.waitForSelector(
		'input[name="emailOrLdapLoginId"], input[name="email"]',
	);
	await emailInput!.type(email);
	await page.type('input[name="password"]', password);
	await page.click('[data-test-id="form-submit-button"]');
	await page.waitForFunction(() => !location.pathname.startsWith('/signin'));
}

/** Texts of the error toasts on screen (n8n's toasts are element-plus notifications). */
export async function visibleErrorToasts(page: Page): Promise<string[]> {
	return await page.$$eval('.el-notification', (toasts) =>
		toasts
			.filter((toast) => /error/.test(toast.className) || !!toast.querySelector('[class*="error"]'))
			.map((toast) => (toast as HTMLElement).innerText.trim()),
	);
}

/** Records error toasts into the session, then closes every toast. */
export async function collectToasts(session: Session): Promise<void> {
	session.errorToasts.push(...(await visibleErrorToasts(session.page)));
	await session.page.$$eval('.el-notification .el-notification__closeBtn', (buttons) =>
		buttons.forEach((button) => (button as HTMLElement).click()),
	);
}

export async function screenshot(page: Page, name: string): Promise<string> {
	fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
	const file = path.join(ARTIFACTS_DIR, `${name}.png`);
	await page.screenshot({ path: file });
	if (process.env.E2E_README_SCREENSHOTS === '1' && README_NAMES.has(name)) {
		fs.mkdirSync(README_SCREENSHOTS_DIR, { recursive: true });
		fs.copyFileSync(file, path.join(README_SCREENSHOTS_DIR, `${name}.png`));
	}
	return file;
}

/** The screenshots the README shows. */
export const README_NAMES = new Set([
	'workflow',
	'operations',
	'trigger-events',
	'nodes-panel-triggers',
]);

export async function textOf(element: ElementHandle | null): Promise<string> {
	if (!element) return '';
	return await element.evaluate((node) => (node as HTMLElement).innerText ?? '');
}

/** The canvas node with this name. */
export function canvasNode(name: string): string {
	return `[data-test-id="canvas-node"][data-node-name="${name}"]`;
}

/** Opens a node's settings (NDV) by double-clicking it on the canvas. */
export async function openNode(page: Page, name: string): Promise<ElementHandle> {
	const node = await page.waitForSelector(canvasNode(name));
	await node!.click({ count: 2 });
	return (await page.waitForSelector('[data-test-id="ndv"]', { visible: true }))!;
}

export async function closeNode(page: Page): Promise<void> {
	await page.keyboard.press('Escape');
	await page.waitForSelector('[data-test-id="ndv"]', { hidden: true }).catch(() => undefined);
	await sleep(300);
}

/** The visible options of the dropdown open now (element-plus select), polled until some show. */
export async function openOptions(page: Page, timeoutMs = 30_000): Promise<string[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const options = await page.$$eval('.el-select-dropdown__item, [role="option"]', (items) =>
			items
				.filter((item) => (item as HTMLElement).offsetParent !== null)
				.map((item) => (item as HTMLElement).innerText.trim().split('\n')[0]),
		);
		if (options.length || Date.now() > deadline) return [...new Set(options)];
		await sleep(300);
	}
}

/** Clicks a parameter's input (resource, operation, event...) to open its dropdown; returns the options. */
export async function dropdownOf(page: Page, parameter: string): Promise<string[]> {
	await page.click(`[data-test-id="parameter-input-${parameter}"]`);
	return await openOptions(page);
}

/** The "Docs" link of the open node or credential dialog. */
export async function docsLinks(page: Page, within: string): Promise<string[]> {
	return await page.$$eval(`${within} a[href*="n8n-nodes-entra-id"]`, (links) =>
		links.map((link) => (link as HTMLAnchorElement).href),
	);
}

/** Waits until `check` holds in the page, polling. */
export async function waitForText(
	page: Page,
	selector: string,
	pattern: RegExp,
	timeoutMs = 90_000,
): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	while (Date.now() < deadline) {
		last = await textOf(await page.$(selector));
		if (pattern.test(last)) return last;
		await sleep(500);
	}
	throw new Error(
		`timed out waiting for ${pattern} in ${selector}; last text: ${last.slice(0, 500)}`,
	);
}
