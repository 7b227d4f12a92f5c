// One prefix: its fields (editable, with version-conflict resolution), the map of its address space,
// its children, acquiring children and addresses, and its addresses paged with search.
import { html, nothing } from 'lit';
import { run } from './api.js';
import { bestFit, formatCount, parseCidr } from './cidr.js';
import { watchNamespace } from './live.js';
import { freeCount, prefixCells, prefixHeader, prefixLink, utilization } from './prefix-rows.js';
import { abilities } from './session.js';
import { CursorPages, STALE, labelChips, labelText, namespaceHref, parseLabels, prefixHref, View } from './view.js';
import './address-map.js';

const ADDRESS_PAGE = 50;

class PrefixPage extends View {
  static properties = {
    namespace: {},
    cidr: {},
    prefix: { state: true },
    length: { state: true },
    addresses: { state: true },
    errors: { state: true },
    notice: { state: true },
    conflict: { state: true },
    live: { state: true },
    editBase: { state: true },
  };

  constructor() {
    super();
    this.prefix = null;
    this.length = null;
    this.addresses = null;
    this.errors = {};
    this.notice = null;
    this.conflict = null;
    // the prefix as it was when the person started editing: live reloads leave the form and its version alone
    this.editBase = null;
    this.live = null;
    this.search = { text: '', pages: new CursorPages() };
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
    this.stopWatching = watchNamespace(this.namespace, (affected) => {
      const shown = this.prefix ? [this.prefix.cidr, ...this.prefix.children.map((c) => c.cidr)] : [this.cidr];
      if (affected.some((cidr) => shown.includes(cidr))) {
        this.load();
      }
    }, (state, why) => { this.live = state === 'live' ? 'Live' : `Live updates off: ${why}`; });
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stopWatching();
  }

  updated(changed) {
    if ((changed.has('cidr') && changed.get('cidr') !== undefined) || (changed.has('namespace') && changed.get('namespace') !== undefined)) {
      this.prefix = null;
      this.editBase = null;
      this.length = null;
      this.errors = {};
      this.notice = null;
      this.search = { text: '', pages: new CursorPages() };
      this.load();
    }
  }

  async load() {
    try {
      const data = await this.latest('prefix', run('prefix', { namespace: this.namespace, cidr: this.cidr }));
      if (data === STALE) {
        return;
      }
      this.prefix = data.prefix;
      if (!this.prefix) {
        this.errors = { load: `Prefix ${this.cidr} does not exist in namespace ${this.namespace}.` };
        return;
      }
      const parsed = parseCidr(this.prefix.cidr);
      if (this.length === null || this.length <= parsed.len || this.length > parsed.bits) {
        this.length = Math.min(parsed.bits, parsed.len + (parsed.v6 ? 16 : 8));
      }
      if (this.prefix.usage.acquiredPrefixes === 0) {
        await this.loadAddresses();
      } else {
        this.addresses = null;
      }
    } catch (error) {
      this.errors = { load: error.message };
    }
  }

  async loadAddresses() {
    const text = this.search.text;
    try {
      if (text && !text.includes('=') && /[.:]/.test(text) && !/\s|!|\(/.test(text)) {
        const data = await this.latest('addresses', run('address', { namespace: this.namespace, prefix: this.prefix.cidr, address: text }));
        if (data === STALE) {
          return;
        }
        this.addresses = { nodes: data.ip ? [data.ip] : [], totalCount: data.ip ? 1 : 0, pageInfo: { hasNextPage: false } };
      } else {
        const data = await this.latest('addresses', run('addresses', {
          namespace: this.namespace, within: this.prefix.cidr, selector: text || null,
          first: ADDRESS_PAGE, after: this.search.pages.after,
        }));
        if (data === STALE) {
          return;
        }
        const connection = data.ips;
        this.addresses = { nodes: connection.edges.map((e) => e.node), totalCount: connection.totalCount, pageInfo: connection.pageInfo };
      }
      this.errors = { ...this.errors, search: null };
    } catch (error) {
      this.errors = { ...this.errors, search: error.message };
    }
  }

  /**
   * Runs a mutation; on success clears the fields in `clear`, shows `done(data)` and reloads, on failure
   * puts the API's message at `field`.
   */
  async act(field, name, variables, done, clear = []) {
    try {
      const data = await run(name, { namespace: this.namespace, ...variables });
      clear.forEach((input) => { input.value = ''; });
      this.errors = {};
      this.notice = done(data);
      await this.load();
    } catch (error) {
      this.errors = { [field]: error.message };
      this.notice = null;
    }
  }

  acquireChild(event) {
    event.preventDefault();
    const fields = event.target.elements;
    return this.act('length', 'acquireChildPrefix',
      { parent: this.prefix.cidr, length: Number(fields.namedItem('length').value), description: fields.description.value || null },
      (data) => `Acquired ${data.acquireChildPrefix.cidr}.`, [fields.description]);
  }

  acquireSpecific(event) {
    event.preventDefault();
    const fields = event.target.elements;
    return this.act('specific', 'acquireSpecificChildPrefix',
      { parent: this.prefix.cidr, cidr: fields.cidr.value.trim(), description: fields.description.value || null },
      (data) => `Acquired ${data.acquireSpecificChildPrefix.cidr}.`, [fields.cidr, fields.description]);
  }

  acquireAddress(event) {
    event.preventDefault();
    const fields = event.target.elements;
    const address = fields.address.value.trim();
    return this.act('address', 'acquireIP',
      { prefix: this.prefix.cidr, address: address || null, description: fields.description.value || null },
      (data) => `Acquired ${data.acquireIP.address}.`, [fields.address, fields.description]);
  }

  releaseAddress(address) {
    return this.act(`release:${address}`, 'releaseIP', { prefix: this.prefix.cidr, address },
      (data) => `Released ${data.releaseIP.address}.`);
  }

  async release() {
    const { cidr, parentCidr } = this.prefix;
    try {
      await run('deletePrefix', { namespace: this.namespace, cidr });
      location.hash = parentCidr ? prefixHref(this.namespace, parentCidr) : namespaceHref(this.namespace);
    } catch (error) {
      this.errors = { release: error.message };
    }
  }

  async save(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    await this.saveEdit({ description: form.get('description'), labels: parseLabels(form.get('labels')) },
      (this.editBase ?? this.prefix).version);
  }

  async saveEdit(mine, ifVersion) {
    try {
      await run('updatePrefix', { namespace: this.namespace, cidr: this.prefix.cidr, ...mine, ifVersion });
      this.conflict = null;
      this.editBase = null;
      this.errors = {};
      this.notice = 'Saved.';
      await this.load();
    } catch (error) {
      if (error.code === 'VERSION_CONFLICT') {
        const data = await run('prefix', { namespace: this.namespace, cidr: this.prefix.cidr });
        this.conflict = { mine, theirs: data.prefix, message: error.message };
        this.errors = {};
      } else {
        this.errors = { [/label/i.test(error.message) ? 'labels' : 'description']: error.message };
      }
    }
  }

  useTheirs() {
    this.prefix = this.conflict.theirs;
    this.conflict = null;
    this.editBase = null;
    this.notice = `Kept the current version ${this.prefix.version}.`;
  }

  searchAddresses(event) {
    event.preventDefault();
    this.search = { text: new FormData(event.target).get('search').trim(), pages: new CursorPages() };
    this.loadAddresses();
  }

  page(forward) {
    if (forward) {
      this.search.pages.next(this.addresses.pageInfo.endCursor);
    } else {
      this.search.pages.previous();
    }
    this.loadAddresses();
  }

  render() {
    if (!this.prefix) {
      return html`${this.crumbs()}${this.errors.load ? html`<p class="error" role="alert">${this.errors.load}</p>` : html`<p aria-live="polite">Loading…</p>`}`;
    }
    const p = this.prefix;
    const can = abilities();
    const parsed = parseCidr(p.cidr);
    return html`
      ${this.crumbs()}
      <h1>Prefix ${p.cidr}</h1>
      <p class="live" aria-live="polite">${this.live || ''}</p>
      ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing}
      <dl class="facts">
        <dt>Description</dt><dd>${p.description || '—'}</dd>
        <dt>Labels</dt><dd>${p.labels.length ? labelChips(p.labels) : '—'}</dd>
        <dt>Size</dt><dd>${formatCount(parsed.size, parsed.v6)} addresses</dd>
        <dt>Utilization</dt><dd>${utilization(p)}</dd>
        <dt>Free</dt><dd>${freeCount(p)}</dd>
        <dt>Children</dt><dd>${p.usage.acquiredPrefixes}</dd>
        <dt>Version</dt><dd>${p.version}</dd>
        ${p.claim ? html`<dt>Claim</dt><dd>${p.claim}</dd>` : nothing}
      </dl>
      ${can.write ? this.renderEdit() : nothing}
      <section aria-labelledby="map-title">
        <h2 id="map-title">Address space</h2>
        <ipam-address-map .cidr=${p.cidr} .children=${p.children.map((c) => c.cidr)} .free=${p.usage.availablePrefixes}
          .preview=${can.write ? (bestFit(p.usage.availablePrefixes, this.length) || {}).cidr : undefined}></ipam-address-map>
      </section>
      ${p.children.length ? html`
        <section aria-labelledby="children-title">
          <h2 id="children-title">Children</h2>
          <div class="table-scroll"><table class="grid prefixes" aria-label="children of ${p.cidr}">
            <thead>${prefixHeader}</thead>
            <tbody>${p.children.map((c) => html`<tr><td>${prefixLink(this.namespace, c)}</td>${prefixCells(c)}</tr>`)}</tbody>
          </table></div>
        </section>` : nothing}
      ${can.write && !(this.addresses && this.addresses.totalCount > 0) ? this.renderAcquireChild(parsed) : nothing}
      ${this.addresses ? this.renderAddresses(can) : nothing}`;
  }

  crumbs() {
    const parent = this.prefix && this.prefix.parentCidr;
    return html`<nav class="crumbs" aria-label="breadcrumb"><a href="#/">Namespaces</a> ›
      <a href="${namespaceHref(this.namespace)}">${this.namespace}</a> ›
      ${parent ? html`<a href="${prefixHref(this.namespace, parent)}">${parent}</a> › ` : nothing}<span>${this.cidr}</span></nav>`;
  }

  renderEdit() {
    const p = this.editBase ?? this.prefix;
    if (this.conflict) {
      const { mine, theirs, message } = this.conflict;
      return html`
        <section class="panel conflict" role="alert" aria-labelledby="conflict-title">
          <h2 id="conflict-title">Someone else changed this prefix</h2>
          <p>${message}</p>
          <div class="table-scroll"><table class="grid">
            <thead><tr><th scope="col"></th><th scope="col">Your edit</th><th scope="col">Current (version ${theirs.version})</th></tr></thead>
            <tbody>
              <tr><th scope="row">Description</th><td>${mine.description || '—'}</td><td>${theirs.description || '—'}</td></tr>
              <tr><th scope="row">Labels</th><td>${labelText(mine.labels) || '—'}</td><td>${labelText(theirs.labels) || '—'}</td></tr>
            </tbody>
          </table></div>
          <div class="actions">
            <button type="button" @click=${() => this.saveEdit(mine, theirs.version)}>Keep my edit</button>
            <button type="button" @click=${this.useTheirs}>Keep the current version</button>
          </div>
        </section>`;
    }
    return html`
      <form class="panel" @submit=${this.save} @input=${() => { this.editBase = this.editBase ?? this.prefix; }}
            aria-labelledby="edit-title">
        <h2 id="edit-title">Edit</h2>
        <div class="field">
          <label for="edit-description">Description</label>
          <input id="edit-description" name="description" .value=${p.description || ''} autocomplete="off"
                 aria-describedby="ipam-prefix-page-description-error">
          ${this.fieldError(this.errors, 'description')}
        </div>
        <div class="field">
          <label for="edit-labels">Labels</label>
          <input id="edit-labels" name="labels" .value=${labelText(p.labels)} placeholder="env=prod, owner=net"
                 autocomplete="off" aria-describedby="ipam-prefix-page-labels-error">
          ${this.fieldError(this.errors, 'labels')}
        </div>
        <div class="actions">
          <button type="submit">Save</button>
          <button type="button" class="danger" @click=${this.release}
                  aria-describedby="ipam-prefix-page-release-error">${p.parentCidr ? 'Release prefix' : 'Delete prefix'}</button>
        </div>
        ${this.fieldError(this.errors, 'release')}
      </form>`;
  }

  renderAcquireChild(parsed) {
    const fit = bestFit(this.prefix.usage.availablePrefixes, this.length);
    return html`
      <section class="panel" aria-labelledby="acquire-child-title">
        <h2 id="acquire-child-title">Acquire a child prefix</h2>
        <form @submit=${this.acquireChild}>
          <div class="field">
            <label for="child-length">Length</label>
            <input id="child-length" name="length" type="number" min="${parsed.len + 1}" max="${parsed.bits}"
                   .value=${String(this.length)} required aria-describedby="best-fit ipam-prefix-page-length-error"
                   @input=${(e) => { this.length = Number(e.target.value); }}>
            <p id="best-fit" class="hint" aria-live="polite">${fit
              ? html`Best fit gives <strong class="best-fit">${fit.cidr}</strong> (from the free block ${fit.block}).`
              : html`No free block holds a /${this.length}.`}</p>
            ${this.fieldError(this.errors, 'length')}
          </div>
          <div class="field">
            <label for="child-description">Description</label>
            <input id="child-description" name="description" autocomplete="off">
          </div>
          <button type="submit">Acquire best fit</button>
        </form>
        <form @submit=${this.acquireSpecific}>
          <div class="field">
            <label for="specific-cidr">Specific CIDR</label>
            <input id="specific-cidr" name="cidr" required autocomplete="off" placeholder="${this.prefix.usage.availablePrefixes[0] || ''}"
                   aria-describedby="ipam-prefix-page-specific-error">
            ${this.fieldError(this.errors, 'specific')}
          </div>
          <div class="field">
            <label for="specific-description">Description</label>
            <input id="specific-description" name="description" autocomplete="off">
          </div>
          <button type="submit">Acquire this prefix</button>
        </form>
      </section>`;
  }

  renderAddresses(can) {
    const { nodes, totalCount, pageInfo } = this.addresses;
    return html`
      <section aria-labelledby="addresses-title">
        <h2 id="addresses-title">Addresses</h2>
        ${can.write ? html`
          <form class="panel inline" @submit=${this.acquireAddress} aria-label="acquire an address">
            <div class="field">
              <label for="ip-address">Address (empty: the lowest free)</label>
              <input id="ip-address" name="address" autocomplete="off" aria-describedby="ipam-prefix-page-address-error">
              ${this.fieldError(this.errors, 'address')}
            </div>
            <div class="field">
              <label for="ip-description">Description</label>
              <input id="ip-description" name="description" autocomplete="off">
            </div>
            <button type="submit">Acquire address</button>
          </form>` : nothing}
        <form class="filters" role="search" @submit=${this.searchAddresses} aria-label="search addresses">
          <div class="field">
            <label for="ip-search">Find an address or label selector</label>
            <input id="ip-search" name="search" .value=${this.search.text} autocomplete="off"
                   aria-describedby="ipam-prefix-page-search-error">
            ${this.fieldError(this.errors, 'search')}
          </div>
          <button type="submit">Search</button>
        </form>
        <p aria-live="polite">${totalCount} acquired address${totalCount === 1 ? '' : 'es'} (reserved ones not counted).</p>
        ${nodes.length ? html`
          <div class="table-scroll"><table class="grid" aria-label="addresses of ${this.prefix.cidr}">
            <thead><tr><th scope="col">Address</th><th scope="col">Description</th><th scope="col">Labels</th>
              <th scope="col">Claim</th>${can.write ? html`<th scope="col"><span class="visually-hidden">Actions</span></th>` : nothing}</tr></thead>
            <tbody>${nodes.map((ip) => html`<tr>
              <td>${ip.address}</td><td>${ip.description || ''}</td><td>${labelChips(ip.labels)}</td><td>${ip.claim || ''}</td>
              ${can.write ? html`<td><button type="button" class="danger" aria-label="Release ${ip.address}"
                  @click=${() => this.releaseAddress(ip.address)}>Release</button>
                  ${this.fieldError(this.errors, `release:${ip.address}`)}</td>` : nothing}</tr>`)}</tbody>
          </table></div>` : nothing}
        <div class="actions">
          ${this.search.pages.hasPrevious ? html`<button type="button" @click=${() => this.page(false)}>Previous page</button>` : nothing}
          ${pageInfo.hasNextPage ? html`<button type="button" @click=${() => this.page(true)}>Next page</button>` : nothing}
        </div>
      </section>`;
  }
}
customElements.define('ipam-prefix-page', PrefixPage);
