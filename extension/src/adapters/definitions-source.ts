// Definitions of the symbols right before the cursor, through the editor's own language services
// (`vscode.executeDefinitionProvider`), as an inline ContextSource. Language servers can be slow:
// the engine skips this source when it runs past its time budget.
import * as vscode from 'vscode';
import { isSensitivePath } from '../core/security/sensitive-files';
import type { ContextSource, Snippet } from '../core/inline/types';

const IDENTIFIER = /[A-Za-z_$][\w$]*/g;
const MAX_SYMBOLS = 4;
// Keywords have no definition; asking the language server about them only costs time.
const KEYWORDS = new Set(['const', 'let', 'var', 'function', 'return', 'if', 'else', 'for', 'while', 'new', 'this', 'await',
  'async', 'import', 'from', 'export', 'class', 'def', 'self', 'true', 'false', 'null', 'undefined', 'None', 'True', 'False']);
const MAX_LINES = 30;

export function definitionsSource(budgetTokens = 700, timeoutMs = 80): ContextSource {
  return {
    name: 'definition',
    budgetTokens,
    timeoutMs,
    async collect(doc, signal) {
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === doc.uri);
      if (!document) return [];
      const cursor = document.positionAt(doc.offset);
      const positions = identifiersBefore(document, cursor);
      const out: Snippet[] = [];
      const seen = new Set<string>();
      for (const [rank, position] of positions.entries()) {
        if (signal.aborted) break;
        const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
          'vscode.executeDefinitionProvider', document.uri, position);
        for (const loc of locations ?? []) {
          const uri = 'targetUri' in loc ? loc.targetUri : loc.uri;
          const range = 'targetUri' in loc ? (loc.targetRange ?? loc.targetSelectionRange) : loc.range;
          const key = `${uri.toString()}#${range.start.line}`;
          if (seen.has(key) || (uri.toString() === doc.uri && range.contains(cursor))) continue;
          seen.add(key);
          const path = vscode.workspace.asRelativePath(uri, true);
          if (isSensitivePath(path)) continue;
          const target = await vscode.workspace.openTextDocument(uri);
          const end = Math.min(target.lineCount - 1, range.start.line + MAX_LINES - 1, Math.max(range.end.line, range.start.line));
          const text = target.getText(new vscode.Range(range.start.line, 0, end, target.lineAt(end).text.length));
          out.push({ source: 'definition', path, text, score: 1 / (rank + 1) });
        }
      }
      return out;
    },
  };
}

/** The last few distinct identifiers before the cursor on this line and the one above. */
function identifiersBefore(document: vscode.TextDocument, cursor: vscode.Position): vscode.Position[] {
  const found: vscode.Position[] = [];
  const names = new Set<string>();
  for (let line = cursor.line; line >= Math.max(0, cursor.line - 1) && found.length < MAX_SYMBOLS; line--) {
    const text = line === cursor.line ? document.lineAt(line).text.slice(0, cursor.character) : document.lineAt(line).text;
    const matches = [...text.matchAll(IDENTIFIER)].reverse();
    for (const m of matches) {
      if (found.length >= MAX_SYMBOLS) break;
      if (names.has(m[0]) || m[0].length < 2 || KEYWORDS.has(m[0])) continue;
      names.add(m[0]);
      found.push(new vscode.Position(line, m.index!));
    }
  }
  return found;
}
