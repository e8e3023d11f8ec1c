import type { CodeStyle } from '../fix';

/**
 * The generated text: the worker module (the loop as a function of its inputs, returning its outputs,
 * wired to `parentPort`), the runner the fixed file calls, and the call that replaces the loop.
 *
 * Two runner shapes. Per call: a Worker per call, fed with `workerData`, that exits after one answer —
 * fine for a function that runs now and then. Reused: in handlers, where starting a thread (tens of
 * milliseconds) per request would cost more than it saves, one lazily started worker answers messages
 * tagged with an id; it is `unref()`ed while idle so it never keeps the process alive, and a crash or
 * exit rejects every pending call and lets the next call start a fresh worker.
 */

export interface GeneratedNames {
  /** The loop as a function in the worker module: `digestLoop`. */
  loopFunction: string;
  inputType: string;
  outputType: string;
  replyType: string;
  runner: string;
  /** Reused shape only: the module-level slot and the function that starts the worker. */
  workerSlot: string;
  startWorker: string;
  /** Mixed results (moved declarations and assigned variables): the temporary holding them. */
  result: string;
  /** The worker function's parameter. */
  parameter: string;
  /** Local names in the fixed file of `Worker` and of the `path` module (CommonJS). */
  workerClass: string;
  pathModule: string;
}

export interface WorkerModuleSpec {
  style: CodeStyle;
  names: GeneratedNames;
  /** Where the loop came from, for the header comment: "`digest` in input.ts". */
  origin: string;
  imports: { values: string[]; types: string[] };
  declarations: string[];
  inputs: Array<{ name: string; type: string; reassigned: boolean }>;
  outputs: Array<{ name: string; type: string }>;
  /** The loop (and moved declarations), already indented one level. */
  body: string;
  reused: boolean;
}

export function workerModuleText(spec: WorkerModuleSpec): string {
  const { style, names } = spec;
  const nl = style.newline;
  const i1 = style.indentUnit;
  const semi = style.semicolons ? ';' : '';
  const q = style.quote;
  const parts: string[] = [];

  const header = `// The loop of ${spec.origin}, moved here to run in a worker thread so that the main thread's event loop stays free.`;
  const imports = [...spec.imports.values, `import { parentPort${spec.reused ? '' : ', workerData'} } from ${q}node:worker_threads${q}${semi}`, ...spec.imports.types];
  parts.push([header, ...imports].join(nl));
  if (spec.declarations.length > 0) parts.push(spec.declarations.join(nl + nl));

  const typeOf = (name: string, fields: ReadonlyArray<{ name: string; type: string }>): string =>
    fields.length === 0
      ? `export type ${name} = Record<string, never>${semi}`
      : [`export interface ${name} {`, ...fields.map((f) => `${i1}${f.name}: ${f.type}${semi}`), '}'].join(nl);
  parts.push(typeOf(names.inputType, spec.inputs));
  parts.push(typeOf(names.outputType, spec.outputs));

  const fixed = spec.inputs.filter((i) => !i.reassigned).map((i) => i.name);
  const reassigned = spec.inputs.filter((i) => i.reassigned).map((i) => i.name);
  const parameter = spec.inputs.length > 0 ? `${names.parameter}: ${names.inputType}` : '';
  const fn = [`function ${names.loopFunction}(${parameter}): ${names.outputType} {`];
  if (fixed.length > 0) fn.push(`${i1}const { ${fixed.join(', ')} } = ${names.parameter}${semi}`);
  if (reassigned.length > 0) fn.push(`${i1}let { ${reassigned.join(', ')} } = ${names.parameter}${semi}`);
  fn.push(`${i1}${spec.body}`);
  fn.push(`${i1}return { ${spec.outputs.map((o) => o.name).join(', ')} }${semi}`.replace('{  }', '{}'));
  fn.push('}');
  parts.push(fn.join(nl));

  const call = (argument: string): string => `${names.loopFunction}(${spec.inputs.length > 0 ? argument : ''})`;
  if (spec.reused) {
    parts.push([
      `export type ${names.replyType} = { id: number; ok: true; output: ${names.outputType} } | { id: number; ok: false; error: unknown }${semi}`,
      '',
      `parentPort?.on(${q}message${q}, ({ id, input }: { id: number; input: ${names.inputType} }) => {`,
      `${i1}let reply: ${names.replyType}${semi}`,
      `${i1}try {`,
      `${i1}${i1}reply = { id, ok: true, output: ${call('input')} }${semi}`,
      `${i1}} catch (error) {`,
      `${i1}${i1}reply = { id, ok: false, error }${semi}`,
      `${i1}}`,
      `${i1}parentPort!.postMessage(reply)${semi}`,
      `})${semi}`,
    ].join(nl));
  } else {
    parts.push(`if (parentPort) parentPort.postMessage(${call(`workerData as ${names.inputType}`)})${semi}`);
  }
  return parts.join(nl + nl) + nl;
}

export interface RunnerSpec {
  style: CodeStyle;
  names: GeneratedNames;
  moduleFormat: 'esm' | 'cjs';
  /** The compiled worker's file name next to the compiled fixed file: `input.digest-worker.js`. */
  workerJs: string;
  /** "`digest`", for the doc comment. */
  origin: string;
  reused: boolean;
}

export function runnerText(spec: RunnerSpec): string {
  const { style, names } = spec;
  const nl = style.newline;
  const i1 = style.indentUnit;
  const i2 = i1 + i1;
  const i3 = i2 + i1;
  const semi = style.semicolons ? ';' : '';
  const q = style.quote;
  const location = spec.moduleFormat === 'esm'
    ? `new URL(${q}./${spec.workerJs}${q}, import.meta.url)`
    : `${names.pathModule}.join(__dirname, ${q}${spec.workerJs}${q})`;
  const signature = `(input: ${names.inputType}): Promise<${names.outputType}>`;

  if (!spec.reused) {
    return [
      `/** Runs the loop of ${spec.origin} in a worker thread (${spec.workerJs}), so the event loop stays free while it computes. */`,
      `function ${names.runner}${signature} {`,
      `${i1}return new Promise((resolve, reject) => {`,
      `${i2}const worker = new ${names.workerClass}(${location}, { workerData: input })${semi}`,
      `${i2}worker.once(${q}message${q}, resolve)${semi}`,
      `${i2}worker.once(${q}error${q}, reject)${semi}`,
      `${i2}worker.once(${q}exit${q}, (code) => reject(new Error(\`worker stopped with exit code \${code}\`)))${semi}`,
      `${i1}})${semi}`,
      '}',
    ].join(nl);
  }
  return [
    `let ${names.workerSlot}: ((input: ${names.inputType}) => Promise<${names.outputType}>) | undefined${semi}`,
    '',
    `/** Runs the loop of ${spec.origin} in a worker thread (${spec.workerJs}) that is started once and reused. */`,
    `function ${names.runner}${signature} {`,
    `${i1}${names.workerSlot} ??= ${names.startWorker}()${semi}`,
    `${i1}return ${names.workerSlot}(input)${semi}`,
    '}',
    '',
    `/** Starts the worker; it is unref()ed while idle, and a crash rejects the pending calls (the next call starts a new one). */`,
    `function ${names.startWorker}(): (input: ${names.inputType}) => Promise<${names.outputType}> {`,
    `${i1}const worker = new ${names.workerClass}(${location})${semi}`,
    `${i1}const pending = new Map<number, { resolve(output: ${names.outputType}): void; reject(error: unknown): void }>()${semi}`,
    `${i1}let lastId = 0${semi}`,
    `${i1}const run = (input: ${names.inputType}): Promise<${names.outputType}> =>`,
    `${i2}new Promise((resolve, reject) => {`,
    `${i3}const id = ++lastId${semi}`,
    `${i3}worker.postMessage({ id, input })${semi}`,
    `${i3}pending.set(id, { resolve, reject })${semi}`,
    `${i3}worker.ref()${semi}`,
    `${i2}})${semi}`,
    `${i1}const fail = (error: unknown): void => {`,
    `${i2}if (${names.workerSlot} === run) ${names.workerSlot} = undefined${semi}`,
    `${i2}for (const call of pending.values()) call.reject(error)${semi}`,
    `${i2}pending.clear()${semi}`,
    `${i1}}${semi}`,
    `${i1}worker.on(${q}message${q}, (reply: ${names.replyType}) => {`,
    `${i2}const call = pending.get(reply.id)${semi}`,
    `${i2}pending.delete(reply.id)${semi}`,
    `${i2}if (pending.size === 0) worker.unref()${semi}`,
    `${i2}if (reply.ok) call?.resolve(reply.output)${semi}`,
    `${i2}else call?.reject(reply.error)${semi}`,
    `${i1}})${semi}`,
    `${i1}worker.on(${q}error${q}, fail)${semi}`,
    `${i1}worker.on(${q}exit${q}, (code) => fail(new Error(\`worker stopped with exit code \${code}\`)))${semi}`,
    `${i1}worker.unref()${semi}`,
    `${i1}return run${semi}`,
    '}',
  ].join(nl);
}

export interface CallSiteSpec {
  style: CodeStyle;
  names: GeneratedNames;
  indent: string;
  inputs: readonly string[];
  /** Results assigned back to existing variables. */
  assigned: readonly string[];
  /** Results that declare the variables of moved declarations, by keyword. */
  declared: ReadonlyArray<{ name: string; keyword: 'const' | 'let' | 'var' }>;
}

/** The statement(s) replacing the loop. */
export function callSiteText(spec: CallSiteSpec): string {
  const { style, names } = spec;
  const semi = style.semicolons ? ';' : '';
  const lead = style.semicolons ? '' : ';'; // a line starting with `(` needs one without semicolons
  const call = `await ${names.runner}(${spec.inputs.length > 0 ? `{ ${spec.inputs.join(', ')} }` : '{}'})`;
  const keywords = [...new Set(spec.declared.map((d) => d.keyword))];
  const namesWith = (keyword: string): string => spec.declared.filter((d) => d.keyword === keyword).map((d) => d.name).join(', ');
  if (spec.assigned.length === 0 && keywords.length === 0) return `${call}${semi}`;
  if (spec.assigned.length === 0 && keywords.length === 1) return `${keywords[0]} { ${namesWith(keywords[0]!)} } = ${call}${semi}`;
  if (keywords.length === 0) return `${lead}({ ${spec.assigned.join(', ')} } = ${call})${semi}`;
  const lines = [`const ${names.result} = ${call}${semi}`];
  if (spec.assigned.length > 0) lines.push(`${lead}({ ${spec.assigned.join(', ')} } = ${names.result})${semi}`);
  for (const keyword of keywords) lines.push(`${keyword} { ${namesWith(keyword)} } = ${names.result}${semi}`);
  return lines.join(style.newline + spec.indent);
}
