import * as fs from 'node:fs';
import * as path from 'node:path';

/** Source files we analyse; declaration files are skipped. */
export function isAnalysableFile(fileName: string): boolean {
  return /\.(ts|tsx|mts|cts)$/i.test(fileName) && !/\.d\.[mc]?ts$/i.test(fileName);
}

/** Folders that hold dependencies or build output, never the user's source. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'out', 'build', 'coverage', '.git', '.hg', '.svn', '.next', '.nuxt', '.turbo', '.cache', '.vscode-test']);

export class InputError extends Error {}

/** Expand CLI arguments into a sorted, de-duplicated list of files. Throws InputError with a one-line message. */
export function collectFiles(inputs: readonly string[]): string[] {
  const out = new Set<string>();
  for (const input of inputs) {
    const absolute = path.resolve(input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      throw new InputError(`no such file or directory: ${input}`);
    }
    if (stat.isDirectory()) {
      const before = out.size;
      walk(absolute, out);
      if (out.size === before) throw new InputError(`no TypeScript files (.ts, .tsx, .mts, .cts) under ${input}`);
    } else if (stat.isFile()) {
      if (!/\.(ts|tsx|mts|cts)$/i.test(absolute)) throw new InputError(`not a TypeScript file (.ts, .tsx, .mts, .cts): ${input}`);
      out.add(absolute);
    } else {
      throw new InputError(`not a file or directory: ${input}`);
    }
  }
  return [...out].sort();
}

function walk(dir: string, out: Set<string>): void {
  // Explicit stack: monorepos can be deep, and recursion depth is not ours to spend.
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: skip it, like a shell glob would
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) stack.push(full);
      } else if (entry.isFile() && isAnalysableFile(entry.name)) {
        out.add(full);
      }
    }
  }
}
