import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { sendRequests } from '../../helpers/engine';
import type { ItemOutput } from '../../helpers/execution';
import { bulkEnabled, checkUser } from '../../helpers/parameters';
import type { BatchRequest, BatchResult, GraphClient } from '../../../transport';
import { graphErrorInfo } from '../../../transport';
import { showFor, userLocator } from '../common.descriptions';
import {
	DELETABLE_METHODS,
	PASSWORD_METHOD,
	isDefaultMethodRefusal,
	listMethods,
	methodPath,
	methodTypeOf,
} from './methods';

const properties: INodeProperties[] = [
	userLocator('user', 'User', {
		description: 'The user who must register their MFA methods again at the next sign-in',
	}),
];

export const description = showFor('authenticationMethod', ['resetMfa'], properties);

export const mode = 'perItem';

export const check = checkUser;

interface Planned {
	id: string;
	methodType: string;
	/** A mobile phone while an alternateMobile phone is registered: Graph wants the alternate gone first. */
	after: boolean;
}

type MethodResult = {
	id: string;
	methodType: string;
	result: 'deleted' | 'alreadyGone' | 'kept' | 'failed';
	reason?: string;
};

function deleteRequest(user: string, method: Planned, itemIndex: number): BatchRequest {
	return {
		method: 'DELETE',
		path: methodPath(user, method.methodType, method.id),
		itemIndex,
		subject: {
			kind: `${DELETABLE_METHODS[method.methodType].name} method of user`,
			id: `${user}, method ${method.id}`,
		},
	};
}

/** What one DELETE did: deleted, already gone (404: the state asked for), or Graph's refusal. */
function outcomeOf(method: Planned, result: BatchResult): MethodResult {
	if (!result.error) return { id: method.id, methodType: method.methodType, result: 'deleted' };
	if (result.status === 404)
		return { id: method.id, methodType: method.methodType, result: 'alreadyGone' };
	return {
		id: method.id,
		methodType: method.methodType,
		result: 'failed',
		reason: graphErrorInfo(result.error)?.message ?? result.error.message,
	};
}

function isDefaultRefusal(result: BatchResult): boolean {
	const info = graphErrorInfo(result.error);
	return !!info && isDefaultMethodRefusal(info.status, info.message);
}

/**
 * Deletes every method but the password. Graph refuses the user's default MFA method while others
 * are registered, and a mobile phone while an alternateMobile phone is (Delete
 * phoneAuthenticationMethod), so: all the others first (`$batch` when bulk is on), then the deferred
 * mobile phone, then, one by one, the methods refused as the default.
 */
async function deleteMethods(
	ctx: IExecuteFunctions,
	graph: GraphClient,
	user: string,
	planned: Planned[],
	itemIndex: number,
): Promise<Map<string, MethodResult>> {
	const bulk = bulkEnabled(ctx);
	const outcomes = new Map<string, MethodResult>();
	const first = planned.filter((method) => !method.after);
	const retryLast: Planned[] = [];
	const firstResults = await sendRequests(
		graph,
		first.map((method) => deleteRequest(user, method, itemIndex)),
		{ bulk },
	);
	first.forEach((method, index) => {
		if (isDefaultRefusal(firstResults[index])) retryLast.push(method);
		else outcomes.set(method.id, outcomeOf(method, firstResults[index]));
	});
	for (const method of [...planned.filter((entry) => entry.after), ...retryLast]) {
		const [result] = await sendRequests(graph, [deleteRequest(user, method, itemIndex)], {
			bulk: false,
		});
		outcomes.set(method.id, outcomeOf(method, result));
	}
	return outcomes;
}

function plan(methods: IDataObject[]): { planned: Planned[]; skipped: MethodResult[] } {
	const planned: Planned[] = [];
	const skipped: MethodResult[] = [];
	const hasAlternate = methods.some(
		(method) =>
			methodTypeOf(method) === 'phoneAuthenticationMethod' &&
			method.phoneType === 'alternateMobile',
	);
	for (const method of methods) {
		const methodType = methodTypeOf(method);
		const id = String(method.id);
		if (methodType === PASSWORD_METHOD)
			skipped.push({
				id,
				methodType,
				result: 'kept',
				reason: 'The password cannot be deleted; reset it with User > Update if needed',
			});
		else if (!(methodType in DELETABLE_METHODS))
			skipped.push({
				id,
				methodType,
				result: 'failed',
				reason: 'This node cannot delete this kind of method; remove it in the Entra admin center',
			});
		else
			planned.push({
				id,
				methodType,
				after:
					methodType === 'phoneAuthenticationMethod' &&
					method.phoneType === 'mobile' &&
					hasAlternate,
			});
	}
	return { planned, skipped };
}

/**
 * GET /users/{id}/authentication/methods, then DELETE /users/{id}/authentication/{type}Methods/{id}
 * for every method except the password. Output: `status` "removed" (something was deleted) or
 * "nothingToRemove", and `methods` with each method's `result`. A method left registered fails the
 * item (with continueOnFail: an error item naming the methods left and why), so a half-done reset
 * never passes silently. Requests: 1 read + one `$batch` per 20 methods, + 1 for a deferred mobile
 * phone, + 1 for the default method when Graph refused it while others were still there.
 */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	user: string,
	itemIndex: number,
): Promise<ItemOutput> {
	const { planned, skipped } = plan(await listMethods(graph, user, itemIndex));
	const outcomes = planned.length
		? await deleteMethods(this, graph, user, planned, itemIndex)
		: new Map<string, MethodResult>();
	const results = [...planned.map((method) => outcomes.get(method.id) as MethodResult), ...skipped];
	const failed = results.filter((entry) => entry.result === 'failed');
	if (failed.length) {
		const deleted = results.filter((entry) => entry.result === 'deleted').length;
		throw new NodeOperationError(
			this.getNode(),
			`Reset MFA left ${failed.length} method(s) of user ${user} registered: ${failed.map((entry) => `${entry.methodType} ${entry.id} (${entry.reason})`).join('; ')}`,
			{
				itemIndex,
				description: `${deleted} method(s) were deleted. Running the node again retries the ones left (every step is state-based).`,
			},
		);
	}
	const removed = results.filter((entry) => entry.result === 'deleted').length;
	return {
		userId: user,
		status: removed ? 'removed' : 'nothingToRemove',
		removed,
		methods: results as unknown as IDataObject[],
	};
}
