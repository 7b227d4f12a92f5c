// A prefix's address space drawn to scale: children (taken) and free blocks along the range, with a
// minimum width so that a /64 inside a /48 still shows; the best-fit preview is outlined on top.
import { html, svg, nothing } from 'lit';
import { formatAddress, parseCidr, spaceSegments } from './cidr.js';
import { View } from './view.js';

const WIDTH = 1000;
const MIN = 3;

class AddressMap extends View {
  static properties = {
    cidr: {},
    children: { attribute: false },
    free: { attribute: false },
    preview: {},
  };

  render() {
    if (!this.cidr || !this.children || !this.free) {
      return nothing;
    }
    const parent = parseCidr(this.cidr);
    const segments = spaceSegments(this.cidr, this.children, this.free);
    const taken = segments.filter((s) => s.taken).reduce((n, s) => n + s.count, 0);
    const preview = this.preview ? spaceSegments(this.cidr, [this.preview], [])[0] : null;
    const rect = (segment, kind) => {
      const x = segment.offset * WIDTH;
      const w = Math.max(MIN, segment.width * WIDTH);
      return svg`<rect class="${kind}" x="${Math.min(x, WIDTH - w)}" y="0" width="${w}" height="40"><title>${kind === 'preview' ? `best fit: ${segment.label}` : `${segment.taken ? 'taken' : 'free'}: ${segment.label}`}</title></rect>`;
    };
    const end = formatAddress(parent.start + parent.size - 1n, parent.v6);
    return html`
      <figure class="space-map">
        <svg viewBox="0 0 ${WIDTH} 40" preserveAspectRatio="none" role="img"
             aria-label="Address space of ${this.cidr}: ${taken} child prefix${taken === 1 ? '' : 'es'}, ${this.free.length} free block${this.free.length === 1 ? '' : 's'}">
          <rect class="space" x="0" y="0" width="${WIDTH}" height="40"></rect>
          ${segments.map((s) => rect(s, s.taken ? 'taken' : 'free'))}
          ${preview ? rect(preview, 'preview') : nothing}
        </svg>
        <figcaption>
          <span>${formatAddress(parent.start, parent.v6)}</span>
          <span class="legend"><span class="swatch taken"></span> taken <span class="swatch free"></span> free
            ${preview ? html`<span class="swatch preview"></span> best fit` : nothing}</span>
          <span>${end}</span>
        </figcaption>
      </figure>`;
  }
}
customElements.define('ipam-address-map', AddressMap);
