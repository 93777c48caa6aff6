// The counter-based generator's core (see random.ts), shared with dropout.ts; not a kernel,
// so not exported from the module.

const GAMMA: u64 = 0x9E3779B97F4A7C15;

@inline function mix64(z: u64): u64 {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
  return z ^ (z >> 31);
}

/** The key of stream (seed, stream). */
@inline export function key_of(seed: u32, stream: u32): u64 {
  return mix64((<u64>seed << 32) | <u64>stream);
}

@inline export function draw(k: u64, i: u64): u64 {
  return mix64(k + (i + 1) * GAMMA);
}

/** Uniform double in [0, 1) with 53 random bits: draw i of the stream with key k. */
@inline export function uniform_at(k: u64, i: u64): f64 {
  return <f64>(draw(k, i) >> 11) * 1.1102230246251565e-16; // 2^-53
}
