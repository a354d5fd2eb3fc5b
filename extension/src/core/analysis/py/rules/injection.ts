// Code, shell and SQL injection in Python.
// - py/eval: `eval`/`exec` (the builtins, not `ast.literal_eval` or `obj.eval`) of a non-literal.
// - py/command-injection: `os.system`/`os.popen`/`subprocess.getoutput` of a non-literal, and
//   `subprocess.run/call/Popen/check_*` with `shell=True` and a non-literal command. An argument
//   list without a shell (`subprocess.run(['ls', path])`) is the safe form and is not flagged.
// - py/sql-injection: the query argument of `.execute/.executemany/.executescript/.raw/text()`
//   built with an f-string, `%`, `+` or `.format()`, directly or through a variable assigned just
//   so in the same file; its text must read like SQL. `execute(sql, params)` is the safe form.
import type { Node } from '@vscode/tree-sitter-wasm';
import type { RuleMeta } from '../../types';
import { callArgs, isConstant, type PyContext, type PyRule } from '../context';

export const PY_EVAL: RuleMeta = {
  id: 'py/eval', severity: 'high', category: 'security', cwe: 'CWE-95', confidence: 0.8,
  title: 'eval()/exec() of a computed string',
  message: '`eval`/`exec` run arbitrary Python; input in the string becomes code. Use `ast.literal_eval` for literals, ' +
    '`json.loads` for data, or a dispatch table for behaviour.',
};
export const PY_COMMAND: RuleMeta = {
  id: 'py/command-injection', severity: 'high', category: 'security', cwe: 'CWE-78', confidence: 0.7,
  title: 'Shell command built from non-constant data',
  message: 'The string runs in a shell, so `;`, `|` or `$(…)` in the data run as commands. Pass an argument list without ' +
    'a shell: `subprocess.run(["convert", src, dst], check=True)`; if a shell is unavoidable, quote with `shlex.quote`.',
};
export const PY_SQL: RuleMeta = {
  id: 'py/sql-injection', severity: 'high', category: 'security', cwe: 'CWE-89', confidence: 0.75,
  title: 'SQL built with string formatting',
  message: 'Values formatted into SQL text can change the statement. Pass them as parameters: ' +
    '`cursor.execute("SELECT * FROM users WHERE id = %s", (user_id,))` (or `?` for sqlite3).',
};

const SHELL_ALWAYS = new Set(['os.system', 'os.popen', 'subprocess.getoutput', 'subprocess.getstatusoutput', 'commands.getoutput',
  'asyncio.create_subprocess_shell']);
const SHELL_OPTION = new Set(['subprocess.run', 'subprocess.call', 'subprocess.Popen', 'subprocess.check_output', 'subprocess.check_call']);
const SQL_SINKS = new Set(['execute', 'executemany', 'executescript', 'raw', 'mogrify']);
const SQL_SHAPE = /\b(?:SELECT\s[\s\S]*?\bFROM\b|INSERT\s+INTO\b|UPDATE\s+\S+\s+SET\b|DELETE\s+FROM\b)/i;

/** An f-string with `{}`, `"…" % x`, `"…" + x` or `"…".format(x)`. */
export function isFormattedString(node: Node | null | undefined): boolean {
  if (!node) return false;
  if (node.type === 'string' || node.type === 'concatenated_string') return !isConstant(node);
  if (node.type === 'binary_operator') {
    const op = node.child(1)?.type;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (op === '%') return left?.type === 'string' && !isConstant(right);
    if (op === '+') return !isConstant(node) && (hasString(left) || hasString(right));
    return false;
  }
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    return fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'format' && hasString(fn.childForFieldName('object'));
  }
  return node.type === 'parenthesized_expression' && isFormattedString(node.namedChildren[0]);
}

const hasString = (n: Node | null): boolean => !!n && (n.type === 'string' || n.type === 'concatenated_string'
  || (n.type === 'binary_operator' && (hasString(n.childForFieldName('left')) || hasString(n.childForFieldName('right')))));

function checkCall(call: Node, ctx: PyContext): void {
  const fn = call.childForFieldName('function');
  const target = ctx.resolve(fn);
  if (!fn || target === undefined) return;
  const { positional, keywords } = callArgs(call);
  const first = positional[0];
  if ((target === 'eval' || target === 'exec' || target === 'builtins.eval' || target === 'builtins.exec') && first && !isConstant(first)) {
    ctx.reporter.report(PY_EVAL, ctx.span(call));
  } else if (SHELL_ALWAYS.has(target) && first && !isConstant(first)) {
    ctx.reporter.report(PY_COMMAND, ctx.span(call));
  } else if (SHELL_OPTION.has(target) && keywords.get('shell')?.type === 'true') {
    const cmd = first ?? keywords.get('args');
    if (cmd && !isConstant(cmd) && cmd.type !== 'list') ctx.reporter.report(PY_COMMAND, ctx.span(call));
  } else if ((fn.type === 'attribute' && SQL_SINKS.has(fn.childForFieldName('attribute')?.text ?? '')) || target === 'sqlalchemy.text' || target === 'text') {
    if (!first) return;
    if (isFormattedString(first) && SQL_SHAPE.test(first.text)) ctx.reporter.report(PY_SQL, ctx.span(first));
    else if (first.type === 'identifier' && ctx.dynamicSql.has(first.text)) {
      ctx.reporter.report(PY_SQL, { ...ctx.span(first), detail: `\`${first.text}\` is built with string formatting on line ${ctx.dynamicSql.get(first.text)!.startPosition.row + 1}.` });
    }
  }
}

/** `q = f"SELECT … {x}"` → remember `q`; a later plain re-assignment forgets it. */
function recordAssignment(node: Node, ctx: PyContext): void {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (left?.type !== 'identifier' || !right) return;
  if (isFormattedString(right) && SQL_SHAPE.test(right.text)) ctx.dynamicSql.set(left.text, right);
  else ctx.dynamicSql.delete(left.text);
  if (ctx.readsRequest(right)) ctx.tainted.add(left.text);
}

export const injection: PyRule = { on: { call: checkCall, assignment: recordAssignment } };
