// Types for launch.mjs, so the TypeScript e2e suites and run-in-host can import it.
import type { BrowserContext, Frame, Page } from 'playwright-core';

export interface LaunchOptions {
  /** install dir created by install.sh (default: ensure-host's hostDir()) */
  host?: string;
  /** extension folder loaded as extensionDevelopmentPath */
  extension?: string;
  /** packaged extension(s) installed with --install-extension before start */
  vsix?: string | string[];
  /** folder to open (default: an empty temp folder) */
  workspace?: string;
  /** user settings, merged over the defaults */
  settings?: Record<string, unknown>;
  /** extensionTestsPath: a module exporting run() */
  tests?: string;
  /** functions exposed on window before navigation (page.exposeFunction) */
  bindings?: Record<string, (...args: any[]) => unknown>;
  /** extra environment for code-server, inherited by the extension host */
  env?: Record<string, string>;
  /** ms to wait for code-server and the workbench (default 60000) */
  startupTimeout?: number;
}

export interface VSCodeSession {
  page: Page;
  context: BrowserContext;
  url: string;
  port: number;
  /** tail of code-server's stdout/stderr */
  log(): string;
  close(): Promise<void>;
}

export function launchVSCode(options: LaunchOptions): Promise<VSCodeSession>;
export function runCommand(page: Page, title: string, timeout?: number): Promise<void>;
export function waitForFrameWithText(page: Page, text: string, timeout?: number): Promise<Frame>;
