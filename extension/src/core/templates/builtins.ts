// The built-in slash commands as prompt templates. A workspace file or a team template with the
// same name replaces one (see registry.ts). `/explain` is THE explain prompt: the Explain command
// (selection or whole file) and the chat's `/explain` both render it (prompts.ts → explainPrompt).
import { PromptTemplate } from '../../../../protocol';

/** The first words of the explain prompt (kept for callers that check what a prompt is). */
export const EXPLAIN_PROMPT = 'Explain this code';

const RAW = [
  {
    name: 'explain',
    description: 'Explain the selected code: what it does, how it works, what is risky',
    variables: [
      // filled by the Explain command (" from `src/a.ts` (lines 5–7)"); empty in the chat
      { name: 'location', description: 'Where the code comes from, as " from `file` (lines a–b)"', required: false, default: '' },
    ],
    body: `${EXPLAIN_PROMPT}{{location}}: what it does, how it works, and anything surprising or risky.\n\n{{input}}`,
  },
  {
    name: 'fix',
    description: 'Fix the problems in the selected code',
    body: [
      'Fix the problems in the attached code. Use the attached problems (compiler and linter',
      'diagnostics) where there are any; otherwise look for bugs yourself. For each fix, say in one line what was wrong,',
      'then give the corrected code as one complete code block that can replace the selection. Change nothing else.',
      '',
      '{{input}}',
    ].join('\n'),
  },
  {
    name: 'tests',
    description: 'Write unit tests for the selected code',
    variables: [{
      name: 'framework',
      description: 'Test framework to use (e.g. mocha, jest, pytest); the project\'s own when not given',
      required: false,
      default: 'the framework the project already uses (or the most common one for the language)',
    }],
    body: [
      'Write unit tests for the attached code, using {{framework}}. Cover normal cases, edge cases and error handling;',
      'use real inputs rather than mocks where practical; name each test after the behaviour it checks.',
      'Give the tests as one complete file.',
      '',
      '{{input}}',
    ].join('\n'),
  },
  {
    name: 'docs',
    description: 'Write documentation comments for the selected code',
    body: [
      'Write documentation comments for the attached code, in the language\'s own convention',
      '(JSDoc/TSDoc for TypeScript and JavaScript, docstrings for Python, /// for Rust and C#, Go doc comments, Javadoc).',
      'Describe what each public function, class and parameter is for, what it returns and what it throws, and say why',
      'where the code is not obvious. Return the code with the comments added and nothing else changed.',
      '',
      '{{input}}',
    ].join('\n'),
  },
  {
    name: 'optimize',
    description: 'Make the selected code faster or leaner, with reasoning',
    body: [
      'Improve the performance of the attached code. First say where the time or memory goes',
      '(complexity, allocations, I/O, repeated work) and why; then give the optimized code in one code block, keeping its',
      'behaviour identical. Say which change matters most and how to measure it. If it is already fine, say so.',
      '',
      '{{input}}',
    ].join('\n'),
  },
];

/** Validated once at load: a broken built-in is a bug, so parse (throwing) rather than safeParse. */
export const BUILTIN_TEMPLATES: readonly PromptTemplate[] = RAW.map((t) => PromptTemplate.parse(t));

export const EXPLAIN_TEMPLATE: PromptTemplate = BUILTIN_TEMPLATES[0]!;
