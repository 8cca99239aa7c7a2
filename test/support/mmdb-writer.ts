/**
 * A minimal MaxMind DB (.mmdb) writer for tests, after the public MaxMind DB File Format
 * Specification 2.0: an IPv4 binary search tree with 24-bit records, the 16-byte data section
 * separator, a data section of maps, and the metadata after "\xAB\xCD\xEFMaxMind.com". Enough to
 * write a country database the OMS's reader opens as it would GeoLite2-Country; not a general writer.
 */

type Value = string | number | bigint | Value[] | { [key: string]: Value };

function control(type: number, size: number): number[] {
  if (size >= 29) throw new Error('mmdb-writer: values this large are not needed by the tests');
  // Types above 7 are "extended": type bits 0, the type − 7 in the next byte.
  return type <= 7 ? [(type << 5) | size] : [size, type - 7];
}

function uintBytes(n: bigint): number[] {
  const out: number[] = [];
  for (let v = n; v > 0n; v >>= 8n) out.unshift(Number(v & 0xffn));
  return out;
}

function encode(value: Value): number[] {
  if (typeof value === 'string') {
    const bytes = [...Buffer.from(value, 'utf8')];
    return [...control(2, bytes.length), ...bytes];
  }
  if (typeof value === 'bigint') {
    const bytes = uintBytes(value);
    return [...control(9, bytes.length), ...bytes];
  }
  if (typeof value === 'number') {
    const bytes = uintBytes(BigInt(value));
    return [...control(value <= 0xffff ? 5 : 6, bytes.length), ...bytes];
  }
  if (Array.isArray(value)) return [...control(11, value.length), ...value.flatMap(encode)];
  const entries = Object.entries(value);
  return [...control(7, entries.length), ...entries.flatMap(([k, v]) => [...encode(k), ...encode(v)])];
}

type Slot = { node: number } | { data: number } | null;

/** `networks`: IPv4 CIDR → the record stored for it (e.g. `{ country: { iso_code: 'NG' } }`). */
export function writeMmdb(networks: Record<string, Value>, databaseType = 'GeoLite2-Country'): Buffer {
  const nodes: [Slot, Slot][] = [[null, null]];
  const data: number[] = [];
  for (const [cidr, record] of Object.entries(networks)) {
    const [address, bitsText] = cidr.split('/') as [string, string];
    const bits = Number(bitsText);
    const ip = address.split('.').reduce((n, octet) => (n << 8) + Number(octet), 0) >>> 0;
    const offset = data.length;
    data.push(...encode(record));
    let node = 0;
    for (let depth = 0; depth < bits; depth++) {
      const bit = (ip >>> (31 - depth)) & 1;
      const pair = nodes[node] as [Slot, Slot];
      if (depth === bits - 1) {
        pair[bit] = { data: offset };
        break;
      }
      const next = pair[bit];
      if (next && 'node' in next) node = next.node;
      else {
        nodes.push([null, null]);
        pair[bit] = { node: nodes.length - 1 };
        node = nodes.length - 1;
      }
    }
  }
  const count = nodes.length;
  const record = (slot: Slot) => (slot === null ? count : 'node' in slot ? slot.node : count + 16 + slot.data);
  const tree = nodes.flatMap(([l, r]) => [record(l), record(r)].flatMap((v) => [(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff]));
  const metadata = encode({
    node_count: count,
    record_size: 24,
    ip_version: 4,
    database_type: databaseType,
    languages: ['en'],
    binary_format_major_version: 2,
    binary_format_minor_version: 0,
    build_epoch: 1_764_000_000n,
    description: { en: 'OMS test database' },
  });
  return Buffer.from([...tree, ...new Array<number>(16).fill(0), ...data, ...Buffer.from('\xAB\xCD\xEFMaxMind.com', 'latin1'), ...metadata]);
}
