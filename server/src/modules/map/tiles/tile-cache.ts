/**
 * A byte-bounded LRU of encoded tiles in memory. Keys carry the layer version, so an edited
 * layer's old tiles are never served again; they just age out.
 */
export interface CachedTile {
  body: Uint8Array;
  aggregated: boolean;
}

export class TileCache {
  private readonly entries = new Map<string, CachedTile>();
  private bytes = 0;
  private readonly maxBytes: number;
  hits = 0;
  misses = 0;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  get(key: string): CachedTile | undefined {
    const v = this.entries.get(key);
    if (v === undefined) {
      this.misses++;
      return undefined;
    }
    // Map keeps insertion order: re-insert to mark as most recently used.
    this.entries.delete(key);
    this.entries.set(key, v);
    this.hits++;
    return v;
  }

  set(key: string, value: CachedTile): void {
    const size = value.body.byteLength + key.length;
    if (size > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.body.byteLength + key.length;
      this.entries.delete(key);
    }
    this.entries.set(key, value);
    this.bytes += size;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.body.byteLength + k.length;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get sizeBytes(): number {
    return this.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}
