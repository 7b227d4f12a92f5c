// The audit log for ipam-admin: every committed mutation, filtered by namespace, subject and time.
import { html, nothing } from 'lit';
import { run } from './api.js';
import { CursorPages, STALE, View } from './view.js';

class AuditLog extends View {
  static properties = {
    records: { state: true },
    errors: { state: true },
  };

  constructor() {
    super();
    this.records = null;
    this.errors = {};
    this.filters = {};
    this.pages = new CursorPages();
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      const data = await this.latest('records', run('auditLog', { ...this.filters, first: 50, after: this.pages.after }));
      if (data === STALE) {
        return;
      }
      this.records = data.auditLog;
      this.errors = {};
    } catch (error) {
      this.errors = { [this.filters.since && /time|date|since/i.test(error.message) ? 'since' : 'load']: error.message };
    }
  }

  filter(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const value = (name) => form.get(name).trim() || null;
    const since = value('since');
    this.filters = { namespace: value('namespace'), subject: value('subject'),
      since: since && !/[zZ]|[+-]\d\d:?\d\d$/.test(since) ? new Date(since).toISOString() : since };
    this.pages = new CursorPages();
    this.load();
  }

  page(forward) {
    if (forward) {
      this.pages.next(this.records.pageInfo.endCursor);
    } else {
      this.pages.previous();
    }
    this.load();
  }

  render() {
    const records = this.records;
    return html`
      <h1>Audit log</h1>
      <form class="filters" role="search" aria-label="filter the audit log" @submit=${this.filter}>
        <div class="field"><label for="audit-namespace">Namespace</label><input id="audit-namespace" name="namespace" autocomplete="off"></div>
        <div class="field"><label for="audit-subject">Subject</label><input id="audit-subject" name="subject" autocomplete="off"></div>
        <div class="field"><label for="audit-since">Since</label>
          <input id="audit-since" name="since" type="datetime-local" aria-describedby="ipam-audit-log-since-error">
          ${this.fieldError(this.errors, 'since')}</div>
        <button type="submit">Filter</button>
      </form>
      ${this.errors.load ? html`<p class="error" role="alert">${this.errors.load}</p>` : nothing}
      ${records ? html`
        <p aria-live="polite">${records.totalCount} record${records.totalCount === 1 ? '' : 's'}.</p>
        <div class="table-scroll"><table class="grid audit">
          <thead><tr><th scope="col">At</th><th scope="col">Namespace</th><th scope="col">Subject</th>
            <th scope="col">Operation</th><th scope="col">Arguments</th><th scope="col">Result</th></tr></thead>
          <tbody>${records.edges.map(({ node }) => html`<tr>
            <td><time datetime="${node.at}">${new Date(node.at).toLocaleString()}</time></td>
            <td>${node.namespace}</td><td>${node.subject}</td><td>${node.operation}</td>
            <td><code>${node.arguments}</code></td><td><code>${node.result}</code></td></tr>`)}</tbody>
        </table></div>
        <div class="actions">
          ${this.pages.hasPrevious ? html`<button type="button" @click=${() => this.page(false)}>Previous page</button>` : nothing}
          ${records.pageInfo.hasNextPage ? html`<button type="button" @click=${() => this.page(true)}>Next page</button>` : nothing}
        </div>` : nothing}`;
  }
}
customElements.define('ipam-audit-log', AuditLog);
