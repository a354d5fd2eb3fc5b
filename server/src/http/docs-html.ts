// Server-side rendering of the OpenAPI document as one readable HTML page: no script, no CDN,
// one stylesheet inline (allowed by its hash in the CSP), everything escaped.
type Json = Record<string, unknown>;

/** Nested schemas deeper than this are summarized by their type alone. */
const MAX_DEPTH = 8;

export const esc = (s: unknown) => String(s)
  .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Follows a local `#/$defs/Name` reference within the schema it came from. */
function resolve(schema: Json, root: Json): Json {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = isObj(node) ? node[part] : undefined;
  return isObj(node) ? { ...node, ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$ref')) } : schema;
}

const branches = (s: Json): Json[] | undefined => {
  const list = s.anyOf ?? s.oneOf;
  return Array.isArray(list) ? list.filter(isObj) : undefined;
};

/** A one-line type: `string (uuid)`, `integer, 1–100`, `"a" | "b"`, `array of object`… */
export function typeLabel(raw: Json, root: Json): string {
  const s = resolve(raw, root);
  if ('const' in s) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  const alts = branches(s);
  if (alts) return alts.map((b) => typeLabel(b, root)).join(' | ');
  const types = Array.isArray(s.type) ? s.type.map(String) : s.type ? [String(s.type)] : [];
  const label = types.map((t) => {
    if (t === 'array') return `array of ${isObj(s.items) ? typeLabel(s.items, root) : 'anything'}`;
    if (t === 'object' && !isObj(s.properties) && isObj(s.additionalProperties)) {
      return `map of string → ${typeLabel(s.additionalProperties, root)}`;
    }
    return t;
  }).join(' | ') || (typeof s.$ref === 'string' ? s.$ref.split('/').pop()! : 'any');
  const notes: string[] = [];
  if (typeof s.format === 'string') notes.push(s.format);
  const range = (lo: unknown, hi: unknown, unit = '') => {
    if (lo === undefined && hi === undefined) return;
    notes.push(lo !== undefined && hi !== undefined ? `${lo}–${hi}${unit}` : lo !== undefined ? `≥ ${lo}${unit}` : `≤ ${hi}${unit}`);
  };
  // zod's int() states the safe-integer bounds; they say nothing a reader needs.
  const bound = (v: unknown) => (typeof v === 'number' && Math.abs(v) >= Number.MAX_SAFE_INTEGER ? undefined : v);
  range(bound(s.minimum ?? s.exclusiveMinimum), bound(s.maximum ?? s.exclusiveMaximum));
  range(s.minLength, s.maxLength, ' chars');
  range(s.minItems, s.maxItems, ' items');
  return notes.length ? `${label}, ${notes.join(', ')}` : label;
}

/** The object whose fields a schema shows: itself, its array items, or its map values. */
function fieldsOf(raw: Json, root: Json): Json | undefined {
  const s = resolve(raw, root);
  if (isObj(s.properties)) return s;
  if (isObj(s.items)) return fieldsOf(s.items, root);
  if (isObj(s.additionalProperties)) return fieldsOf(s.additionalProperties, root);
  return undefined;
}

/** A union member: by its discriminator (`type = "delta"`) when it has one, else by its type. */
function branchLabel(raw: Json, root: Json): string {
  const s = resolve(raw, root);
  const tag = isObj(s.properties)
    ? Object.entries(s.properties).find(([, v]) => isObj(v) && 'const' in v) as [string, Json] | undefined : undefined;
  return tag ? `${tag[0]} = ${JSON.stringify(tag[1].const)}` : typeLabel(s, root);
}

/** A schema as a nested list of fields with type, required flag, default and description. */
export function renderSchema(raw: Json, root: Json = raw, depth = 0): string {
  const s = resolve(raw, root);
  const alts = branches(s);
  if (alts?.some((b) => fieldsOf(b, root))) {
    return `<p class="more">one of:</p><ul class="alts">${alts.map((b) => `<li><span class="type">${esc(branchLabel(b, root))}</span>${
      depth < MAX_DEPTH ? renderSchema(b, root, depth + 1) : ''}</li>`).join('')}</ul>`;
  }
  const obj = fieldsOf(s, root);
  if (!obj || depth >= MAX_DEPTH) return '';
  const required = new Set(Array.isArray(obj.required) ? obj.required.map(String) : []);
  const items = Object.entries(obj.properties as Json).filter(([, v]) => isObj(v)).map(([name, v]) => {
    const field = resolve(v as Json, root);
    const extras = [
      required.has(name) ? '<span class="req">required</span>' : '',
      'default' in field ? `<span class="default">default ${esc(JSON.stringify(field.default))}</span>` : '',
    ].filter(Boolean).join(' ');
    const description = typeof field.description === 'string' ? `<span class="desc">${esc(field.description)}</span>` : '';
    return `<li><code>${esc(name)}</code> <span class="type">${esc(typeLabel(field, root))}</span> ${extras}${description}${
      renderSchema(field, root, depth + 1)}</li>`;
  });
  const more = obj.additionalProperties !== false && obj.additionalProperties !== undefined && isObj(obj.properties)
    ? '<li class="more">other fields are passed through</li>' : '';
  return items.length || more ? `<ul>${items.join('')}${more}</ul>` : '';
}

export const CSS = `body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem 1.5rem;color:#1f2328;background:#fff}
h1{margin-bottom:.2rem}h2{font-size:1.1rem;margin:0}code{font:13px ui-monospace,monospace}
section{border:1px solid #d0d7de;border-radius:6px;padding:.8rem 1rem;margin:1rem 0}
h3{font-size:.95rem;margin:.8rem 0 .3rem}ul{margin:.2rem 0;padding-left:1.3rem}li{margin:.15rem 0}
.method{display:inline-block;min-width:3.5rem;font:bold 12px ui-monospace,monospace;color:#fff;background:#0969da;border-radius:4px;padding:2px 6px;text-align:center}
.post{background:#1a7f37}.put,.patch{background:#9a6700}.delete{background:#cf222e}
.type{color:#8250df;font:13px ui-monospace,monospace}.req{color:#cf222e;font-size:12px}.default{color:#57606a;font-size:12px}
.desc{display:block;color:#57606a}.more{color:#57606a;font-style:italic}.public{color:#1a7f37}.auth{color:#9a6700}
nav li{list-style:none}nav ul{padding-left:0}table{border-collapse:collapse}td,th{text-align:left;padding:2px 10px 2px 0;vertical-align:top}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}section{border-color:#30363d}.desc,.default,.more{color:#8d96a0}.type{color:#d2a8ff}}`;
