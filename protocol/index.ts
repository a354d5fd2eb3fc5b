export * from './errors';
export * from './openai';
export * from './chat';
export * from './webview';
export * from './account';
export * from './inline';
export * from './usage';
export * from './history';
