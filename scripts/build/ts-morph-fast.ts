// Bundle-time stand-in for `ts-morph` in our own sources (see esbuild.mjs).
//
// TypeScript's module object exposes every export through a getter, and esbuild's CommonJS interop
// adds more: each `ts.isIdentifier(node)` on a hot path cost three or four getter calls, about a
// fifth of the CLI's time in a profile. A one-time copy into a plain object makes those reads plain
// property loads.
//
// The compiler comes from @ts-morph/common (the same instance ts-morph uses); ts-morph itself is loaded
// only when a `Project` is made (tests, the editor without a tsconfig): the CLI never makes one, and
// evaluating ts-morph's module cost a tenth of a second of every CLI start.
import { ts as compiler } from '@ts-morph/common';
import type * as tsMorph from 'ts-morph';

export const ts: typeof tsMorph.ts = { ...(compiler as typeof tsMorph.ts) };

// `new Project(…)` returns ts-morph's own Project (a constructor that returns an object yields that object).
export const Project = function Project(this: unknown, ...args: ConstructorParameters<typeof tsMorph.Project>) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const real = (require('ts-morph') as typeof tsMorph).Project;
  return new real(...args);
} as unknown as typeof tsMorph.Project;
