// Splits an answer into text and fenced code blocks. Pure (no DOM) so it is unit-tested; the
// renderer turns segments into DOM nodes with textContent only, never innerHTML.
// An unterminated fence (the answer is still streaming) is a code block up to the end.

export type Segment =
  | { kind: 'text'; text: string }
  | { kind: 'code'; lang: string; code: string; closed: boolean };

const OPEN_FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w#+.-]*)[^`]*$/;

export function splitFences(text: string): Segment[] {
  const segments: Segment[] = [];
  const lines = text.split('\n');
  let buffer: string[] = [];
  let fence: { marker: string; lang: string } | undefined;

  const flushText = () => {
    const joined = buffer.join('\n');
    if (joined.trim()) segments.push({ kind: 'text', text: joined.replace(/^\n+|\n+$/g, '') });
    buffer = [];
  };

  for (const line of lines) {
    if (!fence) {
      const open = OPEN_FENCE.exec(line);
      if (open?.[1]) {
        flushText();
        fence = { marker: open[1], lang: open[2] ?? '' };
      } else {
        buffer.push(line);
      }
      continue;
    }
    const trimmed = line.trim();
    // a closing fence uses the same character, at least as long, and nothing after it
    if (trimmed.length >= fence.marker.length && trimmed === trimmed[0]!.repeat(trimmed.length) && trimmed[0] === fence.marker[0]) {
      segments.push({ kind: 'code', lang: fence.lang, code: buffer.join('\n'), closed: true });
      buffer = [];
      fence = undefined;
    } else {
      buffer.push(line);
    }
  }
  if (fence) segments.push({ kind: 'code', lang: fence.lang, code: buffer.join('\n'), closed: false });
  else flushText();
  return segments;
}

export type InlinePart = { kind: 'text' | 'code'; text: string };

/** `inline code` spans inside a text segment; everything else stays plain text. */
export function splitInlineCode(text: string): InlinePart[] {
  const parts: InlinePart[] = [];
  const re = /`([^`\n]+)`/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) parts.push({ kind: 'text', text: text.slice(last, m.index) });
    parts.push({ kind: 'code', text: m[1]! });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}
