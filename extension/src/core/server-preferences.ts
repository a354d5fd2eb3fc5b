// The user's preferences as the server keeps them (`GET /api/v1/me/preferences`): default models
// per task and which features are on. Read when the connection comes up, so a team admin's or the
// user's choice on the web page follows them to every editor. Until the server answered (or when
// it cannot), everything is on and the server picks the models.
import { Preferences } from '../../../protocol';
import { Emitter } from './emitter';
import type { Logger } from './logger';
import type { ChurnisticClient } from './server-client';

export const DEFAULT_PREFERENCES: Preferences = Preferences.parse({});

export class ServerPreferences {
  private value: Preferences = DEFAULT_PREFERENCES;
  private readonly changed = new Emitter<Preferences>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly client: Pick<ChurnisticClient, 'json'>, private readonly logger: Logger) {}

  get current(): Preferences {
    return this.value;
  }

  async refresh(): Promise<void> {
    try {
      const next = await this.client.json('/api/v1/me/preferences', Preferences);
      if (JSON.stringify(next) === JSON.stringify(this.value)) return;
      this.value = next;
      this.logger.info(`preferences: features ${Object.entries(next.features).filter(([, on]) => !on).map(([k]) => k).join(', ') || 'all'} ${Object.values(next.features).every(Boolean) ? 'on' : 'off'}`);
      this.changed.fire(next);
    } catch (e) {
      this.logger.warn(`preferences: kept the previous ones (${e instanceof Error ? e.message : String(e)})`);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
