/**
 * Migration 7 (accounts). Like every applied migration, never edit it once released; append a new
 * version instead.
 */
export const ACCOUNTS_MIGRATION: string[] = [];
