// Suggestion events (shown, accepted, partially accepted, dismissed) are batched: one request per
// few seconds at most, never one per keystroke, and flushed on shutdown. A failed send keeps the
// events for the next try, up to a bound, so an offline editor does not grow without limit.
import type { InlineEvent } from '../../../../protocol';
import type { Clock } from './types';

export interface EventBatcherOptions {
  send: (events: InlineEvent[]) => Promise<unknown>;
  clock: Clock;
  /** Flush this long after the first unsent event. */
  delayMs?: number;
  /** Flush at once when this many are waiting. */
  maxBatch?: number;
  /** Oldest events are dropped beyond this many unsent. */
  maxQueued?: number;
}

export class EventBatcher {
  private queue: InlineEvent[] = [];
  private timer: unknown;
  private sending: Promise<void> | undefined;

  constructor(private readonly options: EventBatcherOptions) {}

  get pending(): number {
    return this.queue.length;
  }

  add(event: InlineEvent): void {
    this.queue.push(event);
    const max = this.options.maxQueued ?? 1000;
    if (this.queue.length > max) this.queue.splice(0, this.queue.length - max);
    if (this.queue.length >= (this.options.maxBatch ?? 50)) void this.flush();
    else if (this.timer === undefined) this.timer = this.options.clock.setTimeout(() => void this.flush(), this.options.delayMs ?? 5000);
  }

  /** Sends what is queued (one request in flight at a time); resolves when it has been tried. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) {
      this.options.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
    await this.sending;
    if (!this.queue.length) return;
    const batch = this.queue.splice(0, 500);
    this.sending = this.options.send(batch).then(
      () => undefined,
      () => { this.queue.unshift(...batch); }, // keep them for the next flush
    ).finally(() => { this.sending = undefined; });
    await this.sending;
  }
}
