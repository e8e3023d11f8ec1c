import { ts } from 'ts-morph';
import type { TypeOracle } from '../../rule';
import { collectBindingIdentifiers, type Binding, type ScopeIndex } from '../../scope';
import type { AwaitStep } from './await-group';

/**
 * How the combined statement declares or assigns: one keyword for all, the modifiers they share,
 * and how the type annotations survive (a tuple annotation, or per-element `as PromiseLike<T>`).
 */

export type Form = 'declare' | 'assign' | 'discard';

export interface DeclarationShape {
  form: Form;
  /** `export ` or '' (declarations only). */
  modifiers: string;
  keyword: 'const' | 'let' | 'var' | undefined;
  /** Text of a tuple type annotation for the whole pattern, when one is used. */
  tupleType: string | undefined;
  /** Per-step element type for `operand as PromiseLike<T>`, when a tuple annotation cannot be used. */
  elementCasts: Map<AwaitStep, string>;
}

export type ShapeResult = { ok: true; shape: DeclarationShape } | { ok: false; reason: string };

/** Is this identifier written (not just read) where it stands? */
function isWriteReference(id: ts.Identifier): boolean {
  let node: ts.Node = id;
  for (;;) {
    const parent: ts.Node = node.parent;
    if (!parent) return false;
    if (ts.isParenthesizedExpression(parent) || ts.isNonNullExpression(parent) || ts.isSpreadElement(parent) ||
        ts.isArrayLiteralExpression(parent) || ts.isShorthandPropertyAssignment(parent) || ts.isObjectLiteralExpression(parent) ||
        ts.isSpreadAssignment(parent) || (ts.isPropertyAssignment(parent) && parent.initializer === node)) {
      node = parent;
      continue;
    }
    if (ts.isBinaryExpression(parent)) {
      const op = parent.operatorToken.kind;
      if (op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment && parent.left === node) return true;
      // A default in a destructuring assignment target: `[a = 1] = …`
      if (op === ts.SyntaxKind.EqualsToken && parent.left === node) return true;
      return false;
    }
    if ((ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) &&
        (parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken)) return true;
    if ((ts.isForOfStatement(parent) || ts.isForInStatement(parent)) && parent.initializer === node) return true;
    return false;
  }
}

/** Is the binding assigned anywhere besides its declaration? */
function isReassigned(binding: Binding, scopes: ScopeIndex): boolean {
  const stack: ts.Node[] = [binding.scope];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isIdentifier(node)) {
      if (node !== binding.declaration && node.text === binding.name && isWriteReference(node) && scopes.resolve(node) === binding) return true;
      continue;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return false;
}

function modifiersOf(statement: ts.VariableStatement): string {
  const modifiers = ts.getModifiers(statement) ?? [];
  return modifiers.map((m) => `${m.getText()} `).join('');
}

// ---------------------------------------------------------------------------------------------
// Types

/** Type names TypeScript programs see everywhere (lib.es2022 + Node's common globals). */
const GLOBAL_TYPE_NAMES = new Set([
  'Promise', 'PromiseLike', 'Array', 'ReadonlyArray', 'Map', 'ReadonlyMap', 'Set', 'ReadonlySet', 'WeakMap', 'WeakSet',
  'Record', 'Partial', 'Required', 'Readonly', 'Pick', 'Omit', 'Exclude', 'Extract', 'NonNullable', 'ReturnType',
  'Awaited', 'Parameters', 'InstanceType', 'Date', 'RegExp', 'Error', 'Buffer', 'Uint8Array', 'ArrayBuffer', 'URL',
  'URLSearchParams', 'Response', 'Request', 'Headers', 'Blob', 'Iterable', 'AsyncIterable', 'Iterator', 'IterableIterator',
  'Object', 'String', 'Number', 'Boolean', 'Symbol', 'BigInt', 'NodeJS', 'Function',
]);

/** Names of types visible at `location`: declared in an enclosing block or the file, imported, or type parameters around it. */
function declaredTypeNames(sourceFile: ts.SourceFile, location: ts.Node): Set<string> {
  const enclosing = new Set<ts.Node>();
  for (let p: ts.Node | undefined = location; p; p = p.parent) enclosing.add(p);
  const names = new Set<string>();
  const stack: ts.Node[] = [sourceFile];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const visible = enclosing.has(node.parent);
    if (visible && (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isClassDeclaration(node) ||
         ts.isEnumDeclaration(node) || ts.isModuleDeclaration(node)) && node.name && ts.isIdentifier(node.name)) {
      names.add(node.name.text);
    } else if (ts.isImportSpecifier(node) || ts.isNamespaceImport(node) || ts.isImportEqualsDeclaration(node)) {
      names.add(node.name.text);
    } else if (ts.isImportClause(node) && node.name) {
      names.add(node.name.text);
    }
    // Only containers on the way to `location` (and imports at the top) can declare visible names.
    if (enclosing.has(node) || ts.isImportDeclaration(node) || ts.isImportClause(node) || ts.isNamedImports(node)) {
      ts.forEachChild(node, (child) => {
        stack.push(child);
      });
    }
  }
  for (let p: ts.Node | undefined = location; p; p = p.parent) {
    const parameters = (p as { typeParameters?: ts.NodeArray<ts.TypeParameterDeclaration> }).typeParameters;
    if (parameters) for (const tp of parameters) names.add(tp.name.text);
  }
  return names;
}

function moduleBaseName(specifier: string): string {
  const withoutExtension = specifier.replace(/\.d\.ts$|\.(m|c)?[jt]sx?$/, '').replace(/\/index$/, '');
  return withoutExtension.slice(withoutExtension.lastIndexOf('/') + 1);
}

/**
 * The checker prints imported types fully qualified (`import("/src/api").Order`); write them as
 * the name this file imports them under when it imports that name from a module of the same name.
 */
function localizeTypeText(typeText: string, sourceFile: ts.SourceFile): string {
  return typeText.replace(/import\("([^"]+)"\)\.([A-Za-z_$][\w$]*)/g, (whole, module: string, name: string) => {
    for (const statement of sourceFile.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      if (moduleBaseName(statement.moduleSpecifier.text) !== moduleBaseName(module)) continue;
      const bindings = statement.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings) && bindings.elements.some((e) => e.name.text === name && (e.propertyName ?? e.name).getText() === name)) {
        return name;
      }
    }
    return whole;
  });
}

/** A checker-printed type we can write at `location`: parses, no `any`, no import() types, every name visible. */
function isWritableTypeText(typeText: string, sourceFile: ts.SourceFile, location: ts.Node): boolean {
  if (typeText.length > 80 || /[\r\n]/.test(typeText) || typeText.includes('import(')) return false;
  const probe = ts.createSourceFile('probe.ts', `let probe: ${typeText};`, ts.ScriptTarget.Latest, true);
  if ((probe as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length > 0) return false;
  const known = declaredTypeNames(sourceFile, location);
  let ok = true;
  const stack: ts.Node[] = [probe];
  while (stack.length > 0 && ok) {
    const node = stack.pop()!;
    if (node.kind === ts.SyntaxKind.AnyKeyword || ts.isTypeQueryNode(node) || ts.isImportTypeNode(node)) ok = false;
    if (ts.isTypeReferenceNode(node)) {
      let name: ts.EntityName = node.typeName;
      while (ts.isQualifiedName(name)) name = name.left;
      if (!known.has(name.text) && !GLOBAL_TYPE_NAMES.has(name.text)) ok = false;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return ok;
}

/**
 * Would a tuple annotation change how the operand is typed? A generic call such as
 * `fetchJson<T>(url)` infers `T` from the annotation `const u: User = await fetchJson(url)`;
 * inside `Promise.all([...])` that contextual inference is lost.
 */
function infersFromAnnotation(step: AwaitStep, scopes: ScopeIndex, types: TypeOracle | undefined): boolean {
  let operand: ts.Expression = step.await.expression;
  while (ts.isParenthesizedExpression(operand)) operand = operand.expression;
  if (!ts.isCallExpression(operand) || operand.typeArguments) return false;
  const calleeType = types?.typeText?.(operand.expression);
  if (calleeType !== undefined) return calleeType.trimStart().startsWith('<');
  if (!ts.isIdentifier(operand.expression)) return false;
  const declaration = scopes.resolve(operand.expression)?.declaration.parent;
  if (!declaration) return false;
  if (ts.isFunctionDeclaration(declaration)) return (declaration.typeParameters?.length ?? 0) > 0;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer &&
      (ts.isArrowFunction(declaration.initializer) || ts.isFunctionExpression(declaration.initializer))) {
    return (declaration.initializer.typeParameters?.length ?? 0) > 0;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------

export function declarationShape(
  steps: readonly AwaitStep[],
  sourceFile: ts.SourceFile,
  scopes: ScopeIndex,
  types: TypeOracle | undefined,
): ShapeResult {
  const declares = steps.filter((s): s is Extract<AwaitStep, { kind: 'declare' }> => s.kind === 'declare');
  const assigns = steps.filter((s) => s.kind === 'assign');
  if (declares.length > 0 && assigns.length > 0) {
    const d = declares[0]!;
    const a = assigns[0]!;
    return {
      ok: false,
      reason: `the group both declares new variables (\`${d.declaration.name.getText()}\`) and assigns existing ones (\`${
        a.kind === 'assign' ? a.target.getText() : ''
      }\`); one destructuring cannot do both`,
    };
  }
  const shape: DeclarationShape = {
    form: declares.length > 0 ? 'declare' : assigns.length > 0 ? 'assign' : 'discard',
    modifiers: '',
    keyword: undefined,
    tupleType: undefined,
    elementCasts: new Map(),
  };
  if (shape.form !== 'declare') return { ok: true, shape };

  const modifiers = new Set(declares.map((d) => modifiersOf(d.statement)));
  if (modifiers.size > 1) return { ok: false, reason: 'some of the declarations are exported and some are not' };
  shape.modifiers = [...modifiers][0]!;

  const keywords = new Set(declares.map((d) => d.keyword));
  if (keywords.size === 1) {
    shape.keyword = declares[0]!.keyword;
  } else if (keywords.has('var')) {
    return { ok: false, reason: 'the group mixes `var` with `let`/`const`, which are scoped differently' };
  } else {
    // const + let: one `const` keeps both meanings when no `let` is ever reassigned.
    for (const d of declares) {
      if (d.keyword !== 'let') continue;
      for (const id of collectBindingIdentifiers(d.declaration.name)) {
        const binding = scopes.resolve(id);
        if (!binding || isReassigned(binding, scopes)) {
          const constStep = declares.find((x) => x.keyword === 'const')!;
          return {
            ok: false,
            reason: `\`${id.text}\` is declared with \`let\` and reassigned later, while \`${constStep.declaration.name.getText()}\` is \`const\`; one declaration cannot be both`,
          };
        }
      }
    }
    shape.keyword = 'const';
  }

  const annotated = declares.filter((d) => d.declaration.type);
  if (annotated.length === 0) return { ok: true, shape };
  const annotatedPath = annotated.find((d) => d.path.length > 0);
  if (annotatedPath) {
    return {
      ok: false,
      reason: `\`${annotatedPath.declaration.name.getText(sourceFile)}\` is annotated and reads \`.${annotatedPath.path.join('.')}\` of the awaited value; its type cannot be written for the whole element`,
    };
  }
  const location = steps[0]!.statement;
  const contextual = annotated.some((d) => infersFromAnnotation(d, scopes, types));
  if (!contextual) {
    const entries: string[] = [];
    for (const step of steps) {
      if (step.kind !== 'declare') {
        entries.push('unknown');
      } else if (step.declaration.type) {
        entries.push(step.declaration.type.getText(sourceFile));
      } else {
        const printed = types?.typeText?.(step.await);
        const inferred = printed === undefined ? undefined : localizeTypeText(printed, sourceFile);
        if (inferred === undefined || !isWritableTypeText(inferred, sourceFile, location)) break;
        entries.push(inferred);
      }
    }
    if (entries.length === steps.length) {
      shape.tupleType = `[${entries.join(', ')}]`;
      return { ok: true, shape };
    }
  }
  // Per-element upcasts: the original annotation type-checked, so `operand as PromiseLike<T>` only widens.
  for (const d of annotated) {
    shape.elementCasts.set(d, d.declaration.type!.getText(sourceFile));
  }
  return { ok: true, shape };
}
