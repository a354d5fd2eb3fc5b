// Where the user edited lately, as Copilot and Continue use it: the code around recent edits in
// other files is often what the next line needs. Bounded: a few files, one window each.
import { isSensitivePath } from '../security/sensitive-files';
import { estimateTokens } from './tokens';
import type { ContextSource, Snippet } from './types';

interface Edit { uri: string; path: string; line: number; text: () => string; at: number }

export interface RecentEditsOptions {
  maxFiles?: number;
  /** Lines kept on each side of the edited line. */
  radius?: number;
  now?: () => number;
}

export class RecentEdits {
  private readonly edits = new Map<string, Edit>();

  constructor(private readonly options: RecentEditsOptions = {}) {}

  /**
   * Records an edit. `text` is read lazily, only when a completion asks, so the typing path pays
   * nothing for it.
   */
  record(uri: string, path: string, line: number, text: () => string): void {
    if (isSensitivePath(path)) return; // never keep, never send: .env, keys, certificates
    this.edits.delete(uri);
    this.edits.set(uri, { uri, path, line, text, at: (this.options.now ?? Date.now)() });
    const max = this.options.maxFiles ?? 8;
    while (this.edits.size > max) this.edits.delete(this.edits.keys().next().value!);
  }

  forget(uri: string): void {
    this.edits.delete(uri);
  }

  /** Newest first, except the document being completed. */
  windows(exceptUri: string): Snippet[] {
    const radius = this.options.radius ?? 6;
    const out: Snippet[] = [];
    const newestFirst = [...this.edits.values()].reverse();
    newestFirst.forEach((edit, rank) => {
      if (edit.uri === exceptUri) return;
      const lines = edit.text().split('\n');
      const from = Math.max(0, edit.line - radius);
      const text = lines.slice(from, Math.min(lines.length, edit.line + radius + 1)).join('\n');
      if (text.trim()) out.push({ source: 'recent', path: edit.path, text, score: 1 / (rank + 1) });
    });
    return out;
  }

  source(budgetTokens = 500): ContextSource {
    return {
      name: 'recent',
      budgetTokens,
      timeoutMs: 20,
      collect: async (doc) => {
        const out: Snippet[] = [];
        let used = 0;
        for (const s of this.windows(doc.uri)) {
          used += estimateTokens(s.text);
          if (used > budgetTokens) break;
          out.push(s);
        }
        return out;
      },
    };
  }
}
