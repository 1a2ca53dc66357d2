import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { invalidInput } from '../../helpers/parameters';
import type { BatchResult } from '../../../transport';
import { encodePathSegment, graphErrorInfo, userPath } from '../../../transport';

/** `/users/{id|upn}/authentication/temporaryAccessPassMethods` (and `/{id}`). */
export function tapPath(user: string, tapId?: string): string {
	const base = `${userPath(user)}/authentication/temporaryAccessPassMethods`;
	return tapId === undefined ? base : `${base}/${encodePathSegment(tapId)}`;
}

/** What a TAP is, without the pass itself (Graph returns it only when creating, null afterwards). */
export function tapFields(body: IDataObject | undefined): IDataObject {
	const out: IDataObject = {};
	for (const name of [
		'id',
		'createdDateTime',
		'startDateTime',
		'lifetimeInMinutes',
		'isUsableOnce',
		'isUsable',
		'methodUsabilityReason',
	]) {
		if (body && body[name] !== undefined) out[name] = body[name];
	}
	return out;
}

/**
 * A 400 from "Create temporaryAccessPassMethod" is how Graph refuses a pass the tenant's policy does
 * not allow (disabled, lifetime outside its bounds, reusable pass under a one-time policy, external
 * guest). The message says where to look; Graph's own code and message stay in the description.
 */
export function explainTapFailure(result: BatchResult): Error {
	const error = result.error as Error;
	const info = graphErrorInfo(error);
	if (info?.status === 400) {
		error.message =
			`Microsoft Graph refused to create the Temporary Access Pass${info.message ? `: ${info.message}` : ''}. ` +
			"Check the tenant's Temporary Access Pass policy (Entra admin center > Protection > Authentication methods > Temporary Access Pass): " +
			'it must be enabled for this user, the lifetime must lie between its minimum and maximum, and one-time use must be on when the policy requires it. External guest users cannot get a pass.';
	}
	return error;
}

/** An ISO 8601 date-time (n8n's dateTime field or an expression), as UTC. */
export function checkDateTime(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	label: string,
): string {
	const time =
		typeof value === 'string' && value.trim()
			? Date.parse(value.trim())
			: value instanceof Date
				? value.getTime()
				: NaN;
	if (Number.isNaN(time)) {
		throw invalidInput(
			ctx,
			itemIndex,
			`"${label}" is not a date and time: "${String(value)}"`,
			'Enter an ISO 8601 date and time, e.g. 2026-01-31T09:00:00Z',
		);
	}
	return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
