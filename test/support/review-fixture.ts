// The file the review tests (in-host and e2e) ask the fake model about: an off-by-one on line 3.
export const OFF_BY_ONE_SOURCE = [
  'export function total(items: number[]): number {',
  '  let sum = 0;',
  '  for (let i = 0; i <= items.length; i++) {',
  '    sum += items[i];',
  '  }',
  '  return sum;',
  '}',
  '',
].join('\n');

/** The line as the model quotes it, and the fixed line a suggested change puts in its place. */
export const OFF_BY_ONE_QUOTE = 'for (let i = 0; i <= items.length; i++) {';
export const OFF_BY_ONE_FIXED_LINE = '  for (let i = 0; i < items.length; i++) {';
