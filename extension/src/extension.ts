// Entry point: composes adapters, core and features, and registers them. Nothing here talks to the
// network on the activation path; the first connection check is deferred until after activation.
import * as vscode from 'vscode';
import type { ChurnisticApi } from './api';
import { Config } from './adapters/config';
import { createLogger } from './adapters/logger';
import { TokenStore } from './adapters/secrets';
import { ChatSession } from './core/chat-session';
import { ConnectionMonitor } from './core/connection';
import { ServerPreferences } from './core/server-preferences';
import { ChurnisticClient } from './core/server-client';
import { AuthFeature } from './features/auth/auth-feature';
import { ChatFeature } from './features/chat/chat-feature';
import { ExplainFeature } from './features/explain/explain-feature';
import { InlineFeature } from './features/inline/inline-feature';
import { ReviewFeature } from './features/review/review-feature';
import { StatusFeature } from './features/status/status-feature';

export function activate(context: vscode.ExtensionContext): ChurnisticApi {
  const logger = createLogger();
  const config = new Config();
  const tokens = new TokenStore(context.secrets);
  const client = new ChurnisticClient({ serverUrl: () => config.serverUrl, token: () => tokens.get() });
  const monitor = new ConnectionMonitor({ client, hasToken: () => tokens.has(), logger });
  const session = new ChatSession({ client, logger, onUnauthorized: () => void monitor.check(true) });
  const preferences = new ServerPreferences(client, logger);

  const status = new StatusFeature(monitor);
  const inline = new InlineFeature({ client, monitor, logger, setBusy: (busy) => status.setInlineBusy(busy),
    allowed: () => preferences.current.features.inline });
  const chat = new ChatFeature({ context, session, monitor, client, logger, index: () => inline.workspaceIndex, preferences });
  context.subscriptions.push(
    logger, config, tokens, monitor, session, status, chat, inline,
    new AuthFeature({ tokens, client, logger, secrets: context.secrets }),
    new ExplainFeature(session, logger),
    new ReviewFeature({ extensionUri: context.extensionUri, client, monitor, logger, index: () => inline.workspaceIndex, preferences }),
    preferences,
    // preferences follow the account: read them whenever the connection comes up
    monitor.onDidCheck((s) => { if (s.state === 'connected') void preferences.refresh(); }),
    // a different server or token means a different answer: check again right away
    config.onDidChange(() => void monitor.check(true)),
    tokens.onDidChange(() => void monitor.check(true)),
  );

  const deferred = setTimeout(() => void monitor.check(), 0);
  context.subscriptions.push({ dispose: () => clearTimeout(deferred) });
  logger.info(`activated ${context.extension.id} ${context.extension.packageJSON.version ?? ''} (server ${config.serverUrl})`);

  return {
    connection: () => monitor.status,
    statusBarText: () => status.text,
    inline: { stats: () => ({ ...inline.engine.stats }) },
    chat: {
      isWebviewReady: () => chat.provider.isReady,
      transcript: () => session.transcript,
      receive: (message) => chat.provider.receive(message),
      posted: () => chat.provider.recent,
    },
  };
}

export function deactivate(): void {
  // everything is disposed through context.subscriptions
}
