// Counters behind `--stats`.

export class CacheStats {
  built = 0;
  rebuilt = 0;
  invalidated = 0;
  tbs = 0;
  insns = 0;
  /** Callees inlined from other pages (plan.ts inlineCallees), counted per region built. */
  inlined = 0;
  wasmBytes = 0;
  /** Regions adopted from another vCPU of the process (shared-regions.ts) rather than built. */
  adopted = 0;
  translateMs = 0;
  planMs = 0;
  emitMs = 0;
  compileMs = 0;
  instantiateMs = 0;
  jcMisses = 0;
}
