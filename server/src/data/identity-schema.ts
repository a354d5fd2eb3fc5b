/**
 * Migration 9 (external-identities). Like every applied migration, never edit it once released; append a new
 * version instead.
 */
export const IDENTITY_MIGRATION: string[] = [];
