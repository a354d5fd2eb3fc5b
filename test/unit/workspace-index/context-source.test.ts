// The 'workspace' ContextSource over a real index of a temp directory.
import assert from 'node:assert/strict';
import type { DocumentSnapshot } from '../../../extension/src/core/inline/types';
import { WorkspaceContextSource, linesAbove } from '../../../extension/src/core/workspace-index/context-source';
import { NodeWorkspaceFs } from '../../../extension/src/core/workspace-index/workspace-fs';
import { WorkspaceIndex } from '../../../extension/src/core/workspace-index/workspace-index';
import { makeTempDir, removeDir, writeTree } from '../../fixtures/workspace/fixture-tree';

const CART = [
  'export class ShoppingCart {',
  '  private items: CartItem[] = [];',
  '  totalPrice(): number {',
  '    return this.items.reduce((sum, item) => sum + item.price * item.quantity, 0);',
  '  }',
  '}',
].join('\n');

function doc(relativePath: string, text: string, languageId = 'typescript'): DocumentSnapshot {
  return { uri: `file:///ws/${relativePath}`, relativePath, languageId, text, offset: text.length, version: 1 };
}

describe('workspace index: context source', () => {
  let root: string;
  let index: WorkspaceIndex;

  before(async () => {
    root = await makeTempDir();
    await writeTree(root, {
      'src/cart.ts': CART,
      'src/editing.ts': 'export function orderTotal(order: Order) {\n  return order.items.reduce((sum, item) => sum + item.price * item.quantity, 0);\n}\n',
      'py/cart.py': 'def total_price(items):\n    return sum(item.price * item.quantity for item in items)\n',
      'src/logger.ts': 'export function log(message: string) { console.log(message); }\n',
    });
    index = new WorkspaceIndex(new NodeWorkspaceFs(root));
    await index.start();
  });

  after(async () => {
    index.dispose();
    await removeDir(root);
  });

  it('returns windows of other files of the same language family that resemble the code above the cursor', async () => {
    const source = new WorkspaceContextSource(index);
    assert.equal(source.name, 'workspace');
    const text = 'function subtotal(cart: ShoppingCart) {\n  return cart.items.reduce((sum, item) => sum + item.price * item.';
    const snippets = await source.collect(doc('src/editing.ts', text), new AbortController().signal);
    assert.deepEqual(snippets.map((s) => [s.source, s.path]), [['workspace', 'src/cart.ts']]);
    assert.equal(snippets[0]!.text, CART);
    assert.ok(snippets[0]!.score > 0 && snippets[0]!.score <= 1);
  });

  it('returns nothing for a sensitive document, an aborted request or a missing index', async () => {
    const source = new WorkspaceContextSource(index);
    const text = 'items.reduce((sum, item) => sum + item.price * item.quantity';
    assert.deepEqual(await source.collect(doc('.env', text, 'dotenv'), new AbortController().signal), []);
    const aborted = new AbortController();
    aborted.abort();
    assert.deepEqual(await source.collect(doc('src/x.ts', text), aborted.signal), []);
    assert.deepEqual(await new WorkspaceContextSource(() => undefined).collect(doc('src/x.ts', text), new AbortController().signal), []);
  });

  it('answers from an index that has not finished (or started) its walk instead of waiting', async () => {
    const fresh = new WorkspaceIndex(new NodeWorkspaceFs(root));
    const source = new WorkspaceContextSource(() => fresh);
    assert.deepEqual(await source.collect(doc('src/x.ts', 'items.reduce(item.price'), new AbortController().signal), []);
    fresh.dispose();
  });

  it('takes the last lines up to the cursor as the query', () => {
    assert.equal(linesAbove('a\nb\nc\nd', 7, 2), 'c\nd');
    assert.equal(linesAbove('a\nb\nc\nd', 5, 2), 'b\nc');
    assert.equal(linesAbove('one line', 3, 5), 'one');
    assert.equal(linesAbove('', 0, 5), '');
  });
});
