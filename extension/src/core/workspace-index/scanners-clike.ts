// Symbol scanners for the brace languages: TS/JS, Go, Rust, Java. Each is a handful of line regexes
// applied at the right brace depth (see walkBraces): top-level declarations at depth 0 (or directly
// in a namespace/mod), members directly inside a class/impl/trait body. Nested functions and local
// variables are left out on purpose: completions want the file's API, not its internals.
import { stripCLike } from './code-text';
import type { ScannedSymbol } from './symbols';
import { walkBraces } from './symbols';

const ID = '[A-Za-z_$][\\w$]*';
const JS_KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'catch', 'return', 'function', 'new', 'typeof', 'await', 'yield', 'super', 'constructor', 'else', 'do', 'try', 'with', 'delete', 'void', 'throw', 'case']);

const JS_CLASS = new RegExp(`^\\s*(?:export\\s+)?(?:default\\s+)?(?:declare\\s+)?(?:abstract\\s+)?class\\s+(${ID})`);
const JS_FUNCTION = new RegExp(`^\\s*(?:export\\s+)?(?:default\\s+)?(?:declare\\s+)?(?:async\\s+)?function\\s*\\*?\\s*(${ID})`);
const JS_INTERFACE = new RegExp(`^\\s*(?:export\\s+)?(?:declare\\s+)?interface\\s+(${ID})`);
const JS_TYPE = new RegExp(`^\\s*(?:export\\s+)?(?:declare\\s+)?type\\s+(${ID})\\s*[=<]`);
const JS_ENUM = new RegExp(`^\\s*(?:export\\s+)?(?:declare\\s+)?(?:const\\s+)?enum\\s+(${ID})`);
const JS_VARIABLE = new RegExp(`^\\s*(export\\s+)?(?:declare\\s+)?(?:const|let|var)\\s+(${ID})\\s*(?::[^=]*)?=\\s*(.*)$`);
// `declare module 'x' {` has a string name: the scope is kept (its exports are top-level), named by kind
const JS_NAMESPACE = new RegExp(`^\\s*(?:export\\s+)?(?:declare\\s+)?(namespace|module)\\s+(?:(${ID})|['"])`);
const JS_ARROW = new RegExp(`^(?:async\\s*)?(?:function\\b|\\([^)]*\\)\\s*(?::[^=]*)?=>|${ID}\\s*=>|\\($)`);
const JS_METHOD = new RegExp(
  `^\\s*(?:(?:public|private|protected|static|readonly|async|override|abstract|declare|get|set|accessor)\\s+)*\\*?\\s*(#?${ID})\\s*[?!]?\\s*(?:<[^>]*>)?\\s*\\(`,
);
const JS_FIELD_ARROW = new RegExp(`^\\s*(?:(?:public|private|protected|static|readonly)\\s+)*(#?${ID})\\s*(?::[^=]*)?=\\s*(.*)$`);

export function scanJs(text: string): ScannedSymbol[] {
  const found: ScannedSymbol[] = [];
  walkBraces(stripCLike(text, { backtick: true }), ({ code, index: line, member, topLevel }) => {
    let m: RegExpExecArray | null;
    if ((m = JS_CLASS.exec(code)) && (topLevel || member)) {
      found.push({ name: m[1]!, kind: 'class', line });
      return { name: m[1]!, kind: 'class' };
    }
    if (member) {
      if ((m = JS_METHOD.exec(code)) && !JS_KEYWORDS.has(m[1]!)) {
        found.push({ name: m[1]!, kind: 'method', line, container: member.name });
      } else if ((m = JS_FIELD_ARROW.exec(code)) && JS_ARROW.test(m[2]!.trim())) {
        found.push({ name: m[1]!, kind: 'method', line, container: member.name });
      }
      return undefined;
    }
    if (!topLevel) return undefined;
    if ((m = JS_NAMESPACE.exec(code))) return { name: m[2] ?? m[1]!, kind: 'module' };
    if ((m = JS_FUNCTION.exec(code))) found.push({ name: m[1]!, kind: 'function', line });
    else if ((m = JS_INTERFACE.exec(code))) found.push({ name: m[1]!, kind: 'interface', line });
    else if ((m = JS_TYPE.exec(code))) found.push({ name: m[1]!, kind: 'type', line });
    else if ((m = JS_ENUM.exec(code))) found.push({ name: m[1]!, kind: 'enum', line });
    else if ((m = JS_VARIABLE.exec(code))) {
      if (JS_ARROW.test(m[3]!.trim())) found.push({ name: m[2]!, kind: 'function', line });
      else if (m[1]) found.push({ name: m[2]!, kind: 'const', line });
    }
    return undefined;
  });
  return found;
}

const GO_FUNC = /^func\s+(\w+)\s*[[(]/;
const GO_METHOD = /^func\s*\(\s*(?:\w+\s+)?\*?\s*(\w+)(?:\[[^\]]*\])?\s*\)\s*(\w+)/;
const GO_TYPE = /^(?:type\s+|\s+)(\w+)\s*(?:\[[^\]]*\]\s*)?(?:(struct|interface)\b)?/;
const GO_CONST = /^(?:const\s+|\s+)(\w+)\b/;

export function scanGo(text: string): ScannedSymbol[] {
  const found: ScannedSymbol[] = [];
  // `type (` and `const (` groups: parentheses, not braces, so tracked here
  let group: 'type' | 'const' | undefined;
  walkBraces(stripCLike(text, { backtick: true }), ({ code, index: line, depth }) => {
    if (depth !== 0) return undefined;
    if (group) {
      if (/^\)/.test(code)) group = undefined;
      else if (/^\s+\w/.test(code)) addGoDecl(found, group, code, line);
      return undefined;
    }
    const open = /^(type|const)\s*\(\s*$/.exec(code);
    let m: RegExpExecArray | null;
    if (open) group = open[1] as 'type' | 'const';
    else if ((m = GO_METHOD.exec(code))) found.push({ name: m[2]!, kind: 'method', line, container: m[1]! });
    else if ((m = GO_FUNC.exec(code))) found.push({ name: m[1]!, kind: 'function', line });
    else if (/^type\s/.test(code)) addGoDecl(found, 'type', code, line);
    else if (/^const\s/.test(code)) addGoDecl(found, 'const', code, line);
    return undefined;
  });
  return found;
}

function addGoDecl(found: ScannedSymbol[], group: 'type' | 'const', code: string, line: number): void {
  if (group === 'type') {
    const m = GO_TYPE.exec(code);
    if (m) found.push({ name: m[1]!, kind: m[2] === 'struct' ? 'struct' : m[2] === 'interface' ? 'interface' : 'type', line });
  } else {
    const m = GO_CONST.exec(code);
    if (m && m[1] !== '_') found.push({ name: m[1]!, kind: 'const', line });
  }
}

const RS_VIS = '(?:pub(?:\\([^)]*\\))?\\s+)?';
const RS_FN = new RegExp(`^\\s*${RS_VIS}(?:default\\s+)?(?:const\\s+)?(?:async\\s+)?(?:unsafe\\s+)?(?:extern\\s+(?:"[^"]*"\\s+)?)?fn\\s+(\\w+)`);
const RS_IMPL = /^\s*(?:unsafe\s+)?impl(?:\s*<.*?>)?\s+(?:!?[\w:]+(?:<.*?>)?\s+for\s+)?(?:[\w]+::)*(\w+)/;
const RS_ITEM = new RegExp(`^\\s*${RS_VIS}(?:unsafe\\s+)?(struct|enum|trait|type|union)\\s+(\\w+)`);
const RS_CONST = new RegExp(`^\\s*${RS_VIS}(?:const|static(?:\\s+mut)?)\\s+(\\w+)\\s*:`);
const RS_MOD = new RegExp(`^\\s*${RS_VIS}mod\\s+(\\w+)\\s*\\{`);

export function scanRust(text: string): ScannedSymbol[] {
  const found: ScannedSymbol[] = [];
  walkBraces(stripCLike(text, { backtick: false, rustQuotes: true }), ({ code, index: line, member, topLevel }) => {
    let m: RegExpExecArray | null;
    if (member && (m = RS_FN.exec(code))) {
      found.push({ name: m[1]!, kind: 'method', line, container: member.name });
      return undefined;
    }
    if (!topLevel) return undefined;
    if ((m = RS_MOD.exec(code))) return { name: m[1]!, kind: 'module' };
    if ((m = RS_FN.exec(code))) found.push({ name: m[1]!, kind: 'function', line });
    else if ((m = RS_ITEM.exec(code))) {
      const kind = m[1] === 'union' ? 'struct' : (m[1] as 'struct' | 'enum' | 'trait' | 'type');
      found.push({ name: m[2]!, kind, line });
      if (kind === 'trait') return { name: m[2]!, kind: 'trait' };
    } else if ((m = RS_IMPL.exec(code))) return { name: m[1]!, kind: 'impl' };
    else if ((m = RS_CONST.exec(code))) found.push({ name: m[1]!, kind: 'const', line });
    return undefined;
  });
  return found;
}

const JAVA_MODS = '(?:(?:public|protected|private|static|final|abstract|sealed|non-sealed|strictfp|synchronized|native|default|transient|volatile)\\s+)*';
const JAVA_ANNOTATIONS = '(?:@[\\w.]+(?:\\([^)]*\\))?\\s+)*';
const JAVA_TYPE_DECL = new RegExp(`^\\s*${JAVA_ANNOTATIONS}${JAVA_MODS}(class|interface|enum|record|@interface)\\s+(\\w+)`);
const JAVA_METHOD = new RegExp(`^\\s*${JAVA_ANNOTATIONS}${JAVA_MODS}(?:<[^>]+>\\s+)?([\\w.$]+(?:<.*>)?(?:\\[\\])*)\\s+(\\w+)\\s*\\(`);
const JAVA_CONST = new RegExp(`^\\s*${JAVA_ANNOTATIONS}(?=[\\w\\s]*\\bstatic\\b)(?=[\\w\\s]*\\bfinal\\b)${JAVA_MODS}[\\w.$<>\\[\\], ?]+?\\s+(\\w+)\\s*=`);
// a constructor `public Foo(` would otherwise read as a method `Foo` returning `public`
const JAVA_NOT_TYPES = new Set(['return', 'new', 'else', 'throw', 'case', 'yield', 'public', 'protected', 'private', 'static', 'final', 'abstract', 'synchronized', 'native', 'default']);

export function scanJava(text: string): ScannedSymbol[] {
  const found: ScannedSymbol[] = [];
  walkBraces(stripCLike(text, { backtick: false }), ({ code, index: line, member, topLevel }) => {
    let m: RegExpExecArray | null;
    if ((m = JAVA_TYPE_DECL.exec(code)) && (topLevel || member)) {
      const kind = m[1] === 'interface' || m[1] === '@interface' ? 'interface' : m[1] === 'enum' ? 'enum' : 'class';
      found.push({ name: m[2]!, kind, line });
      return { name: m[2]!, kind: 'class' };
    }
    if (!member) return undefined;
    if ((m = JAVA_METHOD.exec(code)) && !JAVA_NOT_TYPES.has(m[1]!)) {
      found.push({ name: m[2]!, kind: 'method', line, container: member.name });
    } else if ((m = JAVA_CONST.exec(code))) {
      found.push({ name: m[1]!, kind: 'const', line, container: member.name });
    }
    return undefined;
  });
  return found;
}
