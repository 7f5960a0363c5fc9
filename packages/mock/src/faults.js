// Misbehaviour on purpose, for testing clients: `Prefer: delay=<ms>` per request, and per server a random
// latency (`latency: {min, max}`) and random faults (`faults: [{status: 429, rate: 0.05}, …]`, status
// 'reset' drops the connection), drawn from a seeded generator so a run can be repeated exactly.

/** A seeded PRNG (mulberry32): the same seed gives the same sequence. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** "50-200" or "100" (ms) → {min, max}; throws with the reason. */
export function parseLatency(text) {
  const m = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*(?:ms)?\s*$/.exec(String(text));
  if (!m) throw new Error(`--latency: "${text}" is not <min>-<max> in milliseconds (e.g. 20-200)`);
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (max < min) throw new Error(`--latency: ${max} < ${min}`);
  return { min, max };
}

/** "429=5%,503=1%,reset=0.5%" → [{status: 429, rate: 0.05}, …]; throws with the reason. */
export function parseFaults(text) {
  const out = [];
  for (const item of String(text).split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(reset|[1-5]\d\d)\s*=\s*(\d+(?:\.\d+)?)%$/.exec(item);
    if (!m) throw new Error(`--faults: "${item}" is not <status>=<percent>% (e.g. 429=5%, 503=1%, reset=1%)`);
    out.push({ status: m[1] === 'reset' ? 'reset' : Number(m[1]), rate: Number(m[2]) / 100 });
  }
  const total = out.reduce((n, f) => n + f.rate, 0);
  if (total > 1) throw new Error(`--faults: the rates add up to ${Math.round(total * 100)}% (at most 100%)`);
  return out;
}

const MAX_DELAY_MS = 120_000;

/** `Prefer: delay=…` in ms, or undefined; NaN when malformed. */
export function preferredDelay(prefer) {
  if (prefer.delay === undefined) return undefined;
  if (!/^\d+$/.test(prefer.delay)) return NaN;
  return Math.min(Number(prefer.delay), MAX_DELAY_MS);
}

/**
 * @param {{latency?: {min: number, max: number}|string, faults?: {status: number|'reset', rate: number}[]|string,
 *          seed?: number, retryAfter?: number}} options
 * @returns {{active: boolean, next(): {delay: number, fault?: number|'reset'}, retryAfter: number}}
 */
export function createFaults(options = {}) {
  const latency = typeof options.latency === 'string' ? parseLatency(options.latency) : options.latency;
  const faults = typeof options.faults === 'string' ? parseFaults(options.faults) : options.faults ?? [];
  const random = prng(options.seed ?? 1);
  const retryAfter = options.retryAfter ?? 1;
  return {
    active: Boolean(latency || faults.length),
    retryAfter,
    next() {
      // Two draws per request, always, so the fault sequence does not depend on the latency setting.
      const a = random();
      const b = random();
      const delay = latency ? Math.round(latency.min + a * (latency.max - latency.min)) : 0;
      let acc = 0;
      for (const f of faults) {
        acc += f.rate;
        if (b < acc) return { delay, fault: f.status };
      }
      return { delay };
    },
  };
}

/** The body of an injected fault: the gateway's throttling error for 429, a plain service error otherwise. */
export function faultBody(status) {
  if (status === 429) return { error_code: 'APIGW.0308', error_msg: 'The throttling threshold has been reached (fault injected by the mock)' };
  return { error_code: `Mock.${status}`, error_msg: `fault injected by the mock (${status})` };
}
