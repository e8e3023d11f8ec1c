import { ts } from 'ts-morph';
import { isKnownArray } from './array-kind';
import { isIncomingRequest, SINGLE_RECORD_READS } from './effects';
import { outermostExpression, stripExpression as skipOuter, lastNameOf } from './index-loop';
import type { LoopCostThresholds, TypeOracle } from './rule';
import { constInitializer, isFunctionScope, memoKind, reverseFrom, sameFileCallee, type Binding, type ScopeIndex } from './scope';

/**
 * How much synchronous work one loop does, judged from syntax (PRECISION.md, "A loop blocks the event
 * loop when"). A loop is heavy when
 *  - largeBound: its constant bounds (multiplied down a chain of nested loops) reach
 *    `largeIterationCount`;
 *  - nestedInput: it holds a chain of `nestedDepth` nested loops over input-sized collections, each
 *    independent of the loop around it (a cross product, not rows and their own cells);
 *  - heavyOperation: a known expensive call (hashing, compression, JSON, sort, non-trivial regex,
 *    structuredClone, copying a growing accumulator) runs on every iteration over input-sized data.
 *
 * Only the loop's *synchronous* nest is judged: nested functions run some other time, and a loop that
 * awaits or yields anywhere in its body gives the event loop back every iteration, so it is never
 * heavy itself (its inner loops without awaits are judged on their own).
 *
 * `.forEach/.map/.filter/.reduce/…` with an inline, non-async callback are loops too: the callback
 * body is the loop body, so they count for nesting, bounds and heavy operations alike.
 */

export type LoopNode = ts.IterationStatement | ts.CallExpression;

export type LoopCostReason = 'largeBound' | 'nestedInput' | 'heavyOperation';

export interface LoopCostContext {
  readonly scopes: ScopeIndex;
  readonly loopCost: LoopCostThresholds;
  /** With a type checker: tuples have a known length, and an await of a plain value does not yield. */
  readonly types?: TypeOracle | undefined;
}

interface LoopCostBase {
  /**
   * The loops nested synchronously in this one (not counting itself). Anything heavy among them made
   * this loop heavy too, so a caller that has judged this loop need not judge them again.
   * Empty when the loop yields (its inner loops then stand on their own).
   */
  nest: readonly LoopNode[];
}

export interface CheapLoop extends LoopCostBase {
  heavy: false;
  /** 'yields': awaits or yields every iteration; 'chunked': hands the rest to setImmediate/setTimeout and stops. */
  why: 'yields' | 'chunked' | 'cheap';
}

export type HeavyLoop = LoopCostBase & {
  heavy: true;
  evidence: ts.Node;
  /**
   * Heavy only if collections the code does not size are large (a nest over two lists, JSON of every
   * item), rather than whatever the data: a count the code states, or per-item work slow by design
   * (key derivation, bcrypt). On real server code most such lists are small by their domain, which
   * the code does not show (docs/precision-audit.md), so these findings rank lower.
   */
  sizeInferred: boolean;
} & (
  | { reason: 'largeBound'; detail: { count: number } }
  | { reason: 'nestedInput'; detail: { collections: string[]; depth: number; innerLoop: LoopNode } }
  | { reason: 'heavyOperation'; detail: { operation: string; collection: string } }
);

export type LoopCost = CheapLoop | HeavyLoop;

/** Array methods whose callback runs once per element. */
export const ARRAY_LOOP_METHODS: ReadonlySet<string> = new Set([
  'forEach', 'map', 'flatMap', 'filter', 'reduce', 'reduceRight', 'some', 'every',
  'find', 'findIndex', 'findLast', 'findLastIndex',
]);

/** The loop a node is, if it is one: an iteration statement or an array method with a callback. */
export function asLoop(node: ts.Node): LoopNode | undefined {
  if (ts.isIterationStatement(node, /*lookInLabeledStatements*/ false)) return node;
  if (ts.isCallExpression(node) && arrayLoopCallback(node) !== undefined) return node;
  return undefined;
}

/**
 * The callback of `xs.map(cb)`-like calls: an inline non-async function, or a reference to one
 * (whose body we cannot see). Undefined when the call is not such a loop.
 */
export function arrayLoopCallback(call: ts.CallExpression): ts.Expression | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !ARRAY_LOOP_METHODS.has(callee.name.text)) return undefined;
  const callback = call.arguments[0];
  if (!callback) return undefined;
  if (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) {
    // An async callback starts one promise per element: that is await-in-loop's business, not a loop body.
    if (hasModifier(callback, ts.SyntaxKind.AsyncKeyword) || (ts.isFunctionExpression(callback) && callback.asteriskToken)) return undefined;
    return callback;
  }
  if (ts.isIdentifier(callback) || ts.isPropertyAccessExpression(callback)) return callback;
  return undefined;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

/** Where a loop starts and ends in the source, for messages: the statement, or the whole `xs.map(…)` call. */
export function loopHeaderEnd(loop: LoopNode): number {
  if (ts.isCallExpression(loop)) return loop.expression.getEnd();
  const body = loop.statement;
  return ts.isDoStatement(loop) ? loop.getStart() + 2 : body.getFullStart();
}

// ---------------------------------------------------------------------------------------------
// Sizes: how many times a loop runs, as far as syntax tells.

/** `constant`: a known count. `input`: grows with data from outside (parameters, queries, request bodies). */
type Size = { kind: 'constant'; count: number } | { kind: 'input'; collection: ts.Node } | { kind: 'unknown' };

const UNKNOWN: Size = { kind: 'unknown' };
const TYPED_ARRAYS = /^(Big)?(Int|Uint|Float)(8|16|32|64)(Clamped)?Array$/;
const MAX_RESOLVE_DEPTH = 6;

/** The variable declaration that introduces a binding (through destructuring patterns), if any. */
function declarationOf(binding: Binding): { declaration: ts.VariableDeclaration; destructured: boolean } | undefined {
  let node: ts.Node = binding.declaration.parent;
  let destructured = false;
  while (ts.isBindingElement(node) || ts.isObjectBindingPattern(node) || ts.isArrayBindingPattern(node)) {
    destructured = true;
    node = node.parent;
  }
  return ts.isVariableDeclaration(node) ? { declaration: node, destructured } : undefined;
}

/**
 * Collections that hold schema, configuration or access metadata rather than data: a record's fields,
 * a config's plugins, a feature's strategies, the environments or permissions of a project. They hold
 * a handful of entries whatever the traffic, so a loop over one does not grow with the input (real
 * code nests them inside loops over rows all the time: `rows.map((r) => fields.find(…))`).
 * Matched against the last word of the collection's name, singular.
 */
const SMALL_DOMAIN_WORDS: ReadonlySet<string> = new Set([
  'field', 'column', 'header', 'property', 'attribute', 'attr', 'key', 'relation', 'relationship', 'block', 'locale',
  'language', 'lang', 'currency', 'region', 'country', 'environment', 'env', 'permission', 'scope', 'strategy',
  'segment', 'provider', 'plugin', 'exclude', 'include', 'pattern', 'rule', 'option', 'setting', 'config',
  'configuration', 'tag', 'label', 'channel', 'type', 'kind', 'status', 'hour', 'weekday', 'step',
  'stage', 'extension', 'method', 'param', 'parameter', 'arg', 'argument', 'hook', 'middleware', 'handler', 'listener',
  'route', 'widget', 'global', 'collection', 'registry', 'worker', 'keyring', 'algorithm', 'metadata', 'disallow', 'ignore',
]);
/** Property names that say nothing about what a collection holds: `keyring.all` is named by `keyring`. */
const GENERIC_NAMES: ReadonlySet<string> = new Set(['all', 'list', 'values', 'entries', 'keys', 'data', 'array', 'arr', 'current', 'value']);
/** Names of objects used as dictionaries (`childrenById`, `cache`): their keys are data, not fields. */
const DICTIONARY_NAME = /(By[A-Z0-9_]\w*|Map|Dict|Index|Cache|Lookup|Registry|Store|Table)$|^(dict|map|index|cache|lookup|store|table)$|^by[A-Z0-9_]/;

function lastWord(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[\s_$-]+/).filter((w) => w.length > 0);
  return (words[words.length - 1] ?? '').toLowerCase();
}

function singular(word: string): string {
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && word.length > 3) return word.slice(0, -1);
  return word;
}

/** The name a collection expression is known by: `fields`, `field.blocks` → `blocks`, `keyring.all` → `keyring`. */
function collectionNameOf(expression: ts.Expression): string | undefined {
  let e = skipOuter(expression);
  for (let depth = 0; depth < MAX_RESOLVE_DEPTH; depth++) {
    if (ts.isAwaitExpression(e)) e = skipOuter(e.expression);
    else if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
      e = skipOuter(e.left);
    } else if (ts.isIdentifier(e)) return e.text;
    else if (ts.isPrivateIdentifier(e)) return e.text.slice(1);
    else if (ts.isPropertyAccessExpression(e)) {
      if (!GENERIC_NAMES.has(e.name.text)) return ts.isPrivateIdentifier(e.name) ? e.name.text.slice(1) : e.name.text;
      e = skipOuter(e.expression);
    } else if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) &&
      ['filter', 'slice', 'map', 'entries', 'keys', 'values', 'sort', 'toSorted', 'reverse', 'concat'].includes(e.expression.name.text)) {
      e = skipOuter(e.expression.expression);
    } else return undefined;
  }
  return undefined;
}

/** Is this a collection of schema/config metadata by its name (see SMALL_DOMAIN_WORDS)? */
export function isSmallDomainCollection(expression: ts.Expression): boolean {
  const name = collectionNameOf(expression);
  return name !== undefined && SMALL_DOMAIN_WORDS.has(singular(lastWord(name)));
}

/** `Object.keys(row)`, `Object.entries(options.headers)`: the fields of one object, not a dictionary of data. */
function isFieldsOfOneObject(target: ts.Expression): boolean {
  const name = collectionNameOf(target);
  if (name === undefined) return false;
  if (DICTIONARY_NAME.test(name)) return false;
  const word = lastWord(name);
  return SMALL_DOMAIN_WORDS.has(singular(word)) || singular(word) === word;
}

/**
 * `stdout.trim().split('\n')`, `result.stdout.split('\n').filter(Boolean)`: the lines a command printed. `exec` and
 * `execSync` buffer at most `maxBuffer` (1 MiB by default) before they fail, so the lines of `docker ps --format json`
 * are a bounded list, however many lines they are: parsing each is linear work on at most a megabyte.
 */
function isCommandOutputLines(expression: ts.Expression): boolean {
  let e = skipOuter(expression);
  while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ['filter', 'map', 'trim', 'trimEnd', 'split'].includes(e.expression.name.text)) {
    if (e.expression.name.text === 'split') {
      const text = skipOuter(e.expression.expression);
      const base = ts.isCallExpression(text) && ts.isPropertyAccessExpression(text.expression) && /^trim(End|Start)?$/.test(text.expression.name.text)
        ? skipOuter(text.expression.expression) : text;
      const name = lastNameOf(base);
      return name === 'stdout';
    }
    e = skipOuter(e.expression.expression);
  }
  return false;
}

/** `path.split('.')`, `line.split(',')`: the parts of one string (a path, a key, a CSV row), not its lines or words. */
function isSplitIntoParts(expression: ts.Expression): boolean {
  const e = skipOuter(expression);
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression) || e.expression.name.text !== 'split') return false;
  const separator = e.arguments[0] && skipOuter(e.arguments[0]);
  return separator !== undefined && ts.isStringLiteralLike(separator) && separator.text.length > 0 && !/\s/.test(separator.text);
}

/** Keys of query and request options that cap how many items come back (`{ take: 20 }`, `MaxNumberOfMessages: 10`). */
const LIMIT_KEYS = new Set([
  'limit', 'take', 'first', 'last', 'top', 'maxResults', 'MaxResults', 'MaxNumberOfMessages', 'MaxKeys', 'MaxItems',
  'Limit', 'pageSize', 'page_size', 'perPage', 'per_page', 'maxRecords', 'count', 'size',
]);
/** Chain methods that cap a query (`.limit(25)`, `.take(10)`, `.first(5)`). */
const LIMIT_METHODS = new Set(['limit', 'take', 'first', 'top']);
/** Redis reads of an index range of a list or sorted set, `(key, start, stop)` with `stop` included. */
const RANGE_READS = new Set(['lrange', 'zrange', 'zrevrange']);
/** Multi-key reads that return one value per key (ioredis/node-redis, DataLoader, keyv-style caches). */
const MULTI_GET_METHODS = new Set(['mget', 'mGet', 'mgetBuffer', 'getMany', 'loadMany']);
/** A query capped at this many items or fewer returns a small, fixed-size batch. */
const SMALL_LIMIT = 200;

class Sizer {
  constructor(private readonly scopes: ScopeIndex, private readonly types: TypeOracle | undefined, private readonly largeCount: number) {}

  /**
   * `if (events.length > 25) return reply.code(413)…` right after a collection is declared (or at the top of
   * the function whose parameter it is): past that guard it holds at most 25 items.
   */
  private guardedLength(binding: Binding, depth: number): number | undefined {
    let block: ts.Node | undefined;
    let after = -1;
    if (binding.kind === 'parameter') {
      const fn = binding.scope;
      block = isFunctionScope(fn) && fn.body && ts.isBlock(fn.body) ? fn.body : undefined;
    } else {
      const found = declarationOf(binding);
      const statement = found?.declaration.parent.parent;
      if (statement && ts.isVariableStatement(statement) && (ts.isBlock(statement.parent) || ts.isSourceFile(statement.parent))) {
        block = statement.parent;
        after = statement.parent.statements.indexOf(statement);
      }
    }
    if (!block || !(ts.isBlock(block) || ts.isSourceFile(block))) return undefined;
    const statements = block.statements;
    for (let i = after + 1; i < statements.length; i++) {
      const statement = statements[i]!;
      if (!ts.isIfStatement(statement) || !alwaysExits(statement.thenStatement)) continue;
      const cap = this.lengthCap(statement.expression, binding, depth);
      if (cap !== undefined && cap <= SMALL_LIMIT) return cap;
    }
    return undefined;
  }

  /**
   * `input.seats` or `const { seats } = input` where this file validates `seats` with a small cap —
   * `z.array(Seat).max(25)`, `{ type: 'array', maxItems: 25 }`, `@ArrayMaxSize(25) seats` — holds at most that many.
   */
  private validatedCap(e: ts.Expression): number | undefined {
    const caps = validatedCaps(e.getSourceFile());
    if (caps.size === 0) return undefined;
    let name: string | undefined;
    if (ts.isPropertyAccessExpression(e)) name = e.name.text;
    else if (ts.isIdentifier(e)) {
      const binding = this.scopes.resolve(e);
      if (binding && (binding.kind === 'parameter' || declarationOf(binding)?.destructured)) name = e.text;
    }
    if (name === undefined) return undefined;
    const cap = caps.get(name);
    return cap !== undefined && cap <= SMALL_LIMIT ? cap : undefined;
  }

  /** `xs.length > 25` → 25, `xs.length >= 26` → 25, `!xs || xs.length > 25` → 25. */
  private lengthCap(condition: ts.Expression, binding: Binding, depth: number): number | undefined {
    const c = skipOuter(condition);
    if (!ts.isBinaryExpression(c)) return undefined;
    const op = c.operatorToken.kind;
    if (op === ts.SyntaxKind.BarBarToken) return this.lengthCap(c.left, binding, depth) ?? this.lengthCap(c.right, binding, depth);
    const isLength = (x: ts.Expression): boolean => {
      const e = skipOuter(x);
      return ts.isPropertyAccessExpression(e) && (e.name.text === 'length' || e.name.text === 'size') &&
        ts.isIdentifier(skipOuter(e.expression)) && this.scopes.resolve(skipOuter(e.expression) as ts.Identifier) === binding;
    };
    if (isLength(c.left)) {
      const n = this.constant(c.right, depth);
      if (n === undefined) return undefined;
      if (op === ts.SyntaxKind.GreaterThanToken) return n;
      if (op === ts.SyntaxKind.GreaterThanEqualsToken) return n - 1;
    } else if (isLength(c.right)) {
      const n = this.constant(c.left, depth);
      if (n === undefined) return undefined;
      if (op === ts.SyntaxKind.LessThanToken) return n;
      if (op === ts.SyntaxKind.LessThanEqualsToken) return n - 1;
    }
    return undefined;
  }

  /**
   * `const segments: Segment[] = []` that requests push into: a buffer of data, whatever its name says.
   * (The name vocabulary is for collections that come from schemas and configuration.)
   */
  private isFilledLater(e: ts.Expression): boolean {
    let root: ts.Expression = e;
    while (ts.isPropertyAccessExpression(root) && GENERIC_NAMES.has(root.name.text)) root = skipOuter(root.expression);
    if (ts.isCallExpression(root) && ts.isPropertyAccessExpression(root.expression)) root = skipOuter(root.expression.expression);
    if (!ts.isIdentifier(root)) return false;
    const binding = this.scopes.resolve(root);
    // Module level only: a buffer that outlives each request. A local list filled right there from a
    // query of foreign keys or fields is still schema metadata.
    if (!binding || !ts.isSourceFile(binding.scope)) return false;
    const found = binding.kind === 'const' || binding.kind === 'let' ? declarationOf(binding) : undefined;
    const init = found && !found.destructured && found.declaration.initializer ? skipOuter(found.declaration.initializer) : undefined;
    if (!init) return false;
    if (ts.isArrayLiteralExpression(init)) return init.elements.length === 0;
    if (ts.isObjectLiteralExpression(init)) return init.properties.length === 0;
    return ts.isNewExpression(init) && ts.isIdentifier(init.expression) && ['Map', 'Set', 'Array'].includes(init.expression.text) &&
      (init.arguments?.length ?? 0) === 0;
  }

  /** The initializer of `name` in `const holder = { name: … }`, if the holder is such a constant. */
  private objectLiteralProperty(holder: ts.Identifier, name: string): ts.Expression | undefined {
    const binding = this.scopes.resolve(holder);
    const found = binding && binding.kind === 'const' ? declarationOf(binding) : undefined;
    const init = found && !found.destructured && found.declaration.initializer ? skipOuter(found.declaration.initializer) : undefined;
    if (!init || !ts.isObjectLiteralExpression(init)) return undefined;
    for (const property of init.properties) {
      if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) && property.name.text === name) {
        return property.initializer;
      }
    }
    return undefined;
  }

  /** `const seen: string[] = []` that the loop fills: an accumulator, as big as what the loop put in so far. */
  isEmptyAccumulator(e: ts.Expression): boolean {
    const x = skipOuter(e);
    if (!ts.isIdentifier(x)) return false;
    const binding = this.scopes.resolve(x);
    const found = binding && (binding.kind === 'const' || binding.kind === 'let') ? declarationOf(binding) : undefined;
    const init = found && !found.destructured && found.declaration.initializer ? skipOuter(found.declaration.initializer) : undefined;
    if (init === undefined || !ts.isArrayLiteralExpression(init) || init.elements.length !== 0) return false;
    // Not one whose whole value is replaced by a read elsewhere (`suppressed = await redis.sMembers(key)`).
    return binding!.kind === 'const' || !this.replacedWithInput(binding!, 1);
  }

  /** `[a, b, c]` typed as a tuple: its length, when the checker knows it. */
  private tupleLength(e: ts.Expression): number | undefined {
    if (!this.types?.withChecker) return undefined;
    return this.types.withChecker(e, (checker, node) => {
      const type = checker.getTypeAtLocation(node);
      if (!checker.isTupleType(type)) return undefined;
      const target = (type as ts.TypeReference).target as ts.TupleType;
      return target.hasRestElement ? undefined : target.fixedLength;
    });
  }

  /**
   * The cap a query or request puts on its results: `LIMIT 25` in SQL text, `{ take: 20 }`, `.limit(10)`,
   * `new ReceiveMessageCommand({ MaxNumberOfMessages: 10 })`. Only small constant caps count.
   */
  private limitOf(call: ts.CallExpression | ts.NewExpression, depth: number): number | undefined {
    let smallest: number | undefined;
    const consider = (n: number | undefined) => {
      if (n !== undefined && n >= 0 && n <= SMALL_LIMIT) smallest = smallest === undefined ? n : Math.min(smallest, n);
    };
    const inspect = (argument: ts.Expression, level: number): void => {
      const a = skipOuter(argument);
      if (ts.isStringLiteralLike(a) || ts.isTemplateExpression(a)) {
        const text = ts.isTemplateExpression(a) ? a.head.text + a.templateSpans.map((span) => ' x ' + span.literal.text).join('') : a.text;
        const sql = /\blimit\s+(\d+)\s*;?\s*$/i.exec(text) ?? /\bfetch\s+first\s+(\d+)\s+rows\b/i.exec(text);
        if (sql) consider(Number(sql[1]));
        return;
      }
      if (ts.isObjectLiteralExpression(a) && level < 3) {
        for (const property of a.properties) {
          if (!ts.isPropertyAssignment(property)) continue;
          const name = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined;
          if (name !== undefined && LIMIT_KEYS.has(name)) consider(this.constant(property.initializer, depth + 1));
          else inspect(property.initializer, level + 1);
        }
        return;
      }
      if (ts.isNewExpression(a) && level < 3) for (const inner of a.arguments ?? []) inspect(inner, level + 1);
    };
    let current: ts.Expression = call;
    for (let hops = 0; hops < 8; hops++) {
      const c = skipOuter(current);
      if (!ts.isCallExpression(c) && !ts.isNewExpression(c)) break;
      for (const argument of c.arguments ?? []) inspect(argument, 0);
      const callee = skipOuter(c.expression);
      if (ts.isCallExpression(c) && ts.isPropertyAccessExpression(callee) && LIMIT_METHODS.has(callee.name.text) && c.arguments[0]) {
        consider(this.constant(c.arguments[0], depth + 1));
      }
      // `redis.lrange('audit:recent', 0, limit - 1)` with `limit` at most 200: a range of at most that many.
      if (ts.isCallExpression(c) && ts.isPropertyAccessExpression(callee) && RANGE_READS.has(callee.name.text.toLowerCase()) && c.arguments.length >= 3) {
        const start = this.constant(c.arguments[1]!, depth + 1);
        if (start !== undefined && start < 0) {
          // `lrange(key, -50, -1)`: the last 50.
          const stopIndex = this.constant(c.arguments[2]!, depth + 1);
          if (stopIndex !== undefined && stopIndex < 0) consider(stopIndex - start + 1);
        } else if (start !== undefined) {
          // The stop, perhaps written as `limit - 1`, is an index: the range holds one more than it, less the start.
          let stop = skipOuter(c.arguments[2]!);
          let offset = 1;
          if (ts.isBinaryExpression(stop) && stop.operatorToken.kind === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(skipOuter(stop.right))) {
            offset -= Number((skipOuter(stop.right) as ts.NumericLiteral).text);
            stop = skipOuter(stop.left);
          }
          const last = this.count(stop, depth + 1);
          if (last.kind === 'constant') consider(last.count + offset - start);
        }
      }
      if (!ts.isPropertyAccessExpression(callee)) break;
      current = callee.expression;
    }
    return smallest;
  }

  /** A number the expression is known to evaluate to. */
  constant(expression: ts.Expression, depth = 0): number | undefined {
    const e = skipOuter(expression);
    if (ts.isNumericLiteral(e)) return Number(e.text);
    if (ts.isBigIntLiteral(e)) return Number(e.text.replace(/n$/, ''));
    if (depth > MAX_RESOLVE_DEPTH) return undefined;
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken) {
      const v = this.constant(e.operand, depth + 1);
      return v === undefined ? undefined : -v;
    }
    if (ts.isBinaryExpression(e)) {
      const a = this.constant(e.left, depth + 1);
      const b = a === undefined ? undefined : this.constant(e.right, depth + 1);
      if (a === undefined || b === undefined) return undefined;
      switch (e.operatorToken.kind) {
        case ts.SyntaxKind.PlusToken: return a + b;
        case ts.SyntaxKind.MinusToken: return a - b;
        case ts.SyntaxKind.AsteriskToken: return a * b;
        case ts.SyntaxKind.SlashToken: return b === 0 ? undefined : a / b;
        case ts.SyntaxKind.AsteriskAsteriskToken: return a ** b;
        case ts.SyntaxKind.LessThanLessThanToken: return a * 2 ** b;
        default: return undefined;
      }
    }
    if (ts.isIdentifier(e)) {
      const binding = this.scopes.resolve(e);
      if (!binding || binding.kind !== 'const') return undefined;
      const found = declarationOf(binding);
      if (!found || found.destructured || !found.declaration.initializer) return undefined;
      return this.constant(found.declaration.initializer, depth + 1);
    }
    if (ts.isPropertyAccessExpression(e) && (e.name.text === 'length' || e.name.text === 'size')) {
      const size = this.collection(e.expression, depth + 1);
      return size.kind === 'constant' ? size.count : undefined;
    }
    // `KdfParams.Iterations` of an enum of this file, `LIMITS.maxRows` of `const LIMITS = { maxRows: 100_000 }`.
    if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression)) {
      const declaration = this.scopes.resolve(e.expression)?.declaration.parent;
      if (declaration && ts.isEnumDeclaration(declaration)) {
        const member = declaration.members.find((m) => (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) && m.name.text === e.name.text);
        return member?.initializer ? this.constant(member.initializer, depth + 1) : undefined;
      }
      const property = this.objectLiteralProperty(e.expression, e.name.text);
      return property ? this.constant(property, depth + 1) : undefined;
    }
    if (ts.isCallExpression(e) && isGlobalMember(e.expression, 'Math', 'pow', this.scopes) && e.arguments.length === 2) {
      const a = this.constant(e.arguments[0]!, depth + 1);
      const b = this.constant(e.arguments[1]!, depth + 1);
      return a === undefined || b === undefined ? undefined : a ** b;
    }
    return undefined;
  }

  /** K when `expression` is at most `start + K` (through consts and `Math.min`). */
  offset(expression: ts.Expression, startText: string, depth = 0): number | undefined {
    const e = skipOuter(expression);
    if (depth > MAX_RESOLVE_DEPTH) return undefined;
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      if (skipOuter(e.left).getText() === startText) return this.constant(e.right, depth + 1);
      if (skipOuter(e.right).getText() === startText) return this.constant(e.left, depth + 1);
      return undefined;
    }
    if (ts.isCallExpression(e) && isGlobalMember(e.expression, 'Math', 'min', this.scopes)) {
      let smallest: number | undefined;
      for (const argument of e.arguments) {
        const k = this.offset(argument, startText, depth + 1);
        if (k !== undefined) smallest = Math.min(smallest ?? k, k);
      }
      return smallest;
    }
    if (ts.isIdentifier(e)) {
      const binding = this.scopes.resolve(e);
      if (!binding || binding.kind !== 'const') return undefined;
      const found = declarationOf(binding);
      if (!found || found.destructured || !found.declaration.initializer) return undefined;
      return this.offset(found.declaration.initializer, startText, depth + 1);
    }
    return undefined;
  }

  /** The size of a number used as a loop bound (`i < n`, `i < rows.length`, `i < 1e6`). */
  count(expression: ts.Expression, depth = 0): Size {
    const value = this.constant(expression, depth);
    if (value !== undefined) return { kind: 'constant', count: value };
    const e = skipOuter(expression);
    if (depth > MAX_RESOLVE_DEPTH) return UNKNOWN;
    if (ts.isPropertyAccessExpression(e) && ['length', 'size', 'byteLength'].includes(e.name.text)) {
      const size = this.collection(e.expression, depth + 1);
      return size.kind === 'input' ? { kind: 'input', collection: e.expression } : size;
    }
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.MinusToken || op === ts.SyntaxKind.PlusToken || op === ts.SyntaxKind.AsteriskToken || op === ts.SyntaxKind.SlashToken) {
        // `rows.length - 1`, `width * height`: as big as the non-constant side.
        const left = this.count(e.left, depth + 1);
        const right = this.count(e.right, depth + 1);
        const whole = op === ts.SyntaxKind.AsteriskToken;
        if (left.kind === 'input') return whole ? { kind: 'input', collection: e } : left;
        if (right.kind === 'input') return whole ? { kind: 'input', collection: e } : right;
        return UNKNOWN;
      }
      return UNKNOWN;
    }
    if (ts.isCallExpression(e) && isGlobalMember(e.expression, 'Math', 'max', this.scopes)) {
      let largest: number | undefined;
      for (const argument of e.arguments) {
        const size = this.count(argument, depth + 1);
        if (size.kind === 'input') return { kind: 'input', collection: e };
        if (size.kind !== 'constant') return UNKNOWN;
        largest = Math.max(largest ?? size.count, size.count);
      }
      return largest === undefined ? UNKNOWN : { kind: 'constant', count: largest };
    }
    if (ts.isCallExpression(e) && isGlobalMember(e.expression, 'Math', 'min', this.scopes)) {
      // Bounded by its smallest constant argument.
      let smallest: number | undefined;
      let input: ts.Node | undefined;
      for (const argument of e.arguments) {
        const size = this.count(argument, depth + 1);
        if (size.kind === 'constant') smallest = smallest === undefined ? size.count : Math.min(smallest, size.count);
        else if (size.kind === 'input') input ??= e;
      }
      if (smallest !== undefined) return { kind: 'constant', count: smallest };
      return input ? { kind: 'input', collection: input } : UNKNOWN;
    }
    // `const h = Math.min(payload.height, 2000)`: a name holding a known count.
    const size = this.value(e, depth);
    return size.kind === 'input' ? { kind: 'input', collection: this.measuredBy(e) ?? e } : size.kind === 'constant' ? size : UNKNOWN;
  }

  /**
   * `n` in `const n = sites.length`: the collection a count says nothing about, named in messages instead
   * (`rows` in `const rows = a.length` is a name worth keeping).
   */
  private measuredBy(count: ts.Expression): ts.Expression | undefined {
    const binding = ts.isIdentifier(count) && /^(n|m|len|length|count|size|total|num)$/i.test(count.text) ? this.scopes.resolve(count) : undefined;
    const initializer = constInitializer(binding);
    const init = initializer && skipOuter(initializer);
    return init && ts.isPropertyAccessExpression(init) && (init.name.text === 'length' || init.name.text === 'size') ? skipOuter(init.expression) : undefined;
  }

  /** The size of something iterated (`for…of`, `for…in`, `xs.map`): constant for literals, input for data from outside. */
  collection(expression: ts.Expression, depth = 0, byName = true): Size {
    const e = skipOuter(expression);
    if (depth > MAX_RESOLVE_DEPTH) return UNKNOWN;
    // `byName` is off for the object a name is destructured from: `const { items } = params` is named `items`.
    if (byName && (isSmallDomainCollection(e) || isSplitIntoParts(e) || isCommandOutputLines(e)) && !this.isFilledLater(e)) return UNKNOWN;
    if (ts.isArrayLiteralExpression(e)) {
      for (const element of e.elements) {
        if (ts.isSpreadElement(element) && this.collection(element.expression, depth + 1).kind !== 'constant') {
          return { kind: 'input', collection: e };
        }
      }
      // An empty literal is a container filled later, from who knows what.
      return e.elements.length === 0 ? { kind: 'input', collection: e } : { kind: 'constant', count: e.elements.length };
    }
    // An empty object literal is a dictionary filled later (`const catalog = {}`), like an empty array.
    if (ts.isObjectLiteralExpression(e)) return e.properties.length === 0 ? { kind: 'input', collection: e } : { kind: 'constant', count: e.properties.length };
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return { kind: 'constant', count: e.text.length };
    if (ts.isAwaitExpression(e)) {
      // Unwrapping an await resolves nothing: no step of depth (the expression only gets smaller).
      const inner = this.collection(e.expression, depth);
      return inner.kind === 'input' ? { kind: 'input', collection: e } : inner;
    }
    if (ts.isCallExpression(e) || ts.isNewExpression(e)) return this.callResult(e, depth);
    // `req.body.contacts ?? []`, `cached || await load()`, `full ? rows : rows.slice(0, 10)`: as big as the bigger side.
    if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
      return this.larger(this.collection(e.left, depth + 1, byName), this.collection(e.right, depth + 1, byName), e);
    }
    if (ts.isConditionalExpression(e)) {
      return this.larger(this.collection(e.whenTrue, depth + 1, byName), this.collection(e.whenFalse, depth + 1, byName), e);
    }
    if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || e.kind === ts.SyntaxKind.ThisKeyword) {
      const tuple = this.tupleLength(e);
      if (tuple !== undefined) return { kind: 'constant', count: tuple };
      const size = this.value(e, depth);
      return size.kind === 'input' ? { kind: 'input', collection: e } : size;
    }
    return UNKNOWN;
  }

  /** Either of two values: input if one is, otherwise the larger constant (an empty fallback `[]` adds nothing). */
  private larger(a: Size, b: Size, whole: ts.Node): Size {
    const emptyFallback = (s: Size) => s.kind === 'input' && ts.isArrayLiteralExpression(s.collection) && s.collection.elements.length === 0;
    if (a.kind === 'input' && !emptyFallback(a)) return { kind: 'input', collection: whole };
    if (b.kind === 'input' && !emptyFallback(b)) return { kind: 'input', collection: whole };
    if (a.kind === 'constant' && b.kind === 'constant') return { kind: 'constant', count: Math.max(a.count, b.count) };
    if (a.kind === 'input' || b.kind === 'input') return { kind: 'input', collection: whole };
    return UNKNOWN;
  }

  /** `Object.keys(x)`, `x.filter(…)`, `new Set(x)`: as big as x. `new Array(n)`: n. Other calls: data from elsewhere. */
  private callResult(e: ts.CallExpression | ts.NewExpression, depth: number): Size {
    const args = e.arguments ?? ts.factory.createNodeArray<ts.Expression>();
    const callee = e.expression;
    if (ts.isCallExpression(e) && (isGlobalMember(callee, 'Math', 'min', this.scopes) || isGlobalMember(callee, 'Math', 'max', this.scopes))) {
      return this.count(e, depth + 1);
    }
    const through = (source: ts.Expression | undefined): Size => {
      if (!source) return UNKNOWN;
      const size = this.collection(source, depth + 1);
      return size.kind === 'input' ? { kind: 'input', collection: e } : size;
    };
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      if (ts.isIdentifier(callee.expression) && !this.scopes.resolve(callee.expression)) {
        const owner = callee.expression.text;
        if (owner === 'Object' && ['keys', 'values', 'entries', 'getOwnPropertyNames'].includes(method)) {
          return args[0] && isFieldsOfOneObject(args[0]) ? UNKNOWN : through(args[0]);
        }
        if (owner === 'Array' && method === 'from') {
          const source = args[0] && skipOuter(args[0]);
          if (source && ts.isObjectLiteralExpression(source)) {
            const length = source.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'length');
            if (length && ts.isPropertyAssignment(length)) {
              const size = this.count(length.initializer, depth + 1);
              return size.kind === 'input' ? { kind: 'input', collection: e } : size;
            }
            return UNKNOWN;
          }
          return through(source);
        }
        if (owner === 'Array' && method === 'of') return { kind: 'constant', count: args.length };
      }
      if (method === 'slice' && args.length === 2) {
        const from = this.constant(args[0]!, depth + 1);
        const to = this.constant(args[1]!, depth + 1);
        if (from !== undefined && to !== undefined && from >= 0 && to >= from) return { kind: 'constant', count: to - from };
        // `items.slice(start, start + SLICE)`: a chunk of SLICE items, wherever it starts. A chunk as large as a
        // large loop (`keys.slice(i, i + 10_000)`, batches for a bulk insert) is at most the list: as large as it is.
        const chunk = this.offset(args[1]!, skipOuter(args[0]!).getText(), depth + 1);
        if (chunk !== undefined && chunk >= 0) return chunk < this.largeCount ? { kind: 'constant', count: chunk } : through(callee.expression);
      }
      // `redis.mget(ids.map(key))`, `loader.loadMany(ids)`: one value per key it is given.
      // (Keys are named `keys`: what they hold is told by where they come from, not by that name.)
      if (MULTI_GET_METHODS.has(method) && args.length >= 1) {
        const spread = args.find((a) => ts.isSpreadElement(a)) as ts.SpreadElement | undefined;
        if (!spread && args.length > 1) return { kind: 'constant', count: args.length };
        const size = this.collection(spread ? spread.expression : args[0]!, depth + 1, false);
        return size.kind === 'input' ? { kind: 'input', collection: e } : size;
      }
      if ([
        'keys', 'values', 'entries', 'filter', 'map', 'flat', 'flatMap', 'slice', 'concat', 'reverse', 'toReversed',
        'toSorted', 'sort', 'split', 'fill', 'splice', 'with', 'toSpliced',
      ].includes(method)) return through(callee.expression);
    }
    if (ts.isIdentifier(callee) && !this.scopes.resolve(callee)) {
      const name = callee.text;
      if (name === 'Array') {
        if (args.length === 1) {
          const size = this.count(args[0]!, depth + 1);
          return size.kind === 'input' ? { kind: 'input', collection: e } : size;
        }
        return { kind: 'constant', count: args.length };
      }
      if (TYPED_ARRAYS.test(name) && args.length === 1) {
        // `new Float64Array(1 << 20)`: a length; `new Uint8Array(buffer)`: as big as the buffer.
        let size = this.count(args[0]!, depth + 1);
        if (size.kind === 'unknown') size = this.collection(args[0]!, depth + 1, false);
        return size.kind === 'input' ? { kind: 'input', collection: e } : size;
      }
      if (name === 'Set' || name === 'Map' || name === 'WeakMap' || name === 'WeakSet') {
        // An empty container is filled later; a copy is as big as its source.
        return args.length === 0 ? { kind: 'input', collection: e } : through(args[0]);
      }
      // `String(req.body.text ?? '')`: the same text, as big as what it converts.
      if (name === 'String' && args.length === 1) return through(args[0]);
      // `Number(req.headers['x-width'])`, `parseInt(req.query.n, 10)`: a count the client chose.
      if ((name === 'Number' || name === 'parseInt' || name === 'parseFloat') && args.length >= 1) return through(args[0]);
      if (name === 'Object' || name === 'String' || name === 'Number' || name === 'Boolean') return UNKNOWN;
    }
    // A function's result: a query, a parse, a read. Data from outside, unless the call caps it (`LIMIT 25`, `{ take: 10 }`).
    const limit = this.limitOf(e, depth);
    if (limit !== undefined) return { kind: 'constant', count: limit };
    return { kind: 'input', collection: e };
  }

  /** Answers of `replacedWithInput`, which walks the binding's whole scope. */
  private readonly replaced = new Map<Binding, boolean>();

  /** Whether a `let` is given, by a plain assignment anywhere in its scope, a read of input size. */
  private replacedWithInput(binding: Binding, depth: number): boolean {
    let known = this.replaced.get(binding);
    if (known === undefined) {
      this.replaced.set(binding, false); // `xs = xs.filter(…)`: asked again while answering, it adds nothing
      known = this.findReplacementWithInput(binding, depth);
      this.replaced.set(binding, known);
    }
    return known;
  }

  private findReplacementWithInput(binding: Binding, depth: number): boolean {
    for (const assignment of plainAssignmentsIn(binding.scope, this.scopes).get(binding.name) ?? []) {
      const target = skipOuter(assignment.left) as ts.Identifier;
      // Only a value read from somewhere (`await redis.sMembers(k)`, `loadRules()`): `frontier = next` in a
      // breadth-first search swaps one level for the next, it does not bring in a list.
      const value = skipOuter(assignment.right);
      if ((ts.isAwaitExpression(value) || ts.isCallExpression(value)) && this.scopes.resolve(target) === binding &&
          this.collection(value, depth).kind === 'input') return true;
    }
    return false;
  }

  /** What a name or property path holds. */
  private value(e: ts.Expression, depth: number): Size {
    if (e.kind === ts.SyntaxKind.ThisKeyword) return { kind: 'input', collection: e };
    const validated = this.validatedCap(e);
    if (validated !== undefined) return { kind: 'constant', count: validated };
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      let root: ts.Expression = e;
      while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root) || ts.isNonNullExpression(root) || ts.isParenthesizedExpression(root)) {
        root = root.expression;
      }
      if (root.kind === ts.SyntaxKind.ThisKeyword) return { kind: 'input', collection: e };
      // `const book = { bids: [] as Quote[], asks: [] }` … `book.bids`: what that property was created as.
      if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && depth < MAX_RESOLVE_DEPTH) {
        const literalProperty = this.objectLiteralProperty(e.expression, e.name.text);
        if (literalProperty) return this.collection(literalProperty, depth + 1);
      }
      // A property of a call result (`(await db.query()).rows`) or of a name holding input is input too.
      const size = ts.isIdentifier(root) ? this.value(root, depth + 1) : this.collection(root, depth + 1);
      return size.kind === 'input' ? { kind: 'input', collection: e } : UNKNOWN;
    }
    if (!ts.isIdentifier(e)) return UNKNOWN;
    const binding = this.scopes.resolve(e);
    if (!binding) return UNKNOWN; // globals: process.argv, window…
    const guarded = depth < MAX_RESOLVE_DEPTH ? this.guardedLength(binding, depth + 1) : undefined;
    if (guarded !== undefined) return { kind: 'constant', count: guarded };
    switch (binding.kind) {
      case 'parameter': return { kind: 'input', collection: e };
      case 'var':
      case 'let':
      case 'const': {
        const loopVariableOf = forEachLoopOf(binding);
        if (loopVariableOf) {
          // An element of an input collection is itself input; an element of a literal is small.
          const outer = this.collection(loopVariableOf.expression, depth + 1);
          return outer.kind === 'input' ? { kind: 'input', collection: e } : UNKNOWN;
        }
        const found = declarationOf(binding);
        if (!found) return UNKNOWN;
        const initializer = found.declaration.initializer;
        if (!initializer) return { kind: 'input', collection: e }; // assigned later, from somewhere
        const size = this.collection(initializer, depth + 1, !found.destructured);
        if (found.destructured) return size.kind === 'input' ? { kind: 'input', collection: e } : UNKNOWN;
        if (size.kind === 'input') return { kind: 'input', collection: e };
        // `let suppressed: string[] = []` … `suppressed = await redis.sMembers(key)`: what it is replaced with.
        if (binding.kind !== 'const' && depth < MAX_RESOLVE_DEPTH && this.replacedWithInput(binding, depth + 1)) return { kind: 'input', collection: e };
        return size;
      }
      default:
        // `import cities from './cities.json'`: a data file, as big as whatever was put in it.
        if ((binding.import ?? binding.required)?.module.endsWith('.json')) return { kind: 'input', collection: e };
        // Other imports (configuration lists, usually small), functions, classes, enums, catch bindings.
        return UNKNOWN;
    }
  }
}

const capsByFile = new WeakMap<ts.SourceFile, Map<string, number>>();

/**
 * The caps this file's validation schemas put on named lists: `seats: z.array(Seat).min(1).max(25)`,
 * `tags: { type: 'array', maxItems: 10 }` (JSON schema, Fastify), `@ArrayMaxSize(50) items` (class-validator).
 * A name also declared without a cap is not capped.
 */
function validatedCaps(sourceFile: ts.SourceFile): Map<string, number> {
  let caps = capsByFile.get(sourceFile);
  if (caps) return caps;
  caps = new Map();
  capsByFile.set(sourceFile, caps);
  const text = sourceFile.text;
  if (!text.includes('.max(') && !text.includes('.length(') && !text.includes('maxItems') && !text.includes('ArrayMaxSize')) return caps;
  const note = (name: string, cap: number): void => {
    caps!.set(name, Math.max(caps!.get(name) ?? 0, cap));
  };
  const stack: ts.Node[] = [sourceFile];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isPropertyAssignment(node) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) {
      const cap = schemaArrayCap(node.initializer);
      if (cap !== undefined) note(node.name.text, cap);
    } else if (ts.isPropertyDeclaration(node) && ts.isIdentifier(node.name)) {
      for (const decorator of ts.canHaveDecorators(node) ? ts.getDecorators(node) ?? [] : []) {
        const call = decorator.expression;
        if (ts.isCallExpression(call) && ts.isIdentifier(call.expression) && call.expression.text === 'ArrayMaxSize') {
          const n = call.arguments[0] && skipOuter(call.arguments[0]);
          note(node.name.text, n && ts.isNumericLiteral(n) ? Number(n.text) : Infinity);
        }
      }
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return caps;
}

/** The cap of an array schema (Infinity: an array schema without one), or undefined when it is no array schema. */
function schemaArrayCap(schema: ts.Expression): number | undefined {
  const e = skipOuter(schema);
  if (ts.isObjectLiteralExpression(e)) {
    let isArray = false;
    let cap = Infinity;
    for (const property of e.properties) {
      if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name)) continue;
      const value = skipOuter(property.initializer);
      if (property.name.text === 'type' && ts.isStringLiteralLike(value) && value.text === 'array') isArray = true;
      if (property.name.text === 'maxItems' && ts.isNumericLiteral(value)) cap = Number(value.text);
    }
    return isArray ? cap : undefined;
  }
  // A zod chain, read from its end: `.max(25)` / `.length(3)` after `z.array(…)` or `Item.array()`.
  let cap = Infinity;
  for (let link: ts.Expression = e; ts.isCallExpression(link) && ts.isPropertyAccessExpression(link.expression); link = skipOuter(link.expression.expression)) {
    const method = link.expression.name.text;
    const n = link.arguments[0] && skipOuter(link.arguments[0]);
    if ((method === 'max' || method === 'length') && n && ts.isNumericLiteral(n)) cap = Math.min(cap, Number(n.text));
    if (method === 'array') return cap;
  }
  return undefined;
}

/** A statement that always leaves the function: `return …`, `throw …`, or a block ending in one. */
function alwaysExits(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) {
    const last = statement.statements[statement.statements.length - 1];
    return last !== undefined && alwaysExits(last);
  }
  return false;
}

function forEachLoopOf(binding: Binding): ts.ForOfStatement | ts.ForInStatement | undefined {
  const scope = binding.scope;
  if ((ts.isForOfStatement(scope) || ts.isForInStatement(scope)) && ts.isVariableDeclarationList(scope.initializer)) return scope;
  return undefined;
}

function isGlobalMember(callee: ts.Expression, owner: string, member: string, scopes: ScopeIndex): boolean {
  return (
    ts.isPropertyAccessExpression(callee) && callee.name.text === member &&
    ts.isIdentifier(callee.expression) && callee.expression.text === owner && !scopes.resolve(callee.expression)
  );
}

// ---------------------------------------------------------------------------------------------
// How many times a loop runs.

interface Bound {
  size: Size;
  /** The node that sets the count, for `related` locations. */
  node: ts.Node;
}

function counterName(node: ts.Node | undefined): ts.Identifier | undefined {
  if (!node) return undefined;
  if (ts.isVariableDeclarationList(node)) {
    const first = node.declarations[0];
    return first && ts.isIdentifier(first.name) ? first.name : undefined;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left)) return node.left;
  return undefined;
}

function counterStart(node: ts.Node | undefined): ts.Expression | undefined {
  if (!node) return undefined;
  if (ts.isVariableDeclarationList(node)) return node.declarations[0]?.initializer;
  if (ts.isBinaryExpression(node)) return node.right;
  return undefined;
}

/** +k (linear up), -k (linear down), 'geometric' (×, ÷, shifts: logarithmic count), undefined. */
type Step = number | 'geometric' | undefined;

function stepOf(update: ts.Node, counter: string, sizer: Sizer): Step {
  const u = ts.isExpression(update) ? skipOuter(update) : update;
  if ((ts.isPostfixUnaryExpression(u) || ts.isPrefixUnaryExpression(u)) && ts.isIdentifier(u.operand) && u.operand.text === counter) {
    if (u.operator === ts.SyntaxKind.PlusPlusToken) return 1;
    if (u.operator === ts.SyntaxKind.MinusMinusToken) return -1;
  }
  if (ts.isBinaryExpression(u) && ts.isIdentifier(u.left) && u.left.text === counter) {
    const op = u.operatorToken.kind;
    if (op === ts.SyntaxKind.PlusEqualsToken || op === ts.SyntaxKind.MinusEqualsToken) {
      const k = sizer.constant(u.right);
      if (k === undefined || k === 0) return undefined;
      return op === ts.SyntaxKind.PlusEqualsToken ? k : -k;
    }
    if (
      op === ts.SyntaxKind.AsteriskEqualsToken || op === ts.SyntaxKind.SlashEqualsToken ||
      op === ts.SyntaxKind.LessThanLessThanEqualsToken || op === ts.SyntaxKind.GreaterThanGreaterThanEqualsToken ||
      op === ts.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken
    ) return 'geometric';
    if (op === ts.SyntaxKind.EqualsToken) {
      // i = i + 2, n = Math.floor(n / 2), n = n >> 1
      const right = skipOuter(u.right);
      if (ts.isBinaryExpression(right) && ts.isIdentifier(skipOuter(right.left)) && (skipOuter(right.left) as ts.Identifier).text === counter) {
        const rop = right.operatorToken.kind;
        if (rop === ts.SyntaxKind.PlusToken || rop === ts.SyntaxKind.MinusToken) {
          const k = sizer.constant(right.right);
          if (k === undefined || k === 0) return undefined;
          return rop === ts.SyntaxKind.PlusToken ? k : -k;
        }
        if (rop === ts.SyntaxKind.AsteriskToken || rop === ts.SyntaxKind.SlashToken || rop === ts.SyntaxKind.GreaterThanGreaterThanToken) return 'geometric';
      }
      if (ts.isCallExpression(right) && /^Math\.(floor|trunc|ceil|round)$/.test(right.expression.getText())) {
        const inner = right.arguments[0] && skipOuter(right.arguments[0]);
        if (inner && ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.SlashToken) return 'geometric';
      }
    }
  }
  if (ts.isCommaListExpression(u) || (ts.isBinaryExpression(u) && u.operatorToken.kind === ts.SyntaxKind.CommaToken)) {
    const parts = ts.isCommaListExpression(u) ? u.elements : [u.left, u.right];
    for (const part of parts) {
      const step = stepOf(part, counter, sizer);
      if (step !== undefined) return step;
    }
  }
  return undefined;
}

/** The first update of `counter` in a loop body, at this function level. */
function stepInBody(body: ts.Node, counter: string, sizer: Sizer): Step {
  const stack: ts.Node[] = [body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isFunctionScope(node)) continue;
    if (ts.isPostfixUnaryExpression(node) || ts.isPrefixUnaryExpression(node) || ts.isBinaryExpression(node)) {
      const step = stepOf(node, counter, sizer);
      if (step !== undefined) return step;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return undefined;
}

const RELATIONAL = new Set([
  ts.SyntaxKind.LessThanToken, ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanToken,
  ts.SyntaxKind.GreaterThanEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken,
]);

/**
 * The count of a counting loop (`for (let i = 0; i < n; i++)`, `while (n < 5_000_000) n++`) or of a
 * loop over a collection. `unknown` when syntax cannot say (`while (!done)`).
 */
function boundOf(loop: LoopNode, sizer: Sizer, scopes: ScopeIndex): Bound | undefined {
  if (ts.isCallExpression(loop)) {
    const receiver = (loop.expression as ts.PropertyAccessExpression).expression;
    return { size: sizer.collection(receiver), node: receiver };
  }
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return { size: sizer.collection(loop.expression), node: loop.expression };

  const condition = ts.isForStatement(loop) ? loop.condition : (loop as ts.WhileStatement | ts.DoStatement).expression;
  if (!condition) return undefined;
  return boundFromCondition(loop, skipOuter(condition), sizer, scopes);
}

function boundFromCondition(loop: LoopNode, c: ts.Expression, sizer: Sizer, scopes: ScopeIndex): Bound | undefined {
  // `while (delta > 1e-6 && iteration < 100)`: stops at the first side that does; the smallest known count.
  if (ts.isBinaryExpression(c) && c.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
    const left = boundFromCondition(loop, skipOuter(c.left), sizer, scopes);
    const right = boundFromCondition(loop, skipOuter(c.right), sizer, scopes);
    const constants = [left, right].filter((b): b is Bound => b?.size.kind === 'constant');
    if (constants.length > 0) return constants.reduce((a, b) => ((a.size as { count: number }).count <= (b.size as { count: number }).count ? a : b));
    return left ?? right;
  }
  if (!ts.isBinaryExpression(c) || !RELATIONAL.has(c.operatorToken.kind)) {
    // `while (queue.length)`: a work list, as big as what fills it.
    if (ts.isPropertyAccessExpression(c) && c.name.text === 'length') {
      const size = sizer.collection(c.expression);
      return size.kind === 'input' ? { size: { kind: 'input', collection: c.expression }, node: c } : undefined;
    }
    return undefined;
  }

  // `while (rounds-- > 0)`, `while (--n >= 0)`: a countdown from the counter's starting value.
  const countdown = countdownBound(c, loop, sizer, scopes);
  if (countdown) return countdown;
  // `while (codes.length < req.count) { …; codes.push(code) }`: a list grown to a bound.
  const grown = grownListBound(c, loop, sizer, scopes);
  if (grown) return grown;

  // Which side is the counter? The one that is a plain name updated by the loop (or `i * i`).
  const initializer = ts.isForStatement(loop) ? loop.initializer : undefined;
  const declared = counterName(initializer);
  for (const [side, other] of [[c.left, c.right], [c.right, c.left]] as const) {
    const s = skipOuter(side);
    const name = ts.isIdentifier(s)
      ? s.text
      : ts.isBinaryExpression(s) && s.operatorToken.kind === ts.SyntaxKind.AsteriskToken && ts.isIdentifier(s.left) && ts.isIdentifier(s.right) && s.left.text === s.right.text
        ? s.left.text
        : undefined;
    if (!name) continue;
    if (declared && name !== declared.text) continue;
    const step = ts.isForStatement(loop) && loop.incrementor ? stepOf(loop.incrementor, name, sizer) : undefined;
    const found = step ?? stepInBody((loop as ts.IterationStatement).statement, name, sizer);
    if (found === undefined) continue;
    return finishBound(loop, sizer, scopes, { counter: name, counterSide: s, boundSide: other, step: found, initializer, comparison: c });
  }
  if (c.operatorToken.kind === ts.SyntaxKind.GreaterThanToken || c.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken) {
    // `while (queue.length > 0)`
    const left = skipOuter(c.left);
    if (ts.isPropertyAccessExpression(left) && left.name.text === 'length') {
      const size = sizer.collection(left.expression);
      return size.kind === 'input' ? { size: { kind: 'input', collection: left.expression }, node: c } : undefined;
    }
  }
  return undefined;
}

function countdownBound(c: ts.BinaryExpression, loop: LoopNode, sizer: Sizer, scopes: ScopeIndex): Bound | undefined {
  const left = skipOuter(c.left);
  if (!(ts.isPostfixUnaryExpression(left) || ts.isPrefixUnaryExpression(left)) || left.operator !== ts.SyntaxKind.MinusMinusToken) return undefined;
  if (!ts.isIdentifier(left.operand) || sizer.constant(c.right) !== 0) return undefined;
  const binding = scopes.lookup(left.operand.text, loop);
  const found = binding ? declarationOf(binding) : undefined;
  const start = found && !found.destructured ? found.declaration.initializer : undefined;
  if (!start) return undefined;
  const size = sizer.count(start);
  return size.kind === 'unknown' ? undefined : { size, node: start };
}

function grownListBound(c: ts.BinaryExpression, loop: LoopNode, sizer: Sizer, scopes: ScopeIndex): Bound | undefined {
  if (c.operatorToken.kind !== ts.SyntaxKind.LessThanToken && c.operatorToken.kind !== ts.SyntaxKind.LessThanEqualsToken) return undefined;
  const left = skipOuter(c.left);
  if (!ts.isPropertyAccessExpression(left) || (left.name.text !== 'length' && left.name.text !== 'size') || !ts.isIdentifier(left.expression) || ts.isCallExpression(loop)) return undefined;
  const list = scopes.resolve(left.expression);
  if (!list) return undefined;
  // The body must add to that same list (`codes.push(code)`, or `codes.add(code)` for `while (codes.size < n)`).
  const adder = left.name.text === 'length' ? 'push' : 'add';
  let grows = false;
  const stack: ts.Node[] = [(loop as ts.IterationStatement).statement];
  while (stack.length > 0 && !grows) {
    const node = stack.pop()!;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === adder &&
        ts.isIdentifier(node.expression.expression) && scopes.resolve(node.expression.expression) === list) grows = true;
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  if (!grows) return undefined;
  const size = sizer.count(c.right);
  return size.kind === 'unknown' ? undefined : { size, node: c.right };
}

/** The `for` loop around `loop` whose counter `bound` is (`i` of `for (let i = 0; …)`), if it is one. */
function enclosingCounterLoop(bound: ts.Expression, loop: LoopNode, scopes: ScopeIndex): ts.ForStatement | undefined {
  const e = skipOuter(bound);
  if (!ts.isIdentifier(e)) return undefined;
  const declaration = scopes.resolve(e)?.declaration.parent;
  const list = declaration && ts.isVariableDeclaration(declaration) ? declaration.parent : undefined;
  const outer = list?.parent;
  if (!outer || !ts.isForStatement(outer) || outer.initializer !== list || outer === loop) return undefined;
  return isWithin(loop, outer.statement) ? outer : undefined;
}

function finishBound(
  loop: LoopNode,
  sizer: Sizer,
  scopes: ScopeIndex,
  parts: { counter: string; counterSide: ts.Expression; boundSide: ts.Expression; step: Step; initializer: ts.Node | undefined; comparison: ts.BinaryExpression },
): Bound | undefined {
  const { counter, counterSide, boundSide, step, comparison } = parts;
  if (step === undefined) return undefined;
  if (step === 'geometric') return { size: { kind: 'constant', count: 32 }, node: comparison };
  const squared = !ts.isIdentifier(counterSide);
  let startExpression = counterStart(parts.initializer);
  if (!startExpression && !ts.isForStatement(loop)) {
    // while loops: the counter's own declaration.
    const binding = scopes.lookup(counter, loop);
    const declaration = binding ? declarationOf(binding) : undefined;
    if (declaration && !declaration.destructured) startExpression = declaration.declaration.initializer;
  }
  const ascending = step > 0;
  const stride = Math.abs(step);
  // Ascending: runs from start up to the bound. Descending: from start down to the bound.
  const far = ascending ? boundSide : startExpression;
  const near = ascending ? startExpression : boundSide;
  if (!far) return undefined;
  const nearText = near?.getText();
  if (nearText && ascending) {
    // `for (let i = start; i < Math.min(start + 500, n); i++)`: a chunk of constant size.
    const offset = sizer.offset(far, nearText);
    if (offset !== undefined) return { size: { kind: 'constant', count: Math.ceil(offset / stride) }, node: far };
  }
  // `for (let j = 0; j < i; j++)` inside `for (let i = 0; i < downloads.length; i++)`: every earlier item, for
  // each item, the pairs of one list. As big as the loop whose counter bounds it.
  const counterOf = ascending ? enclosingCounterLoop(far, loop, scopes) : undefined;
  if (counterOf) {
    const outer = boundOf(counterOf, sizer, scopes);
    if (outer?.size.kind === 'input') return outer;
  }
  const farSize = sizer.count(far);
  if (farSize.kind === 'input') return { size: farSize, node: far };
  if (farSize.kind !== 'constant') return undefined;
  let from = near ? sizer.constant(near) : 0;
  if (from === undefined) from = 0; // unknown start: assume the whole range
  // `i * i <= n` stops at √n.
  const span = Math.max(0, (squared ? Math.sqrt(farSize.count) : farSize.count) - from);
  return { size: { kind: 'constant', count: Math.ceil(span / stride) }, node: far };
}

// ---------------------------------------------------------------------------------------------
// Heavy operations.

const CRYPTO_MODULES = new Set(['crypto', 'node:crypto']);
const HASH_MODULES = new Set(['bcrypt', 'bcryptjs']);
const ZLIB_MODULES = new Set(['zlib', 'node:zlib']);
const CRYPTO_HEAVY = new Set(['createHash', 'createHmac', 'pbkdf2Sync', 'scryptSync', 'hkdfSync', 'generateKeyPairSync', 'generatePrimeSync']);
const BCRYPT_HEAVY = new Set(['hashSync', 'compareSync', 'genSaltSync']);
const ZLIB_HEAVY = new Set([
  'gzipSync', 'gunzipSync', 'deflateSync', 'inflateSync', 'deflateRawSync', 'inflateRawSync', 'unzipSync',
  'brotliCompressSync', 'brotliDecompressSync', 'zstdCompressSync', 'zstdDecompressSync',
]);
const REGEX_STRING_METHODS = new Set(['match', 'matchAll', 'replace', 'replaceAll', 'split', 'search']);
const HEAVY_FUNCTION_NAMES = new Set(['structuredClone', 'RegExp', ...CRYPTO_HEAVY, ...BCRYPT_HEAVY, ...ZLIB_HEAVY]);
const HEAVY_MEMBER_NAMES = new Set(['parse', 'stringify', ...CRYPTO_HEAVY, ...BCRYPT_HEAVY, ...ZLIB_HEAVY]);

/** Does the name refer to this module's export (or to an unshadowed global of that name)? */
function moduleOf(identifier: ts.Identifier, scopes: ScopeIndex): string | undefined | null {
  const binding = scopes.resolve(identifier);
  if (!binding) return null; // global / ambient
  const info = binding.import ?? binding.required;
  if (info) return info.module;
  // `declare function createHash(…)`: a stand-in for the real API, declared by hand instead of imported.
  return isAmbient(binding.declaration) ? null : undefined;
}

function isAmbient(declaration: ts.Node): boolean {
  for (let n: ts.Node | undefined = declaration.parent; n && !ts.isSourceFile(n); n = n.parent) {
    if (ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) return true;
    if (ts.isBlock(n) || isFunctionScope(n)) return false;
  }
  return false;
}

/** A regex pattern with nested or ambiguous quantifiers, backreferences or lookaround: backtracking can explode. */
export function isNonTrivialRegex(pattern: string): boolean {
  if (hasAmbiguousQuantifiedGroup(pattern)) return true; // quantified group: (a+)+, (\w+\s?)*
  if (/\\[1-9]|\\k</.test(pattern)) return true; // backreference
  if (/\(\?<?[=!]/.test(pattern)) return true; // lookaround
  const wildcards = pattern.match(/\.[*+]/g);
  if ((wildcards?.length ?? 0) >= 2) return true; // ^(.*),(.*)$: polynomial backtracking
  // A long alternation tried at every position (`/(bot|crawler|spider|…|curl\/)/i` on a user agent): each
  // test scans the whole string once per alternative.
  return pattern.length >= 40 && (pattern.match(/\|/g)?.length ?? 0) >= 5;
}

/**
 * A repeated group the engine can split in more than one way: `(a+)+`, `(\w+\s?)*`. Not one whose repeated run must
 * end at a character the run cannot match (`([a-z0-9-]+\.)+` of a domain, `([^,]+,)*` of a CSV line, `(\w+\/)+`):
 * each repetition ends at the next delimiter, so there is one way to split and nothing to backtrack into.
 */
function hasAmbiguousQuantifiedGroup(pattern: string): boolean {
  const quantified = /\)(?:[*+]|\{\d+,\d*\})/g;
  for (let m = quantified.exec(pattern); m; m = quantified.exec(pattern)) {
    const open = pattern.lastIndexOf('(', m.index);
    if (open < 0 || !endsAtItsDelimiter(pattern.slice(open + 1, m.index))) return true;
  }
  return false;
}

/** A group body `class+ literal` (after an optional `?:`) whose literal the class cannot match. */
function endsAtItsDelimiter(body: string): boolean {
  // The delimiter is punctuation, plain or escaped (`\.`, `/`, `,`): never a letter, which a case-insensitive flag could fold.
  const shape = /^(?:\?:)?(\[(?:\\.|[^\]\\])+\]|\\[wdsWDS])[+*](\\[^A-Za-z0-9]|[^A-Za-z0-9\\[\]()*+?{}|^$.\s])$/.exec(body);
  if (!shape) return false;
  const delimiter = shape[2]!.length === 2 ? shape[2]![1]! : shape[2]!;
  try {
    return !new RegExp(`^${shape[1]}$`).test(delimiter);
  } catch {
    return false;
  }
}

/** A regex the expression evaluates to: literal, const holding a literal, or `new RegExp(dynamic)`. */
/** regexOf's answers per expression: a call in a loop is asked about up to three times (heavy? from data? known?). */
const regexAnswers = new WeakMap<ts.Expression, { heavy: boolean } | null>();

function regexOf(expression: ts.Expression, scopes: ScopeIndex): { heavy: boolean } | undefined {
  let answer = regexAnswers.get(expression);
  if (answer === undefined) regexAnswers.set(expression, (answer = findRegex(expression, scopes, 0) ?? null));
  return answer ?? undefined;
}

function findRegex(expression: ts.Expression, scopes: ScopeIndex, depth: number): { heavy: boolean } | undefined {
  const e = skipOuter(expression);
  if (ts.isRegularExpressionLiteral(e)) {
    const body = e.text.slice(1, e.text.lastIndexOf('/'));
    return { heavy: isNonTrivialRegex(body) };
  }
  if ((ts.isNewExpression(e) || ts.isCallExpression(e)) && ts.isIdentifier(e.expression) && e.expression.text === 'RegExp' && !scopes.resolve(e.expression)) {
    const source = e.arguments?.[0] && skipOuter(e.arguments[0]);
    if (source && ts.isStringLiteralLike(source)) return { heavy: isNonTrivialRegex(source.text) };
    return { heavy: true }; // a pattern built at run time, maybe from input
  }
  // `const patterns = { error: /…/, slow: /…/ }` … `patterns.error.test(line)`.
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && depth < MAX_RESOLVE_DEPTH) {
    const holder = scopes.resolve(e.expression);
    const found = holder && holder.kind === 'const' ? declarationOf(holder) : undefined;
    const init = found && !found.destructured && found.declaration.initializer ? skipOuter(found.declaration.initializer) : undefined;
    if (init && ts.isObjectLiteralExpression(init)) {
      const property = init.properties.find((p) => ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === e.name.text);
      if (property && ts.isPropertyAssignment(property)) return findRegex(property.initializer, scopes, depth + 1);
    }
    return undefined;
  }
  if (ts.isIdentifier(e) && depth < MAX_RESOLVE_DEPTH) {
    const binding = scopes.resolve(e);
    if (!binding) return undefined;
    if (binding.kind === 'let' || binding.kind === 'var') {
      // `let re; try { re = new RegExp(q) } catch { … }`: a name given one value, in one place.
      const only = soleValueOf(binding);
      return only ? findRegex(only, scopes, depth + 1) : undefined;
    }
    if (binding.kind !== 'const') return undefined;
    const found = declarationOf(binding);
    if (!found || found.destructured || !found.declaration.initializer) return undefined;
    return findRegex(found.declaration.initializer, scopes, depth + 1);
  }
  return undefined;
}

/** The one value a `let`/`var` ever holds: its initializer, or its only assignment when it has none. */
function soleValueOf(binding: Binding): ts.Expression | undefined {
  const found = declarationOf(binding);
  if (!found || found.destructured) return undefined;
  const values: ts.Expression[] = found.declaration.initializer ? [found.declaration.initializer] : [];
  const stack: ts.Node[] = [binding.scope];
  while (stack.length > 0 && values.length <= 1) {
    const node = stack.pop()!;
    if (ts.isBinaryExpression(node) && ts.isIdentifier(node.left) && node.left.text === binding.name &&
        node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      values.push(node.right);
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return values.length === 1 ? values[0] : undefined;
}

/**
 * `rule.re.test(line)`, `line.match(pattern)` with a pattern that is neither a literal nor a constant:
 * a regular expression taken from data or configuration, whose cost nobody can see. One such test per
 * item is ordinary; a test per item *for every pattern of a list* is the nest that blocks.
 */
const REGEX_NAME = /^(re|rx|regex|regexp|pattern|matcher|rule\.(re|regex|pattern))$/i;

/** The regex is the item of `loop` (or a property of it), and the text it is tested on is input-sized. */
function patternOfTheLoopOverInput(call: ts.CallExpression | ts.NewExpression, loop: LoopNode, sizer: Sizer, scopes: ScopeIndex): boolean {
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return false;
  const method = call.expression.name.text;
  const pattern = method === 'test' || method === 'exec' ? call.expression.expression : call.arguments[0];
  const subject = method === 'test' || method === 'exec' ? call.arguments[0] : call.expression.expression;
  if (!pattern || !subject) return false;
  let root: ts.Expression = skipOuter(pattern);
  while (ts.isPropertyAccessExpression(root)) root = skipOuter(root.expression);
  if (!ts.isIdentifier(root)) return false;
  const binding = scopes.resolve(root);
  const header = binding ? forEachLoopOf(binding) : undefined;
  return header === loop && sizer.collection(subject).kind === 'input';
}

function usesRegexFromData(call: ts.CallExpression | ts.NewExpression, scopes: ScopeIndex): boolean {
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return false;
  const method = call.expression.name.text;
  let pattern: ts.Expression | undefined;
  if ((method === 'test' || method === 'exec') && call.arguments.length === 1) pattern = call.expression.expression;
  else if ((method === 'match' || method === 'matchAll' || method === 'search') && call.arguments.length === 1) pattern = call.arguments[0];
  // `text.replace(re, …)` for `re` of a list of patterns: a string argument would be a plain replace, so only names that say regex.
  else if ((method === 'replace' || method === 'replaceAll') && call.arguments[0] && REGEX_NAME.test(skipOuter(call.arguments[0]).getText())) pattern = call.arguments[0];
  if (!pattern) return false;
  const p = skipOuter(pattern);
  if (!ts.isIdentifier(p) && !ts.isPropertyAccessExpression(p) && !ts.isElementAccessExpression(p)) return false;
  return regexOf(p, scopes) === undefined;
}

/**
 * Libraries whose calls compress, hash or encrypt synchronously in JavaScript: the named exports that do
 * (or `'*'`: every call of the module does).
 */
const THIRD_PARTY_HEAVY: ReadonlyMap<string, ReadonlySet<string> | '*'> = new Map<string, ReadonlySet<string> | '*'>([
  ['pako', new Set(['gzip', 'ungzip', 'deflate', 'inflate', 'deflateRaw', 'inflateRaw'])],
  ['fflate', new Set(['gzipSync', 'gunzipSync', 'deflateSync', 'inflateSync', 'zlibSync', 'unzlibSync', 'zipSync', 'unzipSync', 'compressSync', 'decompressSync'])],
  ['lz-string', new Set(['compress', 'decompress', 'compressToBase64', 'decompressFromBase64', 'compressToUTF16', 'decompressFromUTF16', 'compressToEncodedURIComponent', 'decompressFromEncodedURIComponent', 'compressToUint8Array', 'decompressFromUint8Array'])],
  ['crypto-js', '*'],
  ['js-sha256', '*'],
  ['js-sha3', '*'],
  ['js-md5', '*'],
  ['blueimp-md5', '*'],
  ['object-hash', '*'],
]);

function thirdPartyHeavy(callee: ts.Expression, scopes: ScopeIndex): string | undefined {
  // `gzip(x)` from 'pako', `pako.gzip(x)`, `CryptoJS.AES.encrypt(…)`: the root name's module and the called name.
  let root: ts.Expression = callee;
  while (ts.isPropertyAccessExpression(root)) root = root.expression;
  if (!ts.isIdentifier(root)) return undefined;
  const binding = scopes.resolve(root);
  const info = binding?.import ?? binding?.required;
  if (!info) return undefined;
  const heavy = THIRD_PARTY_HEAVY.get(info.module);
  if (!heavy) return undefined;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : info.exportName === '*' || info.exportName === 'default' ? root.text : info.exportName;
  if (heavy !== '*' && !heavy.has(name)) return undefined;
  return `${callee.getText().replace(/\s+/g, '')}`;
}

/** `LINE.exec(line)`, `line.replace(/\s+/g, ' ')`: a regular expression written in the code (cheap or not). */
function usesKnownRegex(call: ts.CallExpression | ts.NewExpression, scopes: ScopeIndex): boolean {
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || call.arguments.length === 0) return false;
  const method = call.expression.name.text;
  if (method === 'test' || method === 'exec') return regexOf(call.expression.expression, scopes) !== undefined;
  return REGEX_STRING_METHODS.has(method) && method !== 'split' && regexOf(call.arguments[0]!, scopes) !== undefined;
}

/** The lines or words of one text: `raw.split('\n')`, `body.split(/\r?\n/)`, or a name holding them. */
function isLinesOfText(collection: ts.Node, scopes: ScopeIndex, depth = 0): boolean {
  const e = ts.isExpression(collection) ? skipOuter(collection) : collection;
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'split' && e.arguments[0]) {
    const separator = skipOuter(e.arguments[0]);
    if (ts.isStringLiteralLike(separator)) return /\n|\s/.test(separator.text);
    return ts.isRegularExpressionLiteral(separator) && /\\n|\\s|\\r/.test(separator.text);
  }
  if (ts.isIdentifier(e) && depth < MAX_RESOLVE_DEPTH) {
    const binding = scopes.resolve(e);
    const found = binding && binding.kind === 'const' ? declarationOf(binding) : undefined;
    return found !== undefined && !found.destructured && found.declaration.initializer !== undefined && isLinesOfText(found.declaration.initializer, scopes, depth + 1);
  }
  return false;
}

/**
 * `for (const doc of await db('documents').select('id', 'body')) for (const word of doc.body.split(/\W+/))`:
 * the words of every row of a whole table. Each row's own words are linear work, but over an unfiltered,
 * unlimited read of a table it is all the text there is (an index rebuilt in the server process).
 */
function wordsOfEveryRow(outer: { collection: ts.Node }, inner: { collection: ts.Node }, scopes: ScopeIndex): boolean {
  return isWordsOfText(inner.collection, scopes) && (isWholeTableRead(outer.collection, scopes) || isRequestPayload(outer.collection, scopes));
}

/** `req.body`, `await req.json()`, `ctx.request.body`, `await c.req.json()` of the request a handler received: what a client sent. */
function isClientPayload(expression: ts.Expression, scopes: ScopeIndex): boolean {
  let e = skipOuter(expression);
  if (ts.isAwaitExpression(e)) e = skipOuter(e.expression);
  if (ts.isPropertyAccessExpression(e)) return e.name.text === 'body' && isIncomingRequest(e.expression, scopes);
  return ts.isCallExpression(e) && e.arguments.length === 0 && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'json' &&
    isIncomingRequest(e.expression.expression, scopes);
}

/** `JSON.parse(message)` of a parameter of the enclosing function: a message a sender sent (pub/sub, a socket, a queue). */
function isParsedMessage(init: ts.Expression, scopes: ScopeIndex): boolean {
  let e = skipOuter(init);
  while (ts.isPropertyAccessExpression(e)) e = skipOuter(e.expression);
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression) || e.expression.name.text !== 'parse') return false;
  const json = skipOuter(e.expression.expression);
  if (!ts.isIdentifier(json) || json.text !== 'JSON' || scopes.resolve(json)) return false;
  let argument = e.arguments[0] && skipOuter(e.arguments[0]);
  // `JSON.parse(message.value.toString())`, `JSON.parse(String(data))`
  while (argument && (ts.isCallExpression(argument) || ts.isPropertyAccessExpression(argument))) {
    argument = ts.isCallExpression(argument)
      ? (ts.isPropertyAccessExpression(argument.expression) ? skipOuter(argument.expression.expression) : argument.arguments[0] && skipOuter(argument.arguments[0]))
      : skipOuter(argument.expression);
  }
  const binding = argument && ts.isIdentifier(argument) ? scopes.resolve(argument) : undefined;
  return binding?.kind === 'parameter';
}

/**
 * `const { docs } = await req.json()` … `for (const doc of docs)`, `JSON.parse(message).products` in a message
 * handler: a list the client or the sender sent, as long as it likes. (Only a list taken straight from the payload: one built from it in between is judged by its own shape.)
 */
function isRequestPayload(collection: ts.Node, scopes: ScopeIndex): boolean {
  const e = ts.isExpression(collection) ? skipOuter(collection) : collection;
  if (ts.isPropertyAccessExpression(e)) return isClientPayload(e, scopes) || isRequestPayload(e.expression, scopes);
  if (!ts.isIdentifier(e)) return false;
  const binding = scopes.resolve(e);
  const found = binding && binding.kind === 'const' ? declarationOf(binding) : undefined;
  const init = found?.declaration.initializer;
  return init !== undefined && (isClientPayload(init, scopes) || isParsedMessage(init, scopes));
}

function isWordsOfText(collection: ts.Node, scopes: ScopeIndex, depth = 0): boolean {
  let e = ts.isExpression(collection) ? skipOuter(collection) : collection;
  // `text.match(/\w+/g) ?? []`: the tokens, or none.
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    const fallback = skipOuter(e.right);
    if (ts.isArrayLiteralExpression(fallback) && fallback.elements.length === 0) e = skipOuter(e.left);
  }
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'split' && e.arguments[0]) {
    const separator = skipOuter(e.arguments[0]);
    return ts.isRegularExpressionLiteral(separator) || (ts.isStringLiteralLike(separator) && /\s/.test(separator.text));
  }
  // `body.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu)`, `text.matchAll(/\w+/g)`: every match of a global pattern, word by word.
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && (e.expression.name.text === 'match' || e.expression.name.text === 'matchAll') && e.arguments[0]) {
    const pattern = skipOuter(e.arguments[0]);
    return ts.isRegularExpressionLiteral(pattern) && /\/[a-z]*g[a-z]*$/.test(pattern.text);
  }
  if (ts.isIdentifier(e) && depth < MAX_RESOLVE_DEPTH) {
    const binding = scopes.resolve(e);
    const found = binding && binding.kind === 'const' ? declarationOf(binding) : undefined;
    return found !== undefined && !found.destructured && found.declaration.initializer !== undefined && isWordsOfText(found.declaration.initializer, scopes, depth + 1);
  }
  return false;
}

/** Query steps and options that narrow a read: with any of them it is not the whole table. */
const NARROWING = new Set([
  'where', 'andWhere', 'orWhere', 'whereIn', 'whereRaw', 'filter', 'limit', 'take', 'first', 'top', 'skip', 'offset', 'page',
  'paginate', 'findOne', 'findById', 'findUnique', 'findFirst', 'findByPk', 'findOneBy', 'findBy', 'get', 'cursor', 'stream',
]);
/** Option keys that only shape what each row holds, not which rows come back. */
const SHAPING_OPTIONS = new Set(['select', 'relations', 'order', 'orderBy', 'include', 'attributes', 'projection', 'sort', 'raw', 'lean']);
const WHOLE_READ_METHODS = new Set(['find', 'findAll', 'findMany', 'getAll', 'listAll', 'fetchAll', 'all', 'select', 'toArray', 'query']);

/** Fields that mark whether a row is live, and the values that keep the live ones: `status: 'active'`, `published: true`. */
const LIVE_FLAG_FIELD = /^(status|state|(is)?(active|enabled|published|visible|live|approved|deleted|archived|hidden)|is(Active|Enabled|Published|Visible|Live|Approved|Deleted|Archived|Hidden))$/;
const LIVE_VALUES = new Set(['active', 'published', 'enabled', 'visible', 'live', 'approved', 'open']);
/** `WHERE published`, `WHERE status = 'active'`, `WHERE deleted_at IS NULL` and nothing else after it. */
const LIVE_SET_WHERE = /\bwhere\s+(?:\w+\.)?(?:(?:is_)?(?:active|enabled|published|visible|live|approved)(?:\s*=\s*true)?|(?:status|state)\s*=\s*'(?:active|published|enabled|visible|live|approved|open)'|(?:deleted|archived)_at\s+is\s+null|(?:is_)?(?:deleted|archived|hidden)\s*=\s*false)\s*(?:order\s+by\s+[\w.,\s]+)?;?\s*$/i;

/**
 * A filter that keeps the live rows and leaves out only the retired ones (`{ status: 'active' }`, `{ published: true }`,
 * `{ deleted: false }`): as good as the whole table for how much comes back. A filter on a working state
 * (`{ status: 'pending' }`) or anything else narrows.
 */
function isLiveSetFilter(filter: ts.Expression): boolean {
  if (!ts.isObjectLiteralExpression(filter) || filter.properties.length === 0) return false;
  return filter.properties.every((p) => {
    if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) || !LIVE_FLAG_FIELD.test(p.name.text)) return false;
    const value = skipOuter(p.initializer);
    const retiring = /^(deleted|archived|hidden|is(Deleted|Archived|Hidden))$/.test(p.name.text);
    if (value.kind === ts.SyntaxKind.TrueKeyword) return !retiring && p.name.text !== 'status' && p.name.text !== 'state';
    if (value.kind === ts.SyntaxKind.FalseKeyword) return retiring;
    return ts.isStringLiteralLike(value) && (p.name.text === 'status' || p.name.text === 'state') && LIVE_VALUES.has(value.text);
  });
}

/**
 * Whether `test` holds for a binding read somewhere in `root` (the names after a dot or before a colon are not reads;
 * an unresolved global is passed as undefined). A function inside is a hit when `functions` is 'hit'; `skip` is not read.
 */
function someNameRead(root: ts.Node, scopes: ScopeIndex, test: (binding: Binding | undefined) => boolean, functions: 'walk' | 'hit' = 'walk', skip?: ts.Node): boolean {
  const stack: ts.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === skip) continue;
    if (functions === 'hit' && isFunctionScope(node)) return true;
    if (ts.isIdentifier(node)) {
      if (test(scopes.resolve(node))) return true;
      continue;
    }
    if (ts.isPropertyAccessExpression(node)) {
      stack.push(node.expression);
      continue;
    }
    if (ts.isPropertyAssignment(node)) {
      stack.push(node.initializer);
      continue;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return false;
}

/** `const book = books.get(symbol)` with `books` a module-level map: a local name for shared state, as big as it grew. */
function readsModuleState(binding: Binding, scopes: ScopeIndex): boolean {
  const found = binding.kind === 'parameter' ? undefined : declarationOf(binding);
  const initializer = found?.declaration.initializer;
  return initializer !== undefined && someNameRead(initializer, scopes, (outer) =>
    outer !== undefined && ts.isSourceFile(outer.scope) && (outer.kind === 'let' || outer.kind === 'const' || outer.kind === 'var'));
}

/**
 * `for (const client of wss.clients) client.send(JSON.stringify(payload))`: the same message for every receiver. Its
 * argument reads only names declared outside the loop, none of them module state (a `world` or a shared document
 * grows with the input) and none used elsewhere in the loop (`apply(doc, op)` changes what is serialised next).
 */
function sameValueEachTime(call: ts.CallExpression | ts.NewExpression, loop: LoopNode, scopes: ScopeIndex): boolean {
  const argument = call.arguments?.[0];
  if (!argument) return false;
  const read = new Set<Binding>();
  const varies = someNameRead(argument, scopes, (binding) => {
    if (!binding || isWithin(binding.declaration, loop) || ts.isSourceFile(binding.scope) || readsModuleState(binding, scopes)) return true;
    read.add(binding);
    return false;
  }, 'hit');
  if (varies) return false;
  // Used anywhere else in the loop: perhaps changed between two iterations.
  return read.size === 0 || !someNameRead(loop, scopes, (binding) => binding !== undefined && read.has(binding), 'walk', call);
}

/** `{ title: 1, body: 1 }`, `{ password: false }` or `'title body'`: which fields each document holds. */
function isFieldSelection(argument: ts.Expression): boolean {
  if (ts.isStringLiteralLike(argument)) return /^[\w.\s+-]*$/.test(argument.text);
  return ts.isObjectLiteralExpression(argument) && argument.properties.every((p) => ts.isPropertyAssignment(p) &&
    (ts.isNumericLiteral(p.initializer) || p.initializer.kind === ts.SyntaxKind.TrueKeyword || p.initializer.kind === ts.SyntaxKind.FalseKeyword));
}

/** An unfiltered, unlimited read of a table or collection (see `wordsOfEveryRow`). */
function isWholeTableRead(collection: ts.Node, scopes: ScopeIndex, depth = 0): boolean {
  let e = ts.isExpression(collection) ? skipOuter(collection) : collection;
  if (ts.isAwaitExpression(e)) e = skipOuter(e.expression);
  if (ts.isIdentifier(e) && depth < MAX_RESOLVE_DEPTH) {
    const binding = scopes.resolve(e);
    const found = binding && binding.kind === 'const' ? declarationOf(binding) : undefined;
    return found !== undefined && (!found.destructured || isResultRows(binding!.declaration)) && found.declaration.initializer !== undefined &&
      isWholeTableRead(found.declaration.initializer, scopes, depth + 1);
  }
  // `(await pool.query('SELECT …')).rows`, `result.rows`: node-postgres's rows of a query result.
  if (ts.isPropertyAccessExpression(e) && e.name.text === 'rows') return isWholeTableRead(e.expression, scopes, depth + 1);
  if (!ts.isCallExpression(e)) return false;
  let sawRead = false;
  for (let current: ts.Expression = e; ;) {
    const c = skipOuter(current);
    if (!ts.isCallExpression(c)) return false;
    const callee = skipOuter(c.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      const name = callee.name.text;
      if (NARROWING.has(name)) return false;
      // `this.db('documents')`, `this.knex('documents')`: the table itself.
      if (!WHOLE_READ_METHODS.has(name) && c.arguments.length === 1 && ts.isStringLiteralLike(skipOuter(c.arguments[0]!))) return sawRead;
      if (WHOLE_READ_METHODS.has(name)) {
        for (const [index, argument] of c.arguments.entries()) {
          const a = skipOuter(argument);
          // Mongoose `find({}, { title: 1, body: 1 })` / `find({}, 'title body')`: the second argument picks fields.
          if (name === 'find' && index === 1 && isFieldSelection(a)) continue;
          // Drizzle `select({ id: products.id, name: products.name })`: columns, not rows.
          if (name === 'select' && ts.isObjectLiteralExpression(a) && a.properties.every((p) =>
            ts.isShorthandPropertyAssignment(p) || (ts.isPropertyAssignment(p) && ts.isPropertyAccessExpression(skipOuter(p.initializer))))) continue;
          // `find({ status: 'active' })`, `findMany({ where: { published: true }, select })`: only the retired rows left out.
          if (index === 0 && (name === 'find' || name === 'findAll' || name === 'findMany') && ts.isObjectLiteralExpression(a) &&
              (isLiveSetFilter(a) || a.properties.every((p) => p.name && ts.isIdentifier(p.name) &&
                (SHAPING_OPTIONS.has(p.name.text) || (p.name.text === 'where' && ts.isPropertyAssignment(p) && isLiveSetFilter(skipOuter(p.initializer))))))) continue;
          if (ts.isStringLiteralLike(a)) {
            if (/\bselect\b/i.test(a.text)) {
              if (LIVE_SET_WHERE.test(a.text)) continue;
              if (/\b(where|limit|fetch\s+first|top)\b/i.test(a.text)) return false;
            } else if (name !== 'select') return false;
          } else if (ts.isObjectLiteralExpression(a)) {
            if (a.properties.some((p) => !p.name || !ts.isIdentifier(p.name) || !SHAPING_OPTIONS.has(p.name.text))) return false;
          } else if (!ts.isArrayLiteralExpression(a) || name !== 'select') return false;
        }
        sawRead = true;
      } else if (name !== 'lean' && name !== 'exec' && name !== 'orderBy' && name !== 'sort' && name !== 'columns' && name !== 'toArray' &&
        !(name === 'from' && c.arguments.length === 1 && ts.isIdentifier(skipOuter(c.arguments[0]!)))) {
        return false;
      }
      const inner = skipOuter(callee.expression);
      if (ts.isCallExpression(inner)) {
        current = inner;
        continue;
      }
      return sawRead;
    }
    // knex-style `db('documents')`, `this.db('documents')`: the table itself, narrowed by nothing so far.
    return sawRead && c.arguments.length === 1 && ts.isStringLiteralLike(skipOuter(c.arguments[0]!));
  }
}

/** DynamoDB's reads of one item: `ddb.send(new GetCommand({ TableName, Key }))`. */
const SINGLE_ITEM_COMMANDS = new Set(['GetCommand', 'GetItemCommand']);

function readsOneRecord(call: ts.Expression): boolean {
  let e = skipOuter(call);
  // `.lean()`, `.exec()`, `.select(…)` after a Mongoose findById still read the one document.
  while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ['lean', 'exec', 'select', 'populate'].includes(e.expression.name.text)) {
    e = skipOuter(e.expression.expression);
  }
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression)) return false;
  if (SINGLE_RECORD_READS.has(e.expression.name.text)) return true;
  const command = e.expression.name.text === 'send' && e.arguments[0] ? skipOuter(e.arguments[0]) : undefined;
  return command !== undefined && ts.isNewExpression(command) && ts.isIdentifier(command.expression) && SINGLE_ITEM_COMMANDS.has(command.expression.text);
}

/**
 * A list kept inside one record read by its key: `claim.Item.lineItems` after `const claim = await ddb.send(new GetCommand(…))`,
 * `order.lines` after `Order.findById(id)`, also through a constant (`const items = claim.Item.lineItems as LineItem[]`),
 * a fallback (`policy.Item?.coverages ?? []`) or destructuring (`const { lines } = order`). One record holds it, so its size
 * is bounded by what one record holds, not by a table or a request.
 */
function partOfOneRecord(size: { collection: ts.Node }, scopes: ScopeIndex): boolean {
  if (!ts.isExpression(size.collection)) return false;
  let e = skipOuter(size.collection);
  let part = false;
  for (let depth = 0; depth < MAX_RESOLVE_DEPTH * 2; depth++) {
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) e = skipOuter(e.left);
    else if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      part = true;
      e = skipOuter(e.expression);
    } else if (ts.isAwaitExpression(e)) return part && readsOneRecord(e.expression);
    else if (ts.isIdentifier(e)) {
      const binding = scopes.resolve(e);
      const found = binding && binding.kind === 'const' ? declarationOf(binding) : undefined;
      const initializer = found?.declaration.initializer;
      if (!found || !initializer) return false;
      if (found.destructured) part = true;
      e = skipOuter(initializer);
    } else return false;
  }
  return false;
}

/** `const { rows } = await pool.query(…)` (node-postgres), `const [rows] = await db.query(…)` (mysql2): the rows of a result. */
function isResultRows(name: ts.Identifier): boolean {
  const element = name.parent;
  if (!ts.isBindingElement(element) || element.dotDotDotToken) return false;
  const pattern = element.parent;
  if (ts.isObjectBindingPattern(pattern)) return (element.propertyName ?? element.name).getText() === 'rows' && ts.isVariableDeclaration(pattern.parent);
  return ts.isArrayBindingPattern(pattern) && pattern.elements[0] === element && ts.isVariableDeclaration(pattern.parent);
}

/** Plain assignments to a name (`name = …`) anywhere under a scope node, by name: one walk per scope and file. */
const PLAIN_ASSIGNMENTS = memoKind<ts.Node, Map<string, ts.BinaryExpression[]>>('plain assignments by name');

function plainAssignmentsIn(scope: ts.Node, scopes: ScopeIndex): Map<string, ts.BinaryExpression[]> {
  const known = scopes.memo(PLAIN_ASSIGNMENTS);
  let byName = known.get(scope);
  if (byName) return byName;
  byName = new Map();
  const stack: ts.Node[] = [scope];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = skipOuter(node.left);
      if (ts.isIdentifier(target)) {
        const list = byName.get(target.text);
        if (list) list.push(node);
        else byName.set(target.text, [node]);
      }
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  known.set(scope, byName);
  return byName;
}

/** Verdicts per analysis run (its thresholds object) and helper: a settings change gets fresh ones. */
const helperVerdicts = new WeakMap<LoopCostThresholds, WeakMap<ts.Node, HelperVerdict | null>>();

/** A heavy helper: how the finding names it (`editDistance() (nested loops over its inputs)`) and the heavy operation inside, if one is. */
interface HelperVerdict {
  label: string;
  operation: string | undefined;
}
let helperDepth = 0;

/**
 * A plain (not async) function of this file (or method of the class around) whose body is heavy on its own terms — a heavy
 * loop (its parameters count as input-sized) or a heavy call outside loops: `editDistance(a, b)` with its
 * nested loops over both strings, `fingerprint(row)` hashing. Followed one call deep; recursion stops it.
 */
function heavyHelperCall(call: ts.CallExpression, around: LoopNode, context: LoopCostContext): HelperVerdict | undefined {
  if (helperDepth > 0) return undefined;
  const fn = sameFileCallee(call, context.scopes);
  if (!fn || !fn.body || hasModifier(fn, ts.SyntaxKind.AsyncKeyword) || isWithin(around, fn)) return undefined;
  const callee = skipOuter(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : `this.${(callee as ts.PropertyAccessExpression).name.text}`;
  let verdicts = helperVerdicts.get(context.loopCost);
  if (!verdicts) helperVerdicts.set(context.loopCost, (verdicts = new WeakMap()));
  const cached = verdicts.get(fn);
  if (cached !== undefined) return cached ?? undefined;
  helperDepth++;
  let verdict: HelperVerdict | null = null;
  try {
    const stack: ts.Node[] = [fn.body];
    while (stack.length > 0 && verdict === null) {
      const node = stack.pop()!;
      if (isFunctionScope(node) || ts.isClassLike(node)) continue;
      const loop = asLoop(node);
      if (loop) {
        const cost = estimateLoopCost(loop, context);
        if (cost.heavy) {
          const operation = cost.reason === 'heavyOperation' ? cost.detail.operation : undefined;
          const why = operation ?? (cost.reason === 'largeBound' ? `${cost.detail.count.toLocaleString('en-US')} iterations` : 'nested loops over its inputs');
          verdict = { label: `${name}() (${why})`, operation };
        }
        // A loop that is not heavy by itself (`for (let k = 0; k < HASHES; k++)`) may still repeat a heavy call: look inside.
      }
      if ((ts.isCallExpression(node) || ts.isNewExpression(node))) {
        const label = heavyOperationOf(node, context.scopes);
        if (label && !(label.startsWith('JSON.') && isFieldSerialisation(node)) && !label.startsWith('.sort')) verdict = { label: `${name}() (${label})`, operation: label };
      }
      ts.forEachChild(node, (child) => {
        stack.push(child);
      });
    }
  } finally {
    helperDepth--;
  }
  verdicts.set(fn, verdict);
  return verdict ?? undefined;
}

/**
 * `rows.map((r) => ({ ...r, pattern: new RegExp(r.pattern) }))`, `patterns.push(new RegExp(p))`: compiling a list
 * of patterns to use later. Compiling is cheap; running them over a text is what costs, and is judged where they run.
 */
function compiledForLater(regex: ts.NewExpression): boolean {
  const node = outermostExpression(regex);
  const parent = node.parent;
  if (ts.isPropertyAssignment(parent) || ts.isArrayLiteralExpression(parent) || (ts.isArrowFunction(parent) && parent.body === node)) return true;
  return ts.isCallExpression(parent) && ts.isPropertyAccessExpression(parent.expression) && ['push', 'unshift', 'set', 'add'].includes(parent.expression.name.text);
}

/** The label of a known heavy call, or undefined. */
export function heavyOperationOf(call: ts.CallExpression | ts.NewExpression, scopes: ScopeIndex): string | undefined {
  const callee = call.expression;
  if (ts.isCallExpression(call)) {
    const library = thirdPartyHeavy(skipOuter(callee), scopes);
    if (library) return library;
  }
  if (ts.isNewExpression(call)) {
    const regex = regexOf(call, scopes);
    return regex?.heavy && call.arguments?.[0] && !ts.isStringLiteralLike(skipOuter(call.arguments[0])) && !compiledForLater(call) ? 'new RegExp' : undefined;
  }
  if (ts.isIdentifier(callee)) {
    let name = callee.text;
    // Names first: resolving a binding costs more than a set lookup. An import under another name
    // (`import { createHash as digest } from 'node:crypto'`) is known by what it exports.
    if (!HEAVY_FUNCTION_NAMES.has(name)) {
      const info = scopes.resolve(callee)?.import;
      if (!info || !HEAVY_FUNCTION_NAMES.has(info.exportName)) return undefined;
      name = info.exportName;
    }
    const module = moduleOf(callee, scopes);
    if (name === 'structuredClone' && module === null) return 'structuredClone';
    if (CRYPTO_HEAVY.has(name) && module !== undefined && (module === null || CRYPTO_MODULES.has(module))) return name;
    if (BCRYPT_HEAVY.has(name) && module !== undefined && module !== null && HASH_MODULES.has(module)) return name;
    if (ZLIB_HEAVY.has(name) && module !== undefined && (module === null || ZLIB_MODULES.has(module))) return name;
    if (name === 'RegExp' && module === null) {
      const source = call.arguments[0] && skipOuter(call.arguments[0]);
      return source && !ts.isStringLiteralLike(source) ? 'RegExp' : undefined;
    }
    return undefined;
  }
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const receiver = skipOuter(callee.expression);
  if (ts.isIdentifier(receiver) && HEAVY_MEMBER_NAMES.has(method)) {
    const module = moduleOf(receiver, scopes);
    if (receiver.text === 'JSON' && module === null && (method === 'parse' || method === 'stringify')) return `JSON.${method}`;
    const fromCrypto = module === null ? receiver.text === 'crypto' : module !== undefined && CRYPTO_MODULES.has(module);
    if (fromCrypto && CRYPTO_HEAVY.has(method)) return `${receiver.text}.${method}`;
    if (module && HASH_MODULES.has(module) && BCRYPT_HEAVY.has(method)) return `${receiver.text}.${method}`;
    const fromZlib = module === null ? receiver.text === 'zlib' : module !== undefined && ZLIB_MODULES.has(module);
    if (fromZlib && ZLIB_HEAVY.has(method)) return `${receiver.text}.${method}`;
  }
  if (method === 'sort' || method === 'toSorted') {
    // `[...rows].sort()` copies input before sorting it; `['b', 'a'].sort()` sorts a handful of literals.
    if ((ts.isArrayLiteralExpression(receiver) && !receiver.elements.some(ts.isSpreadElement)) || isSmallDomainCollection(receiver)) return undefined;
    return `.${method}()`;
  }
  if (REGEX_STRING_METHODS.has(method) && call.arguments[0]) {
    const regex = regexOf(call.arguments[0], scopes);
    if (regex?.heavy) return `.${method}() with a backtracking regular expression`;
  }
  if ((method === 'test' || method === 'exec') && call.arguments.length === 1) {
    const regex = regexOf(receiver, scopes);
    if (regex?.heavy) return `.${method}() with a backtracking regular expression`;
  }
  return undefined;
}

/** Copying a growing accumulator each iteration: `acc = [...acc, x]`, `({ ...acc, k: v })` in reduce, `Buffer.concat([acc, chunk])`. */
function copiesAccumulator(node: ts.Node, accumulators: ReadonlySet<Binding>, scopes: ScopeIndex): Binding | undefined {
  const check = (e: ts.Expression | undefined): Binding | undefined => {
    if (!e) return undefined;
    const x = skipOuter(e);
    if (!ts.isIdentifier(x)) return undefined;
    const binding = scopes.resolve(x);
    return binding && accumulators.has(binding) ? binding : undefined;
  };
  if (ts.isSpreadElement(node) || ts.isSpreadAssignment(node)) return check(node.expression);
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    const method = node.expression.name.text;
    if (method === 'concat') {
      const owner = skipOuter(node.expression.expression);
      if (ts.isIdentifier(owner) && owner.text === 'Buffer' && node.arguments[0] && ts.isArrayLiteralExpression(node.arguments[0])) {
        for (const element of node.arguments[0].elements) {
          const found = check(element);
          if (found) return found;
        }
        return undefined;
      }
      return check(node.expression.expression);
    }
    if (method === 'assign' && ts.isIdentifier(node.expression.expression) && node.expression.expression.text === 'Object') {
      const target = node.arguments[0] && skipOuter(node.arguments[0]);
      if (target && ts.isObjectLiteralExpression(target) && target.properties.length === 0) {
        for (const argument of node.arguments.slice(1)) {
          const found = check(argument);
          if (found) return found;
        }
      }
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The estimate.

interface LoopInfo {
  node: LoopNode;
  /** Index of the enclosing loop in the nest; -1 for the loop being judged. */
  parent: number;
  bound: Bound | undefined;
}

interface HeavyCall {
  node: ts.Node;
  /** How the finding names it: `JSON.parse`, `hashRow() (createHash)`. */
  label: string;
  /** The heavy operation itself, when there is one: the call's own label, or the operation inside a helper (`createHash`). */
  operation?: string;
  loop: number;
  /** Heavy only as a nest: per item, for every pattern of a list (`lines × rules`), not alone. */
  nestedOnly?: boolean;
  /** Heavy only over the lines or words of a text (`body.split('\n')`): an uploaded log, not a list of records. */
  overLinesOnly?: boolean;
}

const ARRAY_SEARCH_METHODS = new Set(['includes', 'indexOf', 'lastIndexOf']);

/**
 * `current.includes(id)`, `sorted.indexOf(row)` where the receiver is known to be an array — by its type,
 * an array annotation, or being built as one (`[...]`, `.map/.filter/.slice/.sort/.split`, `Array.from`,
 * `Object.keys`) — not a string, whose `includes` is a substring search.
 */
function isArraySearch(node: ts.Node, scopes: ScopeIndex, types: TypeOracle | undefined): boolean {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || !ARRAY_SEARCH_METHODS.has(node.expression.name.text)) return false;
  if (node.arguments.length === 0) return false;
  return isKnownArray(node.expression.expression, scopes, types, { trustMethodNames: true });
}

/** The parts of a loop that run once per iteration (the body; a `for`'s test and update). */
function perIterationParts(loop: LoopNode): ts.Node[] {
  if (ts.isCallExpression(loop)) {
    const callback = arrayLoopCallback(loop);
    return callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) ? [callback.body] : [];
  }
  if (ts.isForStatement(loop)) return [loop.condition, loop.incrementor, loop.statement].filter((n): n is NonNullable<typeof n> => n !== undefined);
  if (ts.isWhileStatement(loop)) return [loop.expression, loop.statement];
  if (ts.isDoStatement(loop)) return [loop.statement, loop.expression];
  return [loop.statement];
}

/** The parts evaluated once, before the iterations (`for…of`'s collection, `xs.map`'s receiver). */
function oncePerLoopParts(loop: LoopNode): ts.Node[] {
  if (ts.isCallExpression(loop)) return [(loop.expression as ts.PropertyAccessExpression).expression, ...loop.arguments.slice(1)];
  if (ts.isForStatement(loop)) return loop.initializer ? [loop.initializer] : [];
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return [loop.expression];
  return [];
}

const SCHEDULERS = new Set(['setImmediate', 'setTimeout', 'queueMicrotask', 'nextTick']);

function isWithin(node: ts.Node, container: ts.Node): boolean {
  return node.pos >= container.pos && node.end <= container.end;
}

function collectionLabel(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return `\`${text.length > 40 ? `${text.slice(0, 37)}…` : text}\``;
}

/**
 * With a type checker: is `receiver` of `receiver.map(…)` certainly not an array? (`Option<T>.map`,
 * `Observable.filter`, a Result's `map`: the callback runs once or later, not per element.)
 */
function isNotAnArray(call: ts.CallExpression, types: TypeOracle | undefined): boolean {
  if (!types?.withChecker) return false;
  const receiver = (call.expression as ts.PropertyAccessExpression).expression;
  const arrayLike = types.withChecker(receiver, (checker, node) => {
    const isArrayLike = (type: ts.Type): boolean | undefined => {
      if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return undefined;
      if (type.isUnion()) {
        let any = false;
        for (const part of type.types) {
          if (part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) continue;
          const answer = isArrayLike(part);
          if (answer !== false) return answer;
          any = true;
        }
        return any ? false : undefined;
      }
      if (checker.isArrayType(type) || checker.isTupleType(type)) return true;
      if (checker.getIndexTypeOfType(type, ts.IndexKind.Number) !== undefined) return true;
      // Maps, Sets and other collections: their forEach visits every entry.
      return type.getProperty('size') !== undefined || type.getProperty('length') !== undefined;
    };
    return isArrayLike(checker.getNonNullableType(checker.getTypeAtLocation(node)));
  });
  return arrayLike === false;
}

export function estimateLoopCost(loop: LoopNode, context: LoopCostContext): LoopCost {
  if (ts.isForOfStatement(loop) && loop.awaitModifier) return { heavy: false, why: 'yields', nest: [] };
  const cost = estimateWalking(loop, context);
  // `x.map(…)` on something that is not an array (an Option, an Observable) is no loop at all. The
  // checker is asked only when the answer matters, about a loop judged heavy: a type question can
  // cost as much as parsing a file.
  if (cost.heavy && ts.isCallExpression(loop) && isNotAnArray(loop, context.types)) return { heavy: false, why: 'cheap', nest: [] };
  return cost;
}

function estimateWalking(loop: LoopNode, context: LoopCostContext): LoopCost {
  const { scopes } = context;
  const thresholds = context.loopCost;

  const sizer = new Sizer(scopes, context.types, context.loopCost.largeIterationCount);
  const loops: LoopInfo[] = [];
  const heavyCalls: HeavyCall[] = [];
  /** reduce accumulators and names assigned in the nest but declared outside the loop that assigns them. */
  const accumulators = new Set<Binding>();
  let schedules = false;
  let exits = false;

  const registerLoop = (node: LoopNode, parent: number): number => {
    const index = loops.length;
    loops.push({ node, parent, bound: boundOf(node, sizer, scopes) });
    const callback = ts.isCallExpression(node) ? arrayLoopCallback(node) : undefined;
    if (ts.isCallExpression(node) && callback) {
      const method = (node.expression as ts.PropertyAccessExpression).name.text;
      if ((method === 'reduce' || method === 'reduceRight') && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) {
        const first = callback.parameters[0];
        if (first && ts.isIdentifier(first.name)) {
          const binding = scopes.lookup(first.name.text, callback.body);
          if (binding) accumulators.add(binding);
        }
      } else if (ts.isIdentifier(callback) || ts.isPropertyAccessExpression(callback)) {
        // `lines.map(JSON.parse)`: the heavy call is the callback itself.
        const label = heavyReference(callback, scopes);
        if (label) heavyCalls.push({ node: callback, label, operation: label, loop: index });
      }
    }
    return index;
  };
  registerLoop(loop, -1);

  // Iterative walk of the loop's per-iteration code. Two parallel stacks (node, innermost enclosing
  // loop) keep this allocation-free per node: it runs over every loop body of every file.
  const nodes: ts.Node[] = [];
  const owners: number[] = [];
  const parts = perIterationParts(loop);
  for (let i = parts.length - 1; i >= 0; i--) {
    nodes.push(parts[i]!);
    owners.push(0);
  }
  let current = 0;
  const pushChild = (child: ts.Node): void => {
    nodes.push(child);
    owners.push(current);
  };
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    current = owners.pop()!;
    const kind = node.kind;
    // An await yields to the event loop only if it waits for something: `await cache.get(k)` on a plain Map
    // (known from the checker) resumes in the same turn, after the microtasks.
    if (kind === ts.SyntaxKind.AwaitExpression && context.types?.isThenable((node as ts.AwaitExpression).expression) !== false) {
      return { heavy: false, why: 'yields', nest: [] };
    }
    if (kind === ts.SyntaxKind.YieldExpression) return { heavy: false, why: 'yields', nest: [] };
    if (kind === ts.SyntaxKind.ForOfStatement && (node as ts.ForOfStatement).awaitModifier) return { heavy: false, why: 'yields', nest: [] };
    if (isFunctionScope(node) || ts.isClassLike(node)) continue; // runs some other time
    if (kind === ts.SyntaxKind.ReturnStatement || kind === ts.SyntaxKind.BreakStatement) exits = true;

    // `ids.includes(id)`, `sorted.indexOf(row)` on an array: a scan of it, a loop in all but name.
    // (Not on a list the loop itself fills, `if (seen.indexOf(x) === -1) seen.push(x)`: that grows with distinct items.)
    const inner = asLoop(node) ?? (isArraySearch(node, scopes, context.types) &&
      !sizer.isEmptyAccumulator(((node as ts.CallExpression).expression as ts.PropertyAccessExpression).expression) ? (node as ts.CallExpression) : undefined);
    if (inner && !(ts.isCallExpression(inner) && isNotAnArray(inner, context.types))) {
      const index = registerLoop(inner, current);
      const each = perIterationParts(inner);
      for (let i = each.length - 1; i >= 0; i--) {
        nodes.push(each[i]!);
        owners.push(index);
      }
      const once = ts.isCallExpression(inner) && !asLoop(inner)
        ? [(inner.expression as ts.PropertyAccessExpression).expression, ...inner.arguments]
        : oncePerLoopParts(inner);
      for (let i = once.length - 1; i >= 0; i--) {
        nodes.push(once[i]!);
        owners.push(current);
      }
      continue;
    }

    if (kind === ts.SyntaxKind.CallExpression || kind === ts.SyntaxKind.NewExpression) {
      const call = node as ts.CallExpression | ts.NewExpression;
      const label = heavyOperationOf(call, scopes);
      if (label && !(label.startsWith('JSON.') && (isFieldSerialisation(call) || sameValueEachTime(call, loops[current]!.node, scopes))) &&
          !sortsOwnSmallList(call, label, loops[current]!.node, sizer, scopes)) {
        heavyCalls.push({ node, label, operation: label, loop: current });
      }
      else if (!label && usesRegexFromData(call, scopes)) {
        // `for (const rule of denyList) if (rule.test(payload))`: every pattern of a list over a request-sized
        // text is a nest in itself (the regex scans the text); a pattern that is not the loop's item needs a
        // nest of loops to count.
        heavyCalls.push({ node, label: 'a regular expression from a list', loop: current, nestedOnly: !patternOfTheLoopOverInput(call, loops[current]!.node, sizer, scopes) });
      }
      else if (!label && usesKnownRegex(call, scopes)) heavyCalls.push({ node, label: 'a regular expression', loop: current, overLinesOnly: true });
      else if (!label && ts.isCallExpression(call)) {
        // `editDistance(q, p.name)`, `hashRow(r)`: a helper of this file that is heavy itself.
        const helper = heavyHelperCall(call, loop, context);
        if (helper) heavyCalls.push({ node, label: helper.label, operation: helper.operation, loop: current });
      }
      const callee = call.expression;
      const name = lastNameOf(callee) ?? '';
      if (SCHEDULERS.has(name)) schedules = true;
    }
    if (kind === ts.SyntaxKind.BinaryExpression) {
      const assignment = node as ts.BinaryExpression;
      // `acc = [...acc, x]`: an accumulator declared outside the loop that rebuilds it (shape first, then names).
      if (assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(assignment.left) && mayCopy(assignment.right)) {
        const binding = scopes.resolve(assignment.left);
        if (binding && !isWithin(binding.declaration, loops[current]!.node)) {
          accumulators.add(binding);
          const copied = findCopy(assignment.right, accumulators, scopes, binding);
          accumulators.delete(binding);
          if (copied) heavyCalls.push({ node, label: `a copy of the growing \`${binding.name}\``, loop: current });
        }
      }
    } else if (accumulators.size > 0 && (kind === ts.SyntaxKind.SpreadElement || kind === ts.SyntaxKind.SpreadAssignment || kind === ts.SyntaxKind.CallExpression)) {
      const copied = copiesAccumulator(node, accumulators, scopes);
      if (copied && !isInsideAssignmentTo(node, copied, scopes)) {
        heavyCalls.push({ node: enclosingLiteral(node), label: `a copy of the growing \`${copied.name}\``, loop: current });
      }
    }
    const mark = nodes.length;
    ts.forEachChild(node, pushChild);
    // Source order (the stack pops last-first); owners are all `current`, so only nodes need turning.
    reverseFrom(nodes, mark);
  }

  const nest = loops.slice(1).map((l) => l.node);
  if (schedules && exits) return { heavy: false, why: 'chunked', nest: [] };

  // (a) Constant bounds multiplied down each chain of nested loops.
  const product: number[] = loops.map(() => 1);
  const productEvidence: Array<ts.Node | undefined> = loops.map(() => undefined);
  const biggestFactor: number[] = loops.map(() => 0);
  for (let i = loops.length - 1; i >= 0; i--) {
    const info = loops[i]!;
    const factor = info.bound?.size.kind === 'constant' ? Math.max(1, info.bound.size.count) : 1;
    product[i] = product[i]! * factor;
    if (info.bound?.size.kind === 'constant' && factor > biggestFactor[i]!) {
      biggestFactor[i] = factor;
      productEvidence[i] = info.bound.node;
    }
    if (info.parent >= 0) {
      const p = info.parent;
      if (product[i]! > product[p]!) {
        product[p] = product[i]!;
        productEvidence[p] = productEvidence[i];
        biggestFactor[p] = biggestFactor[i]!;
      }
    }
  }
  if (product[0]! >= thresholds.largeIterationCount && productEvidence[0]) {
    return { heavy: true, reason: 'largeBound', detail: { count: product[0]! }, evidence: productEvidence[0], sizeInferred: false, nest };
  }

  // (b) Chains of nested input-sized loops, each independent of the one around it.
  const isInput = (i: number) => loops[i]!.bound?.size.kind === 'input';
  const isAncestor = (a: number, d: number) => {
    for (let p = loops[d]!.parent; p >= 0; p = loops[p]!.parent) if (p === a) return true;
    return false;
  };
  const chain: number[] = loops.map(() => 0);
  const next: number[] = loops.map(() => -1);
  for (let m = loops.length - 1; m >= 0; m--) {
    if (!isInput(m)) continue;
    chain[m] = 1;
    for (let d = m + 1; d < loops.length; d++) {
      if (!isInput(d) || !isAncestor(m, d) || chain[d]! + 1 <= chain[m]!) continue;
      if (isProjection(loops[d]!.node, loops[m]!.node, scopes) && !sameCollection(loops[m]!.bound!.size, loops[d]!.bound!.size)) continue;
      // `claim.Item.lineItems × policy.Item.coverages`: lists kept inside records read one by one, bounded by a record's size.
      if (partOfOneRecord(loops[m]!.bound!.size as { collection: ts.Node }, scopes) &&
          partOfOneRecord(loops[d]!.bound!.size as { collection: ts.Node }, scopes)) continue;
      if (dependsOn(loops[d]!.bound!.size as { collection: ts.Node }, loops[m]!.node, scopes) &&
          !wordsOfEveryRow(loops[m]!.bound!.size as { collection: ts.Node }, loops[d]!.bound!.size as { collection: ts.Node }, scopes)) continue;
      chain[m] = chain[d]! + 1;
      next[m] = d;
    }
  }
  let best = -1;
  for (let m = 0; m < loops.length; m++) if (chain[m]! > (best < 0 ? 0 : chain[best]!)) best = m;
  if (best >= 0 && chain[best]! >= Math.max(1, thresholds.nestedDepth)) {
    const collections: string[] = [];
    let last = best;
    for (let m = best; m >= 0; m = next[m]!) {
      collections.push(collectionLabel((loops[m]!.bound!.size as { collection: ts.Node }).collection));
      last = m;
    }
    const innerLoop = loops[last]!.node;
    return {
      heavy: true,
      reason: 'nestedInput',
      detail: { collections, depth: chain[best]!, innerLoop },
      evidence: innerLoop,
      sizeInferred: true,
      nest,
    };
  }

  // (b2) Many passes over input: `while (delta > 1e-6 && iteration < 100) for (const node of nodes)`. A constant
  // count of at least √largeIterationCount around an input-sized loop makes the work reach the threshold as
  // soon as the input has that many items too.
  const passes = Math.sqrt(thresholds.largeIterationCount);
  for (let m = 0; m < loops.length; m++) {
    const bound = loops[m]!.bound;
    if (bound?.size.kind !== 'constant' || bound.size.count < passes) continue;
    for (let d = m + 1; d < loops.length; d++) {
      if (!isInput(d) || !isAncestor(m, d)) continue;
      // `for (const track of tracks.slice(start, start + 500)) for (const word of track.title.split(/\W+/))`: the
      // parts of each item, not passes over the input.
      if (partOfItem(loops[d]!.bound!.size as { collection: ts.Node }, loops[m]!.node, scopes)) continue;
      return {
        heavy: true,
        reason: 'nestedInput',
        detail: {
          collections: [`${bound.size.count.toLocaleString('en-US')} passes`, collectionLabel((loops[d]!.bound!.size as { collection: ts.Node }).collection)],
          depth: 2,
          innerLoop: loops[d]!.node,
        },
        evidence: loops[d]!.node,
        sizeInferred: true,
        nest,
      };
    }
  }

  // (c) A heavy call on every iteration over input-sized data.
  for (const call of heavyCalls) {
    if (call.nestedOnly && (call.loop < 0 || loops[call.loop]!.parent < 0)) continue;
    for (let l = call.loop; l >= 0; l = loops[l]!.parent) {
      if (!isInput(l)) continue;
      const collection = (loops[l]!.bound!.size as { collection: ts.Node }).collection;
      if (call.overLinesOnly && !isLinesOfText(collection, scopes)) continue;
      // (Also through a helper of this file whose heavy part is the JSON: `parseMessage(r.body)`.)
      if (call.operation?.startsWith('JSON.') && isQueueBatch(collection, scopes)) continue;
      return {
        heavy: true,
        reason: 'heavyOperation',
        detail: { operation: call.label, collection: collectionLabel(collection) },
        evidence: call.node,
        sizeInferred: !SLOW_BY_DESIGN_LABEL.test(call.operation ?? ''),
        nest,
      };
    }
  }
  // (c2) A worklist sorted again on every iteration: `while (frontier.length) { frontier.sort(byCost); … for (const e of
  // edges) frontier.push(…) }`, a priority queue kept as an array (Dijkstra, A*). Each pass sorts a list that the
  // nest keeps growing: quadratic work or worse, however small the list starts.
  const worklist = resortedWorklist(loop, heavyCalls, loops, scopes);
  if (worklist) {
    return { heavy: true, reason: 'heavyOperation', detail: { operation: worklist.label, collection: `the growing \`${worklist.name}\`` }, evidence: worklist.node, sizeInferred: true, nest };
  }
  // (d) A search that hashes until it finds what it wants: `do { nonce++; digest = sha256(…) } while (!digest.startsWith(prefix))`.
  // The hash may be a helper of this file (`sha256(seed + nonce)`): its operation inside is what counts.
  // No count bounds it: its cost is the hash times as many tries as the search needs (a proof of work, a retry
  // until a hash matches), and each try is the expensive part.
  for (const call of heavyCalls) {
    if (call.loop < 0 || call.nestedOnly || call.overLinesOnly) continue;
    const info = loops[call.loop]!;
    if ((ts.isWhileStatement(info.node) || ts.isDoStatement(info.node)) && info.bound === undefined && HASHING_LABEL.test(call.operation ?? '')) {
      return { heavy: true, reason: 'heavyOperation', detail: { operation: call.label, collection: 'tries until the condition holds' }, evidence: call.node, sizeInferred: false, nest };
    }
  }
  return { heavy: false, why: 'cheap', nest };
}

/**
 * For `while (list.length > 0)` (or `while (list.length)`): a `list.sort(…)` made on every iteration, with
 * `list.push(…)` inside a loop nested in this one (the list grows from the nest) and a `shift`/`pop` taking items off.
 */
function resortedWorklist(loop: LoopNode, heavyCalls: readonly HeavyCall[], loops: readonly LoopInfo[], scopes: ScopeIndex): { name: string; label: string; node: ts.Node } | undefined {
  if (!ts.isWhileStatement(loop)) return undefined;
  let condition = skipOuter(loop.expression);
  if (ts.isBinaryExpression(condition) && (condition.operatorToken.kind === ts.SyntaxKind.GreaterThanToken ||
    condition.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken) && ts.isNumericLiteral(skipOuter(condition.right)) &&
    skipOuter(condition.right).getText() === '0') condition = skipOuter(condition.left);
  if (!ts.isPropertyAccessExpression(condition) || condition.name.text !== 'length' || !ts.isIdentifier(condition.expression)) return undefined;
  const list = scopes.resolve(condition.expression);
  if (!list) return undefined;
  const sorted = heavyCalls.find((c) => c.loop === 0 && (c.label === '.sort()' || c.label === '.toSorted()') && ts.isCallExpression(c.node) &&
    ts.isPropertyAccessExpression(c.node.expression) && ts.isIdentifier(c.node.expression.expression) &&
    scopes.resolve(c.node.expression.expression) === list);
  if (!sorted) return undefined;
  let takes = false;
  let growsInNest = false;
  const stack: ts.Node[] = [loop.statement];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isFunctionScope(node) && !isArrayLoopCallbackNode(node)) continue;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.expression) &&
        scopes.resolve(node.expression.expression) === list) {
      const method = node.expression.name.text;
      if (method === 'shift' || method === 'pop') takes = true;
      if (method === 'push' && loops.some((l, i) => i > 0 && isWithin(node, l.node))) growsInNest = true;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return takes && growsInNest ? { name: list.name, label: sorted.label, node: sorted.node } : undefined;
}

/** The callback of `edges.forEach((e) => …)`: it runs inside the loop, as part of it. */
function isArrayLoopCallbackNode(fn: ts.Node): boolean {
  const call = fn.parent;
  return ts.isCallExpression(call) && arrayLoopCallback(call) === fn;
}

/** Labels of the heavy calls that hash (see `heavyOperationOf`). */
const HASHING_LABEL = /(^|\.)(createHash|createHmac|pbkdf2Sync|scryptSync|hkdfSync|hashSync)$/;

/**
 * Labels of the heavy calls slow by design, whatever their input: key derivation, key and prime generation,
 * bcrypt. Each costs milliseconds, so a loop of them over any list that grows is heavy.
 */
const SLOW_BY_DESIGN_LABEL = /(^|\.)(pbkdf2Sync|scryptSync|generateKeyPairSync|generatePrimeSync|hashSync|compareSync|genSaltSync)$/;

/**
 * `{ ...row, payload: JSON.stringify(row.payload) }`, `` `bad value ${JSON.stringify(v)}` ``, `seen.set(JSON.stringify(k), …)`:
 * JSON of one field while shaping a row, writing a message or making a key. Its cost is that of the data
 * being sent or stored anyway, not work the loop adds; the whole item decoded or encoded on every
 * iteration (`lines.map((l) => JSON.parse(l))`) still counts.
 */
function isFieldSerialisation(call: ts.CallExpression | ts.NewExpression): boolean {
  if (isCellQuoting(call)) return true;
  let child: ts.Node = call;
  let parent = call.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent) ||
    (ts.isConditionalExpression(parent) && parent.condition !== child) ||
    (ts.isBinaryExpression(parent) && (parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || parent.operatorToken.kind === ts.SyntaxKind.BarBarToken)))) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  if (ts.isPropertyAssignment(parent) && parent.initializer === child && ts.isObjectLiteralExpression(parent.parent)) return true;
  // `JSON.stringify({ id: row.id, type: row.type, payload: row.payload }) + '\n'`: a whole record, reshaped, is the item.
  const argument = call.arguments?.[0] && skipOuter(call.arguments[0]);
  const record = argument !== undefined && ts.isObjectLiteralExpression(argument) && argument.properties.length >= 3;
  if (ts.isTemplateSpan(parent)) return !record;
  if (record) return ts.isElementAccessExpression(parent) ||
    (ts.isCallExpression(parent) && ts.isPropertyAccessExpression(parent.expression) && ['set', 'get', 'has', 'add', 'delete'].includes(parent.expression.name.text));
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.PlusToken &&
    (ts.isStringLiteralLike(skipOuter(parent.left)) || ts.isStringLiteralLike(skipOuter(parent.right)) || ts.isTemplateExpression(skipOuter(parent.left)))) return true;
  if (ts.isElementAccessExpression(parent) && parent.argumentExpression === child) return true;
  if ((ts.isCallExpression(parent) && parent.arguments[0] === child && ts.isPropertyAccessExpression(parent.expression) &&
    ['set', 'get', 'has', 'add', 'delete'].includes(parent.expression.name.text))) return true;
  return false;
}

/**
 * `batch.messages` in KafkaJS's eachBatch, `event.Records` of a Lambda, SQS's `Messages`: a batch a queue
 * hands its consumer. Decoding each message is what consuming costs, as in a per-message handler, and the
 * broker sizes the batch; only work beyond that (inflating, hashing, regexes) makes its loop heavy.
 */
function isQueueBatch(collection: ts.Node, scopes: ScopeIndex): boolean {
  const e = ts.isExpression(collection) ? skipOuter(collection) : collection;
  if (!ts.isPropertyAccessExpression(e)) return false;
  if (e.name.text === 'Messages') return true;
  if (e.name.text !== 'messages' && e.name.text !== 'Records') return false;
  const holder = skipOuter(e.expression);
  return ts.isIdentifier(holder) && scopes.resolve(holder)?.kind === 'parameter';
}

/** `JSON.stringify(row[column] ?? '')`: one cell of a row, quoted for a CSV line, not the row. */
function isCellQuoting(call: ts.CallExpression | ts.NewExpression): boolean {
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'stringify') return false;
  let value = call.arguments[0] && skipOuter(call.arguments[0]);
  while (value && ts.isBinaryExpression(value) && (value.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || value.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    value = skipOuter(value.left);
  }
  return value !== undefined && ts.isElementAccessExpression(value) && !ts.isStringLiteralLike(skipOuter(value.argumentExpression)) &&
    !ts.isNumericLiteral(skipOuter(value.argumentExpression));
}

function heavyReference(callback: ts.Expression, scopes: ScopeIndex): string | undefined {
  if (ts.isPropertyAccessExpression(callback) && ts.isIdentifier(callback.expression) && callback.expression.text === 'JSON' && !scopes.resolve(callback.expression)) {
    return callback.name.text === 'parse' || callback.name.text === 'stringify' ? `JSON.${callback.name.text}` : undefined;
  }
  if (ts.isIdentifier(callback) && callback.text === 'structuredClone' && !scopes.resolve(callback)) return 'structuredClone';
  return undefined;
}

/** Could this right-hand side copy something: a literal with a spread, `.concat(…)`, `Object.assign(…)`? */
function mayCopy(expression: ts.Expression): boolean {
  const e = skipOuter(expression);
  if (ts.isArrayLiteralExpression(e)) return e.elements.some(ts.isSpreadElement);
  if (ts.isObjectLiteralExpression(e)) return e.properties.some(ts.isSpreadAssignment);
  return ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && (e.expression.name.text === 'concat' || e.expression.name.text === 'assign');
}

/** Does `expression` copy the accumulator (spread into a literal, `.concat`, `Buffer.concat`)? */
function findCopy(expression: ts.Expression, accumulators: ReadonlySet<Binding>, scopes: ScopeIndex, target: Binding): boolean {
  const e = skipOuter(expression);
  if (ts.isArrayLiteralExpression(e) || ts.isObjectLiteralExpression(e)) {
    const items: readonly ts.Node[] = ts.isArrayLiteralExpression(e) ? e.elements : e.properties;
    return items.some((item) => copiesAccumulator(item, accumulators, scopes) === target);
  }
  if (ts.isCallExpression(e)) return copiesAccumulator(e, accumulators, scopes) === target;
  return false;
}

/** `acc = [...acc, x]` is reported once, at the assignment; skip its inner spread. */
function isInsideAssignmentTo(node: ts.Node, binding: Binding, scopes: ScopeIndex): boolean {
  for (let p = node.parent; p && !isFunctionScope(p) && !ts.isStatement(p); p = p.parent) {
    if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(p.left) && scopes.resolve(p.left) === binding) return true;
  }
  return false;
}

function enclosingLiteral(node: ts.Node): ts.Node {
  return ts.isSpreadElement(node) || ts.isSpreadAssignment(node) ? node.parent : node;
}

/**
 * `users.flatMap((u) => roles.map((r) => ({ u, r })))`: an inner map builds the cross product the code asked
 * for; its cost is the size of its output, which has to be produced anyway. A search or a filter inside
 * (`find`, `some`, `filter`, a `for` with a comparison) is the avoidable part of a nest.
 */
function isProjection(loop: LoopNode, outer: LoopNode, scopes: ScopeIndex): boolean {
  if (!ts.isCallExpression(loop)) return ts.isIterationStatement(loop, false) && buildsOutput(loop.statement, outer, scopes);
  const method = (loop.expression as ts.PropertyAccessExpression).name.text;
  if (method === 'map' || method === 'flatMap') return true;
  const callback = arrayLoopCallback(loop);
  return method === 'forEach' && callback !== undefined && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) &&
    buildsOutput(callback.body, outer, scopes);
}

/** `const parts: string[] = []; …push…; parts.sort()` inside one iteration: a list of this item's own, not the input. */
function sortsOwnSmallList(call: ts.CallExpression | ts.NewExpression, label: string, loop: LoopNode, sizer: Sizer, scopes: ScopeIndex): boolean {
  if (label !== '.sort()' && label !== '.toSorted()') return false;
  const receiver = skipOuter((call.expression as ts.PropertyAccessExpression).expression);
  if (!ts.isIdentifier(receiver) || !sizer.isEmptyAccumulator(receiver)) return false;
  const binding = scopes.resolve(receiver);
  return binding !== undefined && isWithin(binding.declaration, loop);
}

/**
 * A loop body that adds a row to the result on every pass (`bulk.push(row(a, b))` into a list declared
 * outside the whole nest): the cross product *is* the output. Not when passes can be skipped
 * (`continue`, `break`, an `if` around the push) or the list is a scratch list of one outer item
 * (`scored.push(…)`, then sorted and cut to 20): that is work, not output.
 */
function buildsOutput(body: ts.Node, outer: LoopNode, scopes: ScopeIndex): boolean {
  const statements = ts.isBlock(body) ? body.statements : [body];
  const stack: ts.Node[] = [...statements];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isFunctionScope(node)) continue;
    if (ts.isContinueStatement(node) || ts.isBreakStatement(node) || ts.isReturnStatement(node)) return false;
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return statements.some((statement) => {
    const e = ts.isExpressionStatement(statement) ? skipOuter(statement.expression) : ts.isExpression(statement as ts.Node) ? skipOuter(statement as unknown as ts.Expression) : undefined;
    if (e === undefined || !ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression) || e.expression.name.text !== 'push') return false;
    const target = skipOuter(e.expression.expression);
    const binding = ts.isIdentifier(target) ? scopes.resolve(target) : undefined;
    return binding !== undefined && !isWithin(binding.declaration, outer);
  });
}

/** `rows` and `rows`, `points.length` and `points.length`: both loops walk the same collection (pairs of it). */
function sameCollection(a: Size, b: Size): boolean {
  if (a.kind !== 'input' || b.kind !== 'input') return false;
  return skipOuterNode(a.collection).getText() === skipOuterNode(b.collection).getText();
}

function skipOuterNode(node: ts.Node): ts.Node {
  return ts.isExpression(node) ? skipOuter(node) : node;
}

/** Does the collection read something declared inside `outer` (its loop variable, callback parameters, body locals)? */
/** Whether an inner loop's collection is reached from the outer loop's item (`for…of`'s variable, a callback's first parameter). */
function partOfItem(size: { collection: ts.Node }, outer: LoopNode, scopes: ScopeIndex): boolean {
  const callback = ts.isCallExpression(outer) ? arrayLoopCallback(outer) : undefined;
  const item = ts.isForOfStatement(outer) ? outer.initializer
    : callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) ? callback.parameters[0] : undefined;
  if (!item) return false;
  let root = skipOuter(size.collection as ts.Expression);
  for (;;) {
    if (ts.isCallExpression(root) || ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = skipOuter(root.expression);
    else if (ts.isTemplateExpression(root)) return root.templateSpans.some((span) => partOfItem({ collection: span.expression }, outer, scopes));
    else break;
  }
  const binding = ts.isIdentifier(root) ? scopes.resolve(root) : undefined;
  return binding !== undefined && isWithin(binding.declaration, item);
}

function dependsOn(size: { collection: ts.Node }, outer: LoopNode, scopes: ScopeIndex): boolean {
  const stack: ts.Node[] = [size.collection];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isIdentifier(node)) {
      const binding = scopes.resolve(node);
      if (binding && isWithin(binding.declaration, outer)) return true;
      continue;
    }
    if (ts.isPropertyAccessExpression(node)) {
      stack.push(node.expression); // the name after the dot is not a reference
      continue;
    }
    // `listings.slice(i + 1)`: every later item, for each item: the pairs of one list, still a cross product.
    // (A window, `rows.slice(i * 100, i * 100 + 100)`, has an end too: it depends on the loop around it.)
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'slice' && node.arguments.length === 1) {
      stack.push(node.expression.expression);
      continue;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return false;
}
