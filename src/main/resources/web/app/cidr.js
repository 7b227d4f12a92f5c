// Address arithmetic on BigInt for display: the map, sizes and the best-fit preview. The service decides.

/** Parses "10.0.0.0/8" or "2001:db8::/48" (canonical forms, as the API returns them). */
export function parseCidr(text) {
  const [address, length] = text.split('/');
  const v6 = address.includes(':');
  const bits = v6 ? 128 : 32;
  const start = v6 ? parseV6(address) : parseV4(address);
  const len = Number(length);
  return { text, v6, bits, start, len, size: 1n << BigInt(bits - len) };
}

function parseV4(address) {
  return address.split('.').reduce((value, part) => (value << 8n) + BigInt(Number(part)), 0n);
}

function parseV6(address) {
  let [head, tail] = address.includes('::') ? address.split('::') : [address, null];
  let groups = head ? head.split(':') : [];
  let last = tail === null ? [] : (tail ? tail.split(':') : []);
  const embedded = (list) => {
    const end = list[list.length - 1];
    if (end && end.includes('.')) {
      const v4 = parseV4(end);
      list.splice(list.length - 1, 1, (v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16));
    }
  };
  embedded(tail === null ? groups : last);
  if (tail !== null) {
    groups = groups.concat(Array(8 - groups.length - last.length).fill('0'), last);
  }
  return groups.reduce((value, group) => (value << 16n) + BigInt(parseInt(group || '0', 16)), 0n);
}

/** The canonical text of an address (IPv6 compressed as RFC 5952 asks). */
export function formatAddress(value, v6) {
  if (!v6) {
    return [24n, 16n, 8n, 0n].map((shift) => ((value >> shift) & 0xffn).toString()).join('.');
  }
  const groups = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) {
    groups.push(Number((value >> shift) & 0xffffn));
  }
  let best = { at: -1, length: 1 };
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) {
      j += 1;
    }
    if (j - i > best.length) {
      best = { at: i, length: j - i };
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) {
    return hex.join(':');
  }
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
}

/** A count for people: exact up to a billion, powers of two as 2^n, beyond exact numbers approximate. */
export function formatCount(count, v6 = false) {
  if (typeof count === 'number' && !Number.isSafeInteger(count)) {
    return `≈2^${Math.log2(count).toFixed(1)}`;
  }
  const value = BigInt(count);
  if (value === 0n) {
    return '0';
  }
  const power = value.toString(2).length - 1;
  if ((v6 || value > 1000000n) && value === 1n << BigInt(power)) {
    return `2^${power}`;
  }
  if (value > 1000000000n) {
    return `≈2^${Math.log2(Number(value)).toFixed(1)}`;
  }
  return value.toLocaleString('en');
}

/**
 * The block acquireChildPrefix would return for `length`, as SEMANTICS.md defines best fit: among the
 * free blocks that can hold it, the one with the longest prefix length, the lowest address on ties;
 * its first block of that length. Null when no listed free block can hold it.
 */
export function bestFit(freeBlocks, length) {
  let best = null;
  for (const text of freeBlocks) {
    const block = parseCidr(text);
    if (block.len <= length && (best === null || block.len > best.len)) {
      best = block;
    }
  }
  return best && { block: best.text, cidr: `${formatAddress(best.start, best.v6)}/${length}` };
}

/**
 * The segments of a prefix's address space, to scale: its children (taken) and free blocks, in address
 * order, adjacent segments of one kind merged so that a /8 of ten thousand children stays a short list.
 */
export function spaceSegments(parentText, children, freeBlocks) {
  const parent = parseCidr(parentText);
  const blocks = children.map((c) => ({ ...parseCidr(c), taken: true, count: 1 }))
    .concat(freeBlocks.map((f) => ({ ...parseCidr(f), taken: false, count: 1 })))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const merged = [];
  for (const block of blocks) {
    const previous = merged[merged.length - 1];
    if (previous && previous.taken === block.taken && previous.end + 1n === block.start) {
      previous.end = block.start + block.size - 1n;
      previous.count += 1;
      previous.last = block.text;
    } else {
      merged.push({ taken: block.taken, start: block.start, end: block.start + block.size - 1n, count: 1,
        first: block.text, last: block.text });
    }
  }
  const scale = (value) => Number((value * 1000000n) / parent.size) / 1000000;
  return merged.map((segment) => ({
    ...segment,
    offset: scale(segment.start - parent.start),
    width: scale(segment.end - segment.start + 1n),
    label: segment.count === 1 ? segment.first : `${segment.first} … ${segment.last} (${segment.count} blocks)`,
  }));
}
