export { HistoryCache, MAX_BYTES, MAX_CONVERSATIONS, type HistoryCacheOptions } from './cache';
export { nodeCacheFs, writeAtomic, type CacheFs } from './cache-fs';
export { matchConversation, queryWords, snippetAround, type LocalMatch } from './local-search';
export { HistoryService, isOffline, type HistoryClient, type OpenedConversation } from './service';
