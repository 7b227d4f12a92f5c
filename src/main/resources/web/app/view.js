// What every view shares: rendering into the page (one stylesheet, no shadow roots) and error display.
import { LitElement, html, nothing } from 'lit';

export const STALE = Symbol('stale');

export class View extends LitElement {
  createRenderRoot() {
    return this;
  }

  /**
   * The answer to `request`, or STALE when a later call with the same key was made meanwhile: an answer
   * that arrives late (a first load behind a filter) must not overwrite a newer one.
   */
  async latest(key, request) {
    this.serials = this.serials || {};
    const serial = (this.serials[key] = (this.serials[key] || 0) + 1);
    try {
      const answer = await request;
      return serial === this.serials[key] ? answer : STALE;
    } catch (error) {
      if (serial === this.serials[key]) {
        throw error;
      }
      return STALE;
    }
  }

  /** The API's message for a field, shown next to it and announced to screen readers. */
  fieldError(errors, field) {
    const message = errors && errors[field];
    return message ? html`<p class="error" role="alert" id="${this.localName}-${field}-error">${message}</p>` : nothing;
  }
}

export function labelText(labels) {
  return labels.map((l) => (l.value ? `${l.key}=${l.value}` : l.key)).join(', ');
}

/** Parses "k=v, k2=v2" (or "k" for an empty value) into LabelInput objects; the server validates. */
export function parseLabels(text) {
  return text.split(',').map((part) => part.trim()).filter((part) => part).map((part) => {
    const at = part.indexOf('=');
    return at < 0 ? { key: part, value: '' } : { key: part.slice(0, at).trim(), value: part.slice(at + 1).trim() };
  });
}

export function labelChips(labels) {
  return labels.length
    ? html`<ul class="labels" aria-label="labels">${labels.map((l) => html`<li>${l.value ? `${l.key}=${l.value}` : l.key}</li>`)}</ul>`
    : nothing;
}

export function namespaceHref(namespace) {
  return `#/ns/${encodeURIComponent(namespace)}`;
}

export function prefixHref(namespace, cidr) {
  return `#/ns/${encodeURIComponent(namespace)}/prefix/${encodeURIComponent(cidr)}`;
}

/** Cursor paging forward and back: the cursors of the pages before the current one. */
export class CursorPages {
  constructor() {
    this.after = null;
    this.history = [];
  }

  next(endCursor) {
    this.history.push(this.after);
    this.after = endCursor;
  }

  previous() {
    this.after = this.history.pop() || null;
  }

  get hasPrevious() {
    return this.history.length > 0;
  }
}
