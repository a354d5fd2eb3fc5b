// zod compiles fast object parsers with `new Function`, which the webview's CSP forbids; even its
// probe for eval is reported as a CSP violation. Schemas read this setting when they are built, so
// main.ts imports this module before the protocol.
import * as z from 'zod';

z.config({ jitless: true });
