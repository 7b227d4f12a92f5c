// The ipamql web UI: a shell with sign-in and hash routes to the namespace list, a namespace's prefix
// tree, a prefix page and the audit log.
import { html, nothing } from 'lit';
import { onUnauthenticated, run } from './api.js';
import { reconnect } from './live.js';
import { abilities, signIn, signOut, token } from './session.js';
import { View } from './view.js';
import './namespace-list.js';
import './prefix-tree.js';
import './prefix-page.js';
import './audit-log.js';

class IpamApp extends View {
  static properties = {
    route: { state: true },
    signingIn: { state: true },
    signInError: { state: true },
  };

  constructor() {
    super();
    this.route = this.parseRoute();
    this.signingIn = false;
    this.signInError = null;
    window.addEventListener('hashchange', () => {
      this.route = this.parseRoute();
    });
    onUnauthenticated((error) => {
      this.signInError = token() ? `The service did not accept the token: ${error.message}` : null;
      signOut();
      reconnect();
      this.signingIn = true;
    });
  }

  parseRoute() {
    const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
    if (parts[0] === 'ns' && parts[1] && parts[2] === 'prefix' && parts[3]) {
      return { view: 'prefix', namespace: parts[1], cidr: parts.slice(3).join('/') };
    }
    if (parts[0] === 'ns' && parts[1]) {
      return { view: 'namespace', namespace: parts[1] };
    }
    if (parts[0] === 'audit') {
      return { view: 'audit' };
    }
    return { view: 'namespaces' };
  }

  async submitToken(event) {
    event.preventDefault();
    const value = new FormData(event.target).get('token').trim();
    if (!value) {
      this.signInError = 'Paste a token first.';
      return;
    }
    signIn(value);
    reconnect();
    try {
      await run('namespaces');
      this.signingIn = false;
      this.signInError = null;
      this.route = { ...this.parseRoute() };
    } catch (error) {
      this.signInError = `The service did not accept the token: ${error.message}`;
      signOut();
      this.signingIn = true;
    }
  }

  leave() {
    signOut();
    reconnect();
    this.signInError = null;
    this.signingIn = true;
  }

  render() {
    const can = abilities();
    return html`
      <header class="top">
        <a class="brand" href="#/">ipamql</a>
        <nav aria-label="main">
          <a href="#/">Namespaces</a>
          ${can.admin ? html`<a href="#/audit">Audit log</a>` : nothing}
          <a href="/q/graphql-ui/">GraphiQL</a>
        </nav>
        <div class="who">
          ${can.signedIn
            ? html`<span>Signed in as <strong>${can.subject}</strong>${can.write ? '' : ' (read only)'}</span>
                   <button type="button" @click=${this.leave}>Sign out</button>`
            : html`<button type="button" @click=${() => { this.signingIn = true; }}>Sign in</button>`}
        </div>
      </header>
      <main id="main">
        ${this.signingIn ? this.renderSignIn() : this.renderRoute()}
      </main>`;
  }

  renderSignIn() {
    return html`
      <section class="sign-in" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in</h1>
        <p>Paste a bearer token (a JWT from your identity provider or <code>src/tools/mint-token.sh</code>).
           It is kept for this browser tab only.</p>
        <form @submit=${this.submitToken}>
          <label for="token">Token</label>
          <textarea id="token" name="token" rows="4" autocomplete="off" spellcheck="false"
                    aria-describedby="sign-in-error"></textarea>
          ${this.signInError ? html`<p class="error" role="alert" id="sign-in-error">${this.signInError}</p>` : nothing}
          <div class="actions">
            <button type="submit">Sign in with this token</button>
            <button type="button" @click=${() => { this.signingIn = false; this.signInError = null; }}>Cancel</button>
          </div>
        </form>
      </section>`;
  }

  renderRoute() {
    const route = this.route;
    switch (route.view) {
      case 'namespace':
        return html`<ipam-prefix-tree .namespace=${route.namespace}></ipam-prefix-tree>`;
      case 'prefix':
        return html`<ipam-prefix-page .namespace=${route.namespace} .cidr=${route.cidr}></ipam-prefix-page>`;
      case 'audit':
        return html`<ipam-audit-log></ipam-audit-log>`;
      default:
        return html`<ipam-namespace-list></ipam-namespace-list>`;
    }
  }
}
customElements.define('ipam-app', IpamApp);
