// Bundle-time stand-in for `ts-morph` in our own sources (see esbuild.mjs).
//
// TypeScript's module object exposes every export through a getter, and esbuild's CommonJS interop
// adds more: each `ts.isIdentifier(node)` on a hot path cost three or four getter calls, about a
// fifth of the CLI's time in a profile. A one-time copy into a plain object makes those reads plain
// property loads. Only TypeScript's functions and enums are read through it; ts-morph itself still
// uses the real module.
import * as tsMorph from 'ts-morph';

export const ts: typeof tsMorph.ts = { ...tsMorph.ts };
export const Project = tsMorph.Project;
