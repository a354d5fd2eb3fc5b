// Turns what the editor tells us into suggestion events. Full accepts come from the item's command
// (VS Code runs it on Tab). Partial accepts (next word / next line) have no stable API before
// VS Code 1.97's proposed one, so they are recognised from the document change: text inserted at the
// suggestion's position that is a beginning of the suggestion. A suggestion replaced by another
// without being accepted counts as dismissed.
import type { InlineEvent } from '../../../../protocol';

export interface ShownSuggestion {
  completionId: string;
  uri: string;
  offset: number;
  text: string;
  language: string;
}

export class AcceptanceTracker {
  private current: (ShownSuggestion & { kept: number }) | undefined;

  constructor(private readonly emit: (event: InlineEvent) => void, private readonly now: () => Date = () => new Date()) {}

  /** A suggestion went on screen; the one before it, if never accepted, was dismissed. */
  shown(s: ShownSuggestion): void {
    if (this.current?.completionId === s.completionId && this.current.uri === s.uri) {
      // the same suggestion, still on screen as the user types into it (served from cache)
      return;
    }
    this.settle();
    this.current = { ...s, kept: 0 };
    this.event('shown', { shownChars: s.text.length });
  }

  /** The item's command ran: the user pressed Tab. */
  accepted(completionId: string): void {
    if (this.current?.completionId !== completionId) return;
    this.event('accepted', { acceptedChars: this.current.text.length });
    this.current = undefined;
  }

  /** Text was inserted into a document at `offset`. */
  inserted(uri: string, offset: number, text: string): void {
    const c = this.current;
    if (!c || c.uri !== uri) return;
    const expectedAt = c.offset + c.kept;
    const rest = c.text.slice(c.kept);
    if (offset === expectedAt && text.length > 0 && text.length < rest.length && rest.startsWith(text)) {
      c.kept += text.length;
      return;
    }
    if (offset === expectedAt && text === rest) return; // the full accept; its command reports it
    this.settle();
  }

  /** The user moved away, closed the editor, or the extension is stopping. */
  settle(): void {
    const c = this.current;
    if (!c) return;
    this.current = undefined;
    if (c.kept > 0) this.event('partiallyAccepted', { acceptedChars: c.kept }, c);
    else this.event('dismissed', {}, c);
  }

  private event(type: InlineEvent['type'], extra: Partial<InlineEvent>, s: ShownSuggestion = this.current!): void {
    this.emit({ completionId: s.completionId, type, language: s.language, at: this.now().toISOString(), ...extra });
  }
}
