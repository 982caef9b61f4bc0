/** Shaders inlined into the bundle by Vite (browser, and vitest which runs through Vite). */
import { shaderLibraryFromRecord, shaderNameFromPath, type ShaderLibrary } from './shader-library.ts';

export function bundledShaderLibrary(): ShaderLibrary {
  const modules = import.meta.glob('../../shaders/**/*.wgsl', { query: '?raw', import: 'default', eager: true }) as Record<
    string,
    string
  >;
  const sources: Record<string, string> = {};
  for (const [path, code] of Object.entries(modules)) sources[shaderNameFromPath(path)] = code;
  return shaderLibraryFromRecord(sources);
}
