import type { ConversationDetail, ConversationExport } from '../../../protocol';

/**
 * Export formats of one conversation. JSON is the re-importable form (ConversationExport, see
 * protocol/history.ts); Markdown is for reading and sharing, and is not imported back.
 */
export function toExportJson(c: ConversationDetail, exportedAt = new Date().toISOString()): ConversationExport {
  return {
    format: 'churnistic.conversation',
    version: 1,
    exportedAt,
    conversation: {
      id: c.id,
      title: c.title,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      messages: c.messages.map((m) => ({
        id: m.id,
        role: m.role,
        content: m.content,
        model: m.model,
        status: m.status,
        promptTokens: m.promptTokens,
        completionTokens: m.completionTokens,
        latencyMs: m.latencyMs,
        createdAt: m.createdAt,
        feedback: m.feedback ? { rating: m.feedback.rating, comment: m.feedback.comment } : null,
      })),
    },
  };
}

const ROLE_HEADING = { system: 'System', user: 'You', assistant: 'Assistant' } as const;

/**
 * Markdown: the title, a few facts, then one section per message. Message content is Markdown
 * already and goes in as is; the headings are level 2 so a `#` inside an answer cannot pose as
 * the document title.
 */
export function toMarkdown(c: ConversationDetail, exportedAt = new Date().toISOString()): string {
  const lines = [
    `# ${c.title.replace(/\s*\n\s*/g, ' ')}`,
    '',
    `- Conversation: \`${c.id}\``,
    `- Started: ${c.createdAt}`,
    `- Last activity: ${c.updatedAt}`,
    `- Messages: ${c.messages.length}`,
    `- Exported: ${exportedAt}`,
    '',
  ];
  for (const m of c.messages) {
    const facts = [m.createdAt];
    if (m.model) facts.push(m.model);
    if (m.status !== 'complete') facts.push(m.status);
    if (m.promptTokens != null || m.completionTokens != null) facts.push(`${m.promptTokens ?? 0} + ${m.completionTokens ?? 0} tokens`);
    if (m.latencyMs != null) facts.push(`${m.latencyMs} ms`);
    if (m.feedback) facts.push(`rated ${m.feedback.rating === 'up' ? '👍' : '👎'}${m.feedback.comment ? ` "${m.feedback.comment}"` : ''}`);
    lines.push('---', '', `## ${ROLE_HEADING[m.role]}`, '', `_${facts.join(' · ')}_`, '', m.content || '_(empty)_', '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/**
 * A safe download name: ASCII letters, digits and dashes from the title, then the start of the id
 * (two conversations with one title still get different files).
 */
export function exportFilename(c: { id: string; title: string }, format: 'json' | 'md'): string {
  const slug = c.title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return `${slug || 'conversation'}-${c.id.slice(0, 8)}.${format}`;
}
