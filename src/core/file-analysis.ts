import * as fs from 'node:fs';
import type { AnalysisSettings } from './engine';
import { analyzeTextKeepingTree } from './engine';
import type { ts } from 'ts-morph';
import type { FileResult } from './finding';
import type { TypeOracle } from './rule';

/** Why a file could not be analysed at all (as opposed to a syntax error inside it). */
export interface UnreadableFile {
  fileName: string;
  reason: string;
}

export type FileOutcome = { kind: 'analysed'; result: FileResult; text: string; sourceFile: ts.SourceFile } | { kind: 'unreadable'; problem: UnreadableFile };

/** A NUL byte in the first 8 KiB means "not text" (the same test git uses). */
export function looksBinary(buffer: Buffer): boolean {
  const limit = Math.min(buffer.length, 8192);
  for (let i = 0; i < limit; i++) if (buffer[i] === 0) return true;
  return false;
}

/**
 * Read, parse and analyse one file from disk. Never throws: every failure becomes an outcome.
 * `existingParse` may offer a parse of the same text made for another purpose (a type-checking
 * program's), which is then analysed instead of parsing again.
 */
export function analyzeFileOnDisk(
  fileName: string,
  settings: AnalysisSettings,
  typesFor?: (fileName: string, text: string) => TypeOracle | undefined,
  existingParse?: (fileName: string, text: string) => ts.SourceFile | undefined,
): FileOutcome {
  let text: string;
  try {
    // Read as text directly (no Buffer, no second copy): a NUL byte always decodes to U+0000, so a
    // text without one came from bytes without one; only a text with one needs the byte-exact test.
    text = fs.readFileSync(fileName, 'utf8');
    if (text.includes('\0') && looksBinary(fs.readFileSync(fileName))) {
      return { kind: 'unreadable', problem: { fileName, reason: 'binary file, not TypeScript source' } };
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? String(error)})`;
    return { kind: 'unreadable', problem: { fileName, reason } };
  }
  try {
    const types = typesFor?.(fileName, text);
    const { result, sourceFile } = analyzeTextKeepingTree(fileName, text, settings, types, existingParse?.(fileName, text));
    return { kind: 'analysed', result, text, sourceFile };
  } catch (error) {
    // A bug of ours (or a stack overflow on pathological input) must not end the whole run.
    const message = error instanceof RangeError ? 'file too deeply nested to analyse' : `internal error: ${(error as Error).message}`;
    return { kind: 'unreadable', problem: { fileName, reason: message } };
  }
}
