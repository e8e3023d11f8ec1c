import { ts } from 'ts-morph';

function nameText(name: ts.PropertyName | ts.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

function className(node: ts.Node): string | undefined {
  const parent = node.parent;
  return parent && ts.isClassLike(parent) && parent.name ? parent.name.text : undefined;
}

function shortText(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** How a message names the function holding a group: "getDashboard", "UserService.load", "the callback passed to app.get". */
export function functionLabel(owner: ts.Node): string {
  if (ts.isSourceFile(owner)) return "the module's top level";
  if (ts.isMethodDeclaration(owner)) {
    const name = nameText(owner.name) ?? 'a method';
    const cls = className(owner);
    return cls ? `${cls}.${name}` : name;
  }
  if ((ts.isFunctionDeclaration(owner) || ts.isFunctionExpression(owner)) && owner.name) return owner.name.text;
  if (ts.isArrowFunction(owner) || ts.isFunctionExpression(owner)) {
    let parent = owner.parent;
    while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent))) parent = parent.parent;
    if (parent && ts.isVariableDeclaration(parent)) return nameText(parent.name) ?? 'an async function';
    if (parent && (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))) {
      const name = nameText(parent.name);
      const cls = ts.isPropertyDeclaration(parent) ? className(parent) : undefined;
      if (name) return cls ? `${cls}.${name}` : name;
    }
    if (parent && ts.isCallExpression(parent)) return `the callback passed to ${shortText(parent.expression)}`;
  }
  return 'an async function';
}
