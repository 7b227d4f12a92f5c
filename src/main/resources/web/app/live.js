// Live updates through the changes subscription (graphql-transport-ws on /graphql): each change names
// the prefixes it affected, and the views reload exactly those rows.
import { createClient } from 'graphql-ws';
import changes from './operations/changes.graphql';
import { token } from './session.js';

let client = null;
let connected = false;

function connection() {
  if (client === null) {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    client = createClient({
      url: `${scheme}//${location.host}/graphql`,
      connectionParams: () => (token() ? { Authorization: `Bearer ${token()}` } : {}),
      lazy: true,
      retryAttempts: 3,
      on: {
        connected: () => { connected = true; },
        closed: () => { connected = false; },
      },
    });
  }
  return client;
}

/** Closes the connection, as a sign-in or sign-out must: the next subscription opens it with the new token. */
export function reconnect() {
  if (client !== null) {
    client.dispose();
    client = null;
    connected = false;
  }
}

/**
 * Calls onChange(affectedPrefixes) for every change committed in `namespace`; report('live' | 'off', why)
 * tells the page whether updates arrive ('live' once the service accepted the connection). Returns the
 * function that ends the subscription.
 */
export function watchNamespace(namespace, onChange, report) {
  const onState = (state, why) => report(state, /'Subscription' operation is not supported/.test(why || '')
    ? 'this service has no change feed' : why);
  const feed = connection();
  const stopListening = feed.on('connected', () => onState('live'));
  const unsubscribe = feed.subscribe({ query: changes, variables: { namespace } }, {
    next: (message) => {
      if (message.errors) {
        onState('off', message.errors[0].message);
      } else if (message.data && message.data.changes) {
        onChange(message.data.changes.affectedPrefixes || []);
      }
    },
    error: (error) => {
      const why = Array.isArray(error) ? error[0].message : (error && error.reason) || 'no live feed';
      onState('off', why);
    },
    complete: () => onState('off', 'the feed ended'),
  });
  if (connected) {
    onState('live');
  }
  return () => {
    stopListening();
    unsubscribe();
  };
}
