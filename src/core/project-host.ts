import * as fs from 'node:fs';
import * as path from 'node:path';
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
  return {
    isThenable(expression) {
      const mapped = findCorrespondingNode(programFile, expression);
      return mapped && ts.isExpression(mapped) ? get().isThenable(mapped) : undefined;
    },
    typeText(expression) {
      const mapped = findCorrespondingNode(programFile, expression);
      return mapped && ts.isExpression(mapped) ? get().typeText?.(mapped) : undefined;
    },
    withChecker(expression, question) {
      const mapped = findCorrespondingNode(programFile, expression);
      return mapped && ts.isExpression(mapped) ? get().withChecker?.(mapped, question) : undefined;
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
 * One tsconfig's program, created on the first type question. Files outside the tsconfig's
 * include list are added on demand.
 */
export class ProjectTypes {
  private project: Project | undefined;
  private failed = false;

  constructor(private readonly tsconfigPath: string) {}

  private getProject(): Project | undefined {
    if (this.project || this.failed) return this.project;
    try {
      this.project = new Project({ tsConfigFilePath: this.tsconfigPath, skipLoadingLibFiles: false });
    } catch {
      this.failed = true; // a broken tsconfig means: analyse syntactically
    }
    return this.project;
  }

  /** A lazy oracle for one file of ours; no program is built unless a question is asked. */
  oracleFor(fileName: string, ourText: string): TypeOracle {
    let resolved: TypeOracle | undefined | null = null;
    const resolve = (): TypeOracle | undefined => {
      if (resolved !== null) return resolved;
      const project = this.getProject();
      if (!project) return (resolved = undefined);
      const absolute = path.resolve(fileName);
      let file = project.getSourceFile(absolute);
      if (!file && fs.existsSync(absolute)) file = project.addSourceFileAtPath(absolute);
      const program = project.getProgram().compilerObject;
      const programFile = file ? program.getSourceFile(file.getFilePath()) : undefined;
      return (resolved = mappedOracle(programFile, () => program.getTypeChecker(), ourText));
    };
    return {
      isThenable: (expression) => resolve()?.isThenable(expression),
      typeText: (expression) => resolve()?.typeText?.(expression),
      withChecker: (expression, question) => resolve()?.withChecker?.(expression, question),
    };
  }
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
