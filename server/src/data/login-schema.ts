/**
 * Migration 8 (local-login). Like every applied migration, never edit it once released; append a new
 * version instead.
 */
export const LOGIN_MIGRATION: string[] = [];
