// A minimal event emitter for core/ (vscode.EventEmitter is not available here). Listeners get a
// disposer back, and a throwing listener does not stop the others.

export interface Disposable {
  dispose(): void;
}

export class Emitter<T> {
  private listeners = new Set<(value: T) => void>();

  readonly event = (listener: (value: T) => void): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch {
        // one broken listener must not starve the rest
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
