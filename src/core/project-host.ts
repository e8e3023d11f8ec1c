import * as fs from 'node:fs';
import * as path from 'node:path';
import { getLibFiles, libFolderInMemoryPath } from '@ts-morph/common';
import { Project, ts } from 'ts-morph';
import type { TypeOracle } from './rule';

/**
 * Type information, asked for lazily: building a Program costs several times the parse, so a
 * project is created only when a rule first asks a type question, and nodes of our own (cheap,
 * syntax-only) parse are mapped onto the program's nodes by position.
 */

function isThenableType(checker: ts.TypeChecker, type: ts.Type): boolean | undefined {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return undefined;
  if (type.isUnion()) {
    let unknown = false;
    for (const part of type.types) {
      const answer = isThenableType(checker, part);
      if (answer) return true;
      if (answer === undefined) unknown = true;
    }
    return unknown ? undefined : false;
  }
  if (type.flags & ts.TypeFlags.TypeParameter) {
    const constraint = checker.getBaseConstraintOfType(type);
    return constraint ? isThenableType(checker, constraint) : undefined;
  }
  const then = type.getProperty('then');
  if (!then) return false;
  const thenType = checker.getTypeOfSymbol(then);
  return thenType.getCallSignatures().length > 0;
}

export function typeOracleForChecker(checker: ts.TypeChecker): TypeOracle {
  return {
    isThenable(expression) {
      try {
        return isThenableType(checker, checker.getTypeAtLocation(expression));
      } catch {
        return undefined;
      }
    },
    withChecker(expression, question) {
      try {
        return question(checker, expression);
      } catch {
        return undefined;
      }
    },
    typeText(expression) {
      try {
        const type = checker.getTypeAtLocation(expression);
        if (type.flags & ts.TypeFlags.Any) return undefined;
        // Printed relative to the expression, so the text can be written back into that file.
        return checker.typeToString(type, expression, ts.TypeFormatFlags.NoTruncation);
      } catch {
        return undefined;
      }
    },
  };
}

/** Find the node of `target`'s kind and span inside another parse of the same text. */
export function findCorrespondingNode(root: ts.SourceFile, target: ts.Node): ts.Node | undefined {
  const start = target.getStart();
  const end = target.getEnd();
  let node: ts.Node | undefined = root;
  while (node) {
    if (node.kind === target.kind && node.getStart(root) === start && node.getEnd() === end) return node;
    let next: ts.Node | undefined;
    ts.forEachChild(node, (child) => {
      if (!next && child.pos <= start && child.end >= end) next = child;
    });
    node = next;
  }
  return undefined;
}

/** An oracle for a syntax-only parse, answering through a program's checker when texts agree. */
export function mappedOracle(programFile: ts.SourceFile | undefined, checker: () => ts.TypeChecker, ourText: string): TypeOracle | undefined {
  if (!programFile || programFile.text !== ourText) return undefined;
  let inner: TypeOracle | undefined;
  const get = (): TypeOracle => (inner ??= typeOracleForChecker(checker()));
  // The analysis may run on the program's own parse (the CLI reuses it): then there is nothing to map.
  const mapped = (expression: ts.Expression): ts.Expression | undefined => {
    const node = expression.getSourceFile() === programFile ? expression : findCorrespondingNode(programFile, expression);
    return node && ts.isExpression(node) ? node : undefined;
  };
  return {
    isThenable(expression) {
      const node = mapped(expression);
      return node ? get().isThenable(node) : undefined;
    },
    typeText(expression) {
      const node = mapped(expression);
      return node ? get().typeText?.(node) : undefined;
    },
    withChecker(expression, question) {
      const node = mapped(expression);
      return node ? get().withChecker?.(node, question) : undefined;
    },
  };
}

/** The nearest tsconfig.json at or above `fromDir`, or undefined. */
export function findNearestTsconfig(fromDir: string): string | undefined {
  let dir = path.resolve(fromDir);
  for (;;) {
    const candidate = path.join(dir, 'tsconfig.json');
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * TypeScript's standard library (lib.*.d.ts). A bundle has no typescript/lib folder next to it, so
 * `ts.getDefaultLibFilePath` points at files that do not exist and a program without them cannot
 * resolve Promise, Date, Map…: every such type became an error type, "maybe a promise". These are
 * the texts ts-morph carries, served from its virtual folder (the CLI's and the editor's programs).
 */
let libTexts: Map<string, string> | undefined;

export function libText(fileName: string): string | undefined {
  if (!fileName.startsWith(libFolderInMemoryPath)) return undefined;
  libTexts ??= new Map(getLibFiles().map((f) => [`${libFolderInMemoryPath}/${f.fileName}`, f.text]));
  return libTexts.get(fileName);
}

function isLibFolder(directory: string): boolean {
  return directory === libFolderInMemoryPath;
}

/** The disk, with the standard library's folder in memory: for compiler and language-service hosts. */
export const libAwareFileSystem = {
  fileExists: (f: string): boolean => libText(f) !== undefined || ts.sys.fileExists(f),
  readFile: (f: string, encoding?: string): string | undefined => libText(f) ?? ts.sys.readFile(f, encoding),
  directoryExists: (d: string): boolean => isLibFolder(d) || ts.sys.directoryExists(d),
};

export function libFileNameFor(options: ts.CompilerOptions): string {
  return `${libFolderInMemoryPath}/${ts.getDefaultLibFileName(options)}`;
}

/** A tsconfig read once: its options and the files its program holds. */
export interface ParsedTsconfig {
  options: ts.CompilerOptions;
  fileNames: readonly string[];
  /** The same files as absolute paths, to ask "is this file in the project?" without building it. */
  included: ReadonlySet<string>;
}

export function readTsconfig(tsconfigPath: string): ParsedTsconfig | undefined {
  try {
    const parsed = ts.getParsedCommandLineOfConfigFile(tsconfigPath, { noEmit: true }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    if (!parsed) return undefined;
    return { options: parsed.options, fileNames: parsed.fileNames, included: new Set(parsed.fileNames.map((f) => path.resolve(f))) };
  } catch {
    return undefined; // a broken tsconfig means: analyse syntactically
  }
}

/**
 * One tsconfig's program for the CLI, created on the first type question, with TypeScript's own API
 * (a ts-morph Project would wrap every file of it). Only files the tsconfig includes get types: a
 * file outside it (a corpus under some unrelated repository's tsconfig) is analysed syntactically,
 * where adding it would rebuild the program once per file. Once the program exists, its parse of a
 * file is reused for the analysis of that file (`programSourceFile`): parsing twice is the largest
 * cost of type information.
 */
export class ProjectTypes {
  private config: ParsedTsconfig | undefined | null = null;
  private program: ts.Program | undefined;
  private checker: ts.TypeChecker | undefined;
  private failed = false;

  constructor(private readonly tsconfigPath: string) {}

  private parsedConfig(): ParsedTsconfig | undefined {
    if (this.config === null) this.config = readTsconfig(this.tsconfigPath);
    return this.config;
  }

  includes(fileName: string): boolean {
    return this.parsedConfig()?.included.has(path.resolve(fileName)) ?? false;
  }

  private getProgram(): ts.Program | undefined {
    if (this.program || this.failed) return this.program;
    const config = this.parsedConfig();
    if (!config) {
      this.failed = true;
      return undefined;
    }
    try {
      this.program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host: compilerHostFor(config.options) });
    } catch {
      this.failed = true;
    }
    return this.program;
  }

  private getChecker(): ts.TypeChecker {
    return (this.checker ??= this.getProgram()!.getTypeChecker());
  }

  /** The program's parse of `fileName`, if the program is built and read the same text. */
  programSourceFile(fileName: string, text: string): ts.SourceFile | undefined {
    const file = this.program?.getSourceFile(path.resolve(fileName));
    return file && file.text === text ? file : undefined;
  }

  /** A lazy oracle for one file; undefined for a file the tsconfig does not include. */
  oracleFor(fileName: string, ourText: string): TypeOracle | undefined {
    if (!this.includes(fileName)) return undefined;
    let resolved: TypeOracle | undefined | null = null;
    const resolve = (): TypeOracle | undefined => {
      if (resolved !== null) return resolved;
      const program = this.getProgram();
      if (!program) return (resolved = undefined);
      return (resolved = mappedOracle(program.getSourceFile(path.resolve(fileName)), () => this.getChecker(), ourText));
    };
    return {
      isThenable: (expression) => resolve()?.isThenable(expression),
      typeText: (expression) => resolve()?.typeText?.(expression),
      withChecker: (expression, question) => resolve()?.withChecker?.(expression, question),
    };
  }
}

/** The disk, with the standard library from memory and parents set on every node (the rules walk up). */
function compilerHostFor(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options, /*setParentNodes*/ true);
  const fromDisk = host.getSourceFile.bind(host);
  const libs = new Map<string, ts.SourceFile>();
  host.getDefaultLibFileName = libFileNameFor;
  host.getDefaultLibLocation = () => libFolderInMemoryPath;
  Object.assign(host, libAwareFileSystem);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const lib = libText(fileName);
    if (lib === undefined) return fromDisk(fileName, languageVersion, onError, shouldCreate);
    let file = libs.get(fileName);
    if (!file) libs.set(fileName, (file = ts.createSourceFile(fileName, lib, languageVersion, true)));
    return file;
  };
  return host;
}

/** An in-memory project with the ES library loaded, for tests and for editors without a tsconfig. */
export function createInMemoryProject(files: Record<string, string>): Project {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], strict: true, module: ts.ModuleKind.Node16 },
  });
  for (const [name, text] of Object.entries(files)) project.createSourceFile(name, text, { overwrite: true });
  return project;
}
