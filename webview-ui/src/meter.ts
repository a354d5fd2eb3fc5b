// How much of the model's window the next question uses: "3.2k / 128k tokens" and a bar that
// turns to the warning colour above 80% of what a question may use (window minus the answer's
// reserve). A <meter> element, so no style attribute is needed (the CSP forbids them).
import type { ContextMeter } from '../../protocol';
import { el } from './dom';

const WARN_AT = 0.8;

/** 950 → "950", 3210 → "3.2k", 128000 → "128k", 1048576 → "1M". */
export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${(n / 1000).toFixed(1).replace(/\.0$/, '')}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}

export interface MeterView {
  text: string;
  /** What a question may use: contextWindow - reserve. */
  budget: number;
  level: 'ok' | 'warning' | 'over';
  tooltip: string;
}

export function meterView(m: ContextMeter): MeterView {
  const budget = Math.max(1, m.contextWindow - m.reserve);
  const level = m.usedTokens > budget ? 'over' : m.usedTokens > WARN_AT * budget ? 'warning' : 'ok';
  const how = m.source === 'estimate' ? 'Estimated in the editor before sending' : "The server's count for the last question";
  const tooltip = `${how}: ${m.usedTokens.toLocaleString('en-US')} of ${budget.toLocaleString('en-US')} tokens a question may use `
    + `(${m.model}: ${m.contextWindow.toLocaleString('en-US')}-token window, ${m.reserve.toLocaleString('en-US')} kept for the answer).`;
  return { text: `${formatTokens(m.usedTokens)} / ${formatTokens(m.contextWindow)} tokens`, budget, level, tooltip };
}

export class Meter {
  private readonly bar = el('meter', { class: 'meter-bar', min: '0', 'aria-hidden': 'true' });
  private readonly label = el('span', { class: 'meter-text' });
  readonly element = el('div', { class: 'context-meter', 'data-testid': 'context-meter' }, this.bar, this.label);

  constructor() {
    this.element.hidden = true;
  }

  render(m: ContextMeter | null): void {
    this.element.hidden = !m;
    if (!m) return;
    const view = meterView(m);
    this.element.dataset.used = String(m.usedTokens);
    this.element.dataset.window = String(m.contextWindow);
    this.element.dataset.source = m.source;
    this.element.classList.toggle('warning', view.level !== 'ok');
    this.element.classList.toggle('over', view.level === 'over');
    this.element.title = view.tooltip;
    this.element.setAttribute('aria-label', view.tooltip);
    this.bar.max = view.budget;
    this.bar.high = WARN_AT * view.budget;
    this.bar.optimum = 0;
    this.bar.value = Math.min(m.usedTokens, view.budget);
    this.label.textContent = view.text;
  }
}
