/**
 * The transport: the only module that builds Graph URLs and handles HTTP failures.
 * Action and trigger nodes use GraphClient (single requests, paging) and graphBatch ($batch).
 */
export * from './batch';
export * from './client';
export * from '../shared/cloud';
export * from './errors';
export * from './odata';
export * from './retry';
