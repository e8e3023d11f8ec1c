import { ts } from 'ts-morph';
import { resolveTypeName } from './local-types';

/**
 * Can a value cross to a worker thread? `postMessage`/`workerData` copy with the structured clone
 * algorithm: primitives, arrays, plain objects, Map, Set, Date, RegExp, ArrayBuffer, typed arrays and
 * errors survive; functions, symbols, promises and anything with methods (class instances, sockets,
 * streams, connections) do not, and a class instance that has no methods still loses its prototype.
 *
 * Two judges: one over a written type (an annotation, or a type printed by the checker) that resolves names
 * in the file by syntax, and one over the checker's types, for when a project gives type information.
 */

export type CloneVerdict =
  | { ok: true }
  /** `why` completes "`x` …"; `definite` when the type is known not to survive, else "cannot prove". */
  | { ok: false; definite: boolean; why: string };

const OK: CloneVerdict = { ok: true };
const no = (why: string): CloneVerdict => ({ ok: false, definite: true, why });
const unproven = (why: string): CloneVerdict => ({ ok: false, definite: false, why });

const LEAF_TYPES = new Set([
  'Date', 'RegExp', 'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray',
  'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
  'Error', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError',
]);
/** Generic containers whose type arguments must be cloneable (index: which arguments count). */
const CONTAINER_TYPES = new Map<string, number[] | 'all'>([
  ['Array', 'all'], ['ReadonlyArray', 'all'], ['Map', 'all'], ['ReadonlyMap', 'all'], ['Set', 'all'], ['ReadonlySet', 'all'],
  ['Record', 'all'], ['Partial', 'all'], ['Required', 'all'], ['Readonly', 'all'], ['Pick', [0]], ['Omit', [0]], ['NonNullable', 'all'],
]);
const REFUSED_TYPES: Record<string, string> = {
  Buffer: 'is a Buffer: it would arrive on the other side as a plain Uint8Array, without Buffer\'s methods (`toString(\'hex\')`, `readUInt32LE`…)',
  Promise: 'is a Promise, which cannot be sent to a worker thread',
  PromiseLike: 'is a Promise, which cannot be sent to a worker thread',
  Function: 'is a function, which cannot be sent to a worker thread',
  CallableFunction: 'is a function, which cannot be sent to a worker thread',
  WeakMap: 'is a WeakMap, which cannot be copied',
  WeakSet: 'is a WeakSet, which cannot be copied',
  WeakRef: 'is a WeakRef, which cannot be copied',
  Symbol: 'is a symbol, which cannot be copied',
};

const MAX_DEPTH = 24;

/**
 * The declarations of a type exported by a local module (`import type { Item } from './types'`), read by
 * syntax, or undefined when the module cannot be read.
 */
export type ImportedTypeResolver = (
  module: string,
  exportName: string,
  fromFile: string,
) => Array<ts.InterfaceDeclaration | ts.TypeAliasDeclaration> | undefined;

/**
 * Judge a written type. Names resolve where they are written; for a type printed by the checker (parsed
 * with `parseTypeText`), they resolve at `printedAt` (where the value is used).
 */
export function typeNodeCloneability(typeNode: ts.TypeNode, printedAt?: ts.Node, importedType?: ImportedTypeResolver): CloneVerdict {
  const seen = new Set<ts.Node>();
  const printedFile = printedAt ? typeNode.getSourceFile() : undefined;
  const locationOf = (node: ts.Node): ts.Node => (printedFile && node.getSourceFile() === printedFile ? printedAt! : node);

  const members = (list: readonly ts.TypeElement[], owned: ReadonlySet<string>, depth: number): CloneVerdict => {
    for (const member of list) {
      if (ts.isMethodSignature(member)) return no(`has a method \`${member.name.getText()}\`, and functions cannot be sent to a worker thread`);
      if (ts.isCallSignatureDeclaration(member) || ts.isConstructSignatureDeclaration(member)) return no('is a function, which cannot be sent to a worker thread');
      if (ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member)) return unproven('has accessors');
      if (ts.isPropertySignature(member)) {
        if (!member.type) return unproven(`has a property \`${member.name.getText()}\` without a type`);
        const verdict = judge(member.type, owned, depth + 1);
        if (!verdict.ok) return propertyVerdict(verdict, member.name.getText());
      }
      if (ts.isIndexSignatureDeclaration(member)) {
        const verdict = judge(member.type, owned, depth + 1);
        if (!verdict.ok) return verdict;
      }
    }
    return OK;
  };

  const judge = (node: ts.TypeNode, owned: ReadonlySet<string>, depth: number): CloneVerdict => {
    if (depth > MAX_DEPTH) return unproven('has a type too deep to check');
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
      case ts.SyntaxKind.NumberKeyword:
      case ts.SyntaxKind.BooleanKeyword:
      case ts.SyntaxKind.BigIntKeyword:
      case ts.SyntaxKind.UndefinedKeyword:
      case ts.SyntaxKind.VoidKeyword:
      case ts.SyntaxKind.NeverKeyword:
      case ts.SyntaxKind.NullKeyword:
      case ts.SyntaxKind.LiteralType:
      case ts.SyntaxKind.TemplateLiteralType:
        return OK;
      case ts.SyntaxKind.SymbolKeyword:
        return no('is a symbol, which cannot be copied');
      case ts.SyntaxKind.AnyKeyword:
        return unproven('has type `any`');
      case ts.SyntaxKind.UnknownKeyword:
        return unproven('has type `unknown`');
      case ts.SyntaxKind.ObjectKeyword:
        return unproven('has type `object`');
      case ts.SyntaxKind.FunctionType:
      case ts.SyntaxKind.ConstructorType:
        return no('is a function, which cannot be sent to a worker thread');
      case ts.SyntaxKind.ParenthesizedType:
        return judge((node as ts.ParenthesizedTypeNode).type, owned, depth);
      case ts.SyntaxKind.ArrayType:
        return judge((node as ts.ArrayTypeNode).elementType, owned, depth + 1);
      case ts.SyntaxKind.TupleType: {
        for (const element of (node as ts.TupleTypeNode).elements) {
          const inner = ts.isNamedTupleMember(element) ? element.type : element;
          const verdict = judge(inner, owned, depth + 1);
          if (!verdict.ok) return verdict;
        }
        return OK;
      }
      case ts.SyntaxKind.RestType:
      case ts.SyntaxKind.OptionalType:
        return judge((node as ts.RestTypeNode | ts.OptionalTypeNode).type, owned, depth);
      case ts.SyntaxKind.UnionType:
      case ts.SyntaxKind.IntersectionType: {
        for (const part of (node as ts.UnionTypeNode | ts.IntersectionTypeNode).types) {
          const verdict = judge(part, owned, depth + 1);
          if (!verdict.ok) return verdict;
        }
        return OK;
      }
      case ts.SyntaxKind.TypeOperator: {
        const operator = node as ts.TypeOperatorNode;
        if (operator.operator === ts.SyntaxKind.ReadonlyKeyword) return judge(operator.type, owned, depth);
        if (operator.operator === ts.SyntaxKind.UniqueKeyword) return no('is a symbol, which cannot be copied');
        return unproven(`has the computed type \`${node.getText()}\``);
      }
      case ts.SyntaxKind.TypeLiteral:
        return members((node as ts.TypeLiteralNode).members, owned, depth);
      case ts.SyntaxKind.MappedType: {
        const mapped = node as ts.MappedTypeNode;
        const inner = new Set(owned).add(mapped.typeParameter.name.text);
        return mapped.type ? judge(mapped.type, inner, depth + 1) : unproven('has a mapped type without a value type');
      }
      case ts.SyntaxKind.TypeReference:
        return reference(node as ts.TypeReferenceNode, owned, depth);
      case ts.SyntaxKind.ImportType:
        return unproven(`has the type \`${node.getText()}\` from another module`);
      default:
        return unproven(`has the type \`${node.getText()}\`, too complex to check without type information`);
    }
  };

  const reference = (node: ts.TypeReferenceNode, owned: ReadonlySet<string>, depth: number): CloneVerdict => {
    if (!ts.isIdentifier(node.typeName)) return unproven(`has the type \`${node.typeName.getText()}\` from a namespace`);
    const name = node.typeName.text;
    const args = node.typeArguments ?? [];
    if (owned.has(name)) return OK; // a type parameter whose arguments were checked at the reference
    const target = resolveTypeName(name, locationOf(node));
    switch (target.kind) {
      case 'type-parameter':
        return unproven(`has the generic type \`${name}\``);
      case 'class':
        return no(`is an instance of class \`${name}\`${classHasMethods(target.declaration) ? ', which has methods' : ' (its prototype would be lost)'}, and cannot be sent to a worker thread`);
      case 'enum':
        return OK;
      case 'import': {
        const declarations = importedType?.(target.module, target.exportName, locationOf(node).getSourceFile().fileName);
        if (!declarations) return unproven(`has the type \`${name}\`, imported from '${target.module}'`);
        return declared(declarations, args, owned, depth);
      }
      case 'namespace':
        return unproven(`has the type \`${name}\` from a namespace`);
      case 'interface':
      case 'type-alias':
        return declared(target.kind === 'interface' ? target.declaration : [target.declaration], args, owned, depth);
      case 'global': {
        const refused = REFUSED_TYPES[name];
        if (refused) return no(refused);
        if (LEAF_TYPES.has(name)) return OK;
        const container = CONTAINER_TYPES.get(name);
        if (container) {
          const checked = container === 'all' ? args : container.map((i) => args[i]).filter((a): a is ts.TypeNode => a !== undefined);
          for (const arg of checked) {
            const verdict = judge(arg, owned, depth + 1);
            if (!verdict.ok) return verdict;
          }
          return OK;
        }
        return unproven(`has the type \`${name}\`, which is not known to survive copying`);
      }
    }
  };

  /** An interface (all its declarations) or a type alias, with the type arguments of the reference. */
  const declared = (
    declarations: ReadonlyArray<ts.InterfaceDeclaration | ts.TypeAliasDeclaration>,
    args: readonly ts.TypeNode[],
    owned: ReadonlySet<string>,
    depth: number,
  ): CloneVerdict => {
    for (const arg of args) {
      const verdict = judge(arg, owned, depth + 1);
      if (!verdict.ok) return verdict;
    }
    const inner = new Set(owned);
    for (const declaration of declarations) for (const parameter of declaration.typeParameters ?? []) inner.add(parameter.name.text);
    for (const declaration of declarations) {
      if (seen.has(declaration)) continue; // recursive types: judged once
      seen.add(declaration);
      if (ts.isTypeAliasDeclaration(declaration)) {
        const verdict = judge(declaration.type, inner, depth + 1);
        if (!verdict.ok) return verdict;
        continue;
      }
      for (const clause of declaration.heritageClauses ?? []) {
        for (const base of clause.types) {
          if (!ts.isIdentifier(base.expression)) return unproven(`extends \`${base.expression.getText()}\``);
          const synthetic = ts.factory.createTypeReferenceNode(base.expression.text, base.typeArguments);
          ts.setTextRange(synthetic, base);
          (synthetic as { parent?: ts.Node }).parent = base;
          const verdict = reference(synthetic, inner, depth + 1);
          if (!verdict.ok) return verdict;
        }
      }
      const verdict = members(declaration.members, inner, depth);
      if (!verdict.ok) return verdict;
    }
    return OK;
  };

  return judge(typeNode, new Set(), 0);
}

function propertyVerdict(verdict: CloneVerdict & { ok: false }, property: string): CloneVerdict {
  return { ok: false, definite: verdict.definite, why: `has a property \`${property}\` that ${verdict.why}` };
}

function classHasMethods(declaration: ts.ClassDeclaration): boolean {
  return declaration.members.some((m) => ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m) || ts.isSetAccessorDeclaration(m));
}

/** Parse a printed type (from the checker) so the syntactic judge and the dependency collector can read it. */
export function parseTypeText(text: string): ts.TypeNode | undefined {
  const scratch = ts.createSourceFile('printed-type.ts', `type __Printed = ${text};`, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const statement = scratch.statements[0];
  if (!statement || !ts.isTypeAliasDeclaration(statement) || scratch.statements.length !== 1) return undefined;
  if ((scratch as { parseDiagnostics?: unknown[] }).parseDiagnostics?.length) return undefined;
  return statement.type;
}

// ---------------------------------------------------------------------------------------------
// With the checker

/**
 * Judge a checker type. Meant for the type oracle: `project-host.ts` can expose it as
 * `cloneability(expression)` next to `isThenable` (see the fix's docs).
 */
export function typeCloneability(checker: ts.TypeChecker, type: ts.Type): CloneVerdict {
  const seen = new Set<ts.Type>();
  const judge = (t: ts.Type, depth: number): CloneVerdict => {
    if (depth > MAX_DEPTH) return unproven('has a type too deep to check');
    const flags = t.flags;
    if (flags & ts.TypeFlags.Any) return unproven('has type `any`');
    if (flags & ts.TypeFlags.Unknown) return unproven('has type `unknown`');
    if (flags & (ts.TypeFlags.ESSymbol | ts.TypeFlags.UniqueESSymbol)) return no('is a symbol, which cannot be copied');
    if (flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike |
      ts.TypeFlags.EnumLike | ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void | ts.TypeFlags.Never)) return OK;
    if (flags & ts.TypeFlags.TypeParameter) return unproven(`has the generic type \`${checker.typeToString(t)}\``);
    if (t.isUnion() || t.isIntersection()) {
      for (const part of t.types) {
        const verdict = judge(part, depth + 1);
        if (!verdict.ok) return verdict;
      }
      return OK;
    }
    if (!(flags & ts.TypeFlags.Object)) return unproven(`has the type \`${checker.typeToString(t)}\``);
    if (seen.has(t)) return OK;
    seen.add(t);
    if (t.getCallSignatures().length > 0 || t.getConstructSignatures().length > 0) return no('is a function, which cannot be sent to a worker thread');
    const symbol = t.getSymbol() ?? t.aliasSymbol;
    const name = symbol?.getName();
    const fromLibrary = symbol?.declarations?.every((d) => d.getSourceFile().isDeclarationFile) ?? false;
    if (name && fromLibrary) {
      const refused = REFUSED_TYPES[name];
      if (refused) return no(refused);
      if (LEAF_TYPES.has(name)) return OK;
    }
    if (checker.isArrayType(t) || checker.isTupleType(t) || (name && fromLibrary && CONTAINER_TYPES.has(name) && name !== 'Record')) {
      for (const arg of checker.getTypeArguments(t as ts.TypeReference)) {
        const verdict = judge(arg, depth + 1);
        if (!verdict.ok) return verdict;
      }
      return OK;
    }
    if (isThenable(checker, t)) return no('is a Promise, which cannot be sent to a worker thread');
    if (symbol && symbol.flags & ts.SymbolFlags.Class) {
      const hasMethods = checker.getPropertiesOfType(t).some((p) => p.flags & (ts.SymbolFlags.Method | ts.SymbolFlags.Accessor));
      return no(`is an instance of class \`${name}\`${hasMethods ? ', which has methods' : ' (its prototype would be lost)'}, and cannot be sent to a worker thread`);
    }
    if (name && fromLibrary && !(symbol!.flags & ts.SymbolFlags.TypeLiteral) && name !== '__type' && name !== '__object') {
      // Library interfaces other than the known ones (EventEmitter, Socket, Stream…) carry behaviour.
      const methods = checker.getPropertiesOfType(t).filter((p) => p.flags & ts.SymbolFlags.Method);
      if (methods.length > 0) return no(`is a \`${name}\`, which has methods (\`${methods[0]!.getName()}\`) and cannot be sent to a worker thread`);
    }
    for (const property of checker.getPropertiesOfType(t)) {
      if (property.flags & ts.SymbolFlags.Method) return no(`has a method \`${property.getName()}\`, and functions cannot be sent to a worker thread`);
      if (property.flags & ts.SymbolFlags.Accessor) return unproven(`has an accessor \`${property.getName()}\``);
      if (property.getName().startsWith('__@')) return no('has symbol-keyed properties');
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      const propertyType = declaration ? checker.getTypeOfSymbolAtLocation(property, declaration) : checker.getDeclaredTypeOfSymbol(property);
      const verdict = judge(propertyType, depth + 1);
      if (!verdict.ok) return propertyVerdict(verdict, property.getName());
    }
    for (const info of checker.getIndexInfosOfType(t)) {
      const verdict = judge(info.type, depth + 1);
      if (!verdict.ok) return verdict;
    }
    return OK;
  };
  return judge(type, 0);
}

function isThenable(checker: ts.TypeChecker, type: ts.Type): boolean {
  const then = type.getProperty('then');
  return !!then && checker.getTypeOfSymbol(then).getCallSignatures().length > 0;
}

/** The optional oracle question this fix asks when the project's oracle offers it. */
export interface CloneabilityOracle {
  cloneability?(expression: ts.Expression): CloneVerdict | undefined;
}

/** A `cloneability` answer for nodes of a program's own source files. */
export function cloneabilityForChecker(checker: ts.TypeChecker): (expression: ts.Expression) => CloneVerdict | undefined {
  return (expression) => {
    try {
      return typeCloneability(checker, checker.getTypeAtLocation(expression));
    } catch {
      return undefined;
    }
  };
}
