// Unsafe deserialization: pickle/cPickle/dill/marshal/jsonpickle loads, `yaml.unsafe_load`, and
// `yaml.load`/`load_all` without a safe Loader (SafeLoader, CSafeLoader, BaseLoader; FullLoader and
// Loader are unsafe). Fix: `yaml.load(x)` with one argument → `yaml.safe_load(x)`, the documented
// replacement; no fix when a Loader is given (the author chose one, a human should look).
import type { Node } from '@vscode/tree-sitter-wasm';
import type { RuleMeta } from '../../types';
import { callArgs, type PyContext, type PyRule } from '../context';

export const PY_DESERIALIZATION: RuleMeta = {
  id: 'py/deserialization', severity: 'high', category: 'security', cwe: 'CWE-502', confidence: 0.6,
  title: 'Unsafe deserialization',
  message: 'Loading pickle (or YAML with a full Loader) can construct arbitrary objects and run code chosen by whoever ' +
    'wrote the data. Only load data you produced and protected; for exchange formats use JSON or `yaml.safe_load`.',
};

const PICKLE = /^(?:pickle|cPickle|_pickle|dill|marshal|shelve|jsonpickle)\.(?:loads?|Unpickler|decode|open)$/;
const SAFE_LOADERS = /(?:^|\.)(?:SafeLoader|CSafeLoader|BaseLoader|CBaseLoader)$/;

function checkCall(call: Node, ctx: PyContext): void {
  const fn = call.childForFieldName('function');
  const target = ctx.resolve(fn);
  if (target === undefined || !fn) return;
  if (PICKLE.test(target) || target === 'yaml.unsafe_load' || target === 'yaml.unsafe_load_all') {
    ctx.reporter.report(PY_DESERIALIZATION, ctx.span(call));
    return;
  }
  if (target !== 'yaml.load' && target !== 'yaml.load_all') return;
  const { positional, keywords } = callArgs(call);
  const loader = keywords.get('Loader') ?? positional[1];
  if (loader && SAFE_LOADERS.test(loader.text)) return;
  const fixable = target === 'yaml.load' && positional.length === 1 && keywords.size === 0 && fn.text === 'yaml.load';
  ctx.reporter.report(PY_DESERIALIZATION, {
    ...ctx.span(call), title: 'yaml.load without a safe Loader',
    ...(fixable ? { fix: { description: 'Use yaml.safe_load', start: fn.startIndex, end: fn.endIndex, replacement: 'yaml.safe_load' } } : {}),
  });
}

export const deserialization: PyRule = { on: { call: checkCall } };
