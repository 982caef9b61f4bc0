import { beforeAll, describe, expect, it } from 'vitest';
import './float16-shim.ts';
import { makeShaderDataDefinitions, makeStructuredView } from 'webgpu-utils';
import { paramsDeclarations, paramsDefinition } from './params-layout.ts';
import { fileShaderLibrary } from './shaders-fs.ts';

describe('params layout from the struct alone', () => {
  // webgpu-utils names shader stages by the WebGPU globals, which Node has only from the webgpu package.
  beforeAll(async () => {
    const { globals } = (await import('webgpu')) as unknown as { globals: Record<string, unknown> };
    for (const [name, value] of Object.entries(globals)) (globalThis as Record<string, unknown>)[name] ??= value;
  });

  it('equals the layout read from the whole kernel, for every kernel of the lab', () => {
    const library = fileShaderLibrary();
    let checked = 0;
    for (const name of library.names()) {
      const code = library.source(name);
      const whole = makeShaderDataDefinitions(code).uniforms['params'];
      if (!whole) continue; // an include, not a kernel
      const declarations = paramsDeclarations(code);
      expect(declarations.length, name).toBeLessThan(code.length);
      const fromStruct = paramsDefinition(name, code);
      expect(fromStruct, name).toEqual(whole);
      expect(makeStructuredView(fromStruct).arrayBuffer.byteLength, name).toBe(makeStructuredView(whole).arrayBuffer.byteLength);
      checked++;
    }
    expect(checked).toBe(library.names().filter((name) => library.source(name).includes('var<uniform> params')).length);
    expect(checked).toBeGreaterThan(20);
  });

  it('falls back to the whole code when the struct is not written as expected, and names a kernel without params', () => {
    const odd = 'struct Params{n:u32}\n@group(0) @binding(0) var<uniform> params: Params;';
    expect(paramsDeclarations(odd)).toBe(odd);
    expect(paramsDefinition('odd', odd).size).toBe(4);
    expect(() => paramsDefinition('none', 'fn main() {}')).toThrow(/Shader "none" must declare `var<uniform> params`/);
  });
});
