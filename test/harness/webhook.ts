/**
 * Runs a webhook trigger node the way n8n does, through n8n-core's HookContext and WebhookContext,
 * behind a real HTTP server on 127.0.0.1 (so the Graph emulator's validation handshake and
 * notifications reach it):
 *
 * - activate(): `checkExists`, then `create` when it answers false (WebhookService.createWebhookIfNotExists);
 *   static data is then saved (ActiveWorkflowManager.addWebhooks);
 * - deactivate(): `delete`, then static data is saved (clearWebhooks);
 * - every POST: a fresh Workflow whose static data is the saved copy (LiveWebhooks loads the workflow
 *   from the database per request), the node's `webhook()` in a WebhookContext with the request and
 *   response, then static data saved when it changed (LiveWebhooks' response callback), and an
 *   execution recorded when `workflowData` came back;
 * - restart(): n8n stops at once: calls and hooks still running never save nor start an execution
 *   (the node's process memory is the test's to forget, e.g. with the instant trigger's forgetAll).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { HookContext, WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IWebhookData,
	WorkflowActivateMode,
} from 'n8n-workflow';
import { Workflow, deepCopy } from 'n8n-workflow';

import type { HarnessCredentials } from './credentials';
import type { Setup } from './run';
import { setup } from './run';

const WORKFLOW_ID = 'harness-webhook-workflow';

export interface Execution {
	items: INodeExecutionData[];
	/** Real time at which n8n would have started the execution. */
	at: number;
}

export interface WebhookCall {
	status: number;
	body: string;
	started: boolean;
	durationMs: number;
	/** Milliseconds until the response was finished (what Graph waits for). */
	answeredMs: number;
}

export class WebhookTriggerRunner {
	/** The node's static data as the database holds it. */
	persisted: IDataObject = {};
	executions: Execution[] = [];
	calls: WebhookCall[] = [];
	credentials: HarnessCredentials;
	private server: Server | undefined;
	private base = '';
	private readonly inFlight = new Set<Promise<void>>();
	/** Counts restarts: work begun before one is that of a process that no longer exists. */
	private epoch = 0;
	/**
	 * Which node instance answers a webhook call; by default the one hooks run on. Queue mode with
	 * several webhook processes: instances loaded in separate module registries (jest.isolateModules)
	 * hold separate process memory.
	 */
	webhookNode: () => INodeType = () => this.nodeType;

	constructor(
		readonly nodeType: INodeType,
		readonly parameters: INodeParameters,
		credentials: HarnessCredentials,
		readonly webhookId = 'e0b1c2d3-0000-4000-8000-00000000a11e',
	) {
		this.credentials = credentials;
	}

	get webhookUrl(): string {
		return `${this.base}/webhook/${this.webhookId}/webhook`;
	}

	async listen(): Promise<void> {
		this.server = createServer((req, res) => {
			const work = this.handle(req, res).catch((error) => {
				if (!res.headersSent) res.writeHead(500).end(String(error));
			});
			this.inFlight.add(work);
			void work.finally(() => this.inFlight.delete(work));
		});
		await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
		this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	async close(): Promise<void> {
		await this.idle();
		await new Promise<void>((resolve) => {
			if (!this.server) return resolve();
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	/** Waits for webhook calls still running (their rounds run after the answer). */
	async idle(): Promise<void> {
		while (this.inFlight.size) await Promise.all([...this.inFlight]);
	}

	private build(): { workflow: Workflow; prepared: Setup; webhookData: IWebhookData } {
		const prepared = setup(this.nodeType, this.parameters, { credentials: this.credentials });
		prepared.node.webhookId = this.webhookId;
		const additionalData = prepared.additionalData;
		additionalData.webhookBaseUrl = `${this.base}/webhook`;
		additionalData.webhookTestBaseUrl = `${this.base}/webhook-test`;
		const workflow = new Workflow({
			id: WORKFLOW_ID,
			name: 'Harness webhook workflow',
			nodes: [prepared.node],
			connections: {},
			active: true,
			nodeTypes: prepared.nodeTypes,
			settings: { executionOrder: 'v1' },
			staticData: { [`node:${prepared.node.name}`]: deepCopy(this.persisted) },
		});
		const description = this.nodeType.description.webhooks?.[0];
		if (!description) throw new Error('The node has no webhook');
		const webhookData: IWebhookData = {
			httpMethod: 'POST',
			node: prepared.node.name,
			path: `${this.webhookId}/webhook`,
			webhookDescription: description,
			workflowId: WORKFLOW_ID,
			workflowExecuteAdditionalData: additionalData,
			webhookId: this.webhookId,
		};
		return { workflow, prepared, webhookData };
	}

	/** n8n stops and starts again: what is still running belongs to the old process and is lost. */
	restart(): void {
		this.epoch += 1;
	}

	/** Saves the node's static data when it changed (WorkflowStaticDataService.saveStaticData). */
	private save(workflow: Workflow, nodeName: string, prepared: Setup, epoch: number): boolean {
		if (epoch !== this.epoch) return false;
		this.credentials = prepared.store.snapshot();
		if (workflow.staticData.__dataChanged !== true) return true;
		this.persisted = JSON.parse(
			JSON.stringify(workflow.staticData[`node:${nodeName}`] ?? {}),
		) as IDataObject;
		workflow.staticData.__dataChanged = false;
		return true;
	}

	async hook(
		method: 'checkExists' | 'create' | 'delete',
		activation: WorkflowActivateMode = 'activate',
	): Promise<boolean> {
		const epoch = this.epoch;
		const { workflow, prepared, webhookData } = this.build();
		const fn = this.nodeType.webhookMethods?.default?.[method];
		if (!fn) throw new Error(`No webhook method ${method}`);
		const context = new HookContext(
			workflow,
			workflow.nodes[prepared.node.name],
			prepared.additionalData,
			'trigger',
			activation,
			webhookData,
		);
		const answer = await fn.call(context);
		this.save(workflow, prepared.node.name, prepared, epoch);
		return answer;
	}

	/** Activation or an n8n start ('init'): checkExists, then create when it answers false. */
	async activate(activation: WorkflowActivateMode = 'activate'): Promise<void> {
		if (!(await this.hook('checkExists', activation))) await this.hook('create', activation);
	}

	async deactivate(): Promise<void> {
		await this.hook('delete');
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const epoch = this.epoch;
		const started = Date.now();
		let answeredMs = -1;
		res.on('finish', () => (answeredMs = Date.now() - started));
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const text = Buffer.concat(chunks).toString('utf8');
		const url = new URL(req.url ?? '/', this.base);
		if (url.pathname !== `/webhook/${this.webhookId}/webhook` || req.method !== 'POST') {
			res.writeHead(404).end();
			return;
		}
		let body: unknown = {};
		if ((req.headers['content-type'] ?? '').includes('json') && text) body = JSON.parse(text);
		const request = Object.assign(req, {
			query: Object.fromEntries(url.searchParams),
			body,
			params: {},
		});
		// Express's res.status(), which n8n hands to webhook nodes.
		const response = Object.assign(res, {
			status(code: number) {
				res.statusCode = code;
				return response;
			},
		});
		const { workflow, prepared, webhookData } = this.build();
		prepared.additionalData.httpRequest = request as never;
		prepared.additionalData.httpResponse = response as never;
		const context = new WebhookContext(
			workflow,
			workflow.nodes[prepared.node.name],
			prepared.additionalData,
			'webhook',
			webhookData,
			[],
			null,
		);
		const node = this.webhookNode();
		const result = await (node.webhook as NonNullable<INodeType['webhook']>).call(context);
		if (!res.writableEnded)
			res
				.writeHead(200, { 'Content-Type': 'application/json' })
				.end(JSON.stringify({ message: 'Webhook call received' }));
		// A call of a process that was restarted meanwhile neither saves nor starts an execution.
		const alive = this.save(workflow, prepared.node.name, prepared, epoch);
		const items = alive ? result.workflowData?.[0] : undefined;
		if (items) this.executions.push({ items, at: Date.now() });
		this.calls.push({
			status: res.statusCode,
			body: text,
			started: Boolean(items),
			durationMs: Date.now() - started,
			answeredMs,
		});
	}
}
