import { ts } from 'ts-morph';
import { MUTATING_METHODS, rootOf } from '../../data-flow';
import type { TypeOracle } from '../../rule';
import { isFunctionScope, isReferenceIdentifier, type Binding, type ScopeIndex } from '../../scope';
import { isKnownArray } from '../../array-kind';
import type { LoopForm } from './loop-form';
import { stripExpression as strip, lastNameOf } from '../../index-loop';

/**
 * The fix's own check that a loop body can become an async callback run for every item at once.
 * It does not trust the finding: it re-reads the body and refuses, with a reason, whatever would
 * change results (not just timing). What it can prove:
 * - nothing leaves the loop early (`break`, `return`, `yield`, `continue` to an outer loop);
 * - no iteration writes state shared with the others (accumulators, the index, `this.*`, globals);
 * - shared collections are only appended to in a way that keeps loop order (one unconditional
 *   push as the body's last statement, which becomes the callback's result), or only touched
 *   before the iteration's first await (that part still runs in loop order);
 * - console output, likewise, only before the first await;
 * - no deliberate waiting (sleeps, hand-made promises): that loop is throttled on purpose.
 */
/**
 * The body's last statement, when it hands this iteration's result to a shared collection:
 * `results.push(value)` (the value becomes the callback's result), `byId[key] = value` or
 * `byId.set(key, value)` (the callback returns `[key, value]`, written back in loop order).
 */
export type Collector =
  | {
      kind: 'push' | 'index' | 'set';
      binding: Binding;
      statement: ts.ExpressionStatement;
      /** The key of a keyed write. */
      key: ts.Expression | undefined;
      value: ts.Expression;
    }
  /**
   * Pushes anywhere in the body (`if (user) found.push(user)`, in a `catch`): each iteration
   * pushes into an array of its own, returned, and the arrays are joined in loop order.
   */
  | { kind: 'scatter'; binding: Binding; receivers: ts.Identifier[] };

export interface IterationFacts {
  collector: Collector | undefined;
  /** `continue` statements of this loop; each becomes `return` in the callback. */
  continues: ts.ContinueStatement[];
  /** Index loops: reads of `xs[i]`, replaced by the callback's item parameter. */
  itemReads: ts.ElementAccessExpression[];
  /** Index loops: `i` is used other than as `xs[i]`, so the callback takes it too. */
  indexUsed: boolean;
  /** Index loops: `xs[i]` is written somewhere, so every `xs[i]` stays as written. */
  itemSlotWritten: boolean;
  /** Index loops: uses of `n` of `for (let i = 0, n = xs.length; …)`, to become `xs.length`. */
  lengthAliasUses: ts.Identifier[];
}

export type IterationCheck = { ok: true; facts: IterationFacts } | { ok: false; reason: string };

const SLEEP_NAMES = new Set(['sleep', 'delay', 'wait', 'pause', 'setTimeout', 'setImmediate', 'throttle', 'backoff']);
const ORDERED_INSERT_METHODS = new Set(['push', 'unshift', 'set', 'add', 'append']);

class Refusal {
  constructor(readonly reason: string) {}
}

function compact(node: ts.Node, sourceFile: ts.SourceFile): string {
  return node.getText(sourceFile).replace(/\s+/g, '');
}

function short(node: ts.Node, sourceFile: ts.SourceFile): string {
  const text = node.getText(sourceFile).replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

interface TailWrite {
  kind: 'push' | 'index' | 'set';
  statement: ts.ExpressionStatement;
  target: ts.Identifier;
  key: ts.Expression | undefined;
  value: ts.Expression;
}

/** The body's last statement, when it is `name.push(value)`, `name[key] = value` or `name.set(key, value)`. */
function tailWrite(body: ts.Statement): TailWrite | undefined {
  const statement = ts.isBlock(body) ? body.statements[body.statements.length - 1] : body;
  if (!statement || !ts.isExpressionStatement(statement)) return undefined;
  const expression = statement.expression;
  if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const left = expression.left;
    if (!ts.isElementAccessExpression(left) || left.questionDotToken || !ts.isIdentifier(left.expression)) return undefined;
    return { kind: 'index', statement, target: left.expression, key: left.argumentExpression, value: expression.right };
  }
  if (!ts.isCallExpression(expression) || expression.questionDotToken || expression.arguments.some(ts.isSpreadElement)) return undefined;
  const callee = expression.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.questionDotToken || !ts.isIdentifier(callee.expression)) return undefined;
  const args = expression.arguments;
  if (callee.name.text === 'push' && args.length === 1) return { kind: 'push', statement, target: callee.expression, key: undefined, value: args[0]! };
  if (callee.name.text === 'set' && args.length === 2) return { kind: 'set', statement, target: callee.expression, key: args[0]!, value: args[1]! };
  return undefined;
}

function describeCollector(collector: Collector): string {
  const name = collector.binding.name;
  return collector.kind === 'push' ? `${name}.push(…)` : collector.kind === 'set' ? `${name}.set(…)` : `${name}[…] = …`;
}

function tailStatementOf(collector: Collector | undefined): ts.ExpressionStatement | undefined {
  return collector && collector.kind !== 'scatter' ? collector.statement : undefined;
}

export function checkIterations(form: LoopForm, sourceFile: ts.SourceFile, scopes: ScopeIndex, types: TypeOracle | undefined): IterationCheck {
  try {
    return { ok: true, facts: new IterationCheckRun(form, sourceFile, scopes, types).run() };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.reason };
    throw error;
  }
}

class IterationCheckRun {
  private readonly bodyStart: number;
  private readonly bodyEnd: number;
  private firstAwait = Number.POSITIVE_INFINITY;
  /** Identifier references inside the body by the binding they resolve to. */
  private readonly references = new Map<Binding, ts.Identifier[]>();
  private readonly facts: IterationFacts = {
    collector: undefined, continues: [], itemReads: [], indexUsed: false, itemSlotWritten: false, lengthAliasUses: [],
  };
  private readonly varDeclarations: ts.VariableDeclarationList[] = [];
  /** Shared bindings touched in order-sensitive ways; allowed only if every use comes before the first await. */
  private readonly touchedShared: Array<{ binding: Binding; at: ts.Node; reason: string }> = [];
  private readonly orderedOutput: Array<{ node: ts.Node; reason: string }> = [];
  /** `name.push(…)` calls on shared arrays, by binding: candidates for a scattered collector. */
  private readonly pushSites = new Map<Binding, Array<{ call: ts.CallExpression; receiver: ts.Identifier; nested: boolean }>>();

  constructor(
    private readonly form: LoopForm,
    private readonly sourceFile: ts.SourceFile,
    private readonly scopes: ScopeIndex,
    private readonly types: TypeOracle | undefined,
  ) {
    this.bodyStart = form.body.pos;
    this.bodyEnd = form.body.end;
  }

  private refuse(reason: string): never {
    throw new Refusal(reason);
  }

  private isPerIteration(binding: Binding): boolean {
    if (this.form.itemBindings.has(binding)) return true;
    const at = binding.declaration.pos;
    return at >= this.bodyStart && at < this.bodyEnd;
  }

  private get index(): Binding | undefined {
    return this.form.kind === 'index' ? this.form.index : undefined;
  }

  run(): IterationFacts {
    const { body } = this.form;
    this.findFirstAwait(body);
    if (this.firstAwait === Number.POSITIVE_INFINITY) this.refuse('the loop body no longer awaits anything');

    const tail = tailWrite(body);
    const target = tail ? this.scopes.resolve(tail.target) : undefined;
    if (tail && target && !this.isPerIteration(target) && target !== this.index && !(this.form.kind === 'index' && this.form.headerAliases.has(target)) &&
        !(tail.kind === 'index' && this.isSlotWrite(tail.target, tail.key!))) {
      this.facts.collector = { kind: tail.kind, binding: target, statement: tail.statement, key: tail.key, value: tail.value };
    }

    const stack: Array<{ node: ts.Node; nested: boolean }> = [{ node: body, nested: false }];
    while (stack.length > 0) {
      const { node, nested } = stack.pop()!;
      // `i++` of a `while` index loop steps the loop, it is not a write by the iteration.
      if (this.form.kind === 'index' && node === this.form.increment) continue;
      this.visit(node, nested);
      const childNested = nested || isFunctionScope(node);
      ts.forEachChild(node, (child) => {
        stack.push({ node: child, nested: childNested });
      });
    }

    const tailPush = this.facts.collector;
    // `continue` would skip a tail push: collect per iteration instead, where `continue` becomes `return`.
    if (tailPush?.kind === 'push' && this.facts.continues.length > 0 && ts.isBlock(this.form.body) &&
        (this.references.get(tailPush.binding) ?? []).length === 1) {
      const callee = (tailPush.statement.expression as ts.CallExpression).expression as ts.PropertyAccessExpression;
      this.facts.collector = { kind: 'scatter', binding: tailPush.binding, receivers: [callee.expression as ts.Identifier] };
    }
    if (!this.facts.collector) this.scatteredCollector();
    this.checkCollector();
    for (const list of this.varDeclarations) this.checkVar(list);
    // The change itself (`users[id] = await …` stores after awaiting) and every other use of the binding.
    for (const { binding, at, reason } of this.touchedShared) {
      if (!this.isBeforeFirstAwait(at) || !(this.references.get(binding) ?? []).every((id) => this.isBeforeFirstAwait(id))) this.refuse(reason);
    }
    for (const { node, reason } of this.orderedOutput) if (!this.isBeforeFirstAwait(node)) this.refuse(reason);
    this.facts.itemReads.sort((a, b) => a.pos - b.pos);
    this.facts.continues.sort((a, b) => a.pos - b.pos);
    return this.facts;
  }

  private findFirstAwait(body: ts.Statement): void {
    const stack: ts.Node[] = [body];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (isFunctionScope(node)) continue;
      if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) {
        this.firstAwait = Math.min(this.firstAwait, node.getStart(this.sourceFile));
      }
      ts.forEachChild(node, (child) => {
        stack.push(child);
      });
    }
  }

  /**
   * Code that ends before the iteration's first await, outside nested loops and functions, runs
   * for every item in loop order even when the iterations run together (map calls each callback
   * up to its first await, one after another).
   */
  private isBeforeFirstAwait(node: ts.Node): boolean {
    if (node.end > this.firstAwait) return false;
    for (let p = node.parent; p && p !== this.form.body; p = p.parent) {
      if (ts.isIterationStatement(p, false) || isFunctionScope(p)) return false;
    }
    return true;
  }

  /**
   * One shared array that iterations push into after awaiting, only ever as `name.push(…)` at the
   * body's own level (conditionally, in a `catch`, several times): those pushes can go to an
   * array per iteration instead, joined in loop order afterwards.
   */
  private scatteredCollector(): void {
    const late = this.touchedShared.filter(({ binding, at }) =>
      !this.isBeforeFirstAwait(at) || !(this.references.get(binding) ?? []).every((id) => this.isBeforeFirstAwait(id)));
    const binding = late[0]?.binding;
    if (!binding || late.some((entry) => entry.binding !== binding)) return;
    const sites = this.pushSites.get(binding) ?? [];
    const uses = this.references.get(binding) ?? [];
    const mine = this.touchedShared.filter((entry) => entry.binding === binding);
    if (sites.length === 0 || sites.some((site) => site.nested) || uses.length !== sites.length ||
        mine.some((entry) => !sites.some((site) => site.call === entry.at)) || !ts.isBlock(this.form.body)) return;
    if (this.form.kind === 'index' && (binding === this.form.index || this.form.headerAliases.has(binding))) return;
    this.facts.collector = { kind: 'scatter', binding, receivers: sites.map((site) => site.receiver) };
    this.touchedShared.splice(0, this.touchedShared.length, ...this.touchedShared.filter((entry) => entry.binding !== binding));
  }

  private checkCollector(): void {
    const collector = this.facts.collector;
    if (!collector) return;
    if (collector.kind === 'scatter') {
      if (this.identifiersIn(this.form.collection).some((id) => this.scopes.resolve(id) === collector.binding)) {
        this.refuse(`the loop reads \`${collector.binding.name}\` while collecting results into it`);
      }
      return;
    }
    const uses = this.references.get(collector.binding) ?? [];
    const inHeader = this.identifiersIn(this.form.collection).some((id) => this.scopes.resolve(id) === collector.binding);
    if (uses.length > 1 || inHeader) {
      this.refuse(`the loop reads \`${collector.binding.name}\` while collecting results into it`);
    }
    if (this.facts.continues.length > 0) {
      this.refuse(`\`continue\` skips \`${describeCollector(collector)}\` for some items, so the results would no longer line up with the items`);
    }
  }

  /**
   * A `var` in the body is one variable shared by every iteration. It may become the callback's
   * own only if nothing outside the body uses it and each iteration sets it before any use: a
   * declaration with a value, directly in the body, before every use.
   */
  private checkVar(list: ts.VariableDeclarationList): void {
    const refuse = (): never =>
      this.refuse(`the body declares \`var ${short(list.declarations[0]!.name, this.sourceFile)}\`, which is shared by every iteration and stays visible after the loop`);
    const statement = list.parent;
    if (!ts.isVariableStatement(statement) || statement.parent !== this.form.body) refuse();
    for (const declaration of list.declarations) {
      if (!ts.isIdentifier(declaration.name) || !declaration.initializer) refuse();
      const binding = this.scopes.resolve(declaration.name as ts.Identifier);
      if (!binding) refuse();
      for (const use of this.identifiersIn(binding!.scope)) {
        if (use === declaration.name || this.scopes.resolve(use) !== binding) continue;
        if (use.pos < declaration.end || use.end > this.bodyEnd) refuse();
      }
    }
  }

  private identifiersIn(root: ts.Node): ts.Identifier[] {
    const out: ts.Identifier[] = [];
    const stack: ts.Node[] = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (ts.isIdentifier(node)) {
        if (isReferenceIdentifier(node)) out.push(node);
        continue;
      }
      ts.forEachChild(node, (child) => {
        stack.push(child);
      });
    }
    return out;
  }

  private visit(node: ts.Node, nested: boolean): void {
    switch (node.kind) {
      case ts.SyntaxKind.Identifier:
        this.reference(node as ts.Identifier);
        return;
      case ts.SyntaxKind.YieldExpression:
        if (!nested) this.refuse('the loop body yields, which a callback cannot do for the enclosing generator');
        return;
      case ts.SyntaxKind.ReturnStatement:
        if (!nested) this.refuse('`return` inside the loop leaves it early; run together, every item would still be processed');
        return;
      case ts.SyntaxKind.BreakStatement:
        if (!nested && this.jumpTarget(node as ts.BreakStatement) !== 'inside') {
          this.refuse('`break` leaves the loop early; run together, every item would still be processed');
        }
        return;
      case ts.SyntaxKind.ContinueStatement:
        if (!nested) this.continueStatement(node as ts.ContinueStatement);
        return;
      case ts.SyntaxKind.VariableDeclarationList: {
        const list = node as ts.VariableDeclarationList;
        if (!nested && !(list.flags & ts.NodeFlags.BlockScoped)) this.varDeclarations.push(list);
        return;
      }
      case ts.SyntaxKind.BinaryExpression: {
        const binary = node as ts.BinaryExpression;
        const kind = binary.operatorToken.kind;
        if (kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment) this.write(binary.left, kind === ts.SyntaxKind.EqualsToken, node);
        return;
      }
      case ts.SyntaxKind.PrefixUnaryExpression:
      case ts.SyntaxKind.PostfixUnaryExpression: {
        const unary = node as ts.PrefixUnaryExpression | ts.PostfixUnaryExpression;
        if (unary.operator === ts.SyntaxKind.PlusPlusToken || unary.operator === ts.SyntaxKind.MinusMinusToken) this.write(unary.operand, false, node);
        return;
      }
      case ts.SyntaxKind.DeleteExpression:
        this.write((node as ts.DeleteExpression).expression, false, node);
        return;
      case ts.SyntaxKind.ForOfStatement:
      case ts.SyntaxKind.ForInStatement: {
        const initializer = (node as ts.ForOfStatement | ts.ForInStatement).initializer;
        if (!ts.isVariableDeclarationList(initializer)) this.write(initializer, true, node);
        return;
      }
      case ts.SyntaxKind.ElementAccessExpression:
        this.elementAccess(node as ts.ElementAccessExpression);
        return;
      case ts.SyntaxKind.CallExpression:
        this.call(node as ts.CallExpression, nested);
        return;
      case ts.SyntaxKind.NewExpression: {
        const callee = (node as ts.NewExpression).expression;
        if (ts.isIdentifier(callee) && callee.text === 'Promise' && !this.scopes.resolve(callee)) {
          this.refuse('the body builds its own promise (`new Promise(…)`), the usual shape of a deliberate wait: the loop looks throttled on purpose');
        }
        return;
      }
      default:
        return;
    }
  }

  private reference(id: ts.Identifier): void {
    if (!isReferenceIdentifier(id)) return;
    const binding = this.scopes.resolve(id);
    if (!binding) return;
    let list = this.references.get(binding);
    if (!list) this.references.set(binding, (list = []));
    list.push(id);
    if (this.form.kind === 'index') {
      // n of `i < n` with `n = xs.length`: the collection never changes length here, so it is `xs.length`.
      if (this.form.headerAliases.has(binding)) this.facts.lengthAliasUses.push(id);
      if (binding === this.form.index && !this.isItemAccessIndex(id)) this.facts.indexUsed = true;
    }
  }

  /** `xs[i]` where `xs` is the loop's collection and `i` its index. */
  private isItemAccess(access: ts.ElementAccessExpression): boolean {
    if (this.form.kind !== 'index' || access.questionDotToken) return false;
    const argument = strip(access.argumentExpression);
    return ts.isIdentifier(argument) && this.scopes.resolve(argument) === this.form.index &&
      compact(access.expression, this.sourceFile) === compact(this.form.collection, this.sourceFile);
  }

  private isItemAccessIndex(id: ts.Identifier): boolean {
    let node: ts.Node = id;
    while (ts.isParenthesizedExpression(node.parent) || ts.isNonNullExpression(node.parent)) node = node.parent;
    const parent = node.parent;
    return ts.isElementAccessExpression(parent) && parent.argumentExpression === node && this.isItemAccess(parent);
  }

  /** `xs[i]`, `xs[i].tags`: an expression reaching this iteration's own item of an index loop. */
  private reachesThroughItem(expression: ts.Expression): boolean {
    let e = strip(expression);
    for (;;) {
      if (ts.isElementAccessExpression(e) && this.isItemAccess(e)) return true;
      if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) e = strip(e.expression);
      else return false;
    }
  }

  private elementAccess(access: ts.ElementAccessExpression): void {
    if (this.isItemAccess(access)) this.facts.itemReads.push(access);
  }

  private continueStatement(node: ts.ContinueStatement): void {
    const target = this.jumpTarget(node);
    if (target === 'inside') return;
    if (target === 'this-loop') this.facts.continues.push(node);
    else this.refuse(`\`${short(node, this.sourceFile)}\` jumps to an outer loop`);
  }

  /** Where a break/continue goes: somewhere inside the body, this loop, or out of it. */
  private jumpTarget(node: ts.BreakOrContinueStatement): 'inside' | 'this-loop' | 'outside' {
    const label = node.label?.text;
    for (let p: ts.Node = node.parent; p !== this.form.loop; p = p.parent) {
      if (label !== undefined) {
        if (ts.isLabeledStatement(p) && p.label.text === label) return 'inside';
      } else if (ts.isIterationStatement(p, false) || (ts.isSwitchStatement(p) && ts.isBreakStatement(node))) {
        return 'inside';
      }
    }
    if (label === undefined || label === this.form.label) return ts.isContinueStatement(node) ? 'this-loop' : 'outside';
    return 'outside';
  }

  /** `out[i] = …` with `out` an array and `i` the index: one slot per iteration. */
  private isSlotWrite(target: ts.Expression, key: ts.Expression): boolean {
    const k = strip(key);
    return this.index !== undefined && ts.isIdentifier(k) && this.scopes.resolve(k) === this.index &&
      isKnownArray(target, this.scopes, this.types);
  }

  private write(target: ts.Expression, plainAssignment: boolean, at: ts.Node): void {
    if (at === tailStatementOf(this.facts.collector)?.expression) return;
    const t = strip(target);
    if (ts.isArrayLiteralExpression(t)) {
      for (const element of t.elements) this.write(ts.isSpreadElement(element) ? element.expression : element, plainAssignment, at);
      return;
    }
    if (ts.isObjectLiteralExpression(t)) {
      for (const property of t.properties) {
        if (ts.isShorthandPropertyAssignment(property)) this.write(property.name, plainAssignment, at);
        else if (ts.isPropertyAssignment(property)) this.write(property.initializer, plainAssignment, at);
        else if (ts.isSpreadAssignment(property)) this.write(property.expression, plainAssignment, at);
      }
      return;
    }
    if (ts.isBinaryExpression(t) && t.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      this.write(t.left, plainAssignment, at);
      return;
    }
    if (ts.isIdentifier(t)) {
      const binding = this.scopes.resolve(t);
      if (!binding) this.refuse(`iterations assign the global \`${t.text}\``);
      if (binding === this.index) this.refuse(`the body changes the loop index \`${t.text}\``);
      if (!this.isPerIteration(binding)) {
        this.refuse(`iterations write \`${t.text}\`, declared outside the loop, so each one depends on the ones before`);
      }
      return;
    }
    if (!ts.isPropertyAccessExpression(t) && !ts.isElementAccessExpression(t)) return;
    if (ts.isElementAccessExpression(t) && this.isItemAccess(t)) this.facts.itemSlotWritten = true;
    else if (this.reachesThroughItem(t.expression)) return; // xs[i].done = true: this iteration's own item
    const root = rootOf(t);
    if (!root) return; // makeThing().x = …: a fresh object
    if (root.kind === ts.SyntaxKind.ThisKeyword) {
      this.refuse(`iterations change \`${short(t, this.sourceFile)}\`, instance state shared by every iteration`);
    }
    const binding = this.scopes.resolve(root as ts.Identifier);
    if (!binding) this.refuse(`iterations change the global \`${(root as ts.Identifier).text}\``);
    if (this.isPerIteration(binding)) return; // this iteration's own item or object
    // out[i] = …: one array slot per iteration, the same whichever order they finish in.
    if (ts.isElementAccessExpression(t) && plainAssignment && ts.isIdentifier(strip(t.expression)) && this.isSlotWrite(t.expression, t.argumentExpression)) {
      return;
    }
    this.touchedShared.push({
      binding,
      at,
      reason: ts.isElementAccessExpression(t) && plainAssignment
        ? `iterations write entries of \`${binding.name}\` after awaiting; run together, the entries would be added in completion order, not loop order`
        : `iterations change \`${short(t, this.sourceFile)}\`, shared by every iteration, after awaiting`,
    });
  }

  private call(call: ts.CallExpression, nested: boolean): void {
    const callee = strip(call.expression);
    const name = lastNameOf(callee);
    if (name && SLEEP_NAMES.has(name)) {
      this.refuse(`the body waits on purpose (\`${short(call.expression, this.sourceFile)}(…)\`): the loop looks throttled`);
    }
    if (!ts.isPropertyAccessExpression(callee)) return;
    const receiver = strip(callee.expression);
    const root = rootOf(receiver);

    // console.log(…), process.stdout.write(…): lines come out in the order the code reaches them.
    if (root && ts.isIdentifier(root) && !this.scopes.resolve(root) &&
        (root.text === 'console' || (root.text === 'process' && /^process\.(stdout|stderr)$/.test(compact(receiver, this.sourceFile))))) {
      this.orderedOutput.push({
        node: call,
        reason: 'iterations write to the console after awaiting; run together, the lines would come out in completion order',
      });
      return;
    }

    if (name === 'assign' && root && ts.isIdentifier(root) && root.text === 'Object' && !this.scopes.resolve(root)) {
      const first = call.arguments[0] && rootOf(strip(call.arguments[0]));
      const firstBinding = first && ts.isIdentifier(first) ? this.scopes.resolve(first) : undefined;
      if (first && (first.kind === ts.SyntaxKind.ThisKeyword || !firstBinding || !this.isPerIteration(firstBinding))) {
        this.refuse(`iterations merge into \`${short(call.arguments[0]!, this.sourceFile)}\`, shared by every iteration`);
      }
      return;
    }

    if (!name || !MUTATING_METHODS.has(name) || !root || this.reachesThroughItem(receiver)) return;
    if (call === tailStatementOf(this.facts.collector)?.expression) return;
    if (root.kind === ts.SyntaxKind.ThisKeyword) {
      this.refuse(`iterations change \`${short(receiver, this.sourceFile)}\` (\`.${name}(…)\`), instance state shared by every iteration`);
    }
    const binding = this.scopes.resolve(root as ts.Identifier);
    if (!binding) this.refuse(`iterations change the global \`${(root as ts.Identifier).text}\``);
    if (this.isPerIteration(binding)) return;
    if (name === 'push' && ts.isIdentifier(receiver)) {
      let sites = this.pushSites.get(binding);
      if (!sites) this.pushSites.set(binding, (sites = []));
      sites.push({ call, receiver, nested });
    }
    const what = short(receiver, this.sourceFile);
    this.touchedShared.push({
      binding,
      at: call,
      reason: ORDERED_INSERT_METHODS.has(name)
        ? `iterations add to \`${what}\` (\`.${name}(…)\`) after awaiting, other than as one unconditional push at the end of the body; ` +
          'run together, the items would arrive in completion order, not loop order'
        : `iterations change \`${what}\` (\`.${name}(…)\`), shared by every iteration, after awaiting`,
    });
  }
}
