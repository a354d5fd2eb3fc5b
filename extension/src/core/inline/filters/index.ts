// The post-processing pipeline: each filter in its own file, run in this order on the model's
// text before it becomes a suggestion. The order matters:
// 1. strip-markdown: unwrap fences, tags and prose first, so later filters see only code;
// 2. strip-echoed-prefix: before any line-based filter, as the echo may span whole lines;
// 3. single-or-multi-line: then cut to one line where only one fits;
// 4. stop-at-block-end: cut a multi-line completion at the end of its block and at ctx.maxLines;
// 5. remove-suffix-overlap: on the final extent, drop the end the suffix already has;
// 6. balance-brackets: then cut at closers the suffix already provides (what 5 could not match);
// 7. drop-useless: last, to catch whatever earlier steps left empty, looping or already present.
import type { CompletionFilter, FilterContext } from '../types';
import { balanceBrackets } from './balance-brackets';
import { dropUseless } from './drop-useless';
import { removeSuffixOverlap } from './remove-suffix-overlap';
import { singleOrMultiLine } from './single-or-multi-line';
import { stopAtBlockEnd } from './stop-at-block-end';
import { stripEchoedPrefix } from './strip-echoed-prefix';
import { stripMarkdown } from './strip-markdown';

export { balanceBrackets, dropUseless, removeSuffixOverlap, singleOrMultiLine, stopAtBlockEnd, stripEchoedPrefix, stripMarkdown };
export { isMultilinePosition } from './single-or-multi-line';
export { inferIndentUnit } from './indent-unit';

export const DEFAULT_FILTERS: CompletionFilter[] = [
  stripMarkdown,
  stripEchoedPrefix,
  singleOrMultiLine,
  stopAtBlockEnd,
  removeSuffixOverlap,
  balanceBrackets,
  dropUseless,
];

/** Runs the filters in order; undefined (nothing to suggest) as soon as one drops the completion. */
export function postprocess(
  completion: string,
  ctx: FilterContext,
  filters: readonly CompletionFilter[] = DEFAULT_FILTERS,
): string | undefined {
  let text: string | undefined = completion;
  for (const filter of filters) {
    text = filter(text, ctx);
    if (text === undefined) return undefined;
  }
  return text;
}
