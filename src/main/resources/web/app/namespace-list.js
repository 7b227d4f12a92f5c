// The first view: the namespaces the token may read, and (for ipam-admin) a form to create one.
import { html, nothing } from 'lit';
import { run } from './api.js';
import { abilities } from './session.js';
import { labelChips, namespaceHref, View } from './view.js';

class NamespaceList extends View {
  static properties = {
    namespaces: { state: true },
    loadError: { state: true },
    errors: { state: true },
  };

  constructor() {
    super();
    this.namespaces = null;
    this.loadError = null;
    this.errors = {};
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      this.namespaces = (await run('namespaces')).namespaces;
      this.loadError = null;
    } catch (error) {
      this.loadError = error.message;
    }
  }

  async create(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    try {
      const name = form.get('name').trim();
      await run('createNamespace', { name, description: form.get('description') || null });
      location.hash = namespaceHref(name);
    } catch (error) {
      this.errors = { name: error.message };
    }
  }

  render() {
    const can = abilities();
    return html`
      <h1>Namespaces</h1>
      ${this.loadError ? html`<p class="error" role="alert">${this.loadError}</p>` : nothing}
      ${this.namespaces === null && !this.loadError ? html`<p aria-live="polite">Loading…</p>` : nothing}
      ${this.namespaces && this.namespaces.length === 0 ? html`<p>No namespace yet.</p>` : nothing}
      ${this.namespaces && this.namespaces.length
        ? html`<div class="table-scroll"><table class="grid">
            <thead><tr><th scope="col">Name</th><th scope="col">Description</th><th scope="col">Labels</th>
              <th scope="col" class="num">Root prefixes</th></tr></thead>
            <tbody>${this.namespaces.map((ns) => html`<tr>
              <td><a href="${namespaceHref(ns.name)}">${ns.name}</a></td>
              <td>${ns.description || ''}</td>
              <td>${labelChips(ns.labels)}</td>
              <td class="num">${ns.prefixes.totalCount}</td></tr>`)}</tbody>
          </table></div>`
        : nothing}
      ${can.admin ? html`
        <form class="panel" @submit=${this.create} aria-labelledby="new-ns-title">
          <h2 id="new-ns-title">New namespace</h2>
          <div class="field">
            <label for="ns-name">Name</label>
            <input id="ns-name" name="name" required autocomplete="off" aria-describedby="ipam-namespace-list-name-error">
            ${this.fieldError(this.errors, 'name')}
          </div>
          <div class="field">
            <label for="ns-description">Description</label>
            <input id="ns-description" name="description" autocomplete="off">
          </div>
          <button type="submit">Create namespace</button>
        </form>` : nothing}`;
  }
}
customElements.define('ipam-namespace-list', NamespaceList);
