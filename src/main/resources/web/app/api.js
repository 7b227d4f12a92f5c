// GraphQL over fetch with the session's token; the operations are graphql/ui/*.graphql, bundled as text.
import { token } from './session.js';
import acquireChildPrefix from './operations/acquireChildPrefix.graphql';
import acquireIP from './operations/acquireIP.graphql';
import acquireSpecificChildPrefix from './operations/acquireSpecificChildPrefix.graphql';
import address from './operations/address.graphql';
import addresses from './operations/addresses.graphql';
import auditLog from './operations/auditLog.graphql';
import childPrefixes from './operations/childPrefixes.graphql';
import createNamespace from './operations/createNamespace.graphql';
import createPrefix from './operations/createPrefix.graphql';
import deletePrefix from './operations/deletePrefix.graphql';
import filteredPrefixes from './operations/filteredPrefixes.graphql';
import namespaces from './operations/namespaces.graphql';
import prefix from './operations/prefix.graphql';
import releaseIP from './operations/releaseIP.graphql';
import rootPrefixes from './operations/rootPrefixes.graphql';
import updatePrefix from './operations/updatePrefix.graphql';

export const operations = {
  acquireChildPrefix, acquireIP, acquireSpecificChildPrefix, address, addresses, auditLog, childPrefixes,
  createNamespace, createPrefix, deletePrefix, filteredPrefixes, namespaces, prefix, releaseIP, rootPrefixes,
  updatePrefix,
};

/** A GraphQL error as the API gave it: its message and extensions.code. */
export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

/** Listeners told when the service refuses the token (UNAUTHENTICATED): the app shows the sign-in. */
const unauthenticated = new Set();
export function onUnauthenticated(listener) {
  unauthenticated.add(listener);
}

/** Runs operation `name` with variables; resolves to its data, rejects with the first ApiError. */
export async function run(name, variables = {}) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  const bearer = token();
  if (bearer) {
    headers.Authorization = `Bearer ${bearer}`;
  }
  const response = await fetch('/graphql', {
    method: 'POST',
    headers,
    body: JSON.stringify({ query: operations[name], variables }),
  });
  if (!response.ok && !(response.headers.get('content-type') || '').includes('json')) {
    throw new ApiError(`The service answered HTTP ${response.status}.`, 'UNAVAILABLE');
  }
  const body = await response.json();
  if (body.errors && body.errors.length) {
    const first = body.errors[0];
    const error = new ApiError(first.message, first.extensions && first.extensions.code);
    // an answer to a request sent with an older token (or none) says nothing about the current one
    if (error.code === 'UNAUTHENTICATED' && token() === bearer) {
      unauthenticated.forEach((listener) => listener(error));
    }
    throw error;
  }
  return body.data;
}
