// One prefix as a table row: CIDR, description, labels, size, utilization and free count.
import { html } from 'lit';
import { formatCount, parseCidr } from './cidr.js';
import { labelChips, prefixHref } from './view.js';

/** Addresses still free: what acquireIP can hand out, or for a parent the space outside its children. */
export function freeCount(prefix) {
  const usage = prefix.usage;
  if (usage.acquiredPrefixes === 0) {
    return formatCount(usage.freeIPs, prefix.family === 'V6');
  }
  const size = parseCidr(prefix.cidr).size;
  const free = Number(size) * (1 - usage.utilization);
  return Number.isSafeInteger(Math.round(free)) ? formatCount(BigInt(Math.round(free))) : formatCount(free);
}

export function utilization(prefix) {
  const percent = (prefix.usage.utilization * 100).toFixed(prefix.usage.utilization < 0.01 && prefix.usage.utilization > 0 ? 2 : 0);
  return html`<meter min="0" max="1" low="0.7" high="0.9" optimum="0" value="${prefix.usage.utilization}"
      aria-label="utilization of ${prefix.cidr}"></meter> <span class="percent">${percent}%</span>`;
}

export const prefixHeader = html`<tr>
  <th scope="col">Prefix</th><th scope="col">Description</th><th scope="col">Labels</th>
  <th scope="col" class="num">Size</th><th scope="col">Utilization</th><th scope="col" class="num">Free</th></tr>`;

/** The cells after the first one, shared by the tree and the flat filter results. */
export function prefixCells(prefix) {
  return html`
    <td>${prefix.description || ''}</td>
    <td>${labelChips(prefix.labels)}</td>
    <td class="num">${formatCount(parseCidr(prefix.cidr).size, prefix.family === 'V6')}</td>
    <td class="usage">${utilization(prefix)}</td>
    <td class="num">${freeCount(prefix)}</td>`;
}

export function prefixLink(namespace, prefix) {
  return html`<a href="${prefixHref(namespace, prefix.cidr)}">${prefix.cidr}</a>`;
}

