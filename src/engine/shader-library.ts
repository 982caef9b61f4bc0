/**
 * WGSL sources by name ("linalg/axpy" for shaders/linalg/axpy.wgsl).
 * The browser bundle and Node fill it differently (shaders-bundled.ts, shaders-fs.ts);
 * kernels only ask for names.
 *
 * WGSL has no imports, so a line `//#include mlp/activation` is replaced by that shader's source
 * (each file at most once per module, so two files may include the same third one).
 */
export interface ShaderLibrary {
  source(name: string): string;
  names(): string[];
}

export function shaderLibraryFromRecord(sources: Readonly<Record<string, string>>): ShaderLibrary {
  const raw = (name: string, from?: string): string => {
    const code = sources[name];
    if (code === undefined) {
      const where = from ? ` (included by "${from}")` : '';
      throw new Error(`Shader "${name}" not found${where}; known shaders: ${Object.keys(sources).sort().join(', ')}`);
    }
    return code;
  };
  const expand = (name: string, included: Set<string>, from?: string): string =>
    raw(name, from).replace(/^\/\/#include ([\w/]+)[ \t]*$/gm, (_, target: string) => {
      if (included.has(target)) return `// ${target}: included above`;
      included.add(target);
      return expand(target, included, name);
    });
  return {
    source: (name) => expand(name, new Set([name])),
    names: () => Object.keys(sources).sort(),
  };
}

/** "/shaders/linalg/dot.wgsl" or "../../shaders/linalg/dot.wgsl" -> "linalg/dot" */
export function shaderNameFromPath(path: string): string {
  const normalized = path.replace(/\\/g, '/');
  const at = normalized.lastIndexOf('shaders/');
  return normalized.slice(at + 'shaders/'.length).replace(/\.wgsl$/, '');
}
