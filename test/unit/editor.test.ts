/**
 * What a user sees of the nodes in n8n's editor, checked on the node descriptions: docs links land
 * on a README heading, subtitles are display names, action texts follow one pattern, wording is
 * consistent, the credential shows only fields that mean something, and "Custom API Call" says
 * where it runs. The browser suite (test/e2e/editor.e2e.test.ts) checks the same on screen.
 */
import * as fs from 'fs';
import * as path from 'path';

import type {
	INode,
	INodeProperties,
	INodePropertyOptions,
	INodeTypeDescription,
	INodeTypes,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { DirectoryLoader } from 'n8n-core';

import { MicrosoftEntraIdOAuth2Api } from '../../credentials/MicrosoftEntraIdOAuth2Api.credentials';
import { MicrosoftEntraId } from '../../nodes/MicrosoftEntraId/MicrosoftEntraId.node';
import { MicrosoftEntraIdInstantTrigger } from '../../nodes/MicrosoftEntraIdInstantTrigger/MicrosoftEntraIdInstantTrigger.node';
import { resources } from '../../nodes/MicrosoftEntraId/actions/resources';
import { MicrosoftEntraIdTrigger } from '../../nodes/MicrosoftEntraIdTrigger/MicrosoftEntraIdTrigger.node';
import { EVENTS } from '../../nodes/feed/events';
import type { HarnessCredentials } from '../harness';
import { executeNode, resolveCredentialProperties } from '../harness';
import { readmeAnchors } from '../tools/readme-anchors';

const ROOT = path.resolve(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const action = new MicrosoftEntraId();
const trigger = new MicrosoftEntraIdTrigger();
const instant = new MicrosoftEntraIdInstantTrigger();
const credential = new MicrosoftEntraIdOAuth2Api();

function codexDocs(folder: string): string[] {
	const codex = JSON.parse(
		fs.readFileSync(path.join(ROOT, 'nodes', folder, `${folder}.node.json`), 'utf8'),
	);
	return (codex.resources?.primaryDocumentation ?? []).map((entry: { url: string }) => entry.url);
}

/** Every property of a description, nested collection and fixedCollection options included. */
function allProperties(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => {
		const nested = (property.options ?? []).flatMap((option) => {
			if ('type' in option) return allProperties([option as INodeProperties]);
			if ('values' in option)
				return allProperties((option as { values: INodeProperties[] }).values);
			return [];
		});
		return [property, ...nested];
	});
}

/** The texts a user reads: display names, descriptions, option names, placeholders, actions. */
function visibleTexts(
	description: Pick<INodeTypeDescription, 'properties'> & Partial<INodeTypeDescription>,
): string[] {
	const texts = [description.displayName, description.description].filter(
		(text): text is string => !!text,
	);
	for (const property of allProperties(description.properties)) {
		if (property.type === 'hidden') continue;
		texts.push(
			property.displayName,
			property.description ?? '',
			String(property.placeholder ?? ''),
		);
		for (const option of property.options ?? []) {
			const named = option as INodePropertyOptions;
			if (typeof named.name === 'string')
				texts.push(named.name, named.description ?? '', named.action ?? '');
		}
	}
	return texts.filter((text) => text);
}

const pickers = Object.entries(resources).flatMap(([resource, module]) =>
	module.description
		.filter((property) => property.name === 'operation')
		.flatMap((property) =>
			(property.options as INodePropertyOptions[]).map((option) => ({ resource, option })),
		),
);

/** The Resource option's display name for a resource value ("deletedItem" -> "Deleted Item"). */
function resourceName(resource: string): string {
	const picker = action.description.properties.find((property) => property.name === 'resource');
	const option = (picker?.options as INodePropertyOptions[]).find(
		(entry) => entry.value === resource,
	);
	return option?.name ?? resource;
}

/** Evaluates a node's subtitle the way the canvas does (n8n-workflow's expression on the node's parameters). */
function subtitleOf(
	description: INodeTypeDescription,
	parameters: Record<string, unknown>,
): unknown {
	const node: INode = {
		id: 'n',
		name: 'Node',
		type: description.name,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
	};
	const nodeTypes = {
		getByName: () => undefined,
		getByNameAndVersion: () => ({ description }),
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(
		node,
		description.subtitle as string,
		'internal',
		{},
	);
}

describe('docs links (issue 12, item 1)', () => {
	const anchors = readmeAnchors(README);
	const links = [
		...codexDocs('MicrosoftEntraId'),
		...codexDocs('MicrosoftEntraIdTrigger'),
		credential.documentationUrl as string,
		...codexDocs('MicrosoftEntraIdInstantTrigger'),
		action.description.documentationUrl as string,
		trigger.description.documentationUrl as string,
		instant.description.documentationUrl as string,
	];

	it("the nodes have their own documentationUrl: n8n appends query parameters after a codex URL's anchor", () => {
		expect(action.description.documentationUrl).toMatch(/^https:.*#./);
		expect(trigger.description.documentationUrl).toMatch(/^https:.*#./);
		// issue 25, item 4
		expect(instant.description.documentationUrl).toMatch(/^https:.*#instant-trigger$/);
	});

	it.each(links)('%s lands on a README heading', (url) => {
		const anchor = new URL(url).hash.slice(1);
		expect(anchor).not.toBe('');
		expect([...anchors]).toContain(anchor);
	});
});

describe('subtitles on the canvas are display names (item 5)', () => {
	it.each(pickers.map(({ resource, option }) => [resource, option.value, option.action]))(
		'%s > %s shows "%s"',
		(resource, operation, expected) => {
			expect(subtitleOf(action.description, { resource, operation })).toBe(expected);
		},
	);

	it.each(EVENTS.map((event) => [event.value, event.name]))(
		'trigger event %s shows "%s"',
		(event, name) => {
			expect(subtitleOf(trigger.description, { event })).toBe(name);
		},
	);

	// issue 25, item 3
	it.each(EVENTS.map((event) => [event.value, event.name]))(
		'instant trigger event %s shows "%s"',
		(event, name) => {
			expect(subtitleOf(instant.description, { event })).toBe(name);
		},
	);
});

describe("the node is told apart from n8n's built-in Microsoft Entra ID node (item 6)", () => {
	it('has its own name, default name and aliases, and still says Entra ID', () => {
		expect(action.description.displayName).not.toBe('Microsoft Entra ID');
		expect(action.description.displayName).toContain('Entra ID');
		expect(action.description.defaults.name).not.toBe('Microsoft Entra ID');
		const codex = JSON.parse(
			fs.readFileSync(path.join(ROOT, 'nodes/MicrosoftEntraId/MicrosoftEntraId.node.json'), 'utf8'),
		);
		expect(codex.alias).toEqual(expect.arrayContaining(['Entra ID', 'Azure AD']));
	});
});

describe('action names in the nodes panel (item 7)', () => {
	it.each(pickers.map(({ resource, option }) => [resource, option.name, option.action ?? '']))(
		'%s > %s: "%s" uses the operation\'s words and names the resource with an article',
		(resource, name, text) => {
			const words = text.toLowerCase().split(/\s+/);
			// every word of the operation's name appears in its action ("Get Members" -> "Get members of a group")
			for (const word of name.toLowerCase().split(/\s+/)) expect(words).toContain(word);
			expect(words[0]).toBe(name.toLowerCase().split(/\s+/)[0]);
			// "Create a group" and "Create a user", not "Create a group" beside "Create user". The noun is
			// the resource's display name ("deleted item"); licenses and authentication methods are a user's.
			const noun = ['license', 'authenticationMethod'].includes(resource)
				? ['user']
				: resourceName(resource).toLowerCase().split(' ');
			const at = words.findIndex((_, index) =>
				noun.every((part, offset) => words[index + offset] === part),
			);
			if (at >= 0) expect(words[at - 1]).toMatch(/^(a|the)$/);
			else
				expect(
					words.some((word) => word.startsWith(resource === 'license' ? 'license' : noun[0])),
				).toBe(true);
		},
	);
});

describe('wording (item 8)', () => {
	const texts = [...visibleTexts(action.description), ...visibleTexts(trigger.description)];

	it('says "license" as the node does, never "licence"', () => {
		expect(texts.filter((text) => /licence/i.test(text))).toEqual([]);
	});

	it('has no "Names or IDs" suffix in field names', () => {
		expect(texts.filter((text) => /Names or IDs$/.test(text))).toEqual([]);
	});

	it('writes the "Add ..." buttons of collections in title case, as n8n does', () => {
		const placeholders = [
			...allProperties(action.description.properties),
			...allProperties(trigger.description.properties),
		]
			.filter((property) => property.type === 'collection')
			.map((property) => String(property.placeholder));
		expect(placeholders.filter((text) => !/^Add( [A-Z][a-z]+)+$/.test(text))).toEqual([]);
	});
});

describe('the credential dialog (item 11)', () => {
	const byName = new Map(credential.properties.map((property) => [property.name, property]));

	it.each([
		'sendAdditionalBodyProperties',
		'additionalBodyProperties',
		'allowedHttpRequestDomains',
		'allowedDomains',
	])("hides n8n's generic field %s", (name) => {
		expect(byName.get(name)?.type).toBe('hidden');
	});

	const resolve = (data: Partial<HarnessCredentials>) =>
		resolveCredentialProperties({
			grantType: 'clientCredentials',
			cloud: 'global',
			tenantId: 't',
			clientId: 'id',
			clientSecret: 's',
			...data,
		} as HarnessCredentials);

	it('lets the HTTP Request node use the token for the Graph host only', () => {
		expect(resolve({}).allowedHttpRequestDomains).toBe('domains');
		expect(resolve({}).allowedDomains).toBe('graph.microsoft.com');
		expect(resolve({ cloud: 'usGovDod' }).allowedDomains).toBe('dod-graph.microsoft.us');
		expect(
			resolve({ cloud: 'custom', graphBaseUrl: 'http://127.0.0.1:8010/v1.0/' }).allowedDomains,
		).toBe('127.0.0.1');
	});
});

describe('"Custom API Call", which n8n adds to the Resource list (item 2)', () => {
	const credentials = {
		grantType: 'clientCredentials',
		cloud: 'custom',
		graphBaseUrl: 'http://127.0.0.1:9',
		tenantId: 't',
		clientId: 'id',
		clientSecret: 's',
	} as HarnessCredentials;

	it.each([
		[{ resource: '__CUSTOM_API_CALL__' }],
		[{ resource: 'user', operation: '__CUSTOM_API_CALL__' }],
	])('%j fails before any request, pointing to the HTTP Request node', async (parameters) => {
		const failure = await executeNode(action, parameters, [{ json: {} }], { credentials }).then(
			() => undefined,
			(error: Error & { description?: string }) => error,
		);
		expect(failure?.message).toBe('Custom API Call runs in the HTTP Request node');
		expect(failure?.description).toMatch(
			/HTTP Request node.*Predefined Credential Type.*Microsoft Entra ID Admin OAuth2 API/,
		);
	});
});

describe('each node shows only its own parameters (issue 25, item 1)', () => {
	/** n8n's loader, as it prepares a node type it loads (Poll Times in front of a polling node's properties). */
	const prepare = (node: { description: INodeTypeDescription }) =>
		(
			DirectoryLoader.prototype as unknown as { applySpecialNodeParameters(node: unknown): void }
		).applySpecialNodeParameters.call({}, node);

	it('the instant trigger has no Poll Times after n8n loaded the polling trigger first', () => {
		let names: string[] = [];
		let pollingNames: string[] = [];
		// fresh modules, loaded in n8n's order: the polling trigger is prepared before the instant one is read
		jest.isolateModules(() => {
			/* eslint-disable @typescript-eslint/no-require-imports */
			const polling =
				new (require('../../nodes/MicrosoftEntraIdTrigger/MicrosoftEntraIdTrigger.node').MicrosoftEntraIdTrigger)();
			prepare(polling);
			pollingNames = polling.description.properties.map(
				(property: INodeProperties) => property.name,
			);
			const webhook =
				new (require('../../nodes/MicrosoftEntraIdInstantTrigger/MicrosoftEntraIdInstantTrigger.node').MicrosoftEntraIdInstantTrigger)();
			/* eslint-enable @typescript-eslint/no-require-imports */
			prepare(webhook);
			names = webhook.description.properties.map((property: INodeProperties) => property.name);
		});
		expect(pollingNames[0]).toBe('pollTimes');
		expect(names).not.toContain('pollTimes');
		expect(names).toEqual(pollingNames.slice(1));
	});

	it('no two nodes share a properties array or a property object', () => {
		const seen = new Set<unknown>();
		for (const node of [
			action,
			trigger,
			instant,
			new MicrosoftEntraIdTrigger(),
			new MicrosoftEntraIdInstantTrigger(),
		]) {
			expect(seen.has(node.description.properties)).toBe(false);
			seen.add(node.description.properties);
		}
		const instantObjects = new Set<unknown>(instant.description.properties);
		expect(
			trigger.description.properties.filter((property) => instantObjects.has(property)),
		).toEqual([]);
	});
});

describe('the nodes panel: each entry says what it is (issue 25, item 2)', () => {
	/**
	 * The entries of n8n's nodes panel for some node types, by the rule of its node creator
	 * (useActionsGeneration: generateMergedNodesAndActions): a trigger whose type name without
	 * "Trigger" is another node's joins that node's entry, which then shows the trigger's description.
	 */
	function panelEntries(
		nodes: INodeTypeDescription[],
	): Map<string, { displayName: string; description: string; members: string[] }> {
		const entries = new Map<
			string,
			{ displayName: string; description: string; members: string[] }
		>();
		for (const node of nodes.filter((entry) => !entry.group.includes('trigger'))) {
			entries.set(node.name, {
				displayName: node.displayName,
				description: node.description,
				members: [node.name],
			});
		}
		for (const node of nodes.filter((entry) => entry.group.includes('trigger'))) {
			const app = entries.get(node.name.replace('Trigger', ''));
			if (app) {
				app.description = node.description;
				app.members.push(node.name);
			} else
				entries.set(node.name, {
					displayName: node.displayName,
					description: node.description,
					members: [node.name],
				});
		}
		return entries;
	}

	const nodes = [action.description, trigger.description, instant.description];
	const entries = panelEntries(nodes);

	it('the action node and the polling trigger share one entry, the instant trigger has its own', () => {
		expect([...entries.values()].map((entry) => entry.members)).toEqual([
			['microsoftEntraId', 'microsoftEntraIdTrigger'],
			['microsoftEntraIdInstantTrigger'],
		]);
	});

	it.each(nodes.map((node) => [node.name, node]))(
		'%s: its entry shows its own description',
		(name, node) => {
			const entry = [...entries.values()].find((candidate) =>
				candidate.members.includes(name as string),
			);
			expect(entry?.description).toBe((node as INodeTypeDescription).description);
		},
	);

	it('the shared entry says it holds actions and a polling trigger; the instant one says it is instant', () => {
		const shared = entries.get('microsoftEntraId')!.description;
		expect(shared).toMatch(/^Manage users, groups/);
		expect(shared).toMatch(/start a workflow when users or groups change \(polling\)/);
		expect(entries.get('microsoftEntraIdInstantTrigger')!.description).toMatch(
			/within seconds.*change notifications/,
		);
	});
});

describe('the credential tells which nodes it belongs to (issue 25, item 8)', () => {
	it('names the Admin nodes; its type name stays, so saved credentials keep working', () => {
		expect(credential.displayName).toBe('Microsoft Entra ID Admin OAuth2 API');
		expect(credential.name).toBe('microsoftEntraIdOAuth2Api');
	});
});

describe('hints on the forms (issue 25, item 10)', () => {
	const shown = (resource: string, operation: string) =>
		action.description.properties.filter(
			(property) =>
				property.displayOptions?.show?.resource?.includes(resource) &&
				property.displayOptions?.show?.operation?.includes(operation),
		);

	it('Directory Role > Assign to User warns on the form that the role is privileged', () => {
		const notices = shown('directoryRole', 'assignToUser').filter(
			(property) => property.type === 'notice',
		);
		expect(notices.map((notice) => notice.displayName)).toEqual([
			expect.stringMatching(/^Privileged: .*Global Administrator/),
		]);
	});

	it('the credential says what n8n\'s "Client authentication failed" means: check the Client ID and secret', () => {
		const notice = credential.properties.find((property) => property.type === 'notice');
		expect(notice?.displayName).toMatch(/Client authentication failed.*Client ID or Client Secret/);
		expect(notice?.displayOptions).toBeUndefined();
	});
});
