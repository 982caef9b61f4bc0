/** Shaders read from disk, for Node without a bundler (the headless runner, benchmarks). */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shaderLibraryFromRecord, type ShaderLibrary } from './shader-library.ts';

export function defaultShaderDirectory(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shaders');
}

export function fileShaderLibrary(root = defaultShaderDirectory()): ShaderLibrary {
  const sources: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.wgsl')) {
        sources[relative(root, path).replace(/\\/g, '/').replace(/\.wgsl$/, '')] = readFileSync(path, 'utf8');
      }
    }
  };
  walk(root);
  return shaderLibraryFromRecord(sources);
}
