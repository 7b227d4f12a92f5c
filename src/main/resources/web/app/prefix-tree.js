// A namespace's prefixes as a tree loaded one level at a time (roots paged, children on expansion),
// filterable by label selector and contained address, kept current by the live feed.
import { html, nothing } from 'lit';
import { run } from './api.js';
import { watchNamespace } from './live.js';
import { prefixCells, prefixHeader, prefixLink } from './prefix-rows.js';
import { abilities } from './session.js';
import { parseLabels, STALE, View } from './view.js';

const PAGE = 100;

class PrefixTree extends View {
  static properties = {
    namespace: {},
    roots: { state: true },
    page: { state: true },
    expanded: { state: true },
    filtered: { state: true },
    errors: { state: true },
    notice: { state: true },
    live: { state: true },
  };

  constructor() {
    super();
    this.rows = new Map();
    this.kids = new Map();
    this.roots = null;
    this.page = null;
    this.expanded = new Set();
    this.filtered = null;
    this.errors = {};
    this.notice = null;
    this.live = null;
    this.pending = new Set();
  }

  connectedCallback() {
    super.connectedCallback();
    this.loadRoots(PAGE);
    this.stopWatching = watchNamespace(this.namespace, (affected) => this.changed(affected),
      (state, why) => { this.live = state === 'live' ? 'Live' : `Live updates off: ${why}`; });
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stopWatching();
  }

  remember(prefixes) {
    prefixes.forEach((p) => this.rows.set(p.cidr, p));
    return prefixes.map((p) => p.cidr);
  }

  async loadRoots(first, after = null) {
    try {
      const data = await run('rootPrefixes', { name: this.namespace, first, after });
      if (!data.namespace) {
        this.errors = { load: `Namespace ${this.namespace} does not exist.` };
        return;
      }
      const connection = data.namespace.prefixes;
      const cidrs = this.remember(connection.edges.map((e) => e.node));
      this.roots = after ? this.roots.concat(cidrs) : cidrs;
      this.page = { ...connection.pageInfo, totalCount: connection.totalCount };
    } catch (error) {
      this.errors = { load: error.message };
    }
  }

  async loadChildren(cidr) {
    const data = await run('childPrefixes', { namespace: this.namespace, cidr });
    this.kids.set(cidr, data.prefix ? this.remember(data.prefix.children) : []);
  }

  async toggle(cidr) {
    const expanded = new Set(this.expanded);
    if (expanded.has(cidr)) {
      expanded.delete(cidr);
    } else {
      try {
        await this.loadChildren(cidr);
      } catch (error) {
        this.errors = { load: error.message };
        return;
      }
      expanded.add(cidr);
    }
    this.expanded = expanded;
  }

  /** A change touched these prefixes: reload the levels that show them, batched per event-loop turn. */
  changed(affected) {
    const idle = this.pending.size === 0;
    affected.forEach((cidr) => this.pending.add(cidr));
    if (idle) {
      queueMicrotask(() => this.refresh());
    }
  }

  async refresh() {
    const affected = [...this.pending];
    this.pending.clear();
    const levels = new Set();
    for (const cidr of affected) {
      const row = this.rows.get(cidr);
      if (!row || !row.parentCidr) {
        levels.add('');
      } else if (this.kids.has(row.parentCidr)) {
        levels.add(row.parentCidr);
      }
      if (this.expanded.has(cidr)) {
        levels.add(cidr);
      }
    }
    for (const level of levels) {
      if (level === '') {
        await this.loadRoots(Math.max(PAGE, this.roots ? this.roots.length : 0));
      } else {
        await this.loadChildren(level);
      }
    }
    if (this.filtered) {
      await this.runFilter(this.filtered.selector, this.filtered.contains);
    }
    this.requestUpdate();
  }

  async filter(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const selector = form.get('selector').trim();
    const contains = form.get('contains').trim();
    if (!selector && !contains) {
      this.filtered = null;
      this.errors = {};
      return;
    }
    await this.runFilter(selector, contains);
  }

  async runFilter(selector, contains) {
    try {
      const data = await this.latest('filter', run('filteredPrefixes', {
        namespace: this.namespace, selector: selector || null, contains: contains || null, first: 500,
      }));
      if (data === STALE) {
        return;
      }
      const connection = data.prefixes;
      this.filtered = { selector, contains, prefixes: connection.edges.map((e) => e.node), totalCount: connection.totalCount };
      this.errors = {};
    } catch (error) {
      this.errors = contains && /address|IP/i.test(error.message) && !/selector/i.test(error.message)
        ? { contains: error.message } : { selector: error.message };
    }
  }

  clearFilter() {
    this.filtered = null;
    this.errors = {};
    this.querySelector('#filter-selector').value = '';
    this.querySelector('#filter-contains').value = '';
  }

  async create(event) {
    event.preventDefault();
    const formElement = event.target;
    const form = new FormData(formElement);
    const cidr = form.get('cidr').trim();
    try {
      const data = await run('createPrefix', {
        namespace: this.namespace, cidr, description: form.get('description') || null,
        labels: parseLabels(form.get('labels')),
      });
      this.errors = {};
      this.notice = `Created ${data.createPrefix.cidr}.`;
      formElement.reset();
      await this.loadRoots(Math.max(PAGE, this.roots.length + 1));
    } catch (error) {
      this.errors = /label/i.test(error.message) ? { labels: error.message } : { cidr: error.message };
    }
  }

  render() {
    const can = abilities();
    return html`
      <nav class="crumbs" aria-label="breadcrumb"><a href="#/">Namespaces</a> › <span>${this.namespace}</span></nav>
      <h1>Namespace ${this.namespace}</h1>
      <p class="live" aria-live="polite">${this.live || ''}</p>
      ${this.errors.load ? html`<p class="error" role="alert">${this.errors.load}</p>` : nothing}
      <form class="filters" @submit=${this.filter} role="search" aria-label="filter prefixes">
        <div class="field">
          <label for="filter-selector">Label selector</label>
          <input id="filter-selector" name="selector" placeholder="env=prod,tier notin (db)" autocomplete="off"
                 aria-describedby="ipam-prefix-tree-selector-error">
          ${this.fieldError(this.errors, 'selector')}
        </div>
        <div class="field">
          <label for="filter-contains">Contains address</label>
          <input id="filter-contains" name="contains" placeholder="10.0.3.7" autocomplete="off"
                 aria-describedby="ipam-prefix-tree-contains-error">
          ${this.fieldError(this.errors, 'contains')}
        </div>
        <button type="submit">Filter</button>
        ${this.filtered ? html`<button type="button" @click=${this.clearFilter}>Clear filter</button>` : nothing}
      </form>
      ${this.filtered ? this.renderFiltered() : this.renderTree()}
      ${can.write ? this.renderCreate() : nothing}`;
  }

  renderFiltered() {
    const { prefixes, totalCount } = this.filtered;
    return html`
      <p aria-live="polite">${totalCount} matching prefix${totalCount === 1 ? '' : 'es'}${prefixes.length < totalCount ? `, first ${prefixes.length} shown` : ''}.</p>
      <div class="table-scroll"><table class="grid prefixes" aria-label="matching prefixes">
        <thead>${prefixHeader}</thead>
        <tbody>${prefixes.map((p) => html`<tr><td>${prefixLink(this.namespace, p)}</td>${prefixCells(p)}</tr>`)}</tbody>
      </table></div>`;
  }

  renderTree() {
    if (this.roots === null) {
      return html`<p aria-live="polite">Loading…</p>`;
    }
    if (this.roots.length === 0) {
      return html`<p>No prefix in this namespace yet.</p>`;
    }
    const rows = [];
    const walk = (cidrs, level) => {
      for (const cidr of cidrs) {
        rows.push(this.renderRow(this.rows.get(cidr), level));
        if (this.expanded.has(cidr)) {
          walk(this.kids.get(cidr) || [], level + 1);
        }
      }
    };
    walk(this.roots, 1);
    return html`
      <p>${this.page.totalCount} root prefix${this.page.totalCount === 1 ? '' : 'es'}${this.roots.length < this.page.totalCount ? `, ${this.roots.length} shown` : ''}.</p>
      <div class="table-scroll"><table class="grid prefixes" role="treegrid" aria-label="prefix tree of ${this.namespace}">
        <thead>${prefixHeader}</thead>
        <tbody>${rows}</tbody>
      </table></div>
      ${this.page.hasNextPage
        ? html`<button type="button" class="more" @click=${() => this.loadRoots(PAGE, this.page.endCursor)}>Show more root prefixes</button>`
        : nothing}`;
  }

  renderRow(prefix, level) {
    const parent = prefix.usage.acquiredPrefixes > 0;
    const open = this.expanded.has(prefix.cidr);
    return html`<tr aria-level="${level}" aria-expanded="${parent ? String(open) : nothing}" data-cidr="${prefix.cidr}">
      <td class="tree-cell">
        ${parent
          ? html`<button type="button" class="toggle" aria-expanded="${open}"
                   aria-label="${open ? 'Collapse' : 'Expand'} ${prefix.cidr} (${prefix.usage.acquiredPrefixes} children)"
                   @click=${() => this.toggle(prefix.cidr)}>${open ? '▾' : '▸'}</button>`
          : html`<span class="toggle-space" aria-hidden="true"></span>`}
        ${prefixLink(this.namespace, prefix)}
      </td>
      ${prefixCells(prefix)}</tr>`;
  }

  renderCreate() {
    return html`
      <form class="panel" @submit=${this.create} aria-labelledby="new-prefix-title">
        <h2 id="new-prefix-title">New root prefix</h2>
        ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing}
        <div class="field">
          <label for="new-cidr">CIDR</label>
          <input id="new-cidr" name="cidr" required placeholder="10.0.0.0/16" autocomplete="off"
                 aria-describedby="ipam-prefix-tree-cidr-error">
          ${this.fieldError(this.errors, 'cidr')}
        </div>
        <div class="field">
          <label for="new-description">Description</label>
          <input id="new-description" name="description" autocomplete="off">
        </div>
        <div class="field">
          <label for="new-labels">Labels</label>
          <input id="new-labels" name="labels" placeholder="env=prod, owner=net" autocomplete="off"
                 aria-describedby="ipam-prefix-tree-labels-error">
          ${this.fieldError(this.errors, 'labels')}
        </div>
        <button type="submit">Create prefix</button>
      </form>`;
  }
}
customElements.define('ipam-prefix-tree', PrefixTree);
