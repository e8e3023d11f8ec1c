import * as path from 'node:path';
import type { AnalysisSettings } from '../core/engine';
import { analyzeFileOnDisk } from '../core/file-analysis';
import { findNearestTsconfig, ProjectTypes } from '../core/project-host';
import type { TypeOracle } from '../core/rule';
import { locate, unreadableEntry, type FixInfo, type LocatedFinding } from './located';
import type { Finding } from '../core/finding';
import type { FixContext } from '../core/fixes';
import type { ts } from 'ts-morph';

/** What a thread needs to analyse files; plain data so it can cross to a worker. */
export interface BatchConfig {
  settings: AnalysisSettings;
  /** An explicit tsconfig (--project), 'nearest', or 'none' (--no-types). */
  types: { mode: 'explicit'; tsconfig: string } | { mode: 'nearest' } | { mode: 'none' };
}

export interface BatchResult {
  entries: LocatedFinding[];
  unreadable: number;
}

let analysedHere = 0;

/** Files analysed on this thread so far (the launcher writes its code cache only after real work). */
export function filesAnalysedHere(): number {
  return analysedHere;
}

/** Per-thread state: one ProjectTypes per tsconfig, created on the first type question. */
export class BatchAnalyzer {
  private readonly projects = new Map<string, ProjectTypes>();
  private readonly nearest = new Map<string, string | undefined>();

  constructor(private readonly config: BatchConfig, private readonly fixInfo?: (finding: Finding, context: FixContext) => FixInfo) {}

  private tsconfigFor(fileName: string): string | undefined {
    const types = this.config.types;
    if (types.mode === 'none') return undefined;
    if (types.mode === 'explicit') return types.tsconfig;
    const dir = path.dirname(fileName);
    if (!this.nearest.has(dir)) this.nearest.set(dir, findNearestTsconfig(dir));
    return this.nearest.get(dir);
  }

  private projectFor(fileName: string): ProjectTypes | undefined {
    const tsconfig = this.tsconfigFor(fileName);
    if (!tsconfig) return undefined;
    let project = this.projects.get(tsconfig);
    if (!project) this.projects.set(tsconfig, (project = new ProjectTypes(tsconfig)));
    return project;
  }

  readonly typesFor = (fileName: string, text: string): TypeOracle | undefined => this.projectFor(fileName)?.oracleFor(fileName, text);

  /** Once a file's program is built, its parse of the file is analysed (no second parse). */
  private readonly programParse = (fileName: string, text: string): ts.SourceFile | undefined => this.projectFor(fileName)?.programSourceFile(fileName, text);

  private fixContext(fileName: string, text: string, sourceFile: ts.SourceFile): FixContext {
    // Fixes may ask type questions only where a tsconfig gave types; the parse is reused.
    return { fileName, text, sourceFile, types: this.typesFor(fileName, text) };
  }

  analyze(files: readonly string[]): BatchResult {
    const entries: LocatedFinding[] = [];
    let unreadable = 0;
    for (const file of files) {
      analysedHere++;
      const outcome = analyzeFileOnDisk(file, this.config.settings, this.typesFor, this.programParse);
      if (outcome.kind === 'unreadable') {
        unreadable++;
        entries.push(unreadableEntry(file, outcome.problem.reason));
        continue;
      }
      const { result, text, sourceFile } = outcome;
      entries.push(...locate(result, text, this.fixInfo ? (f) => this.fixInfo!(f, this.fixContext(file, text, sourceFile)) : undefined));
    }
    return { entries, unreadable };
  }
}
