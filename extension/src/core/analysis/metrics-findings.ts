// Maintainability findings from function metrics, shared by both languages. Thresholds follow
// common linters: ESLint's `complexity` is often set to 15-20, and 80 lines no longer fit a screen.
import type { Reporter } from './finding';
import type { FunctionMetric, RuleMeta } from './types';

export const MAX_COMPLEXITY = 15;
export const MAX_LINES = 80;

export const COMPLEXITY: RuleMeta = {
  id: 'metrics/complexity', severity: 'low', category: 'maintainability', confidence: 1,
  title: 'Function is too complex',
  message: `Cyclomatic complexity above ${MAX_COMPLEXITY} means many paths to test and to keep in mind. Extract the branches into ` +
    'well-named helpers, return early, or replace long `if`/`switch` chains with a lookup table.',
};
export const LENGTH: RuleMeta = {
  id: 'metrics/function-length', severity: 'info', category: 'maintainability', confidence: 1,
  title: 'Function is too long',
  message: `Functions longer than ${MAX_LINES} lines are hard to read and review. Split it into steps with their own names.`,
};

/** `nameStart/nameEnd`: the function's name (or first token), where the finding is shown. */
export function reportMetric(reporter: Reporter, m: FunctionMetric, nameStart: number, nameEnd: number): void {
  if (m.cyclomatic > MAX_COMPLEXITY) {
    reporter.report(COMPLEXITY, { start: nameStart, end: nameEnd, title: `\`${m.name}\` has cyclomatic complexity ${m.cyclomatic} (over ${MAX_COMPLEXITY})` });
  }
  if (m.lines > MAX_LINES) {
    reporter.report(LENGTH, { start: nameStart, end: nameEnd, title: `\`${m.name}\` is ${m.lines} lines long (over ${MAX_LINES})` });
  }
}
