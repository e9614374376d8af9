// Reproducible randomness for the benchmark: every draw comes from a seeded stream, so a
// scenario and a seed always give the same jobs, the same bursts and the same jitter.

/** mulberry32: small, fast, good enough to draw job timings reproducibly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stream for one purpose of one scenario and seed: streams never overlap by accident. */
export function streamFor(scenario: string, seed: number, purpose: string): () => number {
  return seededRandom(hash(`${scenario}/${purpose}/${seed}`));
}

/** FNV-1a, 32 bits. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function uniform(random: () => number, lo: number, hi: number): number {
  return lo + (hi - lo) * random();
}

/** Standard normal (Box–Muller). */
export function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Log-normal with the given median and log-space standard deviation. */
export function logNormal(random: () => number, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(random));
}

export function exponential(random: () => number, mean: number): number {
  return -mean * Math.log(1 - random());
}
