// Reads code from an editor into a CodeContext (the pure building and trimming is core/prompt-context).
import * as vscode from 'vscode';
import { buildCodeContext, type BuiltContext } from '../core/prompt-context';

/** The selection, or the whole document when nothing is selected. */
export function contextFromEditor(editor: vscode.TextEditor): BuiltContext {
  const { document, selection } = editor;
  let range: vscode.Range = selection;
  if (selection.isEmpty) {
    range = new vscode.Range(0, 0, document.lineCount, 0);
  } else if (selection.end.character === 0 && selection.end.line > selection.start.line) {
    // a selection of whole lines ends at column 0 of the next line: that line is not part of it
    range = new vscode.Range(selection.start, document.lineAt(selection.end.line - 1).range.end);
  }
  range = document.validateRange(range);
  const isFile = document.uri.scheme === 'file';
  return buildCodeContext({
    filePath: isFile ? document.uri.fsPath : document.isUntitled ? document.uri.path : basename(document.uri),
    isFile,
    workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
    languageId: document.languageId,
    text: document.getText(range),
    startLine: range.start.line + 1,
  });
}

function basename(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.toString();
}
