/**
 * Runs a node the way n8n does, through n8n-core's own code:
 *
 * - executeNode: `WorkflowExecute.runNode` (which builds the real ExecuteContext), then the steps
 *   `WorkflowExecute.processRunExecutionData` applies to a node's result: the error output split for
 *   `onError: 'continueErrorOutput'`, `assignPairedItems`, the input pass-through when a node throws
 *   with continue-on-fail, and the rewrite of error items to `{ json: { error: message } }`.
 * - pollNode: a PollContext created as ActiveWorkflowManager.getExecutePollFunctions does, the poll
 *   run as ActiveWorkflows.createPollExecuteFn does; static data counts as saved when the poll emits.
 * - loadOptions/listSearch: a LoadOptionsContext on a one-node "Temp-Node" workflow, as the REST
 *   endpoint's DynamicNodeParametersService builds it.
 *
 * The workflow is a real n8n-workflow `Workflow`, so parameter defaults, expressions, resource
 * locators and paired items resolve with n8n's code. Credentials come from HarnessCredentialsHelper
 * and HTTP goes through n8n-core's request helpers (axios, requestOAuth2, @n8n/client-oauth2).
 */
import { LoadOptionsContext, PollContext, WorkflowExecute, isEngineRequest } from 'n8n-core';
import type {
	IConnections,
	IDataObject,
	IExecuteData,
	INode,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
	INodeTypes,
	IPollFunctions,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	NodeConnectionTypes,
	NodeHelpers,
	Workflow,
	createRunExecutionData,
	deepCopy,
} from 'n8n-workflow';

import { registerContainerStubs } from './container';
import type { HarnessCredentials } from './credentials';
import { CREDENTIAL_TYPE, CredentialStore, HarnessCredentialsHelper } from './credentials';

/** Prefix n8n gives the node types of an installed community package. */
export const PACKAGE_NAME = 'n8n-nodes-entra-id';
/** Name of the node that feeds `items` into the node under test. */
export const INPUT_NODE_NAME = 'Input';
const WORKFLOW_ID = 'harnessWorkflow1';

export interface RunOptions {
	credentials: HarnessCredentials;
	/** Sets the node's `onError: 'continueRegularOutput'` (the "On Error: Continue" setting). */
	continueOnFail?: boolean;
	/** Defaults to the node type's `defaults.name` (n8n's name for a freshly added node). */
	nodeName?: string;
	/** Defaults to the node type's latest version. */
	typeVersion?: number;
	/** Node setting "On Error"; overrides `continueOnFail` when set. */
	onError?: INode['onError'];
	/** The parameter path a load-options/list-search request names (LoadOptionsContext `path`). */
	path?: string;
}

/** Options of executeNode: `mode` is the execution mode ('manual' = run from the editor, the default). */
export type ExecuteOptions = RunOptions & { mode?: WorkflowExecuteMode };

export interface ExecuteResult {
	output: INodeExecutionData[][];
	/** How often n8n-core saved a new token (client-credentials fetch, refresh after a 401). */
	tokenUpdates: number;
	/** The credential after the run, with the oauthTokenData n8n would have stored. */
	credentials: HarnessCredentials;
	/** Set when the node threw although continue-on-fail was on: n8n then passes the input through. */
	error?: Error;
	/** Hints the node added with `addExecutionHints`. */
	hints: unknown[];
}

export interface PollResult {
	output: INodeExecutionData[][] | null;
	/** The node's static data after the poll, as a plain object (what the next poll sees). */
	staticData: IDataObject;
	/** Whether n8n writes it to the database now: trigger mode, the poll emitted, and the data changed. */
	persisted: boolean;
	tokenUpdates: number;
	credentials: HarnessCredentials;
}

export type AnyNodeType = INodeType | IVersionedNodeType;

/** The node that stands for "the previous node" and owns the input items. */
const inputNodeType: INodeType = {
	description: {
		displayName: 'Harness Input',
		name: 'harnessInput',
		group: ['trigger'],
		version: 1,
		description: 'Emits the items a harness test passes in',
		defaults: { name: INPUT_NODE_NAME },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
};

function typeName(nodeType: AnyNodeType): string {
	return `${PACKAGE_NAME}.${nodeType.description.name}`;
}

function latestVersion(nodeType: AnyNodeType): number {
	if ('nodeVersions' in nodeType) return nodeType.currentVersion;
	const { version } = nodeType.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

class HarnessNodeTypes implements INodeTypes {
	private readonly types = new Map<string, AnyNodeType>();

	constructor(nodeTypes: AnyNodeType[]) {
		for (const nodeType of nodeTypes) this.types.set(typeName(nodeType), nodeType);
	}

	getByName(name: string): AnyNodeType {
		const nodeType = this.types.get(name);
		if (!nodeType) throw new Error(`Unknown node type "${name}"`);
		return nodeType;
	}

	getByNameAndVersion(name: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

export interface Setup {
	store: CredentialStore;
	additionalData: IWorkflowExecuteAdditionalData;
	nodeTypes: HarnessNodeTypes;
	node: INode;
}

function unsupported(what: string): () => never {
	return () => {
		throw new Error(`The test harness does not support ${what}`);
	};
}

function createAdditionalData(
	store: CredentialStore,
	currentNodeParameters?: INodeParameters,
): IWorkflowExecuteAdditionalData {
	const additionalData: Partial<IWorkflowExecuteAdditionalData> = {
		credentialsHelper: new HarnessCredentialsHelper(store),
		executeWorkflow: unsupported('executing sub-workflows'),
		getRunExecutionData: unsupported('reading other executions'),
		startRunnerTask: unsupported('task runners'),
		logAiEvent: () => undefined,
		executionId: 'harness-execution-1',
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		variables: {},
		currentNodeParameters,
	};
	// externalSecretsProxy (declared by n8n-core's module augmentation) is only read for $secrets,
	// which credential resolution leaves off (secretsEnabled: false).
	return additionalData as IWorkflowExecuteAdditionalData;
}

export function setup(
	nodeType: AnyNodeType,
	parameters: INodeParameters,
	options: RunOptions,
	defaultName?: string,
): Setup {
	registerContainerStubs();
	const store = new CredentialStore(options.credentials);
	const typeVersion = options.typeVersion ?? latestVersion(nodeType);
	const { description } = NodeHelpers.getVersionedNodeType(nodeType, typeVersion);
	const node: INode = {
		id: 'harness-node-1',
		name: options.nodeName ?? defaultName ?? description.defaults.name ?? description.displayName,
		type: typeName(nodeType),
		typeVersion,
		position: [250, 0],
		parameters: deepCopy(parameters),
		credentials: { [CREDENTIAL_TYPE]: store.details },
	};
	const onError = options.onError ?? (options.continueOnFail ? 'continueRegularOutput' : undefined);
	if (onError) node.onError = onError;
	return {
		store,
		additionalData: createAdditionalData(store, deepCopy(parameters)),
		nodeTypes: new HarnessNodeTypes([nodeType, inputNodeType]),
		node,
	};
}

function continuesOnFail(node: INode): boolean {
	// The same test as BaseExecuteContext.continueOnFail and WorkflowExecute's catch block.
	if (node.onError === undefined) return node.continueOnFail === true;
	return node.onError === 'continueRegularOutput' || node.onError === 'continueErrorOutput';
}

/** WorkflowExecute's rewrite of items that carry an error (after a successful node run). */
function rewriteErrorItems(output: Array<INodeExecutionData[] | null>): void {
	for (const items of output) {
		for (const item of items ?? []) {
			const json = item.json as IDataObject & { $error?: Error; $json?: unknown };
			if (json !== undefined && json.$error !== undefined && json.$json !== undefined) {
				item.error = json.$error as INodeExecutionData['error'];
				item.json = { error: json.$error.message };
			} else if (item.error !== undefined) {
				item.json = { error: item.error.message };
			}
		}
	}
}

/**
 * Runs an action node on `items` (the output of a preceding "Input" node) and returns what n8n would
 * pass on. Errors the node throws propagate unchanged unless continue-on-fail is on.
 */
export async function executeNode(
	nodeType: INodeType,
	parameters: INodeParameters,
	items: INodeExecutionData[],
	options: ExecuteOptions,
): Promise<ExecuteResult> {
	const { store, additionalData, nodeTypes, node } = setup(nodeType, parameters, options);
	if (node.name === INPUT_NODE_NAME)
		throw new Error(`The node under test cannot be named "${INPUT_NODE_NAME}"`);
	// No currentNodeParameters during an execution (only the editor's load-options requests set it).
	delete additionalData.currentNodeParameters;
	const inputNode: INode = {
		id: 'harness-input',
		name: INPUT_NODE_NAME,
		type: typeName(inputNodeType),
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const connections: IConnections = {
		[INPUT_NODE_NAME]: { main: [[{ node: node.name, type: NodeConnectionTypes.Main, index: 0 }]] },
	};
	const workflow = new Workflow({
		id: WORKFLOW_ID,
		name: 'Harness workflow',
		nodes: [inputNode, node],
		connections,
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});
	const mode: WorkflowExecuteMode = options.mode ?? 'manual';
	const inputItems = deepCopy(items);
	const runExecutionData: IRunExecutionData = createRunExecutionData({
		resultData: {
			runData: {
				[INPUT_NODE_NAME]: [
					{
						startTime: Date.now(),
						executionIndex: 0,
						executionTime: 0,
						executionStatus: 'success',
						source: [],
						data: { main: [inputItems] },
					},
				],
			},
			lastNodeExecuted: INPUT_NODE_NAME,
		},
	});
	const executeData: IExecuteData = {
		node: workflow.nodes[node.name],
		data: { main: [deepCopy(inputItems)] },
		source: {
			main: [{ previousNode: INPUT_NODE_NAME, previousNodeOutput: 0, previousNodeRun: 0 }],
		},
	};
	const engine = new WorkflowExecute(additionalData, mode, runExecutionData);

	let output: Array<INodeExecutionData[] | null> | null;
	let hints: unknown[] = [];
	try {
		const response = await engine.runNode(
			workflow,
			executeData,
			runExecutionData,
			0,
			additionalData,
			mode,
		);
		if (isEngineRequest(response))
			throw new Error('The test harness does not run engine requests (AI tools)');
		output = response.data ?? null;
		hints = response.hints ?? [];
		if (output && executeData.node.onError === 'continueErrorOutput') {
			engine.handleNodeErrorOutput(workflow, executeData, output as INodeExecutionData[][], 0);
		}
		output = engine.assignPairedItems(output as INodeExecutionData[][] | null, executeData);
	} catch (error) {
		if (!continuesOnFail(executeData.node)) throw error;
		// WorkflowExecute: the node failed as a whole, so its input becomes its output.
		const passedThrough = executeData.data.main[0] ?? [];
		return {
			output: [passedThrough],
			tokenUpdates: store.tokenUpdates,
			credentials: store.snapshot(),
			error: error as Error,
			hints,
		};
	}
	if (output) rewriteErrorItems(output);
	return {
		output: (output ?? []).map((items) => items ?? []),
		tokenUpdates: store.tokenUpdates,
		credentials: store.snapshot(),
		hints,
	};
}

/**
 * Runs one poll of a polling trigger with the node's static data set to `staticData`.
 * 'trigger' (default): as an active workflow polls; a non-null result is emitted and the static
 * data saved. 'manual': as "Fetch Test Event" in the editor; static data is never saved.
 */
export async function pollNode(
	nodeType: INodeType,
	parameters: INodeParameters,
	staticData: IDataObject,
	options: RunOptions & { mode?: 'trigger' | 'manual' },
): Promise<PollResult> {
	const { store, additionalData, nodeTypes, node } = setup(nodeType, parameters, options);
	delete additionalData.currentNodeParameters;
	const mode: WorkflowExecuteMode = options.mode ?? 'trigger';
	const activation: WorkflowActivateMode = mode === 'manual' ? 'manual' : 'activate';
	const staticKey = `node:${node.name}`;
	const workflow = new Workflow({
		id: WORKFLOW_ID,
		name: 'Harness workflow',
		nodes: [node],
		connections: {},
		active: mode === 'trigger',
		nodeTypes,
		settings: { executionOrder: 'v1' },
		staticData: { [staticKey]: deepCopy(staticData) },
	});
	const pollingNode = workflow.nodes[node.name];
	let persisted = false;
	const emit: IPollFunctions['__emit'] = () => {
		// WorkflowStaticDataService.saveStaticData: only when something changed.
		if (workflow.staticData.__dataChanged === true) {
			persisted = true;
			workflow.staticData.__dataChanged = false;
		}
	};
	const emitError: IPollFunctions['__emitError'] = (error) => {
		throw error;
	};
	const context = new PollContext(
		workflow,
		pollingNode,
		additionalData,
		mode,
		activation,
		emit,
		emitError,
	);
	const polled = workflow.nodeTypes.getByNameAndVersion(pollingNode.type, pollingNode.typeVersion);
	if (!polled.poll) throw new Error(`Node type "${pollingNode.type}" has no poll function`);
	const output = await polled.poll.call(context);
	if (output !== null && mode === 'trigger') context.__emit(output);
	const after = workflow.staticData[staticKey] as IDataObject | undefined;
	return {
		output,
		staticData: after === undefined ? {} : (JSON.parse(JSON.stringify(after)) as IDataObject),
		persisted,
		tokenUpdates: store.tokenUpdates,
		credentials: store.snapshot(),
	};
}

function loadOptionsContext(
	nodeType: AnyNodeType,
	parameters: INodeParameters,
	options: RunOptions,
): LoadOptionsContext {
	const { additionalData, nodeTypes, node } = setup(nodeType, parameters, options, 'Temp-Node');
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return new LoadOptionsContext(
		workflow,
		workflow.nodes[node.name],
		additionalData,
		options.path ?? 'parameters',
	);
}

/** Calls `methods.loadOptions[method]` as the editor's options request does. */
export async function loadOptions(
	nodeType: INodeType,
	method: string,
	parameters: INodeParameters,
	options: RunOptions,
): Promise<INodePropertyOptions[]> {
	const fn = nodeType.methods?.loadOptions?.[method];
	if (typeof fn !== 'function') throw new Error(`Node type has no loadOptions method "${method}"`);
	return await fn.call(loadOptionsContext(nodeType, parameters, options));
}

/** Calls `methods.listSearch[method]` as a resource locator's search request does. */
export async function listSearch(
	nodeType: INodeType,
	method: string,
	parameters: INodeParameters,
	filter: string | undefined,
	paginationToken: string | undefined,
	options: RunOptions,
): Promise<INodeListSearchResult> {
	const fn = nodeType.methods?.listSearch?.[method];
	if (typeof fn !== 'function') throw new Error(`Node type has no listSearch method "${method}"`);
	return await fn.call(loadOptionsContext(nodeType, parameters, options), filter, paginationToken);
}
