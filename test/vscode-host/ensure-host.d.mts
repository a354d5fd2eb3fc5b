// Types for ensure-host.mjs.
export const REPO_ROOT: string;
export const CHROMIUM: string;
export const APT_PACKAGES: string[];
export function hostDir(): string;
export function codeServerEntry(dir?: string): string;
export function isHostInstalled(dir?: string): boolean;
export function ensureHost(options?: { log?: (msg: string) => void }): string;
