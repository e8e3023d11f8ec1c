import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProjectFacts } from './fixes/fix';

interface PackageJson {
  type?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const nearestCache = new Map<string, string | undefined>();

function nearest(fromDir: string, name: string): string | undefined {
  const key = `${fromDir}\0${name}`;
  if (nearestCache.has(key)) return nearestCache.get(key);
  const found = findUpwards(fromDir, name);
  nearestCache.set(key, found);
  return found;
}

function findUpwards(fromDir: string, name: string): string | undefined {
  let dir = path.resolve(fromDir);
  for (;;) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function readJson<T>(file: string | undefined): T | undefined {
  if (!file) return undefined;
  try {
    // tsconfig allows comments and trailing commas; strip them before parsing.
    const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|(^|[^:"'])\/\/.*$/gm, '$1').replace(/,(\s*[}\]])/g, '$1');
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/**
 * ESM or CommonJS output, and the project's dependencies, for the file at `fileName`.
 * ESM when the file is .mts, or package.json says "type": "module" and tsconfig's module is not
 * CommonJS; CommonJS when the file is .cts or otherwise.
 */
export function projectFactsFor(fileName: string): ProjectFacts {
  const dir = path.dirname(path.resolve(fileName));
  const cached = factsCache.get(`${dir}\0${path.extname(fileName)}`);
  if (cached) return cached;
  const facts = computeFacts(fileName, dir);
  factsCache.set(`${dir}\0${path.extname(fileName)}`, facts);
  return facts;
}

/**
 * Facts are cached per folder for the life of the process (a CLI run, or the editor's worker):
 * asking the disk for every finding was measurable. Known limit: in the editor, a change to
 * package.json "type" is seen after the analysis worker restarts.
 */
const factsCache = new Map<string, ProjectFacts>();

function computeFacts(fileName: string, dir: string): ProjectFacts {
  const pkg = readJson<PackageJson>(nearest(dir, 'package.json'));
  const tsconfig = readJson<{ compilerOptions?: { module?: string } }>(nearest(dir, 'tsconfig.json'));
  const tsModule = tsconfig?.compilerOptions?.module?.toLowerCase();
  let moduleFormat: 'esm' | 'cjs';
  if (/\.mts$/i.test(fileName)) moduleFormat = 'esm';
  else if (/\.cts$/i.test(fileName)) moduleFormat = 'cjs';
  else if (tsModule === 'commonjs') moduleFormat = 'cjs';
  else if (pkg?.type === 'module') moduleFormat = 'esm';
  else if (tsModule && /^es(\d+|next)$/.test(tsModule) && !pkg) moduleFormat = 'esm';
  else moduleFormat = 'cjs';
  return {
    moduleFormat,
    dependencies: new Set([...Object.keys(pkg?.dependencies ?? {}), ...Object.keys(pkg?.devDependencies ?? {})]),
    fileExists: (f) => fs.existsSync(f),
  };
}
