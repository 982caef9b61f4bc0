/**
 * The layout of a kernel's `params` uniform, read by webgpu-utils from the declarations of the
 * `Params` struct and its binding alone. Parsing a whole kernel took the worker 65–80 ms for
 * network_rows (about a thousand lines with its includes) on the way to a first result; the struct
 * holds only u32 and f32 fields, so its declaration is all the layout depends on.
 */
import './float16-shim.ts';
import { makeShaderDataDefinitions, type VariableDefinition } from 'webgpu-utils';

const PARAMS_STRUCT = /^struct Params\s*\{[^}]*\}/m;
const PARAMS_BINDING = /^[^\n]*var<uniform>\s+params\s*:\s*Params\s*;/m;

/** The declarations webgpu-utils needs for `params`: the struct and its binding, or the whole code when they are not found as written above. */
export function paramsDeclarations(code: string): string {
  const struct = PARAMS_STRUCT.exec(code)?.[0];
  const binding = PARAMS_BINDING.exec(code)?.[0];
  return struct && binding ? `${struct}\n${binding}` : code;
}

export function paramsDefinition(name: string, code: string): VariableDefinition {
  const definition = makeShaderDataDefinitions(paramsDeclarations(code)).uniforms['params'];
  if (!definition) throw new Error(`Shader "${name}" must declare \`var<uniform> params\` at binding 0`);
  return definition;
}
