// The inline engine's 'workspace' context: windows of other workspace files that look like the code
// just above the cursor (Jaccard over identifier sets), from the workspace index. Never waits for
// the index: before the first walk finishes it answers from what is indexed so far.
import { isSensitivePath } from '../security/sensitive-files';
import type { ContextSource, DocumentSnapshot, Snippet } from '../inline/types';
import { familyOf } from './languages';
import type { WorkspaceIndex } from './workspace-index';

export interface WorkspaceSourceOptions {
  budgetTokens?: number;
  timeoutMs?: number;
  /** Snippets returned at most. */
  maxSnippets?: number;
  /** Lines above the cursor (with the cursor's line) that make up the query. */
  queryLines?: number;
  /** Windows less similar than this are not worth their tokens. */
  minScore?: number;
}

type IndexLike = Pick<WorkspaceIndex, 'searchSnippets'>;

export class WorkspaceContextSource implements ContextSource {
  readonly name = 'workspace' as const;
  readonly budgetTokens: number;
  readonly timeoutMs: number;
  private readonly maxSnippets: number;
  private readonly queryLines: number;
  private readonly minScore: number;

  /** `index` may be a getter, for an index that is replaced when workspace folders change. */
  constructor(
    private readonly index: IndexLike | (() => IndexLike | undefined),
    options: WorkspaceSourceOptions = {},
  ) {
    this.budgetTokens = options.budgetTokens ?? 400;
    this.timeoutMs = options.timeoutMs ?? 30;
    this.maxSnippets = options.maxSnippets ?? 3;
    this.queryLines = options.queryLines ?? 20;
    this.minScore = options.minScore ?? 0.1;
  }

  async collect(doc: DocumentSnapshot, signal: AbortSignal): Promise<Snippet[]> {
    // a secret file's own content must not even serve as a query
    if (signal.aborted || isSensitivePath(doc.relativePath)) return [];
    const index = typeof this.index === 'function' ? this.index() : this.index;
    if (!index) return [];
    const query = linesAbove(doc.text, doc.offset, this.queryLines);
    if (!query.trim()) return [];
    const matches = index.searchSnippets(query, this.maxSnippets, {
      excludePath: doc.relativePath || undefined,
      family: familyOf(doc.relativePath, doc.languageId),
      minScore: this.minScore,
    });
    return matches.map((m) => ({ source: 'workspace', path: m.path, text: m.text, score: m.score }));
  }
}

/** The last `count` lines up to `offset`, the cursor's line included up to the cursor. */
export function linesAbove(text: string, offset: number, count: number): string {
  const end = Math.max(0, Math.min(offset, text.length));
  let start = end;
  for (let n = 0; n < count && start > 0; n++) {
    const nl = text.lastIndexOf('\n', start - 1);
    start = nl < 0 ? 0 : nl;
    if (nl < 0) break;
  }
  return text.slice(start, end).replace(/^\n/, '');
}
