/**
 * webgpu-utils builds its type table with Float16Array at load time. Node 20 lacks it; the lab
 * never uses f16 values, so a Uint16Array stand-in (same element size) is enough to load it.
 * Browsers with WebGPU have the real one and are left alone.
 */
const g = globalThis as { Float16Array?: unknown };
if (typeof g.Float16Array === 'undefined') g.Float16Array = Uint16Array;
export {};
