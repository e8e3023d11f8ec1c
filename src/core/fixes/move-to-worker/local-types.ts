import { ts } from 'ts-morph';

/**
 * Where a type name written at some place in the file comes from, found by walking out through the
 * enclosing blocks (the scope binder only knows values). Used to decide whether a type can be proven
 * cloneable and what the worker module must copy or import to mention it.
 */
export type TypeNameTarget =
  | { kind: 'type-parameter'; declaration: ts.Node }
  | { kind: 'interface'; declaration: ts.InterfaceDeclaration[] }
  | { kind: 'type-alias'; declaration: ts.TypeAliasDeclaration }
  | { kind: 'class'; declaration: ts.ClassDeclaration }
  | { kind: 'enum'; declaration: ts.EnumDeclaration }
  | { kind: 'import'; module: string; exportName: string; localName: string; statement: ts.ImportDeclaration | ts.ImportEqualsDeclaration }
  | { kind: 'namespace' }
  | { kind: 'global' };

function statementsOf(node: ts.Node): readonly ts.Statement[] | undefined {
  if (ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) return node.statements;
  return undefined;
}

/** The type parameter named `name` that `node` declares (generics, mapped types, `infer`), if any. */
function typeParameterNamed(node: ts.Node, name: string): ts.Node | undefined {
  const parameters = (node as { typeParameters?: ts.NodeArray<ts.TypeParameterDeclaration> }).typeParameters;
  const declared = parameters?.find((p) => p.name.text === name);
  if (declared) return declared;
  if (ts.isMappedTypeNode(node) && node.typeParameter.name.text === name) return node.typeParameter;
  if (ts.isConditionalTypeNode(node)) {
    const stack: ts.Node[] = [node.extendsType];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (ts.isInferTypeNode(n) && n.typeParameter.name.text === name) return n.typeParameter;
      ts.forEachChild(n, (c) => {
        stack.push(c);
      });
    }
  }
  return undefined;
}

function findInStatements(statements: readonly ts.Statement[], name: string): TypeNameTarget | undefined {
  const interfaces: ts.InterfaceDeclaration[] = [];
  for (const statement of statements) {
    if (ts.isInterfaceDeclaration(statement) && statement.name.text === name) interfaces.push(statement);
    else if (ts.isTypeAliasDeclaration(statement) && statement.name.text === name) return { kind: 'type-alias', declaration: statement };
    else if (ts.isClassDeclaration(statement) && statement.name?.text === name) return { kind: 'class', declaration: statement };
    else if (ts.isEnumDeclaration(statement) && statement.name.text === name) return { kind: 'enum', declaration: statement };
    else if (ts.isModuleDeclaration(statement) && ts.isIdentifier(statement.name) && statement.name.text === name) return { kind: 'namespace' };
    else if (ts.isImportDeclaration(statement) && statement.importClause && ts.isStringLiteral(statement.moduleSpecifier)) {
      const module = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (clause.name?.text === name) return { kind: 'import', module, exportName: 'default', localName: name, statement };
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings) && bindings.name.text === name) return { kind: 'import', module, exportName: '*', localName: name, statement };
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          if (element.name.text === name) return { kind: 'import', module, exportName: (element.propertyName ?? element.name).text, localName: name, statement };
        }
      }
    } else if (ts.isImportEqualsDeclaration(statement) && statement.name.text === name && ts.isExternalModuleReference(statement.moduleReference) &&
               ts.isStringLiteral(statement.moduleReference.expression)) {
      return { kind: 'import', module: statement.moduleReference.expression.text, exportName: '*', localName: name, statement };
    }
  }
  return interfaces.length > 0 ? { kind: 'interface', declaration: interfaces } : undefined;
}

/** What the type name `name`, written at `location`, refers to. */
export function resolveTypeName(name: string, location: ts.Node): TypeNameTarget {
  for (let node: ts.Node | undefined = location; node; node = node.parent) {
    const parameter = typeParameterNamed(node, name);
    if (parameter) return { kind: 'type-parameter', declaration: parameter };
    const statements = statementsOf(node);
    if (statements) {
      const found = findInStatements(statements, name);
      if (found) return found;
    }
  }
  return { kind: 'global' };
}

/** Is the declaration at the top level of its file (so the worker module can copy or import it)? */
export function isTopLevel(declaration: ts.Node): boolean {
  return ts.isSourceFile(declaration.parent);
}

export function isExported(declaration: ts.Node): boolean {
  return ts.canHaveModifiers(declaration) && (ts.getModifiers(declaration) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}
