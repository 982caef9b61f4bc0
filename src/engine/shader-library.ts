/**
 * WGSL sources by name ("linalg/dot_partial" for shaders/linalg/dot_partial.wgsl).
 * The browser bundle and Node fill it differently (shaders-bundled.ts, shaders-fs.ts);
 * kernels only ask for names.
 */
export interface ShaderLibrary {
  source(name: string): string;
  names(): string[];
}

export function shaderLibraryFromRecord(sources: Readonly<Record<string, string>>): ShaderLibrary {
  return {
    source(name) {
      const code = sources[name];
      if (code === undefined) {
        throw new Error(`Shader "${name}" not found; known shaders: ${Object.keys(sources).sort().join(', ')}`);
      }
      return code;
    },
    names: () => Object.keys(sources).sort(),
  };
}

/** "/shaders/linalg/dot.wgsl" or "../../shaders/linalg/dot.wgsl" -> "linalg/dot" */
export function shaderNameFromPath(path: string): string {
  const normalized = path.replace(/\\/g, '/');
  const at = normalized.lastIndexOf('shaders/');
  return normalized.slice(at + 'shaders/'.length).replace(/\.wgsl$/, '');
}
