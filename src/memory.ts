// The arena: every tensor of a model (weights, gradients, optimizer slots,
// activations, the training set) lives in one shared WebAssembly.Memory, at byte
// offsets handed out here. Kernels get offsets and sizes, never JS arrays.
import { instantiate, MAX_PAGES, type Kernels } from './wasm.js';
import { MemoryLimitError } from './errors.js';

const PAGE = 65536;
const ALIGN = 64; // a cache line; also keeps every buffer 16-byte aligned for v128 loads

/** A bump allocator with marks: what is allocated after a mark is freed by `release(mark)`. */
export class Arena {
  readonly memory: WebAssembly.Memory;
  readonly k: Kernels;
  private top: number;
  private highWater: number;
  private viewOf: ArrayBufferLike | undefined;
  private f32View = new Float32Array(0);
  private i32View = new Int32Array(0);
  private u8View = new Uint8Array(0);

  constructor() {
    this.memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    this.k = instantiate(this.memory);
    this.top = align(this.k.heap_base());
    this.highWater = this.top;
  }

  /** Float32 view of the whole memory, rebuilt after growth; do not keep it across calls. */
  get f32(): Float32Array {
    this.refresh();
    return this.f32View;
  }

  /** Int32 view of the whole memory, rebuilt after growth; do not keep it across calls. */
  get i32(): Int32Array {
    this.refresh();
    return this.i32View;
  }

  /** Byte view of the whole memory, rebuilt after growth; do not keep it across calls. */
  get u8(): Uint8Array {
    this.refresh();
    return this.u8View;
  }

  /** Bytes in use now, and the most ever in use. */
  get usage(): { used: number; highWater: number; pages: number } {
    return { used: this.top, highWater: this.highWater, pages: this.memory.buffer.byteLength / PAGE };
  }

  /**
   * Reserves `count` 4-byte elements and returns the byte offset. `what` names the
   * buffer in the error raised when the memory limit would be passed.
   */
  alloc(count: number, what: string): number {
    const ptr = this.top;
    const end = align(ptr + count * 4);
    if (end > MAX_PAGES * PAGE) {
      throw new MemoryLimitError(
        `${what}: needs ${mib(count * 4)} but only ${mib(MAX_PAGES * PAGE - ptr)} of the ` +
          `${mib(MAX_PAGES * PAGE)} WebAssembly memory is free; use a smaller batchSize or model`,
      );
    }
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE));
    this.top = end;
    this.highWater = Math.max(this.highWater, end);
    return ptr;
  }

  /** Current top; pass it to `release` to free everything allocated after it. */
  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    this.top = mark;
  }

  /** Copies `src` into the arena at `ptr`. */
  write(ptr: number, src: ArrayLike<number>): void {
    this.f32.set(src, ptr >> 2);
  }

  /** A copy of `n` floats at `ptr`. */
  read(ptr: number, n: number): Float32Array {
    return this.f32.slice(ptr >> 2, (ptr >> 2) + n);
  }

  private refresh(): void {
    const buf = this.memory.buffer;
    if (buf !== this.viewOf || this.f32View.byteLength !== buf.byteLength) {
      this.viewOf = buf;
      this.f32View = new Float32Array(buf);
      this.i32View = new Int32Array(buf);
      this.u8View = new Uint8Array(buf);
    }
  }
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
